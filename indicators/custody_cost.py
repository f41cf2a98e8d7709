"""Custody costs: national cost per place and per prisoner, by establishment, and spend attributable to an area.

Method for spend attributable to an area's residents (IPPR 2016's devolved-custody-budget cohorts: short sentences
under 24 months, with under 12 months as MoJ's sub-view; women; young offenders under 18):
    spend = residents of the area in custody in the cohort (a snapshot count, e.g. average over the year)
            x cost per PRISONER per year (national average, chosen year): a count of people held is multiplied
              by what one prisoner costs a year, not by the cost of a place (places include empty ones)
    per 100,000 residents = spend / area population x 100,000;  per prisoner = the cost per prisoner itself.
Assumptions, written out on the page: every prisoner costs the national average (no establishment mix);
the snapshot count stands for the year's average population; cost and count years should match.
"""
from __future__ import annotations

import math

import pandas as pd

from indicators.bundled import TRANSCRIBED

NATIONAL_COSTS = "national_prison_cost_headlines_1998-99_2007-08_2016-17.csv"
ESTABLISHMENT_COSTS = "hansard_2008-12-17_cost_per_prisoner_per_day_by_establishment_2007-08_PARTIAL.csv"
COST_PER_PLACE_BY_FUNCTION = "hansard_1999-06-21_prison_cost_per_place_by_function_1998-99.csv"
REOFFENDING_COSTS = "cost_of_reoffending_and_crc_contract_headlines.csv"
NATIONAL_BASELINE = TRANSCRIBED.parents[1] / "scenario" / "national_baseline.csv"
# The blog's £286m is replaced on screen by the NAO's own 'around £300 million' (data/scenario/national_baseline.csv).
BLOG_SHORT_SENTENCE_COST = "short_sentence_custody_cost_NAO_2010"
# IPPR's devolved cohorts among the catalogue's snapshot counts of residents in prison, IPPR's band first and MoJ's
# under-12-month line as the sub-view. Young adults (18-24) are not an IPPR cohort; young offenders (under 18) are,
# but the catalogue has no snapshot count for them (their custody would be commissioned as secure-school places).
IPPR_COHORT_INDICATORS = ("prisoners_sentence_under_24m", "prisoners_sentence_under_12m", "women_prisoners")
SOURCE_BY_ADDRESS = {"PrisonsPerCapitaCosts": "hansard_2008_cost_per_prisoner_by_establishment",
                     "prisoner-costs": "hansard_1999_cost_per_place_1998_99",
                     "russellwebster.com/prisoncosts17": "hmpps_costs_2016_17_via_blog"}


def _source_id(address: str) -> str:
    return next((sid for key, sid in SOURCE_BY_ADDRESS.items() if key in address), "")


def resolve_period(measure: str, worded: str, interpretation: str) -> tuple[str, str]:
    """(period used, flag) for one national cost row: explicit labels kept, contradictory ones resolved by the rise.

    The secondary source states each per-prisoner figure as the start or end of a stated rise; the larger figure
    of a rising pair must be the later year, whatever the wording says. Those rows are flagged."""
    text = interpretation.lower()
    if "explicit" in text:
        return interpretation.split(" ")[0], ""
    if "2016/17" in text and "ambiguous" not in text:
        flag = "year implied by context, not stated" if "implied" in text or "context" in text else ""
        if "contradictory" in worded.lower() or "as labelled" in text:
            flag = "source wording contradicts itself; year consistent with the stated rise"
        return "2016/17", flag
    if "2015/16" in text and "ambiguous" not in text:
        return "2015/16", "year implied ('the previous year'), not stated"
    if "implies 2015/16" in text:
        return "2015/16", "RESOLVED: source labels this year differently; the stated rise makes it 2015/16"
    if "implies 2016/17" in text:
        return "2016/17", "RESOLVED: source labels this year differently; the stated rise makes it 2016/17"
    return worded, "period unclear"


def national_costs() -> pd.DataFrame:
    """National cost per place and per prisoner by year, each with its source id and any year-label flag."""
    raw = pd.read_csv(TRANSCRIBED / NATIONAL_COSTS)
    rows = []
    for _, r in raw.iterrows():
        period, flag = resolve_period(r["measure"], str(r["rounding_or_status"]), r["period_interpretation"])
        if flag == "" and "contradictory" in str(r["rounding_or_status"]):
            flag = "source wording contradicts itself; year consistent with the stated rise"
        rows.append({"measure": r["measure"], "period": period, "value_gbp": float(r["value_gbp"]),
                     "period_as_worded": r["period_as_worded_in_source"], "year_flag": flag,
                     "status": r["rounding_or_status"] if isinstance(r["rounding_or_status"], str) else "",
                     "secondary": str(r["source_type"]).startswith("secondary"),
                     "source_id": _source_id(r["source_url"]), "address": r["source_url"]})
    return pd.DataFrame(rows)


def check_rises(costs: pd.DataFrame) -> pd.DataFrame:
    """The stated rises recomputed from the resolved years (4.2% overall per prisoner, 2.3% direct per prisoner)."""
    out = []
    for measure, stated in (("Overall cost per prisoner", 4.2), ("Direct cost per prisoner", 2.3)):
        pair = costs[costs["measure"] == measure].set_index("period")["value_gbp"]
        if {"2015/16", "2016/17"} <= set(pair.index):
            rise = (pair["2016/17"] / pair["2015/16"] - 1) * 100
            out.append({"measure": measure, "2015/16": pair["2015/16"], "2016/17": pair["2016/17"],
                        "rise_pct": round(rise, 1), "stated_rise_pct": stated})  # the source states one decimal
    return pd.DataFrame(out)


def establishment_costs() -> pd.DataFrame:
    """Cost per prisoner per day by establishment, 2007-08 (PARTIAL: only the rows in the stored copy)."""
    raw = pd.read_csv(TRANSCRIBED / ESTABLISHMENT_COSTS)
    table = pd.DataFrame({
        "establishment": raw["Establishment name"], "group": raw["Establishment group (as headed in source)"],
        "cost_per_prisoner_per_day": raw["Total cost per prisoner per day (GBP)"].astype(float),
        "footnote": raw["footnote"].fillna("").map(lambda f: "" if f == "" else f"footnote {int(f)} (text not visible)")})
    # Derived for comparison with annual figures, labelled as such on screen.
    table["cost_per_prisoner_per_year_derived"] = table["cost_per_prisoner_per_day"] * 365
    table["period"] = "2007-08"
    table["source_id"] = "hansard_2008_cost_per_prisoner_by_establishment"
    return table


def cost_per_place_by_function() -> pd.DataFrame:
    """Average establishment cost per place by function, 1998-99 (provisional)."""
    raw = pd.read_csv(TRANSCRIBED / COST_PER_PLACE_BY_FUNCTION)
    return pd.DataFrame({"function": raw["Establishment function type"],
                         "cost_per_place": raw["Average cost per place 1998-99 (GBP)"].astype(float),
                         "period": "1998-99", "source_id": "hansard_1999_cost_per_place_1998_99"})


def nao_short_sentence_cost() -> dict:
    """The NAO's own figure for holding short-sentence prisoners ('around £300 million' a year), from the scenario data."""
    row = pd.read_csv(NATIONAL_BASELINE).set_index("field").loc["custody_spend_per_year"]
    return {"value": float(row["value"]) / 1e6, "unit": "GBP million per year", "period_or_cohort": row["period"],
            "source_title": row["source"], "source_address": row["address"],
            "reliability": "official (the NAO's own summary of its report)",
            "note": row["note"]}


def reoffending_costs() -> pd.DataFrame:
    """Headline cost-of-reoffending and short-sentence figures with their page and reliability (the NAO's £300m
    in place of the blog's £286m)."""
    raw = pd.read_csv(TRANSCRIBED / REOFFENDING_COSTS)
    keep = raw["measure"].str.contains("cost|short_sentence")
    table = raw[keep][["measure", "value", "unit", "period_or_cohort", "price_basis", "source_title", "source_address",
                       "reliability", "note"]].fillna("").reset_index(drop=True)
    blog = table["measure"] == BLOG_SHORT_SENTENCE_COST
    for column, value in nao_short_sentence_cost().items():
        table[column] = table[column].astype(object)
        table.loc[blog, column] = value
    return _corrected_scopes(table)


# The transcription stays a verbatim copy of the shared file; what its wording gets wrong is corrected here.
SCOPE_CORRECTIONS = {
    "cost_of_reoffending_NAO_later_low": ("short_sentence_reoffending_cost_NAO_2010_low",
                                          "NAO (2010): cost of reoffending by prisoners on sentences under 12 months, "
                                          "low end of £7-10bn (Full Fact 2012 worded it as all reoffending)"),
    "cost_of_reoffending_NAO_later_high": ("short_sentence_reoffending_cost_NAO_2010_high",
                                           "NAO (2010): cost of reoffending by prisoners on sentences under 12 "
                                           "months, high end of £7-10bn (Full Fact 2012 worded it as all reoffending)"),
    "cost_of_reoffending_2002_HomeOffice_CabinetOffice": ("cost_of_reoffending_by_ex_prisoners_SEU_2002",
                                                          "Social Exclusion Unit (2002): the cost of re-offending by "
                                                          "ex-prisoners (seed paper 002 says so directly)"),
}
# The blog's single £10bn is the high end of the same NAO range: shown once, as the range above.
DUPLICATE_OF_RANGE = "short_sentence_reoffending_cost_NAO_2010"


def _corrected_scopes(table: pd.DataFrame) -> pd.DataFrame:
    """The NAO's £7-10bn once, as a low and a high for short sentences; SEU 2002's £11bn scoped to ex-prisoners."""
    out = table[table["measure"] != DUPLICATE_OF_RANGE].copy()
    for old, (new, note) in SCOPE_CORRECTIONS.items():
        hit = out["measure"] == old
        out.loc[hit, "measure"] = new
        out.loc[hit, "note"] = [f"{note}. {text}".strip() if text else note for text in out.loc[hit, "note"]]
    return out.reset_index(drop=True)


def attributable_spend(counts: pd.DataFrame, cost_per_prisoner: float, population: pd.Series | None = None) -> pd.DataFrame:
    """Spend attributable to each area: count x cost per prisoner; per 100,000 residents where population exists.

    counts: columns area_code, area_name, value (residents in custody in the cohort), is_estimate, source_ids."""
    if not cost_per_prisoner or math.isnan(cost_per_prisoner) or cost_per_prisoner <= 0:
        raise ValueError("cost per prisoner must be a positive number")
    out = counts[["area_code", "area_name", "value"]].rename(columns={"value": "prisoners"}).copy()
    out["spend_gbp"] = out["prisoners"] * cost_per_prisoner
    out["spend_per_prisoner_gbp"] = out["spend_gbp"].where(out["prisoners"].isna(), cost_per_prisoner)
    out.loc[out["prisoners"].isna(), "spend_per_prisoner_gbp"] = math.nan
    pop = population.reindex(out["area_code"]).to_numpy() if population is not None else math.nan
    out["population"] = pop
    out["spend_per_100k_residents_gbp"] = out["spend_gbp"] / out["population"] * 100000
    return out


def per_unit_costs(costs: pd.DataFrame) -> pd.DataFrame:
    """The rows of national_costs() that are costs per place or per prisoner (not totals or weekly figures)."""
    return costs[costs["measure"].str.contains("per prison place|per prisoner$|cost per place", regex=True)]
