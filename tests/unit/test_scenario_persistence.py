"""Scenario files, links and the SQLite store: round trips, and refusals with a reason."""
from __future__ import annotations

import json

import pytest

from scenario.devolution import Devolution
from scenario.parameters import Levers
from scenario.persistence import (
    VERSION,
    Scenario,
    ScenarioFileError,
    dumps,
    from_query,
    loads,
    loads_with_notices,
    to_query,
)
from scenario.store import ScenarioStore, default_path, scenario_id

SCENARIO = Scenario("Board option B", Levers(diversion_share=0.35, lag_years=4, upfront_share=0.1), "own_area",
                    "police_force_area", "Dorset",
                    {"women": {"receptions": 120.0, "time_served_years": 0.3, "cost_per_prisoner": 45000.0,
                               "reoffending_rate": 0.5}})
STAGED = Scenario("Staged", Levers(diversion_share=0.2), "indicator_store", "police_force_area",
                  short_sentence_band="under_12",
                  devolution=Devolution(("short_sentence", "young_offenders"), ("E23000001", "E23000005")))
# A file saved before the rename (format 1): cost_per_place, and a young adults (18-24) cohort that is no longer one.
VERSION_1 = json.dumps({"format": "patchwork-scenario", "version": 1, "name": "Old board option",
                        "levers": {"diversion_share": 0.25, "lag_years": 4},
                        "baseline": {"kind": "own_area", "layer": "police_force_area", "own_area_name": "Dorset",
                                     "own_area_figures": {
                                         "women": {"receptions": 120.0, "time_served_years": 0.3,
                                                   "cost_per_place": 45000.0, "reoffending_rate": 0.5},
                                         "young_adults": {"receptions": 300.0, "time_served_years": 0.2,
                                                          "cost_per_place": 39000.0, "reoffending_rate": 0.6}}}})


def test_file_round_trip_keeps_everything():
    text = dumps(SCENARIO)
    assert json.loads(text)["version"] == VERSION
    assert loads(text) == SCENARIO
    assert loads(text.encode()) == SCENARIO


@pytest.mark.parametrize("text, reason", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not a Patchwork scenario"),
    ('{"format": "patchwork-scenario"}', "no whole-number version"),
    ('{"format": "patchwork-scenario", "version": 99}', "newer version"),
    ('{"format": "patchwork-scenario", "version": 1, "levers": {"diversion_share": 3}}', "outside 0 to 1"),
    ('{"format": "patchwork-scenario", "version": 1, "levers": {"warp_drive": 1}}', "unknown lever"),
    ('{"format": "patchwork-scenario", "version": 1, "levers": {"lag_years": 2.5}}', "whole number"),
    ('{"format": "patchwork-scenario", "version": 1, "baseline": {"kind": "guess"}}', "unknown baseline"),
    ('{"format": "patchwork-scenario", "version": 1, "baseline": {"kind": "own_area", "own_area_figures": '
     '{"women": {"receptions": 5}}}}', "bad own-area figures"),
    ('{"format": "patchwork-scenario", "version": 2, "baseline": {"kind": "own_area", "own_area_figures": '
     '{"short_sentence": {"receptions": 5, "time_served_years": 45, "cost_per_prisoner": 39000, '
     '"reoffending_rate": 0.6}}}}', "cannot be"),
    ('{"format": "patchwork-scenario", "version": 2, "devolution": {"cohorts": "women"}}', "bad devolution"),
    ('{"format": "patchwork-scenario", "version": 2, "baseline": {"short_sentence_band": "under_36"}}',
     "short-sentence band"),
])
def test_bad_files_are_refused_with_a_reason(text, reason):
    with pytest.raises(ScenarioFileError, match=reason):
        loads(text)


def test_a_version_1_file_still_opens_with_cost_per_prisoner_and_says_what_it_dropped():
    scenario, notices = loads_with_notices(VERSION_1)
    assert scenario.own_area_figures == {"women": {"receptions": 120.0, "time_served_years": 0.3,
                                                   "cost_per_prisoner": 45000.0, "reoffending_rate": 0.5}}
    assert scenario.levers.diversion_share == 0.25 and scenario.levers.lag_years == 4
    assert len(notices) == 2 and "assumptions it was made with" in notices[0]
    assert "young_adults" in notices[1] and "not one of IPPR's cohorts" in notices[1]
    assert loads(VERSION_1) == scenario
    assert json.loads(dumps(scenario))["version"] == VERSION == 3  # saved again in today's format


def test_staged_devolution_and_the_short_sentence_band_survive_files_and_links():
    assert loads(dumps(STAGED)) == STAGED
    params = to_query(STAGED)
    assert params["devolve_cohorts"] == "short_sentence,young_offenders" and params["short_band"] == "under_12"
    back, notices = from_query(params)
    assert notices == [] and back.key() == STAGED.key()
    odd, notices = from_query({"devolve_cohorts": "young_adults", "short_band": "under_36"})
    assert odd.devolution == Devolution() and odd.short_sentence_band == "under_24" and len(notices) == 2


def test_binary_and_oversized_files_are_refused():
    with pytest.raises(ScenarioFileError, match="UTF-8"):
        loads(b"\xff\xfe\x00garbage")
    with pytest.raises(ScenarioFileError, match="at most"):
        loads(b" " * 70_000)


def test_link_round_trip_and_bad_values_fall_back_with_notices():
    params = to_query(SCENARIO)
    assert params["diversion_share"] == "0.35" and "horizon_years" not in params
    assert params["name"] == "Board option B"
    back, notices = from_query(params)
    assert notices == [] and back.key() == SCENARIO.key()
    odd, notices = from_query({"diversion_share": "7", "lag_years": "x", "baseline": "nope"})
    assert odd.levers == Levers() and odd.baseline_kind == "population_share" and len(notices) == 3


def test_store_saves_lists_opens_and_deletes(tmp_path):
    store = ScenarioStore(tmp_path / "s.sqlite3")
    key = store.save(SCENARIO)
    assert key == scenario_id(SCENARIO) and store.save(SCENARIO) == key  # same content, same id
    listed = store.list()
    assert listed["name"].tolist() == ["Board option B"]
    assert store.load(key) == SCENARIO
    store.delete(key)
    assert store.list().empty
    with pytest.raises(KeyError):
        store.load(key)


def test_store_path_can_be_set_for_a_team(monkeypatch, tmp_path):
    monkeypatch.setenv("PATCHWORK_SCENARIO_DB", str(tmp_path / "team.sqlite3"))
    assert default_path() == tmp_path / "team.sqlite3"
    ScenarioStore().save(SCENARIO)
    assert (tmp_path / "team.sqlite3").exists()


def test_names_lose_markup_from_files_and_links():
    text = dumps(Scenario("[click](http://x) <b>A</b>", Levers()))
    assert loads(text).name == "click(http://x) bA/b"
    scenario, _ = from_query({"name": "=HYPERLINK(\"x\")", "own_name": "<script>"})
    assert scenario.name == "HYPERLINK(x)" and scenario.own_area_name == "script"


def test_a_version_2_file_keeps_the_assumptions_it_was_made_with_and_says_so():
    old = json.dumps({"format": "patchwork-scenario", "version": 2, "name": "Before the drivers",
                      "levers": {"diversion_share": 0.2, "backfill_share": 0.25},
                      "baseline": {"kind": "population_share", "layer": "police_force_area"}})
    scenario, notices = loads_with_notices(old)
    levers = scenario.levers
    assert (levers.alternatives_paid_locally, levers.youth_place_cost, levers.marginal_cost_share) == (1, 39000, 1)
    assert levers.backfill_share == 0.25 and levers.youth_places_commissioned == 1  # what the file gives is kept
    assert any("assumptions it was made with" in n for n in notices)
    assert loads_with_notices(dumps(scenario))[1] == []  # saved again: a version 3 file, nothing to say
