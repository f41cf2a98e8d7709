"""Funnel-plot control limits pinned against hand-computed values."""
from __future__ import annotations

import pytest

from indicators.funnel import SMALL_COHORT, Z95, Z998, classify, funnel_lines, is_small, limits


def test_z_values_are_the_two_sided_95_and_99_8_percent_points():
    from statistics import NormalDist
    assert Z95 == pytest.approx(NormalDist().inv_cdf(0.975), abs=1e-6)
    assert Z998 == pytest.approx(NormalDist().inv_cdf(0.999), abs=1e-6)


def test_limits_match_hand_computed_values():
    # p0 = 0.25, n = 400: sqrt(0.25 * 0.75 / 400) = 0.0216506; x 1.959964 = 0.0424344; x 3.090232 = 0.0669054
    low, high = limits(0.25, 400, Z95)
    assert (float(low), float(high)) == pytest.approx((0.2075656, 0.2924344), abs=1e-7)
    low, high = limits(0.25, 400, Z998)
    assert (float(low), float(high)) == pytest.approx((0.1830946, 0.3169054), abs=1e-7)
    # p0 = 0.40, n = 2500: sqrt(0.24 / 2500) = 0.0097980; x 1.959964 = 0.0192037
    low, high = limits(0.40, 2500, Z95)
    assert (float(low), float(high)) == pytest.approx((0.3807963, 0.4192037), abs=1e-7)


def test_limits_are_clipped_to_zero_and_one():
    low, high = limits(0.1, 20, Z998)  # 0.1 -/+ 3.090232 * 0.0670820 = -0.1073 .. 0.3073
    assert float(low) == 0.0 and float(high) == pytest.approx(0.3073, abs=1e-4)


def test_funnel_narrows_as_cohorts_grow():
    lines = funnel_lines(0.3, 50, 5000)
    widths = lines["upper_95"] - lines["lower_95"]
    assert widths.is_monotonic_decreasing
    assert (lines["upper_998"] >= lines["upper_95"]).all() and (lines["lower_998"] <= lines["lower_95"]).all()


def test_classify_against_the_limits():
    # p0 = 25%, n = 400: 95% upper 29.24%, 99.8% upper 31.69%.
    assert classify(29.0, 400, 0.25) == "within limits"
    assert classify(30.0, 400, 0.25) == "above 95% limit"
    assert classify(32.0, 400, 0.25) == "above 99.8% limit"
    assert classify(20.0, 400, 0.25) == "below 95% limit"
    assert classify(18.0, 400, 0.25) == "below 99.8% limit"
    assert classify(float("nan"), 400, 0.25) == "no data"


def test_small_cohorts_are_flagged_and_bad_inputs_refused():
    assert is_small(SMALL_COHORT - 1) and not is_small(SMALL_COHORT) and not is_small(float("nan"))
    with pytest.raises(ValueError):
        limits(1.5, 100, Z95)
    with pytest.raises(ValueError):
        limits(0.5, 0, Z95)
