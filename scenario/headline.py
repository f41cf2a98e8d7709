"""The net positions a board reads first (public purse, local areas, centre) with their uncertainty intervals: one
function, so the What if page and the board pack's slide say the same numbers from the same run."""
from __future__ import annotations

from dataclasses import dataclass

from formatting.numbers import signed_money
from scenario.model import Result
from scenario.uncertainty import COVERED, Band

POSITIONS = (("system_saving", "Public purse"), ("local_net", "Local areas"), ("centre_net", "Centre"))


@dataclass(frozen=True)
class Position:
    """One net position over the horizon and the range holding 80% of the uncertainty draws."""

    name: str
    label: str
    value: float
    low: float
    high: float

    @property
    def shown(self) -> str:
        return signed_money(self.value)

    @property
    def interval(self) -> str:
        return f"{COVERED:.0%} of draws between {signed_money(self.low)} and {signed_money(self.high)}"


def net_positions(result: Result, found: Band) -> tuple[Position, ...]:
    """Public purse, local areas and centre over the horizon, each with its interval."""
    return tuple(Position(name, label, float(result.area[name].sum()), *found.interval(name))
                 for name, label in POSITIONS)


def headline_sentence(result: Result, found: Band) -> str:
    """'Over 10 years: public purse +£83m (80% of draws between -£263m and +£938m); local areas +£792m (…);
    centre -£710m (…).'"""
    parts = [f"{p.label.lower()} {p.shown} ({p.interval})" for p in net_positions(result, found)]
    return f"Over {result.levers.horizon_years} years against today: " + "; ".join(parts) + "."
