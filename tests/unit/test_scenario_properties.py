"""Property tests: totals are sums over areas, nothing goes negative, money adds up between area and centre."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario.baseline import YOUNG_OFFENDERS, Baseline
from scenario.devolution import Devolution
from scenario.model import AREA_METRICS, SAVINGS_SHARE, inputs, run
from scenario.parameters import INTEGER_PARAMETERS, PARAMETERS, Levers
from scenario.persistence import Scenario, dumps, loads

COHORT_SETS = (("short_sentence",), ("short_sentence", "women"), ("short_sentence", "women", "young_offenders"),
               ("young_offenders",), ("short_sentence_under_12", "young_offenders"))


@st.composite
def baselines(draw):
    areas, cohorts = draw(st.integers(1, 6)), draw(st.sampled_from(COHORT_SETS))
    def grid(low, high):
        return np.array(draw(st.lists(st.floats(low, high), min_size=areas * len(cohorts),
                                      max_size=areas * len(cohorts)))).reshape(areas, len(cohorts))
    return Baseline("own_area", "generated", "test", tuple(f"A{i}" for i in range(areas)),
                    tuple(f"Area {i}" for i in range(areas)), cohorts, grid(0, 1e5), grid(0, 3), grid(0, 1e5),
                    grid(0, 1))


@st.composite
def levers(draw):
    values = {}
    for p in PARAMETERS:
        if p.name in INTEGER_PARAMETERS:
            values[p.name] = draw(st.integers(int(p.minimum), int(p.maximum)))
        else:
            values[p.name] = draw(st.floats(p.minimum, p.maximum))
    return Levers.from_dict(values)


@st.composite
def devolutions(draw, base: Baseline):
    """All, or a random subset of the baseline's cohorts and areas (staged devolution)."""
    cohorts = draw(st.none() | st.lists(st.sampled_from(base.cohorts), unique=True).map(tuple))
    areas = draw(st.none() | st.lists(st.sampled_from(base.area_codes), unique=True).map(tuple))
    return Devolution(cohorts, areas)


@st.composite
def runs(draw):
    base = draw(baselines())
    return base, draw(levers()), draw(devolutions(base))


@settings(max_examples=150, deadline=None)
@given(runs())
def test_totals_are_sums_over_areas_and_nothing_is_negative(case):
    base, lever_values, devolution = case
    result = run(base, lever_values, devolution)
    totals = result.totals()
    for metric in AREA_METRICS:
        assert np.allclose(totals[metric], result.area[metric].sum(axis=0)), metric
    for metric in ("receptions", "diverted", "places", "backfilled_places", "commissioned_places", "bed_nights",
                   "charge", "custody_spend", "community_cost"):
        assert (result.cohort[metric] >= 0).all(), metric
    for metric in ("budget", "upfront", "clawback", "reinvested", "charge"):
        assert (result.area[metric] >= 0).all(), metric
    assert ((result.cohort["reoffending_rate"] >= 0) & (result.cohort["reoffending_rate"] <= 1)).all()
    assert len(totals) == lever_values.horizon_years


@settings(max_examples=200, deadline=None)
@given(runs())
def test_area_and_centre_share_exactly_the_system_saving(case):
    base, lever_values, devolution = case
    result = run(base, lever_values, devolution)
    receptions, served, cost = inputs(base, lever_values)  # today's, under this draw's uncertain inputs
    spend0 = (receptions * served * cost)[:, :, None]
    system = result.cohort["custody_spend"]
    # Prisons the centre runs save marginal_cost_share of each prisoner fewer; a commissioned place not bought
    # is saved in full.
    commissioned = (result.devolved & np.array([c == YOUNG_OFFENDERS for c in base.cohorts])[None, :]
                    & bool(lever_values.youth_places_commissioned)
                    & (lever_values.budget_rule != SAVINGS_SHARE))[:, :, None]
    saving = np.where(commissioned, spend0 - system, lever_values.marginal_cost_share * (spend0 - system)).sum(axis=1)
    expected = saving - result.area["community_cost"]
    assert np.allclose(result.area["system_saving"], expected, rtol=1e-9, atol=1e-3)
    assert np.allclose(result.area["local_net"] + result.area["centre_net"], result.area["system_saving"],
                       rtol=1e-9, atol=1e-3)


@settings(max_examples=100, deadline=None)
@given(runs())
def test_cells_not_devolved_stay_as_today_and_are_never_charged(case):
    base, lever_values, devolution = case
    result = run(base, lever_values, devolution)
    kept = ~result.devolved
    receptions, served, cost = inputs(base, lever_values)
    spend0 = receptions * served * cost
    assert np.allclose(result.cohort["custody_spend"][kept], np.repeat(spend0[kept][:, None],
                                                                       lever_values.horizon_years, axis=1))
    assert np.allclose(result.cohort["charge"][kept], 0) and np.allclose(result.cohort["diverted"][kept], 0)
    no_cohort = ~result.devolved.any(axis=1)
    assert np.allclose(result.area["local_net"][no_cohort], 0) and np.allclose(result.area["budget"][no_cohort], 0)


@settings(max_examples=100, deadline=None)
@given(runs())
def test_backfill_never_changes_what_the_local_area_pays(case):
    base, lever_values, devolution = case
    none = run(base, lever_values.replace(backfill_share=0.0), devolution)
    full = run(base, lever_values.replace(backfill_share=1.0), devolution)
    assert np.allclose(none.area["local_net"], full.area["local_net"], rtol=1e-9, atol=1e-3)
    assert (full.area["centre_net"] <= none.area["centre_net"] + 1e-3 + 1e-9 * np.abs(none.area["centre_net"])).all()


@settings(max_examples=60, deadline=None)
@given(baselines(), st.integers(0, 10), st.integers(1, 5), st.integers(1, 10), st.integers(1, 15))
def test_no_policy_change_means_baseline_spend_whatever_the_formula(base, lag, average, review, horizon):
    result = run(base, Levers(lag_years=lag, average_years=average, review_years=review, horizon_years=horizon,
                              upfront_share=0.0, youth_places_commissioned=0))
    assert np.allclose(result.area["custody_spend"], result.baseline_spend[:, None])
    # Averaging equal years in floating point leaves rounding far below a penny in a billion.
    assert np.allclose(result.area["local_net"], 0, atol=1e-6 + 1e-12 * base.spend.sum())


@settings(max_examples=60, deadline=None)
@given(levers())
def test_any_valid_scenario_survives_a_file_round_trip(lever_values):
    scenario = Scenario("Round trip", lever_values, devolution=Devolution(("women",), ("E23000001",)))
    assert loads(dumps(scenario)).key() == scenario.key()
