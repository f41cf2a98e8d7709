"""Board-pack views: takeaways drawn from the atlas, bad places refused, safe file names and formula-safe CSV."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from exports import board_views
from exports.board_views import available_views, landscape_view, place_view, to_slide
from indicators.csv_safety import safe_csv_bytes
from ui.exports import file_stem


def test_landscape_takeaway_counts_come_from_the_atlas(atlas):
    content = landscape_view(atlas, {})
    for layer_id in board_views.LANDSCAPE_LAYERS[:-1]:
        assert f"{len(atlas.layer_areas(layer_id))} " in content.takeaway
    assert f"{len(atlas.layer_areas('combined_authority')) - 1} combined authorities and the GLA" in content.takeaway
    assert f"overlay {len(atlas.layer_areas('council'))} councils" in content.takeaway  # today's, not 2013-19
    assert board_views.LANDSCAPE_LAYERS == ["police_force_area", "probation_region", "lcjb_area", "cps_area",
                                            "combined_authority"]
    assert not any(layer in board_views.LANDSCAPE_LAYERS for layer in ("crc", "nps_division", "district"))
    assert list(content.table["Number of areas"]) == [43, 12, 40, 13, 16, 318]
    assert [entry.dash_label for entry in content.legend] == ["solid", "dash-dot", "dotted", "short dash", "solid"]


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
    back = pd.read_csv(io.BytesIO(safe_csv_bytes(table)), dtype=str)
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


def test_scenario_view_shows_the_given_scenario_by_the_page_s_own_run_net_positions_first(atlas, monkeypatch):
    from exports.board_views import scenario_view
    from formatting.numbers import signed_money
    from indicators.store import IndicatorStore
    from scenario.baseline import national_baseline
    from scenario.devolution import Devolution
    from scenario.headline import net_positions
    from scenario.model import run
    from scenario.parameters import Levers
    from scenario.persistence import Scenario, dumps
    from scenario.uncertainty import band

    monkeypatch.setattr(board_views, "pack_store", IndicatorStore.bundled)  # no saved imports in this test
    opening = scenario_view(atlas, {})  # nothing handed in: the What if page's opening scenario, said illustrative
    assert opening.title == "What if: The project's illustrative package" and "Illustrative" in opening.sources
    assert "in 42 police force areas" in opening.sources
    assert opening.takeaway.startswith("Over 10 years against today: public purse ")
    mine = Scenario("Board option B", Levers(diversion_share=0.3, lag_years=2), "national",
                    devolution=Devolution(cohorts=("short_sentence", "women")))
    content = scenario_view(atlas, {"scenario": dumps(mine)})
    result = run(national_baseline(), mine.levers, mine.devolution)
    positions = net_positions(result, band(national_baseline(), mine.levers, mine.devolution))
    assert content.title == "What if: Board option B" and "illustration" not in content.sources
    assert list(content.table["Net position"]) == ["Public purse", "Local areas", "Centre"]
    assert list(content.table["Over 10 years"]) == [p.shown for p in positions]
    assert signed_money(positions[0].low) in content.takeaway and positions[1].shown in content.takeaway
    assert "(not young offenders)" in content.sources and "2007-09" in content.sources and content.print_table


def test_reoffending_and_custody_views_show_only_sourced_figures(atlas, monkeypatch):
    from exports.board_views import custody_cost_view, reoffending_view
    from indicators.store import IndicatorStore

    monkeypatch.setattr(board_views, "pack_store", IndicatorStore.bundled)  # no saved imports in this test
    reoffending = reoffending_view(atlas, {})
    shown = len(reoffending.figure.data[-1].z)
    # the real regional series (MoJ overview data tool), never a fragment (Cambridgeshire 2008, the 1992 table)
    assert reoffending.title == "Reoffending by area: Proven reoffending rate (adults), Apr 2019 to Mar 2020"
    assert shown == 9 and "published for 9 of 10 regions" in reoffending.takeaway
    assert "Wales is not in the source" in reoffending.takeaway
    assert reoffending.sources.startswith("Proven reoffending statistics, January to March 2020")
    assert "Source:" not in reoffending.sources and "Grey with a dashed edge: no data" in reoffending.sources
    assert "python -m indicators" not in reoffending.sources and "Download" not in reoffending.sources
    custody = custody_cost_view(atlas, {})
    assert custody.takeaway.startswith("Overall cost per prisoner: £")
    assert "conflict" in custody.sources and set(custody.table["source_id"]) >= {"hmpps_costs_2016_17_via_blog"}


def test_reoffending_view_opens_on_imported_proven_reoffending(atlas, monkeypatch):
    from indicators.store import IndicatorStore

    # Made-up figures for this test only: adults in every force area (Cleveland highest, West Midlands lowest)
    # and England and Wales, more recent than the bundled regions.
    period = "Jan 2099 to Mar 2099"
    forces = atlas.layer_areas("police_force_area")["area_code"]
    made_up = [(code, "police_force_area", 25.0, 25.0, 100.0) for code in forces
               if code not in ("E23000013", "E23000014")]
    made_up += [("E23000013", "police_force_area", 30.0, 30.0, 100.0), ("E23000014", "police_force_area", 20.0, 40.0, 200.0),
                ("K04000001", "national", 26.0, None, None)]
    frame = pd.DataFrame([{"area_code": code, "layer": layer, "period": period, "indicator": "proven_reoffending_rate",
                           "breakdown": "Adult", "value": value, "numerator": n, "denominator": d,
                           "source_id": "test_prsq"} for code, layer, value, n, d in made_up])
    sources = [{"source_id": "test_prsq", "title": "Test PRSQ", "publisher": "tests", "vintage": "2099",
                "licence": "n/a"}]
    monkeypatch.setattr(board_views, "pack_store", lambda: IndicatorStore.bundled().with_extra(frame, sources))
    content = board_views.reoffending_view(atlas, {})
    assert content.title == f"Reoffending by area: Proven reoffending rate (adults), {period}"
    assert content.takeaway == (f"Proven reoffending rate (adults), {period}, published for 43 of 43 police force areas: "
                                "highest Cleveland (30.0%), lowest West Midlands (20.0%); England and Wales 26.0%.")
    assert "Test PRSQ" in content.sources and "Missing" not in content.sources


def test_women_custody_view_takeaway_matches_the_published_compilation(atlas):
    from geo.locations import sources_dir
    from indicators import bundled_custody

    folder = sources_dir() / bundled_custody.FOLDER
    if not (folder / bundled_custody.COUNTS).exists():
        pytest.skip("needs ../shared/data/sources/custody_by_area")
    # Read the compilation's own CSVs here, without the store, to check the view's numbers.
    counts = pd.read_csv(folder / bundled_custody.COUNTS).set_index("pfa")
    short = pd.read_csv(folder / bundled_custody.UNDER_6_MONTHS).set_index("pfa")
    rates = pd.read_csv(folder / bundled_custody.RATES).set_index("pfa")
    latest = max(c for c in counts.columns if c.isdigit())
    content = board_views.women_custody_view(atlas, {})
    assert latest == "2024" and content.title == "Women sentenced to immediate custody by force area, 2024"
    total, under_6 = counts[latest].sum(), short[latest].sum()
    assert content.takeaway.startswith(f"{total:,.0f} women were sentenced to immediate custody in 2024 at courts "
                                       f"in the {len(counts)} force areas with a figure")
    assert f"{under_6:,.0f} of them ({under_6 / total:.0%}) for under 6 months" in content.takeaway
    top = rates[latest].idxmax()
    assert f"Highest rate: {top}, {rates.at[top, latest]:,.1f} per 100,000 adult women." in content.takeaway
    assert len(content.figure.data[-1].locations) == 42 and list(content.figure.data[0].locations) == ["E23000034"]
    assert (content.table["Value"] != "no data").sum() == 42
    for words in ("Prison Reform Trust", "sentencing court", "2017 is flagged as suspect", "never mixed",
                  "City of London", "Metropolitan Police row"):
        assert words in content.sources
    assert "**" not in content.sources


def test_women_custody_view_follows_reoffending_and_prints(atlas):
    from exports.board_pack import board_pack_pdf

    views, _ = available_views()
    ids = [view.id for view in views]
    assert ids.index("women_custody") == ids.index("reoffending") + 1
    view = next(v for v in views if v.id == "women_custody")
    assert view.title == "Women sentenced to immediate custody by force area"
    pdf = board_pack_pdf([to_slide(view.build(atlas, {"place": "Bournemouth"}), None)])
    assert pdf.startswith(b"%PDF")
