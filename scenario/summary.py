"""A plain-language summary of what a scenario changed against the baseline, and why."""
from __future__ import annotations

from scenario.model import Result
from scenario.parameters import get_parameter


def money(value: float) -> str:
    """£ with m/bn, signed only when negative ('£1.2m', '-£340k')."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1e9:
        return f"{sign}£{value / 1e9:,.2f}bn"
    if value >= 1e6:
        return f"{sign}£{value / 1e6:,.1f}m"
    if value >= 1e3:
        return f"{sign}£{value / 1e3:,.0f}k"
    return f"{sign}£{value:,.0f}"


def _lever_phrase(name: str, value: float) -> str:
    if name == "diversion_share":
        return f"{value:.0%} of custody receptions diverted to community alternatives"
    if name == "reoffending_change":
        return f"reoffending {'down' if value < 0 else 'up'} {abs(value):.0%}"
    if name == "time_served_change":
        return f"average time served {'down' if value < 0 else 'up'} {abs(value):.0%}"
    if name == "community_cost_per_diversion":
        return f"community alternatives costing {money(value)} per person"
    if name in ("lag_years", "clawback_review_year", "horizon_years", "ramp_years"):
        return f"{get_parameter(name).label.lower()} {int(value)} years"
    if name == "upfront_share":
        return f"up-front money of {value:.0%} of a year's budget"
    return f"{get_parameter(name).label.lower()} {value:.0%}"


def summary(result: Result) -> list[str]:
    """Sentences: what was changed, what happened to custody, money for the area and the centre, and why."""
    levers, totals = result.levers, result.totals()
    years = levers.horizon_years
    changed = levers.changed()
    lines = []
    policy = [k for k in ("diversion_share", "reoffending_change", "time_served_change") if levers.to_dict()[k] != 0]
    if policy:
        lines.append("Changed: " + "; ".join(_lever_phrase(k, levers.to_dict()[k]) for k in policy)
                     + f", phased in over {levers.ramp_years} year(s).")
    else:
        lines.append("No policy lever is moved: custody demand and spend stay at the baseline.")
    base_places = float(totals["baseline_places"].iloc[-1])
    end_places = float(totals["places"].iloc[-1])
    change = (end_places / base_places - 1) if base_places else 0.0
    lines.append(f"Custody places in year {years}: {end_places:,.0f} against {base_places:,.0f} in the baseline "
                 f"({change:+.1%}); custody spend over {years} years {money(totals['custody_spend'].sum())} against "
                 f"{money(totals['baseline_custody_spend'].sum())}.")
    places = result.baseline.places.sum()
    if places > 0:
        nightly = float((result.baseline.spend.sum() / places) / 365)
        lines.append(f"Each area is charged per bed night its residents in the devolved cohort(s) spend in custody, "
                     f"at £{nightly:,.0f} a night (cost per place / 365).")
    lines.append(f"The devolved budget totals {money(totals['budget'].sum())}; savings on it "
                 f"{money(totals['savings'].sum())}, reinvested {money(totals['reinvested'].sum())}"
                 + (f", up-front money {money(totals['upfront'].sum())}" if totals['upfront'].sum() else "")
                 + (f", clawed back {money(totals['clawback'].sum())}" if totals['clawback'].sum() else "") + ".")
    lines.append(f"Net position over {years} years against today: local area(s) {money(totals['local_net'].sum())}, "
                 f"centre {money(totals['centre_net'].sum())}.")
    if levers.lag_years == 0:
        lines.append("Why: with no time lag the budget follows each year's own custody use, so every saving is "
                     "taken back at once (IPPR's warning about penalising areas that succeed).")
    elif policy:
        lines.append(f"Why: the budget for each year is the spend of {levers.lag_years} year(s) earlier, so an area "
                     f"keeps what it saves for {levers.lag_years} year(s) before the formula catches up.")
    if totals["clawback"].sum() > 0:
        lines.append(f"The reoffending target (a {levers.clawback_threshold:.0%} fall by year "
                     f"{levers.clawback_review_year}) was missed, so up-front money went back to the centre.")
    if "backfill_share" in changed:
        lines.append(f"{levers.backfill_share:.0%} of freed places are refilled by other entrants (no sentencing "
                     "reform), which cuts the saving.")
    lines.append(f"Baseline used: {result.baseline.label}" + (" (an ESTIMATE)." if result.baseline.is_estimate else "."))
    lines.extend(result.notes)
    return lines
