"""Custody costs: conflicting year labels resolved by the stated rises; attributable spend arithmetic."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators import custody_cost


def test_resolved_years_reproduce_the_rises_the_source_states():
    costs = custody_cost.national_costs()
    checks = custody_cost.check_rises(costs).set_index("measure")
    assert checks.loc["Overall cost per prisoner", "rise_pct"] == 4.2
    assert checks.loc["Direct cost per prisoner", "rise_pct"] == 2.3
    overall = costs[costs["measure"] == "Overall cost per prisoner"].set_index("period")
    assert overall.at["2016/17", "value_gbp"] == 35371 and overall.at["2015/16", "value_gbp"] == 33931
    # The row worded "in 2016/17" is the one moved to 2015/16, and it is flagged.
    moved = overall.loc["2015/16"]
    assert "2016/17" in moved["period_as_worded"] and moved["year_flag"].startswith("RESOLVED")
    per_unit = costs[costs["secondary"] & costs["measure"].str.contains(" per ")]
    assert len(per_unit) == 8 and per_unit["year_flag"].ne("").all()


def test_establishment_costs_are_the_partial_hansard_rows():
    table = custody_cost.establishment_costs()
    assert len(table) == 30 and table["period"].eq("2007-08").all()
    kennet = table.set_index("establishment").loc["Kennet"]
    assert kennet["cost_per_prisoner_per_day"] == 253 and kennet["cost_per_prisoner_per_year_derived"] == 253 * 365


def test_attributable_spend_is_count_times_cost_and_per_head_uses_population():
    counts = pd.DataFrame({"area_code": ["A", "B", "C"], "area_name": ["a", "b", "c"], "value": [100.0, 0.0, math.nan]})
    population = pd.Series({"A": 1_000_000.0, "B": 500_000.0})
    out = custody_cost.attributable_spend(counts, 35371.0, population).set_index("area_code")
    assert out.at["A", "spend_gbp"] == 3_537_100.0
    assert out.at["A", "spend_per_100k_residents_gbp"] == pytest.approx(353_710.0)
    assert out.at["B", "spend_gbp"] == 0.0
    assert math.isnan(out.at["C", "spend_gbp"]) and math.isnan(out.at["C", "spend_per_prisoner_gbp"])
    with pytest.raises(ValueError):
        custody_cost.attributable_spend(counts, 0.0)


def test_the_short_sentence_custody_cost_is_the_naos_own_300m_not_the_blogs_286m():
    table = custody_cost.reoffending_costs().set_index("measure")
    row = table.loc[custody_cost.BLOG_SHORT_SENTENCE_COST]
    assert row["value"] == 300 and row["unit"] == "GBP million per year"
    assert row["source_address"].startswith("https://www.nao.org.uk/") and "around £300 million" in row["note"]
    assert 286 not in table["value"].tolist() and "blog" not in row["reliability"]


def test_the_custody_spend_cohorts_are_ipprs_with_under_24_months_first():
    assert custody_cost.IPPR_COHORT_INDICATORS[0] == "prisoners_sentence_under_24m"
    assert "young_adult_prisoners" not in custody_cost.IPPR_COHORT_INDICATORS


def test_the_nao_range_is_shown_once_for_short_sentences_and_seu_2002_is_scoped_to_ex_prisoners():
    table = custody_cost.reoffending_costs().set_index("measure")
    assert table.loc["short_sentence_reoffending_cost_NAO_2010_low", "value"] == 7
    assert table.loc["short_sentence_reoffending_cost_NAO_2010_high", "value"] == 10
    assert "short_sentence_reoffending_cost_NAO_2010" not in table.index
    assert not table.index.str.startswith("cost_of_reoffending_NAO_later").any()
    assert "ex-prisoners" in table.loc["cost_of_reoffending_by_ex_prisoners_SEU_2002", "note"]
    assert table.loc["cost_of_reoffending_by_ex_prisoners_SEU_2002", "value"] == 11
