"""AppTest: the what-if page's opening view, levers, baselines, link state, saving, comparing, estimate labelling,
board numbers and axes, and presentation mode."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

TIMEOUT = 60
PAGES = Path(__file__).resolve().parents[2] / "pages"


@pytest.fixture(autouse=True)
def private_store(monkeypatch, tmp_path):
    monkeypatch.setenv("PATCHWORK_SCENARIO_DB", str(tmp_path / "scenarios.sqlite3"))


def _page(**params) -> AppTest:
    """The page opened from a link with these parameters (none: a fresh visit, which opens on the preset)."""
    at = AppTest.from_file(str(PAGES / "70_what_if.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _plain(**params) -> AppTest:
    """The page from a link that names the baseline and moves no lever unless told (no opening preset)."""
    return _page(**{"baseline": "population_share", **params})


def _in_order(node):
    """Every element and block under node, in the order drawn."""
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _in_order(child)


def _name(at):
    return next(t for t in at.text_input if t.label == "Scenario name")


def _metrics(at) -> list[str]:
    return [m.value for m in at.metric]


def _summary(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("- Changed") or m.value.startswith("- No policy"))


def _figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _map(at) -> dict:
    return next(f for f in _figures(at) if f["data"] and f["data"][0]["type"] == "choroplethmap")


def _titled(at, words: str) -> dict:
    return next(f for f in _figures(at) if words in f["layout"].get("title", {}).get("text", ""))


def test_a_fresh_visit_opens_on_the_illustrative_preset_with_a_change_said_to_be_the_projects():
    at = _page()
    assert not at.exception
    assert at.slider(key="lever_diversion_share").value == 20 and at.slider(key="lever_reoffending_change").value == -10
    statement = next(m.value for m in at.markdown if m.value.startswith("**Baseline:**"))
    assert "the project's illustrative package" in statement and "not IPPR's figures" in statement
    assert "\n" not in statement  # one line
    # Net positions first (public purse, local areas, centre), then places with their change.
    assert [m.label for m in at.metric][:3] == ["Public purse, 10 years", "Local areas, 10 years", "Centre, 10 years"]
    places = at.metric[3]
    assert places.value != "23,963" and places.delta.endswith("places") and places.delta.startswith("-")
    intervals = next(m.value for m in at.markdown if m.value.startswith("**Public purse**"))
    assert "80% of draws between" in intervals and "**Local areas**" in intervals and "**Centre**" in intervals
    assert "Changed: 20% of custody receptions diverted" in _summary(at)
    assert _name(at).value == "The project's illustrative package"
    assert at.query_params["diversion_share"] == "0.2"  # the link reopens the same view
    # Women's cohort on the bundled real counts per force area, short sentences estimated, both said.
    assert at.radio(key="whatif_baseline").value == "store_and_estimate"
    assert at.query_params["baseline"] == "store_and_estimate"
    assert "ESTIMATED by population share" in statement
    # One line says what the run covers; no wall of warnings, no internal ids.
    covers = next(c.value for c in at.caption if c.value.startswith("Covers "))
    assert "short sentences under 24 months, women and young offenders in 42 police force areas" in covers
    assert "women 2024" in covers and "of IPPR's for England and Wales" in covers
    assert not at.warning and not at.info
    shown = " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption)])
    assert "prt_women_custody_by_pfa_cjs_dec2024" not in shown
    # Tables on screen too: the year-by-year totals give the method with its sources' titles, never their ids.
    tables = " ".join(d.value.to_csv() for d in at.dataframe)
    assert "prt_women_custody_by_pfa_cjs_dec2024" not in tables and '"diversion_share"' not in tables
    assert "source: Women sentenced to immediate custody by police force area" in tables
    assert "data/scenario" not in tables and ".txt" not in tables and "Where to find it" not in tables  # no files
    assert len(_map(at)["data"][0]["locations"]) == 43  # drawn by force area: the City with the Met


def test_nothing_changed_shows_no_delta_arrow_and_board_numbers():
    at = _plain()
    assert not at.exception
    assert [m.delta for m in at.metric] == ["", "", "", ""]  # delta=None: no arrow, no "+0"
    assert _metrics(at) == ["£0", "£0", "£0", "23,963"]
    assert "none moved from the defaults" in next(m.value for m in at.markdown if m.value.startswith("**Baseline:**"))


def test_axes_do_not_magnify_rounding_and_money_reads_in_board_words():
    places = _titled(_plain(), "Custody places in use")["layout"]["yaxis"]
    low, high = places["range"]
    assert high - low >= 0.1 * 23963 and places["tickformat"] == ",.0f"  # a flat line stays flat
    for figure in _figures(_page()):
        for axis in ("xaxis", "yaxis"):
            labels = figure["layout"].get(axis, {}).get("ticktext") or []
            assert not any("G" in label for label in labels)
            if "(£)" in figure["layout"].get("title", {}).get("text", "") and axis == "yaxis":
                assert labels and all(label.lstrip("-").startswith("£") for label in labels)


def test_defaults_show_the_baseline_labelled_as_an_estimate_with_a_map():
    at = _plain()
    assert not at.exception
    assert _metrics(at)[3] == "23,963"  # IPPR's three cohorts nationally, shared over 42 areas (City in the Met)
    assert "ESTIMATE" in next(m.value for m in at.markdown if m.value.startswith("**Baseline:**"))
    assert "No policy lever is moved" in _summary(at)
    figures = _figures(at)
    assert len(figures) == 6  # band, sensitivity strip, formula variants, places, second chart, map
    map_trace = _map(at)["data"][0]
    assert len(map_trace["locations"]) == 43
    assert _map(at)["layout"]["map"]["style"] == "white-bg"


def test_moving_a_lever_recalculates_and_writes_the_link():
    at = _plain()
    before = _metrics(at)
    at.slider(key="lever_diversion_share").set_value(30).run()
    after = _metrics(at)
    assert after[0] != before[0] and after[3] != before[3]
    assert "30% of custody receptions diverted" in _summary(at)
    assert at.query_params["diversion_share"] == "0.3"


def test_a_link_reopens_the_same_numbers_and_bad_values_are_noticed():
    first = _plain()
    first.slider(key="lever_diversion_share").set_value(25).run()
    first.slider(key="lever_lag_years").set_value(5).run()
    numbers = _metrics(first)
    again = _page(diversion_share="0.25", lag_years="5")
    assert _metrics(again) == numbers
    odd = _page(diversion_share="9", baseline="nonsense")  # a link with values: no opening preset
    assert _metrics(odd)[3] == "23,963"
    assert sum("not usable" in w.value or "unknown baseline" in w.value for w in odd.warning) == 2


def test_own_area_baseline_from_the_link_has_no_map_and_says_so():
    at = _page(baseline="own_area", own_name="Testshire", own_women="200,0.25,40000,0.5")
    assert not at.exception
    assert any("Testshire" in m.value for m in at.markdown if m.value.startswith("**Baseline:**"))
    assert _metrics(at)[3] == "50"  # 200 x 0.25 years
    assert len(_figures(at)) == 5 and not any(f["data"][0]["type"] == "choroplethmap" for f in _figures(at))
    assert at.number_input(key="own_women_receptions").value == 200
    # Hansard's £39,000 is a cost per prisoner (average population held), not per place: the form says so.
    labels = [n.label for n in at.number_input]
    assert "Cost per prisoner a year (£)" in labels and not any("per place" in label for label in labels)


def test_incomplete_own_area_figures_warn_and_fall_back_to_national():
    at = _page(baseline="own_area")
    assert any("cannot be used yet" in w.value for w in at.warning)
    assert _metrics(at)[3] == "23,963"


def test_saving_puts_the_id_in_the_link_and_the_id_reopens_it():
    at = _plain()
    at.slider(key="lever_diversion_share").set_value(40).run()
    _name(at).set_value("Board option A").run()
    at.button(key="whatif_save").click().run()
    assert any("Saved 'Board option A'" in s.value for s in at.success)
    saved = at.query_params["scenario"]
    numbers = _metrics(at)
    reopened = _page(scenario=saved)
    assert _metrics(reopened) == numbers
    assert _name(reopened).value == "Board option A"
    assert _name(reopened).proto.default == "Board option A"  # the field's own value: painted with it at once


def test_comparing_with_a_preset_adds_a_row_and_lines():
    at = _plain()
    at.multiselect(key="whatif_compare").set_value(["preset:package", "preset:nolag"]).run()
    table = next(d.value for d in at.dataframe if "Scenario" in d.value.columns)
    assert len(table) == 3 and table["Scenario"].iloc[1].startswith("The project's illustrative package")
    assert len(_titled(at, "Custody places in use")["data"]) == 4  # baseline + this scenario + two presets


def test_indicator_store_baseline_runs_on_real_womens_custody_counts_and_says_so():
    at = _plain()
    at.radio(key="whatif_baseline").set_value("indicator_store").run()
    at.selectbox(key="whatif_layer").set_value("police_force_area").run()
    assert not at.exception
    covers = next(c.value for c in at.caption if c.value.startswith("Covers "))
    assert covers.startswith("Covers women in 42 police force areas (not short sentences under 24 months, young")
    assert "0% of the devolved budget rests on estimated counts" in covers
    assert at.query_params["baseline"] == "indicator_store"


def test_indicator_store_without_per_area_counts_for_the_layer_says_so_and_uses_the_estimate():
    at = _plain()
    at.radio(key="whatif_baseline").set_value("indicator_store").run()
    at.selectbox(key="whatif_layer").set_value("mayor_or_pcc").run()
    assert not at.exception
    # The women's counts pool onto IPPR's units (a mayor where one holds the force area, else the PCC).
    covers = next(c.value for c in at.caption if c.value.startswith("Covers "))
    assert covers.startswith("Covers women in 42 IPPR devolution units (mayors or PCCs)")


def test_a_saved_scenario_can_be_opened_and_deleted():
    at = _plain()
    at.slider(key="lever_reoffending_change").set_value(-20).run()
    _name(at).set_value("To delete").run()
    at.button(key="whatif_save").click().run()
    saved = at.query_params["scenario"]
    fresh = _plain()
    assert fresh.slider(key="lever_reoffending_change").value == 0
    fresh.selectbox(key="whatif_open").set_value(saved).run()
    assert fresh.slider(key="lever_reoffending_change").value == -20
    assert _name(fresh).value == "To delete"  # a fresh name field for the opened scenario, not the old one
    fresh.button(key="whatif_delete").click().run()
    assert not fresh.exception
    assert any("Deleted 'To delete'" in s.value for s in fresh.success)
    assert "scenario" not in fresh.query_params


def test_ippr_devolution_units_map_each_force_area_with_its_unit():
    at = _page(layer="mayor_or_pcc")
    assert not at.exception
    assert at.selectbox(key="whatif_layer").value == "mayor_or_pcc"
    map_trace = _map(at)["data"][0]
    assert len(map_trace["locations"]) == 43  # drawn by force area
    london = [t for t in map_trace["text"] if "Greater London Authority" in t]
    assert len(london) == 2  # the Met and the City of London share the GLA's value
    at.slider(key="lever_diversion_share").set_value(50).run()
    assert at.query_params["layer"] == "mayor_or_pcc"


def test_the_page_names_its_sourced_defaults_shows_the_sensitivity_strip_and_what_is_not_modelled():
    at = _page(diversion_share="0.2", reoffending_change="-0.1")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "Default £4,200" in captions and "Children & Young People Now" in captions and "NAO" in captions
    assert "Default £95,248" in captions and "HC 339" in captions
    strip = _titled(at, "low, middle and high settings")
    labels = {y.replace("<br>", " ") for trace in strip["data"] for y in trace["y"]}  # rows wrap
    assert any("Cost of one community alternative (sourced (secondary))" in y for y in labels)
    assert any("Receptions follow reoffending (project's assumption)" in y for y in labels)
    formula = _titled(at, "Local net position (£)")  # the first chart of it is the formula variants'
    assert {"No lag: funded on this year's use", "3-year lag, average of 3 past years"} <= {
        t.get("name") for t in formula["data"]}
    markdown = " ".join(m.value for m in at.markdown)
    assert "NOMS back-stop powers" in markdown and "Local justice and rehabilitation boards" in markdown
    assert "Decided by: a community alternative at £4,200" in _summary(at)
    assert "Modelled" in captions and "project's assumption" in at.slider(key="lever_receptions_reoffending_elasticity").label
    turns = next(m.value for m in at.markdown if m.value.startswith("**Where the answer turns**"))
    assert "The public purse gains only if" in turns or "whatever" in turns
    drivers = next(d.value for d in at.dataframe if "Driver" in d.value.columns)
    assert {"Who pays for community alternatives", "What the devolved budget does after the lag"} <= set(
        drivers["Driver"])
    assert drivers["Driver"].str.startswith("Cost per reception").sum() == 3



def test_the_strip_headline_and_second_chart_redraw_for_the_reader_s_choice():
    at = _page(diversion_share="0.2")
    assert _titled(at, "low, middle and high settings")["layout"]["title"]["text"].startswith("Local net position")
    levers = {s.key: s.value for s in at.slider}
    at.radio(key="whatif_strip_headline").set_value("system_saving").run()
    assert not at.exception
    assert _titled(at, "low, middle and high settings")["layout"]["title"]["text"].startswith("Saving to the public")
    at.selectbox(key="whatif_metric").set_value("centre_net").run()
    assert not at.exception
    assert any(f["layout"].get("title", {}).get("text", "").startswith("Centre net") for f in _figures(at))
    assert {s.key: s.value for s in at.slider} == levers  # choosing what to look at moves no lever

def test_impossible_results_and_figures_are_warned_or_refused_with_the_reason():
    at = _page(diversion_share="1", ramp_years="1", lag_years="0", upfront_share="1", clawback_threshold="0",
               community_cost_per_diversion="0")
    details = " ".join(m.value for m in at.markdown)
    assert "above their whole devolved budget" in details and "Treat this as an upper bound" in details
    refused = _page(baseline="own_area", own_short_sentence="100,45,39000,0.6")
    assert any("cannot be" in w.value and "under 24 months" in w.value for w in refused.warning)
    assert refused.query_params["baseline"] == "population_share"


def test_staged_devolution_goes_in_the_link_and_compares_with_full_devolution():
    at = _plain()
    at.slider(key="lever_diversion_share").set_value(20).run()
    at.radio(key="whatif_devolve_mode").set_value("chosen").run()
    at.multiselect(key="whatif_devolve_areas").set_value(["E23000001", "E23000005"]).run()
    assert not at.exception
    assert at.query_params["devolve_areas"] == "E23000001,E23000005"
    assert "Staged devolution" in _summary(at)
    at.multiselect(key="whatif_compare").set_value(["same:full"]).run()
    table = next(d.value for d in at.dataframe if "Scenario" in d.value.columns)
    assert table["Devolved"].tolist() == ["staged", "all"]
    again = _page(diversion_share="0.2", devolve_areas="E23000001,E23000005")
    assert _metrics(again) == _metrics(at)


def test_presentation_mode_puts_the_results_first_and_details_on_demand():
    at = _page(present="1")
    assert not at.exception
    shown = list(_in_order(at.main))
    kinds = [element.type for element in shown]
    first_expander = kinds.index("expander")
    statement = next(i for i, e in enumerate(shown) if e.type == "markdown" and e.value.startswith("**Baseline:**"))
    assert kinds[0] == "title" and all(hasattr(e, "children") for e in shown[1:statement])  # only layout between
    assert kinds.index("metric") < first_expander
    assert len(at.metric) == 4 and len(_figures(at)) == 2  # the numbers and two charts, nothing else drawn
    assert not at.header or all(h.value in ("Baseline", "Staged devolution (IPPR 2016, ch.4)", "Keep this scenario")
                                or "(IPPR 2016, ch.4)" in h.value or h.value in ("Policy levers",
                                                                                "Horizon and assumptions")
                                for h in at.header)  # headers only inside the levers' expander
    assert sorted(e.label for e in at.expander) == ["Details: caveats, what changed, drivers and assumptions",
                                                    "Levers and baseline used"]
    covers = next(c.value for c in at.caption if c.value.startswith("Covers "))
    details = next(e for e in at.expander if e.label.startswith("Details"))
    assert "\n" not in covers and not at.warning  # one line on screen; the details hold the rest
    assert any(m.value.startswith("**Where the answer turns**") for m in details.markdown)
    assert at.query_params["present"] == "1"


def test_a_malformed_database_url_leaves_the_page_working_and_says_why(monkeypatch):
    monkeypatch.setenv("PATCHWORK_DATABASE_URL", "postgresql://someone@db.example:notaport/patchwork")
    at = _page()
    assert not at.exception
    said = " ".join(w.value for w in at.warning)
    assert "Saved scenarios are unavailable" in said and "notaport" not in said.split("unavailable")[0]
    assert len(at.metric) == 4  # the results are still drawn from the page's own levers
    at.button(key="whatif_save").click().run()
    assert not at.exception and any("could not be saved" in e.value for e in at.error)


def test_the_board_pack_slide_shows_the_scenario_open_on_the_page_with_its_numbers():
    from ui.state_keys import WHATIF_CURRENT

    page = _plain(diversion_share="0.25", alternatives_paid_locally="1")
    numbers = _metrics(page)[:3]
    pack = AppTest.from_file(str(PAGES / "90_board_pack.py"), default_timeout=TIMEOUT)
    pack.query_params["views"] = "scenario"
    pack.session_state[WHATIF_CURRENT] = page.session_state[WHATIF_CURRENT]  # as the page leaves it in the session
    pack.run()
    assert not pack.exception
    assert pack.selectbox(key="pack_scenario").value == "current"
    takeaway = next(m.value for m in pack.markdown if "Over 10 years against today" in m.value)
    assert all(number in takeaway for number in numbers)
    assert next(h.value for h in pack.header).startswith("What if: ")
