"""Every lever and assumption of the scenario model as a named, documented parameter with its default's source."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class ParameterDef:
    """One lever or assumption: bounds for inputs, the default and where the default comes from."""

    name: str
    label: str
    unit: str
    default: float
    minimum: float
    maximum: float
    step: float
    kind: str  # "lever" (a policy choice) or "assumption" (how the world responds)
    source: str
    description: str


PARAMETERS: tuple[ParameterDef, ...] = (
    ParameterDef("diversion_share", "Short sentences diverted to community alternatives", "share of receptions",
                 0.0, 0.0, 1.0, 0.05, "lever",
                 "Policy choice (IPPR 2016 ch.4: 'credible alternatives to custody'); 0 = today's sentencing.",
                 "Share of each devolved cohort's custody receptions sentenced instead to a community alternative."),
    ParameterDef("community_cost_per_diversion", "Cost of one community alternative", "£ per person diverted",
                 0.0, 0.0, 100000.0, 500.0, "assumption",
                 "No published unit cost in our sources: 0 until you type your own (savings are then gross).",
                 "What the local area pays for each person diverted (e.g. an intensive alternative to custody order)."),
    ParameterDef("reoffending_change", "Change in reoffending", "relative change in the rate",
                 0.0, -0.5, 0.5, 0.01, "lever",
                 "Policy outcome you assume; 0 = today's rate. -0.1 means a 60% rate falls to 54%.",
                 "Relative change in the cohort's proven reoffending rate once fully in effect."),
    ParameterDef("time_served_change", "Change in average time served", "relative change",
                 0.0, -0.5, 0.5, 0.01, "lever",
                 "Policy choice (IPPR 2016 ch.4 'sentencing reform'); 0 = today's time served.",
                 "Relative change in the average time a cohort's prisoner spends in custody."),
    ParameterDef("lag_years", "Funding formula time lag", "years", 3.0, 0.0, 10.0, 1.0, "lever",
                 "IPPR 2016 ch.4: the formula needs a 'time lag ... that factors in historical custody rates'; "
                 "the length is not given there: 3 years is our illustrative default.",
                 "The devolved budget for year t is the custody spend charged L years earlier (before the start: "
                 "the baseline). L = 0 funds areas on their latest use, which IPPR warns penalises success."),
    ParameterDef("upfront_share", "Up-front money", "share of one year's baseline budget", 0.0, 0.0, 1.0, 0.05,
                 "lever", "IPPR 2016 ch.4: 'upfront funding that can be clawed back'; the amount is not given: "
                 "0 until you choose one.",
                 "Paid to each area in year 1 so it can invest before savings arrive."),
    ParameterDef("clawback_threshold", "Claw-back target: fall in reoffending", "relative fall required",
                 0.05, 0.0, 0.5, 0.01, "lever",
                 "IPPR 2016 ch.4: clawed back 'if agreed targets to reduce reoffending are not met'; the target "
                 "is not given: 5% is our illustrative default.",
                 "If, by the review year, the reoffending rate has not fallen by at least this share, the up-front "
                 "money is clawed back."),
    ParameterDef("clawback_review_year", "Claw-back review year", "year of the horizon", 3.0, 1.0, 15.0, 1.0,
                 "lever", "Illustrative default (not in IPPR 2016).",
                 "The year in which the target is assessed and any claw-back paid back to the centre."),
    ParameterDef("clawback_share", "Share clawed back if the target is missed", "share of up-front money",
                 1.0, 0.0, 1.0, 0.05, "lever", "IPPR 2016 ch.4 ('clawed back'); all of it by default.",
                 "How much of the up-front money returns to the centre when the target is missed."),
    ParameterDef("reinvestment_share", "Savings reinvested", "share of positive local net position",
                 0.5, 0.0, 1.0, 0.05, "lever",
                 "IPPR 2016 ch.3-4 (reinvest in diversion and probation; Pennsylvania mandates 'a portion'); "
                 "50% is our illustrative default.",
                 "Share of each year's positive local net position spent on diversion, probation and rehabilitation."),
    ParameterDef("horizon_years", "Horizon", "years", 10.0, 1.0, 15.0, 1.0, "lever",
                 "IPPR 2016 ch.3: justice reinvestment savings 'can take at least five years to materialise'.",
                 "How many years to project."),
    ParameterDef("ramp_years", "Years for changes to take full effect", "years", 3.0, 1.0, 10.0, 1.0,
                 "assumption", "Illustrative: reforms phase in (IPPR 2016 ch.3 on slow-arriving savings).",
                 "Levers phase in linearly, reaching full effect in this year."),
    ParameterDef("receptions_reoffending_elasticity", "Receptions follow reoffending", "elasticity",
                 1.0, 0.0, 1.0, 0.05, "assumption",
                 "Short-sentence prisoners are nearly all repeat offenders (NAO 2010 as reported: 'on average 16 "
                 "previous convictions'), so receptions are taken to move in proportion to the reoffending rate.",
                 "A 10% fall in reoffending cuts the next year's receptions by 10% x this value."),
    ParameterDef("backfill_share", "Freed places backfilled", "share of places freed", 0.0, 0.0, 1.0, 0.05,
                 "assumption", "IPPR 2016 ch.4: without sentencing reform places may be 'backfilled' by other "
                 "entrants; 0 assumes full sentencing reform.",
                 "Share of the custody places freed that other entrants refill (so no saving on them)."),
    ParameterDef("marginal_cost_share", "Share of a place's cost actually saved", "share of cost per place",
                 1.0, 0.0, 1.0, 0.05, "assumption",
                 "Assumption: the centre saves the full average cost of an empty place; real savings are smaller "
                 "until whole wings or prisons close.",
                 "Used only for the centre's net position."),
)

_BY_NAME = {p.name: p for p in PARAMETERS}
INTEGER_PARAMETERS = ("lag_years", "clawback_review_year", "horizon_years", "ramp_years")


def get_parameter(name: str) -> ParameterDef:
    """The definition of one parameter (KeyError naming the known ones)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"Unknown parameter '{name}'. Known: {', '.join(_BY_NAME)}.") from None


@dataclass(frozen=True)
class Levers:
    """One scenario's lever and assumption values (defaults: today's policy plus illustrative formula settings)."""

    diversion_share: float = 0.0
    community_cost_per_diversion: float = 0.0
    reoffending_change: float = 0.0
    time_served_change: float = 0.0
    lag_years: int = 3
    upfront_share: float = 0.0
    clawback_threshold: float = 0.05
    clawback_review_year: int = 3
    clawback_share: float = 1.0
    reinvestment_share: float = 0.5
    horizon_years: int = 10
    ramp_years: int = 3
    receptions_reoffending_elasticity: float = 1.0
    backfill_share: float = 0.0
    marginal_cost_share: float = 1.0

    def to_dict(self) -> dict:
        """Plain JSON-ready values."""
        return asdict(self)

    def changed(self) -> dict:
        """Only the values that differ from the defaults."""
        base = Levers()
        return {k: v for k, v in self.to_dict().items() if getattr(base, k) != v}

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
                    raise ValueError(f"{name} must be a whole number of years, not {value}")
                value = int(value)
            else:
                value = float(value)
            clean[name] = value
        return cls(**clean)


def parameters_table() -> list[dict]:
    """Every parameter as rows (for the assumptions table and CSV)."""
    return [asdict(p) for p in PARAMETERS]
