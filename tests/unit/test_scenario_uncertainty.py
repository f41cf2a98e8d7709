"""The joint uncertainty band, breakeven statements, the coverage line and the scenario command."""
from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings

from scenario.baseline import Baseline, national_baseline
from scenario.cli import main
from scenario.coverage import caveats, coverage_line, devolved_budget
from scenario.devolution import Devolution
from scenario.model import run, run_draws
from scenario.parameters import Levers
from scenario.persistence import Scenario, dumps
from scenario.uncertainty import UNCERTAIN, band, breakeven, breakeven_value, drawn_values, draws, input_range
from tests.unit.test_scenario_properties import runs


def one_area() -> Baseline:
    """500 places at £40,000: £20m a year; 20% diverted frees 100 places (£4m)."""
    return Baseline("own_area", "test area", "hand-worked", ("A",), ("Area A",), ("short_sentence",),
                    np.array([[1000.0]]), np.array([[0.5]]), np.array([[40000.0]]), np.array([[0.6]]))


DIVERT = {"diversion_share": 0.2, "ramp_years": 1, "horizon_years": 4, "lag_years": 1}


def test_draws_are_seeded_reproducible_and_inside_each_logged_range():
    first, again, other = drawn_values(50, 7), drawn_values(50, 7), drawn_values(50, 8)
    for name in UNCERTAIN:
        low, high = input_range(name)
        assert np.array_equal(first[name], again[name]) and not np.array_equal(first[name], other[name])
        assert ((first[name] >= low) & (first[name] <= high)).all(), name
    assert input_range("marginal_cost_share") == (0.25, 1.0) and input_range("youth_place_cost") == (65000, 212000)


def test_the_band_run_all_at_once_equals_the_draws_run_one_by_one():
    base, levers = national_baseline(), Levers(**DIVERT, reoffending_change=-0.1)
    found = band(base, levers, count=20, seed=3)
    one_by_one = [run(base, drawn) for drawn in draws(levers, 20, 3)]
    for name in ("system_saving", "local_net", "centre_net"):
        assert found.totals[name] == pytest.approx([r.area[name].sum() for r in one_by_one])
    low, high = found.interval("system_saving")
    assert low <= np.median(found.totals["system_saving"]) <= high
    assert found.fan("local_net")[0].shape == (4,)


@settings(max_examples=60, deadline=None)
@given(runs())
def test_local_plus_centre_is_the_system_saving_in_every_draw(case):
    base, levers, devolution = case
    area = run_draws(base, levers, drawn_values(8, 1), devolution)
    assert np.allclose(area["local_net"] + area["centre_net"], area["system_saving"], rtol=1e-9, atol=1e-3)


def test_breakeven_values_hand_worked():
    # Saving a year = m x (£4m freed - b x £4m refilled) - 200 diverted x c.
    base = one_area()
    at = Levers(**DIVERT, community_cost_per_diversion=10000, backfill_share=0.0)
    assert breakeven_value(base, at, None, "marginal_cost_share") == pytest.approx(0.5)  # 4m x m = 2m
    at = Levers(**DIVERT, community_cost_per_diversion=5000, marginal_cost_share=1.0)
    assert breakeven_value(base, at, None, "backfill_share") == pytest.approx(0.75)  # 4 - 4b = 1
    at = Levers(**DIVERT, marginal_cost_share=0.5, backfill_share=0.6)
    assert breakeven_value(base, at, None, "community_cost_per_diversion") == pytest.approx(4000)  # 0.8m / 200
    words = breakeven(base, at, found=band(base, at, count=10))
    assert "only if a community alternative costs less than £4,000 (set: £4,200)" in words[1]
    assert words[-1].startswith("Across 10 joint draws")
    # £1m saved at m = 1 and no backfill: the public purse gains at any alternative cost in the logged range.
    assert "gains whatever" in breakeven(base, Levers(**DIVERT, marginal_cost_share=1.0, backfill_share=0.0))[1]


def test_one_coverage_line_says_cohorts_years_estimate_and_share_of_ippr_budget():
    national = national_baseline()
    line = coverage_line(run(national, Levers()))
    assert line.startswith("Covers short sentences under 24 months, women and young offenders in England and Wales")
    assert "women 2024" in line and "100% of IPPR's" in line
    staged = run(national, Levers(), Devolution(cohorts=("short_sentence",)))
    budget = devolved_budget(staged)
    assert budget["short_sentence"] > 0 and budget["women"] == 0 == budget["young_offenders"]
    assert "(not women, young offenders)" in coverage_line(staged) and "100% of the devolved budget" in coverage_line(
        staged)
    assert caveats(run(national, Levers()), "a", "a", "b (source ids x_y)") == ["a", "b"]


def test_the_command_runs_the_opening_scenario_and_a_saved_file(tmp_path, capsys):
    assert main(["run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in out["cohorts"]] == ["short_sentence", "women", "young_offenders"]
    assert [c["estimated"] for c in out["cohorts"]] == [True, False, True]
    assert out["illustrative"].startswith("Showing the project's illustrative package")
    totals = out["totals"]
    assert totals["local"] + totals["centre"] == pytest.approx(totals["system"])
    assert out["interval"]["system"][0] <= out["interval"]["system"][1] and len(out["per_area"]) == 42
    assert sum(a["system"] for a in out["per_area"]) == pytest.approx(totals["system"])
    # IPPR's under-24-month cohort alone carries a budget.
    alone = Scenario("Short sentences alone", Levers(diversion_share=0.2), "national",
                     devolution=Devolution(cohorts=("short_sentence",)))
    path = tmp_path / "alone.json"
    path.write_text(dumps(alone))
    assert main(["run", str(path), "--json"]) == 0
    cohorts = {c["id"]: c["devolved_budget"] for c in json.loads(capsys.readouterr().out)["cohorts"]}
    assert cohorts["short_sentence"] > 5e8 and cohorts["women"] == 0
    path.write_text("{not json")
    assert main(["run", str(path)]) == 2 and "Cannot run the scenario" in capsys.readouterr().err


def test_source_ids_in_a_method_become_the_sources_titles_and_unknown_ones_are_left_out():
    from scenario.coverage import sources_in_words

    titles = {"prt_women": "Women sentenced to immediate custody (Prison Reform Trust)", "moj_x": "MoJ table X"}
    text = "receptions from the store (source ids prt_women, moj_x). Then (source id gone_upload) more."
    said = sources_in_words(text, titles)
    assert said == ("receptions from the store (source: Women sentenced to immediate custody (Prison Reform Trust); "
                    "MoJ table X). Then more.")
    assert "prt_women" not in said and "gone_upload" not in said
