"""Hand-worked cases for the inputs that drive the headline: who pays for the alternatives, what the budget does
after the lag, the savings share, the youth place cost and the uncertainty in time served and receptions."""
from __future__ import annotations

import numpy as np
import pytest

from scenario.baseline import Baseline, national_baseline
from scenario.funding import savings_share_payment
from scenario.model import run
from scenario.parameters import Levers


def one_area() -> Baseline:
    """1,000 receptions a year, half a year each, £40,000 a prisoner: 500 places, £20m a year."""
    return Baseline("own_area", "test area", "hand-worked", ("A",), ("Area A",), ("short_sentence",),
                    np.array([[1000.0]]), np.array([[0.5]]), np.array([[40000.0]]), np.array([[0.6]]))


# 20% diverted at once: 800 received, 400 held, £16m charged; 200 alternatives at £5,000 = £1m a year.
# The public purse saves £20m - £16m - £1m = £3m a year whoever pays: £12m over four years.
DIVERT = {"diversion_share": 0.2, "ramp_years": 1, "community_cost_per_diversion": 5000, "horizon_years": 4,
          "lag_years": 1, "backfill_share": 0.0, "marginal_cost_share": 1.0}


def totals(levers: Levers) -> tuple[float, float, float]:
    result = run(one_area(), levers)
    return tuple(float(result.area[m].sum()) for m in ("local_net", "centre_net", "system_saving"))


def test_alternatives_paid_centrally_leave_the_area_its_lagged_saving():
    # Budget £20m in year 1 (the baseline), then £16m: the area keeps £4m once; the centre pays the alternatives.
    local, centre, system = totals(Levers(**DIVERT, alternatives_paid_locally=0))
    assert (local, centre, system) == pytest.approx((4e6, 8e6, 12e6))


def test_alternatives_paid_locally_cost_the_area_every_year_after_the_lag():
    # Year 1: 20 - 16 - 1 = £3m; then 16 - 16 - 1 = -£1m a year: £0 over four years.
    local, centre, system = totals(Levers(**DIVERT, alternatives_paid_locally=1))
    assert (local, centre, system) == pytest.approx((0.0, 12e6, 12e6))


def test_a_budget_held_at_today_keeps_the_saving_with_the_area_for_good():
    # £20m every year against £16m charged: £4m a year; the centre pays £20m + £16m running + £1m, gets £16m back.
    local, centre, system = totals(Levers(**DIVERT, budget_rule=1))
    assert (local, centre, system) == pytest.approx((16e6, -4e6, 12e6))


def test_the_savings_share_pays_half_the_cashable_saving_past_the_threshold_up_to_the_cap():
    # Demand falls 20%: half of (1.0 x 20% x £20m) = £2m a year to the area; the centre keeps £1m a year.
    local, centre, system = totals(Levers(**DIVERT, budget_rule=2))
    assert (local, centre, system) == pytest.approx((8e6, 4e6, 12e6))
    # Counted only up to a 10% fall: £1m a year; a 25% threshold is not reached: nothing.
    assert totals(Levers(**DIVERT, budget_rule=2, savings_cap=0.1))[0] == pytest.approx(4e6)
    assert totals(Levers(**DIVERT, budget_rule=2, savings_threshold=0.25))[0] == 0.0
    # At a 65% marginal cost the cashable saving, and so the payment, is 65% as large.
    assert savings_share_payment(np.array([20e6]), np.array([16e6]), 0.65, 0.5, 0.05, 0.2)[0] == pytest.approx(1.3e6)


def test_young_offenders_are_costed_at_the_youth_place_cost_unless_typed():
    national = national_baseline()
    youth = national.cohorts.index("young_offenders")
    result = run(national, Levers(youth_place_cost=100000))
    places = national.receptions[0, youth] * national.time_served_years[0, youth]
    assert result.cohort["custody_spend"][0, youth, 0] == pytest.approx(places * 100000)
    typed = Baseline("own_area", "typed", "typed", ("A",), ("A",), ("young_offenders",), np.array([[10.0]]),
                     np.array([[0.5]]), np.array([[150000.0]]), np.array([[0.6]]))
    assert run(typed, Levers(youth_place_cost=100000)).baseline_spend[0] == pytest.approx(10 * 0.5 * 150000)


def test_time_served_and_estimated_receptions_scale_today_spend_counted_cohorts_stay_counted():
    national = national_baseline()
    base = run(national, Levers())
    spend = base.cohort["custody_spend"][0, :, 0]
    scaled = run(national, Levers(time_served_scale=1.09, receptions_scale=0.92)).cohort["custody_spend"][0, :, 0]
    women = national.cohorts.index("women")
    factors = [1.09 if c == "women" else 1.09 * 0.92 for c in national.cohorts]
    assert scaled.tolist() == pytest.approx((spend * factors).tolist())
    assert national.receptions[0, women] == 5738  # counted, never scaled
