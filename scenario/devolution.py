"""Staged devolution (IPPR 2016, ch.4): which cohorts are devolved to which areas; the rest stay with the centre."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from scenario.baseline import COHORTS

MAX_AREAS = 400
AREA_CODE = re.compile(r"^[A-Za-z0-9_]{1,20}$")


class DevolutionError(ValueError):
    """A devolution choice that cannot be used, with the reason."""


@dataclass(frozen=True)
class Devolution:
    """Cohorts and areas that take the devolved custody budget; None means all of them (IPPR's full proposal)."""

    cohorts: tuple[str, ...] | None = None
    areas: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.cohorts is not None:
            unknown = set(self.cohorts) - set(COHORTS)
            if unknown:
                raise DevolutionError(f"unknown cohort(s): {', '.join(sorted(map(str, unknown)))[:80]}")
        if self.areas is not None:
            if len(self.areas) > MAX_AREAS:
                raise DevolutionError(f"at most {MAX_AREAS} areas")
            bad = [a for a in self.areas if not isinstance(a, str) or not AREA_CODE.match(a)]
            if bad:
                raise DevolutionError(f"not an area code: {str(bad[0])[:20]}")

    @property
    def is_full(self) -> bool:
        """Every cohort to every area (nothing staged)."""
        return self.cohorts is None and self.areas is None

    def mask(self, area_codes: tuple[str, ...], cohorts: tuple[str, ...]) -> np.ndarray:
        """(areas, cohorts) True where the area holds the cohort's custody budget."""
        by_area = np.ones(len(area_codes), bool) if self.areas is None else np.isin(area_codes, self.areas)
        by_cohort = np.ones(len(cohorts), bool) if self.cohorts is None else np.isin(cohorts, self.cohorts)
        return by_area[:, None] & by_cohort[None, :]

    def describe(self, area_codes: tuple[str, ...], area_names: tuple[str, ...], cohorts: tuple[str, ...]) -> str:
        """In words: what is devolved to whom, for the summary and exports."""
        if self.is_full:
            return "Every cohort is devolved to every area (IPPR's full proposal)."
        mask = self.mask(area_codes, cohorts)
        chosen = [COHORTS[c] for c, on in zip(cohorts, mask.any(axis=0)) if on]
        areas = [n for n, on in zip(area_names, mask.any(axis=1)) if on]
        if not chosen or not areas:
            return "Nothing is devolved in this baseline: every cohort stays with the centre."
        where = "every area" if self.areas is None else (f"{len(areas)} of {len(area_codes)} area(s): "
                                                          + ", ".join(areas[:6]) + ("…" if len(areas) > 6 else ""))
        return (f"Staged devolution: {'; '.join(chosen)} devolved to {where}. The rest stay with the centre as "
                "today (no budget, no charge, and the levers do not act on them).")

    def to_dict(self) -> dict:
        """JSON-ready (lists, or null for all)."""
        return {"cohorts": list(self.cohorts) if self.cohorts is not None else None,
                "areas": list(self.areas) if self.areas is not None else None}

    @classmethod
    def from_dict(cls, values) -> Devolution:
        """From a scenario file's "devolution" object (DevolutionError if malformed)."""
        if values is None:
            return cls()
        if not isinstance(values, dict):
            raise DevolutionError("\"devolution\" must be an object")
        out = {}
        for key in ("cohorts", "areas"):
            value = values.get(key)
            if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
                raise DevolutionError(f"devolution {key} must be a list of names or null")
            out[key] = tuple(value) if value is not None else None
        return cls(**out)
