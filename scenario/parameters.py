"""Every lever and assumption of the scenario model as a named, bounded parameter; sources and reasons are in the log."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from scenario.assumptions import entry


@dataclass(frozen=True)
class ParameterDef:
    """One lever or assumption: bounds for inputs and the default (its status, source and why: the assumptions log)."""

    name: str
    label: str
    unit: str
    default: float
    minimum: float
    maximum: float
    step: float
    kind: str  # "lever" (a policy choice) or "assumption" (how the world responds)
    description: str

    @property
    def status(self) -> str:
        """sourced / sourced (secondary) / derived / project's assumption / policy lever (from the log)."""
        return entry(self.name)["status"]

    @property
    def source(self) -> str:
        """Where the default comes from and why it is what it is (from the log)."""
        row = entry(self.name)
        return f"{row['status'].upper()}: {row['source']}. Why this default: {row['why']}"


PARAMETERS: tuple[ParameterDef, ...] = (
    ParameterDef("diversion_share", "Devolved cohorts' receptions diverted to community alternatives",
                 "share of receptions", 0.0, 0.0, 1.0, 0.05, "lever",
                 "Share of each devolved cohort's custody receptions sentenced instead to a community alternative."),
    ParameterDef("community_cost_per_diversion", "Cost of one community alternative", "£ per person diverted",
                 4200.0, 0.0, 100000.0, 100.0, "assumption",
                 "What the local area pays for each person diverted (the whole order, paid once)."),
    ParameterDef("reoffending_change", "Change in reoffending", "relative change in the rate",
                 0.0, -0.5, 0.5, 0.01, "lever",
                 "Relative change in the cohort's proven reoffending rate once fully in effect."),
    ParameterDef("time_served_change", "Change in average time served", "relative change",
                 0.0, -0.5, 0.5, 0.01, "lever",
                 "Relative change in the average time a cohort's prisoner spends in custody."),
    ParameterDef("lag_years", "Funding formula time lag", "years", 3.0, 0.0, 10.0, 1.0, "lever",
                 "The devolved budget for year t is the charged custody spend of L years earlier (before the start: "
                 "the baseline). L = 0 funds areas on their latest use, which IPPR warns penalises success."),
    ParameterDef("average_years", "Years averaged in the funding formula", "years", 1.0, 1.0, 5.0, 1.0, "lever",
                 "The budget is the average of this many years of charged spend, ending L years earlier. 1 = one "
                 "past year (a pure shift)."),
    ParameterDef("review_years", "Funding formula reviewed every", "years", 1.0, 1.0, 10.0, 1.0, "lever",
                 "The formula re-sets the budget in years 1, 1+N, 1+2N ... and holds it in between."),
    ParameterDef("upfront_share", "Up-front money", "share of one year's devolved baseline budget", 0.0, 0.0, 1.0, 0.05,
                 "lever", "Paid to each area in year 1 so it can invest before savings arrive."),
    ParameterDef("clawback_threshold", "Claw-back target: fall in reoffending", "relative fall required",
                 0.05, 0.0, 0.5, 0.01, "lever",
                 "If, by the review year, the reoffending rate has not fallen by at least this share, the up-front "
                 "money is clawed back."),
    ParameterDef("clawback_review_year", "Claw-back review year", "year of the horizon", 3.0, 1.0, 15.0, 1.0,
                 "lever", "The year in which the target is assessed and any claw-back paid back to the centre."),
    ParameterDef("clawback_share", "Share clawed back if the target is missed", "share of up-front money",
                 1.0, 0.0, 1.0, 0.05, "lever",
                 "How much of the up-front money returns to the centre when the target is missed."),
    ParameterDef("reinvestment_share", "Savings reinvested", "share of positive local net position",
                 0.5, 0.0, 1.0, 0.05, "lever",
                 "Share of each year's positive local net position spent on diversion, probation and rehabilitation."),
    ParameterDef("reinvestment_feedback", "Reinvested savings cut reoffending", "elasticity (0 = off)",
                 0.0, 0.0, 1.0, 0.05, "assumption",
                 "Next year's reoffending falls by this x the share of the area's devolved budget reinvested this "
                 "year; receptions then follow at the elasticity below. 0 = off (reinvestment is an accounting line)."),
    ParameterDef("horizon_years", "Horizon", "years", 10.0, 1.0, 15.0, 1.0, "lever", "How many years to project."),
    ParameterDef("ramp_years", "Years for changes to take full effect", "years", 3.0, 1.0, 10.0, 1.0,
                 "assumption", "Levers phase in linearly, reaching full effect in this year."),
    ParameterDef("receptions_reoffending_elasticity", "Receptions follow reoffending", "elasticity",
                 0.5, 0.0, 1.0, 0.05, "assumption",
                 "A 10% fall in reoffending cuts the next year's receptions by 10% x this value."),
    ParameterDef("backfill_share", "Freed places backfilled by other entrants", "share of places freed",
                 0.5, 0.0, 1.0, 0.05, "assumption",
                 "Share of the custody places freed that other entrants refill. They are the centre's places: "
                 "the local area is charged only for its own cohorts."),
    ParameterDef("marginal_cost_share", "Share of the cost per prisoner saved when one fewer is held",
                 "share of cost per prisoner", 0.65, 0.0, 1.0, 0.05, "assumption",
                 "Used only for the centre's net position (prisons it runs)."),
    ParameterDef("youth_places_commissioned", "Young offenders: secure-school places commissioned",
                 "1 = commissioned places, 0 = per bed night", 0.0, 0.0, 1.0, 1.0, "lever",
                 "1: the area commissions places a year ahead (paid for used or empty); 0: it is charged per bed "
                 "night as the YJB charges today."),
    ParameterDef("secure_school_block", "Secure-school places commissioned in blocks of", "places",
                 1.0, 1.0, 60.0, 1.0, "lever",
                 "Places are commissioned in whole blocks of this size (IPPR: secure-school cohorts of 50-60)."),
    ParameterDef("alternatives_paid_locally", "Who pays for community alternatives",
                 "0 = the centre (probation not devolved), 1 = the local area", 0.0, 0.0, 1.0, 1.0, "lever",
                 "IPPR's package for this parliament leaves probation, which runs the alternatives, with the centre."),
    ParameterDef("budget_rule", "What the devolved budget does after the lag",
                 "0 = follows the area's charged spend, 1 = held at today's, 2 = savings share", 0.0, 0.0, 2.0, 1.0,
                 "lever", "0: IPPR's time-lagged formula; 1: the budget never falls; 2: no devolved budget, the "
                 "centre pays the area a share of its saving (local justice reinvestment pilot terms)."),
    ParameterDef("savings_share", "Savings share: share of the saving paid to the area", "share", 0.5, 0.0, 1.0,
                 0.05, "lever", "Used only with the savings-share rule."),
    ParameterDef("savings_threshold", "Savings share: fall in demand before anything is paid", "relative fall",
                 0.05, 0.0, 0.5, 0.01, "lever", "Used only with the savings-share rule."),
    ParameterDef("savings_cap", "Savings share: largest fall counted", "relative fall", 0.2, 0.0, 1.0, 0.01,
                 "lever", "Used only with the savings-share rule."),
    ParameterDef("youth_place_cost", "Cost of a youth custody place", "£ a year", 95248.0, 1000.0,
                 500000.0, 1000.0, "assumption",
                 "Young offenders' places cost this (not the adult cost per prisoner), unless you typed your own."),
    ParameterDef("time_served_scale", "Time served: uncertainty in the derived figure", "multiple", 1.0, 0.5, 1.5,
                 0.01, "assumption", "Each cohort's time served x this (the derived 47 days rests on rounded figures)."),
    ParameterDef("receptions_scale", "Receptions: uncertainty in estimated cohorts", "multiple", 1.0, 0.5, 1.5,
                 0.01, "assumption", "Estimated cohorts' receptions x this (counted cohorts are left as counted)."),
)

_BY_NAME = {p.name: p for p in PARAMETERS}
INTEGER_PARAMETERS = ("lag_years", "average_years", "review_years", "clawback_review_year", "horizon_years",
                      "ramp_years", "youth_places_commissioned", "secure_school_block", "alternatives_paid_locally",
                      "budget_rule")


def get_parameter(name: str) -> ParameterDef:
    """The definition of one parameter (KeyError naming the known ones)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"Unknown parameter '{name}'. Known: {', '.join(_BY_NAME)}.") from None


@dataclass(frozen=True)
class Levers:
    """One scenario's lever and assumption values (defaults: today's policy plus the logged default assumptions)."""

    diversion_share: float = 0.0
    community_cost_per_diversion: float = 4200.0
    reoffending_change: float = 0.0
    time_served_change: float = 0.0
    lag_years: int = 3
    average_years: int = 1
    review_years: int = 1
    upfront_share: float = 0.0
    clawback_threshold: float = 0.05
    clawback_review_year: int = 3
    clawback_share: float = 1.0
    reinvestment_share: float = 0.5
    reinvestment_feedback: float = 0.0
    horizon_years: int = 10
    ramp_years: int = 3
    receptions_reoffending_elasticity: float = 0.5
    backfill_share: float = 0.5
    marginal_cost_share: float = 0.65
    youth_places_commissioned: int = 0
    secure_school_block: int = 1
    alternatives_paid_locally: int = 0
    budget_rule: int = 0
    savings_share: float = 0.5
    savings_threshold: float = 0.05
    savings_cap: float = 0.2
    youth_place_cost: float = 95248.0
    time_served_scale: float = 1.0
    receptions_scale: float = 1.0

    def to_dict(self) -> dict:
        """Plain JSON-ready values."""
        return asdict(self)

    def changed(self) -> dict:
        """Only the values that differ from the defaults."""
        base = Levers()
        return {k: v for k, v in self.to_dict().items() if getattr(base, k) != v}

    def replace(self, **values) -> Levers:
        """A copy with some values changed, checked against their bounds."""
        return Levers.from_dict({**self.to_dict(), **values})

    @classmethod
    def from_dict(cls, values: dict) -> Levers:
        """Levers from a dict, checked against each parameter's bounds (ValueError with the reason)."""
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown lever(s): {', '.join(sorted(unknown))}")
        clean = {}
        for name, value in values.items():
            definition = get_parameter(name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{name} must be a number, not {type(value).__name__}")
            if value != value or not definition.minimum <= value <= definition.maximum:
                raise ValueError(f"{name} = {value} is outside {definition.minimum:g} to {definition.maximum:g}")
            if name in INTEGER_PARAMETERS:
                if float(value) != int(value):
                    raise ValueError(f"{name} must be a whole number, not {value}")
                value = int(value)
            else:
                value = float(value)
            clean[name] = value
        return cls(**clean)


def parameters_table() -> list[dict]:
    """Every parameter with its bounds and its log entry (status, range for the strip, source, address, why)."""
    rows = []
    for p in PARAMETERS:
        row = entry(p.name)
        rows.append({**asdict(p), "status": row["status"], "strip_settings": row["strip"], "source": row["source"],
                     "address": row["address"], "why_this_default": row["why"]})
    return rows
