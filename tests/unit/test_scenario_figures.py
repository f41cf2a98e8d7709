"""Scenario figures: the sensitivity strip tells settings apart by shape and says when an assumption has no effect."""
from __future__ import annotations

import numpy as np

from figures.scenario import comparison_table, scenario_map, sensitivity_figure, sensitivity_table, setting_words
from geo.atlas import load_atlas
from scenario.baseline import Baseline, national_baseline
from scenario.devolution import Devolution
from scenario.model import OUTPUT_STATUS, run
from scenario.parameters import Levers
from scenario.presets import PRESETS
from scenario.sensitivity import sensitivity


def _area() -> Baseline:
    one = np.array([[1.0]])
    return Baseline("own_area", "test", "hand-worked", ("A",), ("Area A",), ("short_sentence",), one * 1000,
                    one * 0.5, one * 40000, one * 0.6)


def test_the_strip_marks_this_scenario_by_shape_and_names_assumptions_without_effect():
    levers = PRESETS["preset:package"].levers
    strip = sensitivity(_area(), levers)
    figure = sensitivity_figure(strip, "local_net")
    assert all(len(line) <= 40 for trace in figure.data for line in trace.y[0].split("<br>"))  # rows wrap
    rows = {trace.y[0].replace("<br>", " ") for trace in figure.data}
    assert any(r.startswith("Freed places backfilled") and r.endswith("no effect on this headline") for r in rows)
    markers = [t for t in figure.data if "markers" in t.mode]
    assert all(set(t.marker.symbol) <= {"diamond", "circle-open"} for t in markers)
    assert sum(list(t.marker.symbol).count("diamond") for t in markers) == len(set(strip["assumption"]))
    centre = sensitivity_figure(strip, "centre_net")
    assert not any("Freed places backfilled" in t.y[0].replace("<br>", " ") and "no effect" in t.y[0].replace("<br>", " ")
                   for t in centre.data)
    labelled = [t for t in centre.data if "text" in t.mode]
    assert labelled and all(t.cliponaxis is False for t in labelled)  # a setting at the axis's end is not cut
    said = {text for t in labelled for text in t.text}
    assert {"low 0%", "high 100%"} <= said and not any(text.endswith(("0.25", "1400")) for text in said)
    assert setting_words(1400.0, "£ per person diverted") == "£1,400" and setting_words(0.87, "multiple") == "x0.87"
    table = sensitivity_table(strip)
    assert {"Assumption", "Status", "Setting", "Local net position over the horizon"} <= set(table.columns)


def test_the_comparison_says_staged_or_all_and_the_status_of_its_numbers():
    base = _area()
    table = comparison_table({"full": run(base, PRESETS["preset:package"].levers),
                              "none": run(base, PRESETS["preset:package"].levers, Devolution(cohorts=()))})
    assert table["Devolved"].tolist() == ["all", "staged"] and table["Status"].eq(OUTPUT_STATUS).all()
    assert "Saving to the public purse" in table.columns


def test_an_all_zero_result_is_mapped_on_a_readable_scale_not_ticks_of_zero_pounds():
    result = run(national_baseline(), Levers())  # no lever moved: nothing changes against today
    figure = scenario_map(load_atlas(progress=None), "police_force_area", result, "local_net")
    trace = figure.to_dict()["data"][0]
    assert (trace["zmin"], trace["zmax"]) == (-500_000, 500_000)
    assert len(set(trace["colorbar"]["ticktext"])) == len(trace["colorbar"]["ticktext"])  # no '£0' twice
