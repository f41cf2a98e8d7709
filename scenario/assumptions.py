"""The assumptions log (data/scenario/assumptions.csv): every lever and assumption, its status, range and why."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

LOG_FILE = Path(__file__).resolve().parent.parent / "data" / "scenario" / "assumptions.csv"
STATUSES = ("policy lever", "sourced", "sourced (secondary)", "derived", "project's assumption", "not modelled")


@lru_cache(maxsize=1)
def _log(path: Path = LOG_FILE) -> pd.DataFrame:
    """The log as read once per process (statuses checked)."""
    table = pd.read_csv(path, keep_default_na=False, dtype=str)
    unknown = set(table["status"]) - set(STATUSES)
    if unknown:  # a typo in the log would otherwise print an unlabelled status on screen
        raise ValueError(f"unknown status in {path.name}: {', '.join(sorted(unknown))}")
    return table


def assumptions_log() -> pd.DataFrame:
    """The whole log, one row per lever, assumption or thing not modelled (a copy: callers may add columns)."""
    return _log().copy()


@lru_cache(maxsize=1)
def _rows() -> dict[str, dict[str, str]]:
    """The log's rows by name, first of each (the model looks entries up on every run)."""
    rows: dict[str, dict[str, str]] = {}
    for row in _log().to_dict(orient="records"):
        rows.setdefault(row["name"], row)
    return rows


def entry(name: str) -> dict[str, str]:
    """One row of the log as a dict (KeyError naming the entry if it is missing)."""
    if name not in _rows():
        raise KeyError(f"'{name}' is not in {LOG_FILE.name}")
    return dict(_rows()[name])


def strip_values(name: str) -> tuple[float, ...]:
    """The settings the sensitivity strip runs an assumption at (low, middle, high), from the log."""
    text = entry(name)["strip"]
    return tuple(float(v) for v in text.split("|")) if text else ()


def strip_names() -> tuple[str, ...]:
    """The main assumptions shown in the sensitivity strip (those the log gives strip settings for)."""
    table = _log()
    return tuple(table.loc[table["strip"] != "", "name"])


def not_modelled() -> pd.DataFrame:
    """What the model leaves out, each with its source and why (said on the page)."""
    table = _log()
    return table[table["status"] == "not modelled"][["label", "source", "why"]].reset_index(drop=True)

