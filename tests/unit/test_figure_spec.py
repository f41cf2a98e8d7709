"""Figures from a finished spec: validated in the tests, identical whether validated or not."""
from __future__ import annotations

import json

import plotly.io as pio
import pytest

from figures import figure_spec
from figures.scenario import boundary_map, scenario_map, sensitivity_figure, trajectory_figure
from geo.atlas import load_atlas
from scenario.baseline import national_baseline
from scenario.model import run
from scenario.presets import opening_scenario
from scenario.sensitivity import sensitivity


def test_the_tests_validate_every_figure_and_a_bad_property_is_refused():
    assert figure_spec.CHECK
    with pytest.raises(ValueError, match="bogus"):
        figure_spec.figure_from_spec({"data": [{"type": "scatter", "bogus": 1}], "layout": {}})


def _what_if_figures() -> list:
    atlas = load_atlas(progress=None)
    scenario = opening_scenario()
    baseline = national_baseline()
    result = run(baseline, scenario.levers, scenario.devolution)
    strip = sensitivity(baseline, scenario.levers, scenario.devolution, current=result)
    crcs = atlas.block_table.drop_duplicates("police_force_area").set_index("police_force_area")["crc"]
    proposed = crcs.copy()
    proposed.iloc[0] = proposed.iloc[-1]
    return [trajectory_figure({"This scenario": result}, "local_net"), sensitivity_figure(strip, "local_net"),
            scenario_map(atlas, "police_force_area", result, "local_net"), boundary_map(atlas, proposed, crcs, {})]


def test_a_figure_taken_unvalidated_is_the_figure_validated(monkeypatch):
    validated = [json.loads(pio.to_json(figure, validate=False)) for figure in _what_if_figures()]
    monkeypatch.setattr(figure_spec, "CHECK", False)
    taken = [json.loads(pio.to_json(figure, validate=False)) for figure in _what_if_figures()]
    assert taken == validated
