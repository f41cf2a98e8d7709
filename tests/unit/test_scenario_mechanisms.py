"""IPPR's mechanisms pinned on hand-worked cases: cohorts, backfill payer, averaged lag and review, staged
devolution, reinvestment feedback, secure-school places, bounds, the sensitivity strip and the assumptions log."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scenario import funding
from scenario.assumptions import STATUSES, assumptions_log, entry, not_modelled, strip_names, strip_values
from scenario.baseline import (
    COHORTS,
    Baseline,
    BaselineError,
    indicator_store_baseline,
    national_baseline,
    national_cohorts,
    national_figures,
    own_area_baseline,
)
from scenario.checks import result_warnings
from scenario.devolution import Devolution, DevolutionError
from scenario.model import run
from scenario.parameters import PARAMETERS
from scenario.parameters import Levers as AnyLevers
from scenario.presets import PRESETS
from scenario.sensitivity import formula_results, formula_variants, sensitivity, swing

M = 1e6
REPO = Path(__file__).resolve().parents[2]
QUIET = {"community_cost_per_diversion": 0.0, "reinvestment_share": 0.0}  # hand-worked money without side lines


def Levers(**values) -> AnyLevers:  # noqa: N802 - the hand-worked cases below were worked with these assumptions
    """Levers with the mechanics these hand-worked cases were worked under: no backfill, the whole cost per
    prisoner saved, alternatives paid by the area and secure-school commissioning on, unless a case says otherwise."""
    return AnyLevers(**{"backfill_share": 0.0, "marginal_cost_share": 1.0, "alternatives_paid_locally": 1,
                        "youth_places_commissioned": 1, **values})


def area(cohorts=("short_sentence",), codes=("A",), receptions=1000.0, time_served=0.5, cost=40000.0, rate=0.6):
    """Every cell the same: by default 1,000 receptions x 0.5 years = 500 prisoners x £40,000 = £20m a year."""
    shape = (len(codes), len(cohorts))
    return Baseline("own_area", "test", "hand-worked", tuple(codes), tuple(f"Area {c}" for c in codes),
                    tuple(cohorts), np.full(shape, receptions), np.full(shape, time_served), np.full(shape, cost),
                    np.full(shape, rate))


# --- cohorts -------------------------------------------------------------------------------------------------
def test_the_cohorts_are_ipprs_and_young_adults_are_gone_from_model_and_pages():
    assert list(COHORTS) == ["short_sentence", "short_sentence_under_12", "women", "young_offenders"]
    assert "under 24 months" in COHORTS["short_sentence"] and "under 18" in COHORTS["young_offenders"]
    files = [*sorted((REPO / "scenario").glob("*.py")), REPO / "pages" / "70_what_if.py",
             REPO / "pages" / "55_custody_cost.py", REPO / "figures" / "scenario.py", REPO / "exports" / "board_views.py",
             *sorted((REPO / "data" / "scenario").glob("*"))]
    for path in files:
        if path.name == "persistence.py":  # it names the dropped cohort, to say so when an old file opens
            continue
        assert not re.search(r"young.adults|18-24", path.read_text(), re.IGNORECASE), path.name


def _imported(atlas, counts: dict[tuple[str, str], float], codes: list[str], period: str = "2024"):
    from indicators.store import IndicatorStore

    rows = pd.DataFrame([{"area_code": code, "layer": "police_force_area", "period": period, "indicator": indicator,
                          "breakdown": breakdown, "value": value, "source_id": "upload:test.csv:00000000"}
                         for (indicator, breakdown), value in counts.items() for code in codes])
    source = {"source_id": "upload:test.csv:00000000", "title": "made-up test figures", "vintage": "test",
              "licence": "test", "publisher": "test"}
    return IndicatorStore.bundled().with_extra(rows, [source])


FULL_IMPORT = {("immediate_custody_under_24_months", ""): 100.0,
               ("immediate_custody_under_24_months", "Women (18+)"): 10.0,
               ("immediate_custody_under_24_months", "Children (10-17)"): 5.0,
               ("immediate_custody_under_12_months", ""): 60.0,
               ("immediate_custody_under_12_months", "Women (18+)"): 8.0,
               ("immediate_custody_under_12_months", "Children (10-17)"): 4.0,
               ("immediate_custody_sentences", "Women (18+)"): 20.0,
               ("immediate_custody_sentences", "Children (10-17)"): 7.0}


def test_imported_counts_give_the_three_devolved_cohorts_each_person_in_one(atlas):
    from scenario.area_population import layer_names

    codes = [c for c in atlas.layer_areas("police_force_area")["area_code"] if c != "E23000034"][:3]
    store = _imported(atlas, FULL_IMPORT, codes)
    names = layer_names(atlas, "police_force_area")
    base = indicator_store_baseline(national_baseline(), store, "police_force_area", names, atlas)
    assert base.cohorts == ("short_sentence", "women", "young_offenders")
    assert list(base.area_codes) == sorted(codes)
    # Short sentences under 24 months less the women 18+ and children in that band: 100 - 10 - 5.
    assert base.receptions.tolist() == [[85.0, 20.0, 7.0]] * 3
    # Time served DERIVED per area: 48 under-12 sentences at the derived 47 days, 37 at the 12-24-month assumption.
    under_12 = national_cohorts().under_12_years
    band = float(entry("time_served_12_to_24_months_years")["default"])
    assert base.time_served_years[0, 0] == pytest.approx((48 * under_12 + 37 * band) / 85)
    # Women: no under-6-month counts in the import, so the national women's mix (said); children: half 18.6 months.
    assert base.time_served_years[0, 1] == pytest.approx(national_cohorts().time_served["women"])
    assert base.time_served_years[0, 2] == pytest.approx(18.6 / 24)
    assert "less Women (18+) and Children (10-17)" in base.method and "DERIVED" in base.method
    assert not any("overlap" in n or "FALLBACK" in n for n in base.notes)
    sub = indicator_store_baseline(national_baseline(), store, "police_force_area", names, atlas, short_band="under_12")
    assert sub.cohorts == ("short_sentence_under_12", "women", "young_offenders")
    assert sub.receptions[:, 0].tolist() == [48.0] * 3 and sub.time_served_years[0, 0] == pytest.approx(under_12)


def test_the_short_sentence_band_is_checked():
    from indicators.store import IndicatorStore

    with pytest.raises(BaselineError, match="short-sentence band"):
        indicator_store_baseline(national_baseline(), IndicatorStore.bundled(), "police_force_area", {}, None,
                                 short_band="under_36")


# --- backfill ------------------------------------------------------------------------------------------------
def test_backfilled_places_are_charged_to_the_centre_not_the_area():
    without = run(area(), Levers(diversion_share=0.4, ramp_years=1, horizon_years=4, **QUIET)).totals()
    half = run(area(), Levers(diversion_share=0.4, ramp_years=1, horizon_years=4, backfill_share=0.5, **QUIET)).totals()
    # 600 of the cohort's own prisoners either way; 100 of the 200 freed places refilled by others.
    assert np.allclose(half["places"], 300) and np.allclose(half["backfilled_places"], 100)
    assert np.allclose(half["charge"], without["charge"]) and np.allclose(half["local_net"], without["local_net"])
    assert np.allclose(half["centre_net"], without["centre_net"] - 100 * 40000)
    assert np.allclose(half["custody_spend"], 400 * 40000)


# --- the funding formula -------------------------------------------------------------------------------------
def test_averaged_formula_fades_a_saving_out_instead_of_stopping_it():
    spend = np.array([[16.0, 16, 16, 16, 16]])
    assert funding.lagged_budget(np.array([20.0]), spend, 1).tolist() == [[20, 16, 16, 16, 16]]
    averaged = funding.lagged_budget(np.array([20.0]), spend, 1, average_years=3)
    assert np.allclose(averaged, [[20, 56 / 3, 52 / 3, 16, 16]])
    reviewed = funding.lagged_budget(np.array([20.0]), spend, 1, review_years=3)
    assert reviewed.tolist() == [[20, 20, 20, 16, 16]]  # set in year 1, held to the review in year 4


def test_the_local_position_under_a_pure_shift_an_average_and_a_review():
    def local(**formula):
        levers = Levers(diversion_share=0.2, ramp_years=1, horizon_years=5, lag_years=1, **QUIET, **formula)
        return run(area(), levers).totals()["local_net"]

    assert np.allclose(local(), [4 * M, 0, 0, 0, 0])
    assert np.allclose(local(average_years=3), [4 * M, 8 / 3 * M, 4 / 3 * M, 0, 0])
    assert np.allclose(local(review_years=3), [4 * M, 4 * M, 4 * M, 0, 0])


def test_formula_variants_are_named_run_on_the_same_levers_and_shown_once():
    levers = Levers(diversion_share=0.2)
    variants = formula_variants(levers)
    assert list(variants) == ["This scenario's formula", "No lag: funded on this year's use",
                              "3-year lag, average of 3 past years", "3-year lag, reviewed every 3 years"]
    assert all(v.diversion_share == 0.2 for v in variants.values())
    results = formula_results(area(), levers)
    locals_ = {name: r.area["local_net"].sum() for name, r in results.items()}
    assert locals_["No lag: funded on this year's use"] < locals_["This scenario's formula"]


# --- staged devolution ---------------------------------------------------------------------------------------
def test_only_the_chosen_cohorts_in_the_chosen_areas_are_devolved_the_rest_stay_with_the_centre():
    base = area(("short_sentence", "women"), ("A", "B"), receptions=100.0)  # every cell: 50 prisoners, £2m a year
    levers = Levers(diversion_share=0.5, ramp_years=1, lag_years=2, horizon_years=3, community_cost_per_diversion=1000,
                    reinvestment_share=0.0)
    staged = run(base, levers, Devolution(cohorts=("women",), areas=("A",)))
    assert staged.devolved.tolist() == [[False, True], [False, False]]
    assert np.allclose(staged.cohort["receptions"][:, :, 0], [[100, 50], [100, 100]])  # levers act only where devolved
    assert np.allclose(staged.cohort["charge"][:, :, 0], [[0, 1 * M], [0, 0]])
    assert np.allclose(staged.area["budget"], [[2 * M, 2 * M, 1 * M], [0, 0, 0]])  # A's women's budget only
    assert np.allclose(staged.area["local_net"], [[0.95 * M, 0.95 * M, -0.05 * M], [0, 0, 0]])
    assert np.allclose(staged.area["centre_net"], [[0, 0, 1 * M], [0, 0, 0]])
    assert np.allclose(staged.area["custody_spend"][1], 4 * M)  # B: as today
    full = run(base, levers)
    assert full.area["diverted"].sum() == 4 * staged.area["diverted"].sum()
    assert "Staged devolution" in " ".join(staged.notes) and "Area A" in " ".join(staged.notes)
    with pytest.raises(DevolutionError):
        Devolution(cohorts=("young_adults",))


def test_nothing_devolved_means_nothing_changes():
    result = run(area(), Levers(diversion_share=0.5), Devolution(cohorts=()))
    assert np.allclose(result.area["custody_spend"], 20 * M) and np.allclose(result.area["local_net"], 0)
    assert any("Nothing is devolved" in n for n in result.notes)


# --- reinvestment feedback -----------------------------------------------------------------------------------
def test_reinvestment_feedback_off_is_an_accounting_line_on_it_cuts_reoffending_and_then_receptions():
    common = dict(diversion_share=0.2, ramp_years=1, horizon_years=3, lag_years=3, community_cost_per_diversion=0,
                  reinvestment_share=0.5, receptions_reoffending_elasticity=1.0)
    off = run(area(), Levers(**common)).totals()
    assert Levers().reinvestment_feedback == 0
    assert np.allclose(off["receptions"], 800) and np.allclose(off["reoffending_rate"], 0.6)
    on = run(area(), Levers(**common, reinvestment_feedback=0.5)).totals()
    # Year 1 reinvests £2m of a £20m budget: year 2's reoffending falls 0.5 x 10% = 5%, year 3's receptions 5%.
    assert np.allclose(on["reoffending_rate"], [0.6, 0.57, 0.57])
    assert np.allclose(on["receptions"], [800, 800, 760])
    assert on["local_net"].iloc[2] == pytest.approx(20 * M - 380 * 40000)


# --- young offenders: secure-school places -------------------------------------------------------------------
def youth(**levers):
    base = area(("young_offenders",), receptions=20.0, cost=100000.0)  # 10 places, £1m a year
    return run(base, Levers(ramp_years=1, horizon_years=3, lag_years=3, **QUIET, **levers))


def test_secure_school_places_are_commissioned_a_year_ahead_and_paid_for_used_or_empty():
    places = youth(diversion_share=0.3)  # 7 used from year 1
    assert np.allclose(places.area["commissioned_places"], [[10, 7, 7]])
    assert np.allclose(places.area["charge"], [[1 * M, 0.7 * M, 0.7 * M]])  # 3 empty places paid for in year 1
    nights = youth(diversion_share=0.3, youth_places_commissioned=0)
    assert np.allclose(nights.area["charge"], 0.7 * M) and nights.area["commissioned_places"].sum() == 0
    blocks = youth(diversion_share=0.3, secure_school_block=4)
    assert np.allclose(blocks.area["commissioned_places"], [[12, 8, 8]])
    more = youth(time_served_change=0.5)  # 15 needed, 10 commissioned: 5 bought per bed night in year 1
    assert np.allclose(more.area["charge"], [[1.5 * M, 1.5 * M, 1.5 * M]])


def test_a_place_not_commissioned_is_saved_in_full_whatever_the_prison_marginal_cost():
    result = youth(diversion_share=0.3, marginal_cost_share=0.25)
    assert np.allclose(result.area["system_saving"], [[0, 0.3 * M, 0.3 * M]])
    assert np.allclose(result.area["local_net"] + result.area["centre_net"], result.area["system_saving"])


# --- bounds --------------------------------------------------------------------------------------------------
def _typed(cohort, **values):
    figures = {"receptions": 100.0, "time_served_years": 0.2, "cost_per_prisoner": 39000.0, "reoffending_rate": 0.6}
    return own_area_baseline("Here", {cohort: {**figures, **values}})


def test_impossible_typed_figures_are_refused_and_unlikely_ones_warned_saying_why():
    with pytest.raises(BaselineError, match="45 years of time served cannot be: a sentence in this cohort is under 24"):
        _typed("short_sentence", time_served_years=45)
    with pytest.raises(BaselineError, match="under 12 months"):
        _typed("short_sentence_under_12", time_served_years=1.5)
    assert "check it is in years" in _typed("women", time_served_years=45).notes[0]
    assert "a year's cost" in _typed("women", cost_per_prisoner=107).notes[0]
    assert _typed("women").notes == ()
    with pytest.raises(BaselineError, match="count those prisoners twice"):
        own_area_baseline("Here", {c: {"receptions": 1, "time_served_years": 0.1, "cost_per_prisoner": 1,
                                       "reoffending_rate": 0.5} for c in ("short_sentence", "short_sentence_under_12")})
    with pytest.raises(ValueError, match="outside"):
        Levers(diversion_share=0.5).replace(diversion_share=1.5)


def test_a_local_net_above_the_whole_budget_and_an_emptied_cohort_are_warned():
    levers = Levers(diversion_share=1.0, ramp_years=1, lag_years=0, upfront_share=1.0, clawback_threshold=0.0,
                    horizon_years=3, **QUIET)
    warnings = result_warnings(run(area(), levers))
    assert any("above their whole devolved budget" in w and "up-front money" in w for w in warnings)
    assert any("0% of today's" in w for w in warnings)
    assert result_warnings(run(area(), Levers())) == []
    assert result_warnings(run(area(), PRESETS["preset:package"].levers)) == []


# --- the sensitivity strip and the assumptions log -------------------------------------------------------------
def test_the_sensitivity_strip_reruns_the_scenario_at_each_logged_setting():
    levers = PRESETS["preset:package"].levers
    base = area()
    current = run(base, levers)
    strip = sensitivity(base, levers, current=current)
    assert set(strip["assumption"]) == set(strip_names()) >= {"community_cost_per_diversion",
                                                             "receptions_reoffending_elasticity", "backfill_share",
                                                             "marginal_cost_share", "reinvestment_feedback"}
    for name in strip_names():
        rows = strip[strip["assumption"] == name]
        assert rows["value"].tolist() == list(strip_values(name))
        assert rows["is_this_scenario"].sum() == 1  # every default is one of its settings
        for value, local in zip(rows["value"], rows["local_net"]):
            assert local == pytest.approx(run(base, levers.replace(**{name: value})).area["local_net"].sum())
    # Paid centrally (IPPR's package for this parliament) the alternatives' cost moves the centre, not the area.
    cost = strip[strip["assumption"] == "community_cost_per_diversion"].set_index("value")
    assert cost.loc[1400, "centre_net"] > cost.loc[4200, "centre_net"]
    assert cost.loc[1400, "local_net"] == pytest.approx(cost.loc[4200, "local_net"])
    ranked = swing(strip)
    assert ranked["range"].is_monotonic_decreasing


def test_every_parameter_is_in_the_log_with_its_default_range_status_and_reason():
    log = assumptions_log().set_index("name")
    assert set(log["status"]) <= set(STATUSES)
    defaults = AnyLevers().to_dict()
    for p in PARAMETERS:
        row = log.loc[p.name]
        assert float(row["default"]) == p.default == defaults[p.name], p.name
        assert p.minimum <= float(row["low"]) <= float(row["high"]) <= p.maximum, p.name
        assert all(p.minimum <= v <= p.maximum for v in strip_values(p.name)), p.name
        assert row["why"] and row["source"], p.name
        assert row["status"] in ("policy lever", "sourced", "sourced (secondary)", "derived",
                                 "project's assumption"), p.name
    assert log.loc["community_cost_per_diversion", "status"] == "sourced (secondary)"
    assert "£4,200" in log.loc["community_cost_per_diversion", "source"]
    assert "£1,400" in log.loc["community_cost_per_diversion", "source"]
    assert log.loc["receptions_reoffending_elasticity", "status"] == "project's assumption"
    assert (log["why"] != "").all()
    left_out = " ".join(not_modelled()["label"])
    assert "NOMS back-stop powers" in left_out and "Local justice and rehabilitation boards" in left_out


def test_presets_are_named_as_the_projects_not_ipprs():
    for preset in PRESETS.values():
        assert preset.name.startswith("The project's") and "IPPR devolution package" not in preset.name


def test_the_national_figures_carry_their_status_and_the_nao_figure_is_its_own():
    figures = national_figures()
    figures = figures[figures["cohort"] == "short_sentence_under_12"].set_index("field")
    assert set(figures["status"]) == {"sourced", "derived"}
    assert figures.loc["time_served_years", "status"] == "derived"
    spend = figures.loc["custody_spend_per_year"]
    assert spend["value"] == 300e6 and spend["address"].startswith("https://www.nao.org.uk/")
    assert "around £300 million" in spend["note"]
    assert "cost_per_prisoner_per_year" in figures.index and "cost_per_place_per_year" not in figures.index
