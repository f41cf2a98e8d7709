"""Scenario model pinned on hand-worked cases: baseline reproduced, full diversion, IPPR lag and claw-back."""
from __future__ import annotations

import numpy as np
import pytest

from scenario import funding
from scenario.baseline import Baseline, BaselineError, national_baseline, own_area_baseline, population_share_baseline
from scenario.model import phase_in, run
from scenario.parameters import Levers as AnyLevers

M = 1e6


def Levers(**values) -> AnyLevers:  # noqa: N802 - the hand-worked cases below were worked with these assumptions
    """Levers with the mechanics these hand-worked cases were worked under: no backfill, the whole cost per
    prisoner saved, alternatives paid by the area and secure-school commissioning on, unless a case says otherwise."""
    return AnyLevers(**{"backfill_share": 0.0, "marginal_cost_share": 1.0, "alternatives_paid_locally": 1,
                        "youth_places_commissioned": 1, **values})


def one_area(receptions=1000.0, time_served=0.5, cost=40000.0, rate=0.6) -> Baseline:
    """1,000 receptions a year x 0.5 years = 500 places x £40,000 = £20m a year."""
    arr = lambda v: np.array([[v]])  # noqa: E731
    return Baseline("own_area", "test area", "hand-worked", ("A",), ("Area A",), ("short_sentence",),
                    arr(receptions), arr(time_served), arr(cost), arr(rate))


def test_zero_levers_reproduce_the_baseline():
    base = one_area()
    result = run(base, Levers(lag_years=2, horizon_years=6))
    totals = result.totals()
    assert np.allclose(totals["places"], 500)
    assert np.allclose(totals["custody_spend"], 20 * M)
    assert np.allclose(totals["budget"], 20 * M)
    for column in ("savings", "reinvested", "clawback", "upfront", "local_net", "centre_net", "diverted"):
        assert np.allclose(totals[column], 0), column
    assert np.allclose(totals["reoffending_rate"], 0.6)


def test_full_diversion_removes_the_cohorts_custody_spend():
    result = run(one_area(), Levers(diversion_share=1.0, ramp_years=1, community_cost_per_diversion=5000,
                                    horizon_years=4))
    totals = result.totals()
    assert np.allclose(totals["custody_spend"], 0) and np.allclose(totals["places"], 0)
    assert np.allclose(totals["diverted"], 1000)
    assert np.allclose(totals["community_cost"], 5 * M)  # 1,000 people x £5,000


def test_lag_formula_hand_worked():
    # 20% diverted from year 1: 400 places, £16m a year; budget lags the spend by 2 years.
    result = run(one_area(), Levers(diversion_share=0.2, ramp_years=1, lag_years=2, horizon_years=4,
                                    reinvestment_share=0.5, community_cost_per_diversion=0))
    totals = result.totals()
    assert np.allclose(totals["custody_spend"], [16 * M] * 4)
    assert np.allclose(totals["budget"], [20 * M, 20 * M, 16 * M, 16 * M])
    assert np.allclose(totals["savings"], [4 * M, 4 * M, 0, 0])
    assert np.allclose(totals["reinvested"], [2 * M, 2 * M, 0, 0])
    assert np.allclose(totals["centre_net"], [0, 0, 4 * M, 4 * M])
    # Over the horizon the system saves 4 x £4m; the lag decides who keeps it when.
    assert totals["local_net"].sum() + totals["centre_net"].sum() == pytest.approx(16 * M)


def test_no_lag_takes_every_saving_straight_back():
    totals = run(one_area(), Levers(diversion_share=0.3, ramp_years=1, lag_years=0, horizon_years=5,
                                    community_cost_per_diversion=0)).totals()
    assert np.allclose(totals["savings"], 0)
    assert np.allclose(totals["local_net"], 0)
    assert totals["centre_net"].sum() > 0


def test_lagged_budget_array():
    budget = funding.lagged_budget(np.array([100.0]), np.array([[80.0, 60, 60, 60]]), 2)
    assert budget.tolist() == [[100.0, 100.0, 80.0, 60.0]]


@pytest.mark.parametrize("change, share, expected", [(-0.04, 1.0, 2 * M), (-0.05, 1.0, 0.0), (-0.04, 0.5, 1 * M)])
def test_clawback_when_the_reoffending_target_is_missed(change, share, expected):
    levers = Levers(upfront_share=0.1, clawback_threshold=0.05, clawback_review_year=2, clawback_share=share,
                    reoffending_change=change, ramp_years=1, horizon_years=4)
    totals = run(one_area(), levers).totals()
    assert totals["upfront"].tolist() == [2 * M, 0, 0, 0]  # 10% of a £20m year, paid in year 1
    assert totals["clawback"].iloc[1] == pytest.approx(expected)
    assert totals["clawback"].drop(index=1).sum() == 0


def test_no_clawback_when_review_falls_after_the_horizon():
    result = run(one_area(), Levers(upfront_share=0.1, clawback_review_year=8, horizon_years=5))
    assert result.totals()["clawback"].sum() == 0
    assert any("after the horizon" in note for note in result.notes)


def test_phase_in_and_reoffending_shows_in_receptions_a_year_later():
    assert np.allclose(phase_in(5, 3), [1 / 3, 2 / 3, 1, 1, 1])
    totals = run(one_area(), Levers(reoffending_change=-0.1, ramp_years=1, horizon_years=3,
                                    receptions_reoffending_elasticity=1.0)).totals()
    assert np.allclose(totals["receptions"], [1000, 900, 900])
    assert np.allclose(totals["reoffending_rate"], 0.54)
    # The default elasticity is the middle of its range: a 10% fall in reoffending cuts receptions by 5%.
    middle = run(one_area(), Levers(reoffending_change=-0.1, ramp_years=1, horizon_years=3)).totals()
    assert Levers().receptions_reoffending_elasticity == 0.5
    assert np.allclose(middle["receptions"], [1000, 950, 950])


def test_full_backfill_keeps_places_full_and_the_refilled_places_are_the_centres():
    levers = Levers(diversion_share=0.5, ramp_years=1, backfill_share=1.0, horizon_years=3, lag_years=3,
                    community_cost_per_diversion=0)
    totals = run(one_area(), levers).totals()
    assert np.allclose(totals["places_in_use"], 500) and np.allclose(totals["diverted"], 500)
    assert np.allclose(totals["places"], 250) and np.allclose(totals["backfilled_places"], 250)
    assert np.allclose(totals["charge"], 10 * M)  # the area pays for its own 250 prisoners only
    assert np.allclose(totals["local_net"], 10 * M)  # budget £20m (lag 3) less its own charge
    assert np.allclose(totals["centre_net"], -10 * M)  # the centre still runs 500 places and receives £10m
    assert np.allclose(totals["system_saving"], 0)


def test_national_baseline_holds_ippr_three_cohorts_each_person_once_hand_worked():
    base = national_baseline()
    assert base.cohorts == ("short_sentence", "women", "young_offenders")
    t12 = 300e6 / 39000 / 60000  # NAO spend / Hansard cost / MoJ receptions: 46.8 days
    assert t12 * 365 == pytest.approx(46.8, abs=0.05)
    # Men's mix (PRT): 35% under 6 months, 10% 6-12, 14% 12-24: 45/59 of sentences under 24 months are under 12.
    women_u24 = 5738 * (50 + 11 + 12) / 95  # 2024 women x their share under 24 months (indeterminate left out)
    assert base.receptions[0, 0] == pytest.approx(60000 * 59 / 45 - women_u24)
    assert base.time_served_years[0, 0] == pytest.approx(45 / 59 * t12 + 14 / 59 * 0.75)
    under_6 = 3790 / 5738  # women sentenced to custody under 6 months, 2024, England and Wales
    longer = (11 * 0.375 + 12 * 0.75 + 15 * 1.5 + 7 * 3.0) / 45
    assert base.receptions[0, 1] == 5738
    assert base.time_served_years[0, 1] == pytest.approx(under_6 * 0.125 + (1 - under_6) * longer)
    assert base.receptions[0, 2] == pytest.approx(780 * (1 - 0.28) / (18.6 / 24))
    assert base.time_served_years[0, 2] == pytest.approx(18.6 / 24)
    assert base.cost_per_prisoner[0].tolist() == [39000, 39000, 95248]
    assert base.estimated_cohorts == ("short_sentence", "young_offenders")
    assert base.cost_per_reception[0, 0] == pytest.approx(base.time_served_years[0, 0] * 39000)
    under_12 = national_baseline(short_band="under_12")
    assert under_12.cohorts[0] == "short_sentence_under_12"
    assert under_12.receptions[0, 0] == pytest.approx(60000 - 5738 * 61 / 95)
    assert under_12.time_served_years[0, 0] == pytest.approx(t12)
    assert any("National Audit Office" in s for s in base.sources) and not any("blog" in s for s in base.sources)


def test_population_share_is_labelled_an_estimate_and_adds_up():
    import pandas as pd
    national = national_baseline()
    base = population_share_baseline(national, pd.Series({"X": 300.0, "Y": 100.0, "Z": float("nan")}),
                                     {"X": "Ex", "Y": "Why"}, "test population")
    assert base.is_estimate and "ESTIMATE" in base.method and "ESTIMATE" in base.label
    assert np.allclose(base.receptions, [national.receptions[0] * 0.75, national.receptions[0] * 0.25])
    assert base.estimated_cohorts == national.cohorts
    assert base.area_codes == ("X", "Y") and any("left out" in n for n in base.notes)


def test_own_area_refuses_bad_figures():
    with pytest.raises(BaselineError, match="share between 0 and 1"):
        own_area_baseline("Here", {"women": {"receptions": 10, "time_served_years": 0.2, "cost_per_prisoner": 1,
                                             "reoffending_rate": 60}})
    with pytest.raises(BaselineError, match="receptions"):
        own_area_baseline("Here", {"women": {"receptions": -1, "time_served_years": 0.2, "cost_per_prisoner": 1,
                                             "reoffending_rate": 0.6}})


def test_own_area_reads_the_old_cost_per_place_name_as_cost_per_prisoner():
    base = own_area_baseline("Here", {"women": {"receptions": 10, "time_served_years": 0.2, "cost_per_place": 40000,
                                                "reoffending_rate": 0.6}})
    assert base.cost_per_prisoner[0, 0] == 40000


def test_real_atlas_population_share_covers_every_force_area_with_the_city_inside_the_met(atlas):
    from scenario.choose import build_baseline
    from scenario.persistence import Scenario

    base, notices = build_baseline(Scenario(), atlas)
    assert len(base.area_codes) == 42 and base.is_estimate and "E23000034" not in base.area_codes
    assert "E23000001" in base.area_codes and "City of London is counted inside" in base.method
    assert base.receptions.sum(axis=0) == pytest.approx(national_baseline().receptions[0])
    result = run(base, Levers(diversion_share=0.2))
    assert result.by_area()["baseline"].eq(base.label).all()


def test_the_store_baseline_uses_real_womens_custody_counts_and_their_under_6_month_share(atlas):
    from indicators.store import IndicatorStore
    from scenario.area_population import layer_names
    from scenario.baseline import indicator_store_baseline

    store = IndicatorStore.bundled()
    base = indicator_store_baseline(national_baseline(), store, "police_force_area",
                                    layer_names(atlas, "police_force_area"), atlas)
    assert base.kind == "indicator_store" and not base.is_estimate and base.cohorts == ("women",)
    counts = store.select("immediate_custody_sentences", "2024", "Women (18+)").set_index("area_code")["value"]
    assert len(base.area_codes) == 42 == len(counts)
    assert base.receptions[:, 0].tolist() == [counts[c] for c in base.area_codes]
    assert "prt_women_custody_by_pfa_cjs_dec2024" in base.method and "ASSUMPTION" in base.method
    # Avon and Somerset, 2024: 117 of 153 women sentenced to custody got under 6 months.
    avon = base.area_names.index("Avon and Somerset")
    longer = (11 * 0.375 + 12 * 0.75 + 15 * 1.5 + 7 * 3.0) / 45
    assert base.time_served_years[avon, 0] == pytest.approx(117 / 153 * 0.125 + 36 / 153 * longer)


def test_the_opening_baseline_takes_womens_real_counts_and_estimates_the_rest(atlas):
    from indicators.store import IndicatorStore
    from scenario.area_population import layer_names, layer_population
    from scenario.baseline import indicator_store_baseline, store_and_estimate_baseline

    names = layer_names(atlas, "police_force_area")
    store = IndicatorStore.bundled()
    found = indicator_store_baseline(national_baseline(), store, "police_force_area", names, atlas)
    population, vintage = layer_population(atlas, "police_force_area")
    estimate = population_share_baseline(national_baseline(), population, names, vintage)
    base = store_and_estimate_baseline(found, estimate)
    assert base.kind == "store_and_estimate" and base.is_estimate
    assert base.cohorts == ("short_sentence", "women", "young_offenders")
    assert base.estimated_cohorts == ("short_sentence", "young_offenders")
    assert len(base.area_codes) == 42 and "E23000034" not in base.area_codes and not base.notes
    women = store.select("immediate_custody_sentences", "2024", "Women (18+)").set_index("area_code")["value"]
    assert base.receptions[:, 1].tolist() == [women[c] for c in base.area_codes]
    estimated = dict(zip(estimate.area_codes, estimate.receptions[:, 0]))
    assert base.receptions[:, 0].tolist() == [estimated[c] for c in base.area_codes]
    assert "From the indicator store: Women" in base.method and "ESTIMATED by population share: Short" in base.method
    assert store_and_estimate_baseline(None, estimate) is estimate  # nothing in the store: the estimate, unchanged


def test_imported_short_sentence_counts_join_the_womens_cohort_and_missing_areas_are_named(atlas):
    import pandas as pd

    from indicators.store import IndicatorStore
    from scenario.area_population import layer_names
    from scenario.baseline import indicator_store_baseline

    forces = atlas.layer_areas("police_force_area")["area_code"].tolist()[:5]
    rows = pd.DataFrame({"area_code": forces, "layer": "police_force_area", "period": "2023",
                         "indicator": "immediate_custody_under_12_months", "breakdown": "", "value": [10.0, 20, 30, 40, 50],
                         "source_id": "upload:test.csv:00000000"})
    source = {"source_id": "upload:test.csv:00000000", "title": "made-up test figures", "vintage": "test",
              "licence": "test", "publisher": "test"}
    store = IndicatorStore.bundled().with_extra(rows, [source])
    base = indicator_store_baseline(national_baseline(), store, "police_force_area",
                                    layer_names(atlas, "police_force_area"), atlas)
    # Only under-12-month counts were imported: the short-sentence cohort falls back to them and says so.
    assert base.cohorts == ("short_sentence_under_12", "women")
    kept = [c for c in forces if c != "E23000034"]  # City of London: no women's figure of its own
    assert list(base.area_codes) == sorted(kept)
    assert base.receptions[list(base.area_codes).index(forces[0]), 0] == 10.0
    assert any("FALLBACK" in n and "under 12 months only" in n for n in base.notes)
    # No women's figures for that band: the overlap with the women's cohort is said, not hidden.
    assert any("overlap" in n for n in base.notes)
    assert "left out" in base.notes[-1]
    # IPPR's units (a mayor where one holds the force area, else the PCC): women's real counts pooled, London whole.
    units = indicator_store_baseline(national_baseline(), IndicatorStore.bundled(), "mayor_or_pcc", {}, atlas)
    women = IndicatorStore.bundled().select("immediate_custody_sentences", "2024", "Women (18+)")
    women = women.set_index("area_code")["value"]
    assert len(units.area_codes) == 42 and units.receptions[:, 0].sum() == women.sum()
    assert units.receptions[units.area_codes.index("E61000001"), 0] == women["E23000001"]  # the Met, City inside


def test_london_is_kept_whole_when_force_areas_combine(atlas):
    from indicators.store import IndicatorStore
    from scenario.choose import build_baseline
    from scenario.persistence import Scenario

    store = IndicatorStore.bundled()
    women = store.select("immediate_custody_sentences", "2024", "Women (18+)").set_index("area_code")["value"]
    for layer in ("probation_region", "crc", "cps_area"):
        base, _ = build_baseline(Scenario(baseline_kind="store_and_estimate", layer=layer), atlas, store)
        london = next(i for i, name in enumerate(base.area_names) if "London" in name)
        assert base.receptions[london, base.cohorts.index("women")] == women["E23000001"], layer  # the Met's row
        assert base.receptions[:, base.cohorts.index("women")].sum() == women.sum() and not base.notes, layer
