"""Property tests: totals are sums over areas, nothing goes negative, money adds up between area and centre."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario.baseline import Baseline
from scenario.model import AREA_METRICS, run
from scenario.parameters import PARAMETERS, Levers
from scenario.persistence import Scenario, dumps, loads


@st.composite
def baselines(draw):
    areas, cohorts = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    def grid(low, high):
        return np.array(draw(st.lists(st.floats(low, high), min_size=areas * cohorts,
                                      max_size=areas * cohorts))).reshape(areas, cohorts)
    return Baseline("own_area", "generated", "test", tuple(f"A{i}" for i in range(areas)),
                    tuple(f"Area {i}" for i in range(areas)), ("short_sentence", "women", "young_adults")[:cohorts],
                    grid(0, 1e5), grid(0, 3), grid(0, 1e5), grid(0, 1))


@st.composite
def levers(draw):
    values = {}
    for p in PARAMETERS:
        if p.name in ("lag_years", "clawback_review_year", "horizon_years", "ramp_years"):
            values[p.name] = draw(st.integers(int(p.minimum), int(p.maximum)))
        else:
            values[p.name] = draw(st.floats(p.minimum, p.maximum))
    return Levers.from_dict(values)


@settings(max_examples=150, deadline=None)
@given(baselines(), levers())
def test_totals_are_sums_over_areas_and_nothing_is_negative(base, lever_values):
    result = run(base, lever_values)
    totals = result.totals()
    for metric in AREA_METRICS:
        assert np.allclose(totals[metric], result.area[metric].sum(axis=0)), metric
    for metric in ("receptions", "diverted", "places", "bed_nights", "custody_spend", "community_cost"):
        assert (result.cohort[metric] >= 0).all(), metric
    for metric in ("budget", "upfront", "clawback", "reinvested"):
        assert (result.area[metric] >= 0).all(), metric
    assert ((result.cohort["reoffending_rate"] >= 0) & (result.cohort["reoffending_rate"] <= 1)).all()
    assert len(totals) == lever_values.horizon_years


@settings(max_examples=100, deadline=None)
@given(baselines(), levers())
def test_area_and_centre_share_exactly_the_system_saving(base, lever_values):
    result = run(base, lever_values)
    saving = lever_values.marginal_cost_share * (result.baseline_spend[:, None] - result.area["custody_spend"])
    expected = saving - result.area["community_cost"]
    assert np.allclose(result.area["local_net"] + result.area["centre_net"], expected, rtol=1e-9, atol=1e-3)


@settings(max_examples=60, deadline=None)
@given(baselines(), st.integers(0, 10), st.integers(1, 15))
def test_no_policy_change_means_baseline_spend_whatever_the_formula(base, lag, horizon):
    result = run(base, Levers(lag_years=lag, horizon_years=horizon, upfront_share=0.0))
    assert np.allclose(result.area["custody_spend"], result.baseline_spend[:, None])
    assert np.allclose(result.area["local_net"], 0, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(levers())
def test_any_valid_scenario_survives_a_file_round_trip(lever_values):
    scenario = Scenario("Round trip", lever_values)
    assert loads(dumps(scenario)).key() == scenario.key()
