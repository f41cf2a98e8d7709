"""A plain-language summary of what a scenario changed against the baseline, and why."""
from __future__ import annotations

from formatting.numbers import money
from scenario.assumptions import entry
from scenario.coverage import SHORT_NAMES
from scenario.model import Result, inputs
from scenario.parameters import get_parameter


def _lever_phrase(name: str, value: float) -> str:
    if name == "diversion_share":
        return f"{value:.0%} of custody receptions diverted to community alternatives"
    if name == "reoffending_change":
        return f"reoffending {'down' if value < 0 else 'up'} {abs(value):.0%}"
    if name == "time_served_change":
        return f"average time served {'down' if value < 0 else 'up'} {abs(value):.0%}"
    if name == "community_cost_per_diversion":
        return f"community alternatives costing £{value:,.0f} per person"
    if name in ("lag_years", "average_years", "review_years", "clawback_review_year", "horizon_years", "ramp_years"):
        return f"{get_parameter(name).label.lower()} {int(value)} years"
    if name == "upfront_share":
        return f"up-front money of {value:.0%} of a year's budget"
    if name in ("receptions_reoffending_elasticity", "reinvestment_feedback"):
        return f"{get_parameter(name).label.lower()} at elasticity {value:g}"
    if name == "youth_places_commissioned":
        return f"{get_parameter(name).label.lower()}: {'on' if value else 'off'}"
    if name == "secure_school_block":
        return f"{get_parameter(name).label.lower()} {int(value)}"
    return f"{get_parameter(name).label.lower()} {value:.0%}"


def levers_in_words(levers) -> str:
    """Every lever moved from its default, in words ('20% of custody receptions diverted …; lag 3 years'), or
    that none is."""
    moved = levers.changed()
    if not moved:
        return "none moved from the defaults (no change against the baseline)"
    return "; ".join(_lever_phrase(name, value) for name, value in moved.items())


def formula_words(levers) -> str:
    """The funding formula in words (lag, averaging, review)."""
    lag, average, review = levers.lag_years, levers.average_years, levers.review_years
    if average == 1:
        base = (f"the charged spend of {lag} year(s) earlier" if lag else "that year's own charged spend")
    else:
        base = (f"the average charged spend of the {average} years ending {lag} year(s) earlier" if lag else
                f"the average charged spend of the last {average} years, this year included")
    held = f", re-set every {review} years and held in between" if review > 1 else ", re-set every year"
    return base + held


def summary(result: Result) -> list[str]:
    """Sentences: what was changed, what happened to custody, money for the area and the centre, and why."""
    levers, totals = result.levers, result.totals()
    years = levers.horizon_years
    lines = []
    policy = [k for k in ("diversion_share", "reoffending_change", "time_served_change") if levers.to_dict()[k] != 0]
    if policy:
        lines.append("Changed: " + "; ".join(_lever_phrase(k, levers.to_dict()[k]) for k in policy)
                     + f", phased in over {levers.ramp_years} year(s).")
    else:
        lines.append("No policy lever is moved: custody demand and spend stay at the baseline.")
    base_places = float(totals["baseline_places"].iloc[-1])
    end_places = float(totals["places_in_use"].iloc[-1])
    change = (end_places / base_places - 1) if base_places else 0.0
    lines.append(f"Custody places in year {years}: {end_places:,.0f} in use against {base_places:,.0f} in the baseline "
                 f"({change:+.1%}); custody spend over {years} years {money(totals['custody_spend'].sum())} against "
                 f"{money(totals['baseline_custody_spend'].sum())}.")
    nights = "; ".join(f"£{cost / 365:,.0f} a night for {SHORT_NAMES[c]}" for c, cost in
                       zip(result.baseline.cohorts, inputs(result.baseline, levers)[2].max(axis=0)))
    lines.append("Each area is charged per bed night that people in the devolved cohort(s) sentenced by its courts "
                 f"spend in custody ({nights}). IPPR would charge by home address; our counts are by sentencing court.")
    lines.append("Community alternatives are paid by " + ("the local area from its budget." if
                 levers.alternatives_paid_locally else "the centre: IPPR's package for this parliament leaves "
                 "probation, which runs them, within Transforming Rehabilitation (2016 ch.4)."))
    lines.append(f"The devolved budget totals {money(totals['budget'].sum())}; charges {money(totals['charge'].sum())}, "
                 f"reinvested {money(totals['reinvested'].sum())}"
                 + (f", up-front money {money(totals['upfront'].sum())}" if totals['upfront'].sum() else "")
                 + (f", clawed back {money(totals['clawback'].sum())}" if totals['clawback'].sum() else "")
                 + (f", community alternatives {money(totals['community_cost'].sum())}"
                    if totals['community_cost'].sum() else "") + ".")
    lines.append(f"Net position over {years} years against today: local area(s) {money(totals['local_net'].sum())}, "
                 f"centre {money(totals['centre_net'].sum())}; together the saving to the public purse, "
                 f"{money(totals['system_saving'].sum())}.")
    if levers.lag_years == 0 and levers.review_years == 1:
        lines.append("Why: with no time lag the budget follows each year's own charges, so every saving is "
                     "taken back at once (IPPR's warning about penalising areas that succeed).")
    elif policy:
        lines.append(f"Why: each year's budget is {formula_words(levers)}, so an area keeps what it saves until the "
                     "formula catches up.")
    if totals["clawback"].sum() > 0:
        lines.append(f"The reoffending target (a {levers.clawback_threshold:.0%} fall by year "
                     f"{levers.clawback_review_year}) was missed, so up-front money went back to the centre.")
    if totals["backfilled_places"].sum() > 0:
        lines.append(f"{levers.backfill_share:.0%} of freed places are refilled by other entrants (no sentencing "
                     "reform): those places are the centre's, so they cut the centre's saving, not the area's.")
    deciding = []
    if levers.diversion_share > 0:
        sourced = levers.community_cost_per_diversion == get_parameter("community_cost_per_diversion").default
        deciding.append(f"a community alternative at £{levers.community_cost_per_diversion:,.0f} per person ("
                        + (f"{entry('community_cost_per_diversion')['status']}: NAO 2010 as reported" if sourced
                           else "your figure") + ")")
    if levers.reoffending_change != 0 or levers.reinvestment_feedback > 0:
        deciding.append(f"receptions following reoffending at {levers.receptions_reoffending_elasticity:g} (the "
                        "project's assumption)")
    if deciding:
        lines.append("Decided by: " + "; ".join(deciding) + ". The sensitivity strip shows the headline at the low "
                     "and high settings of each main assumption.")
    lines.append(f"Baseline used: {result.baseline.label}" + (" (an ESTIMATE)." if result.baseline.is_estimate else "."))
    lines.extend(result.notes)
    return lines
