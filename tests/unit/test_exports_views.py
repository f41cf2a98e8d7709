"""Board-pack views: takeaways drawn from the atlas, bad places refused, safe file names and formula-safe CSV."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from exports import board_views
from exports.board_views import available_views, landscape_view, place_view, to_slide
from ui.exports import csv_bytes, file_stem


def test_landscape_takeaway_counts_come_from_the_atlas(atlas):
    content = landscape_view(atlas, {})
    for layer_id in board_views.LANDSCAPE_LAYERS:
        assert f"{len(atlas.layer_areas(layer_id))} " in content.takeaway
    assert f"{len(atlas.layer_areas('district'))} districts" in content.takeaway
    assert list(content.table["Number of areas"]) == [len(atlas.layer_areas(i)) for i in board_views.LANDSCAPE_LAYERS]
    assert [entry.dash_label for entry in content.legend] == ["solid", "long dash", "dotted"]


def test_place_view_counts_the_bodies_in_the_stack(atlas):
    from geo.stack import resolve, stack

    content = place_view(atlas, {"place": "E23000013"})
    rows = [r for r in stack(atlas, resolve(atlas, "E23000013")) if r["bodies"] and r["layer"] != "district"]
    assert content.title == "The place stack: Cleveland"
    assert f"served by {sum(len(r['bodies']) for r in rows)} bodies across {len(rows)} layers" in content.takeaway
    slide = to_slide(content, None)
    assert slide.table[0] == list(content.table.columns) and len(slide.table) == len(content.table) + 1


@pytest.mark.parametrize("place", ["Nowhereshire", "<script>alert(1)</script>", "ZZ99 9ZZ"])
def test_place_view_refuses_unknown_places_with_a_lookup_error(atlas, place):
    with pytest.raises(LookupError):
        place_view(atlas, {"place": place})


def test_available_views_lists_built_ins_first_and_survives_a_broken_module(monkeypatch):
    views, problems = available_views()
    ids = [v.id for v in views]
    assert ids[:2] == ["landscape", "place"] and len(ids) == len(set(ids))
    real_import = board_views.importlib.import_module

    def broken(name):
        if name == "figures.place_stack":
            raise RuntimeError("boom")
        return real_import(name)

    monkeypatch.setattr(board_views.importlib, "import_module", broken)
    views_after, problems_after = available_views()
    assert any("figures.place_stack" in p and "boom" in p for p in problems_after)
    assert [v.id for v in views_after] == ids


def test_file_stem_keeps_only_safe_characters():
    assert file_stem("stack_E23000013") == "stack_E23000013"
    assert file_stem("<script>alert(1)</script>/../x") == "script_alert_1_script_x"
    assert file_stem("///") == "patchwork"


def test_csv_export_neutralises_formula_cells_and_keeps_numbers():
    table = pd.DataFrame({"Body": ["=HYPERLINK(\"http://x\",\"y\")", "+cmd", "@SUM(A1)", "-2+3", "Dorset"],
                          "Value": [1, 2, 3, 4, 5], "Text number": ["-3.5", "+2", "7", "x", "y"]})
    back = pd.read_csv(io.BytesIO(csv_bytes(table)), dtype=str)
    assert list(back["Body"]) == ["'=HYPERLINK(\"http://x\",\"y\")", "'+cmd", "'@SUM(A1)", "'-2+3", "Dorset"]
    assert list(back["Value"]) == ["1", "2", "3", "4", "5"]
    assert list(back["Text number"]) == ["-3.5", "+2", "7", "x", "y"]


def test_coterminosity_and_timeline_views_carry_real_measures(atlas):
    from exports.board_views import available_views, coterminosity_view, reform_timeline_view

    ids = [view.id for view in available_views()[0]]
    assert ids.index("coterminosity") > ids.index("place") and "reform_timeline" in ids
    content = coterminosity_view(atlas, {})
    assert content.takeaway.startswith("Of 21 CRCs, 7 sit wholly inside one police force area")
    assert len(content.table) == 21 and content.figure is not None
    timeline = reform_timeline_view(atlas, {})
    assert {"2005-2008", "2014-2021", "2021-"} <= set(timeline.table["era"])


def test_scenario_view_reports_the_model_against_its_baseline(atlas):
    from exports.board_views import BOARD_SCENARIO, scenario_view
    from scenario.baseline import national_baseline
    from scenario.model import run

    content = scenario_view(atlas, {})
    result = run(national_baseline(), BOARD_SCENARIO[1])
    assert content.takeaway.startswith("Custody places in year 10")
    assert f"{result.totals()['places'].iloc[-1]:,.0f}" in content.takeaway
    assert "National totals" in content.sources and len(content.table) == BOARD_SCENARIO[1].horizon_years


def test_reoffending_and_custody_views_show_only_sourced_figures(atlas):
    from exports.board_views import custody_cost_view, reoffending_view

    reoffending = reoffending_view(atlas, {})
    shown = int(reoffending.figure.data[-1].z is not None and len(reoffending.figure.data[-1].z))
    assert f"for {shown} of 43 police force areas" in reoffending.takeaway
    assert "Source:" in reoffending.sources and "Grey with a dashed edge: no data" in reoffending.sources
    custody = custody_cost_view(atlas, {})
    assert custody.takeaway.startswith("Overall cost per prisoner: £")
    assert "conflict" in custody.sources and set(custody.table["source_id"]) >= {"hmpps_costs_2016_17_via_blog"}
