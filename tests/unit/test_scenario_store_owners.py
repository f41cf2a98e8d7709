"""Saved scenarios on SQLite and PostgreSQL: owners, sharing and withdrawing, refusals, the audit log, older files,
and back up, delete, restore."""
from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from scenario.parameters import Levers
from scenario.persistence import Scenario, dumps
from scenario.store import (
    NO_LONGER_SHARED_WORDS,
    NOT_SHARED_WORDS,
    NotFoundError,
    NotYoursError,
    ScenarioNotShared,
    ScenarioStore,
    default_path,
    scenario_id,
)
from storage import backup
from storage.database import POSTGRESQL
from storage.errors import NotSharedError
from storage.ownership import EVERYONE
from storage.testing import BACKENDS, TEST_URL_ENV, cluster_url, use_backend

A, B = "a@example.org", "b@example.org"
PLAN = Scenario("Board option B", Levers(diversion_share=0.35))
OTHER = Scenario("Option C", Levers(diversion_share=0.2))


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path, monkeypatch):
    """Each test once on an embedded SQLite file and once on a fresh PostgreSQL schema (skipped without a cluster)."""
    if request.param == POSTGRESQL and not cluster_url():
        pytest.skip(f"{TEST_URL_ENV} is unset (scripts/with_postgres.sh starts a throwaway cluster)")
    with use_backend(request.param, tmp_path, monkeypatch):
        yield request.param


def _ids(store: ScenarioStore, viewer) -> list[str]:
    return sorted(store.list(viewer)["id"])


def test_single_user_store_works_as_before(backend):
    store = ScenarioStore()
    key = store.save(PLAN)
    assert key == scenario_id(PLAN) and store.save(PLAN) == key
    listed = store.list()
    assert listed[["id", "name", "owner", "yours"]].values.tolist() == [[key, "Board option B", EVERYONE, True]]
    assert listed["saved_at"].iloc[0].endswith(" UTC")
    assert store.load(key) == PLAN
    store.delete(key)
    store.delete(key)  # forgetting what is not there is no error, as before
    assert store.list().empty
    with pytest.raises(KeyError):
        store.load(key)


def test_a_private_scenario_is_shared_then_withdrawn_by_its_owner(backend):
    store = ScenarioStore()
    key = store.save(PLAN, owner=A)
    assert _ids(store, A) == [key] and _ids(store, B) == [] and _ids(store, None) == []
    with pytest.raises(ScenarioNotShared) as refused:
        store.load(key, viewer=B)
    assert str(refused.value) == NOT_SHARED_WORDS and isinstance(refused.value, NotSharedError)
    store.share(key, owner=A)
    assert store.load(key, viewer=B) == PLAN and _ids(store, B) == [key]
    assert store.list(B)[["owner", "yours", "sharing"]].values.tolist() == [[A, False, "shared"]]
    assert store.load(key, viewer=None) == PLAN  # the signed-out may open what is shared
    store.withdraw(key, owner=A)
    with pytest.raises(ScenarioNotShared) as withdrawn:
        store.load(key, viewer=B)
    assert str(withdrawn.value) == NO_LONGER_SHARED_WORDS == ("This scenario is no longer shared by its owner, so it "
                                                               "cannot be opened from this link.")
    assert isinstance(withdrawn.value, KeyError)  # a page that catches KeyError for unknown ids still catches it
    assert store.access(key, B) == "no longer shared" and store.access(key, A) == "own"
    assert store.load(key, viewer=A) == PLAN
    store.save(PLAN, owner=A)  # saving again keeps it withdrawn
    assert store.access(key, B) == "no longer shared"


def test_a_store_made_for_one_person_acts_for_them(backend):
    mine, theirs = ScenarioStore(owner=A), ScenarioStore(owner=B)
    key = mine.save(PLAN)
    assert list(mine.list()["id"]) == [key] and theirs.list().empty
    mine.share(key)
    assert theirs.load(key) == PLAN


def test_nobody_but_the_owner_can_share_withdraw_or_delete(backend):
    store = ScenarioStore()
    key = store.save(PLAN, owner=A)
    with pytest.raises(NotFoundError, match="Nothing was changed"):
        store.share(key, owner=B)  # A's private scenario: B is not even told it exists
    assert store.access(key, B) == "not shared"
    store.share(key, owner=A)
    for change in (store.share, store.withdraw, store.delete):
        with pytest.raises(NotYoursError, match="only they can share, withdraw or delete it. Nothing was changed"):
            change(key, owner=B)
    assert store.load(key, viewer=B) == PLAN and store.list(A)["sharing"].tolist() == ["shared"]
    for change in (store.save, store.share, store.delete):
        with pytest.raises(NotYoursError, match="nobody is signed in"):
            change(PLAN if change == store.save else key, owner=None)
    with pytest.raises(NotYoursError, match="single-user mode"):
        store.share(store.save(OTHER), owner=EVERYONE)


def test_two_people_keep_their_own_copies_of_the_same_scenario(backend):
    store = ScenarioStore()
    key = store.save(PLAN, owner=A)
    assert store.save(PLAN, owner=B) == key
    store.share(key, owner=A)
    store.delete(key, owner=B)
    assert store.list(B)["owner"].tolist() == [A]  # B's own copy gone, A's shared one still seen
    assert store.load(key, viewer=B) == PLAN and store.list(A)["yours"].tolist() == [True]


def test_each_save_share_withdraw_and_delete_is_recorded(backend):
    store = ScenarioStore()
    key = store.save(PLAN, owner=A)
    store.share(key, owner=A)
    store.withdraw(key, owner=A)
    store.delete(key, owner=B)  # withdrawn: B cannot see it, so there is nothing of B's to delete (not recorded)
    store.delete(key, owner=A)
    entries = store.history()
    assert [(e["action"], e["who"], e["subject"]) for e in entries] == [
        ("delete", A, key), ("withdraw", A, key), ("share", A, key), ("save", A, key)]
    assert {e["kind"] for e in entries} == {"scenario"} and entries[-1]["detail"] == "Board option B"
    assert len({e["file_hash"] for e in entries}) == 1 and len(entries[0]["file_hash"]) == 64
    assert all(e["at"].endswith("Z") for e in entries)


def test_back_up_delete_restore_and_the_scenario_reopens(backend, tmp_path):
    store = ScenarioStore()
    key = store.save(PLAN, owner=A)
    store.share(key, owner=A)
    kept = backup.backup(store.database, tmp_path / "backups" / "scenarios.backup")
    store.delete(key, owner=A)
    with pytest.raises(KeyError):
        store.load(key, viewer=B)
    backup.restore(store.database, kept)
    reopened = ScenarioStore()
    assert reopened.load(key, viewer=B) == PLAN and reopened.list(A)["sharing"].tolist() == ["shared"]
    assert [e["action"] for e in reopened.history()] == ["share", "save"]  # as it was when backed up


def test_a_scenario_file_from_before_owners_still_opens(tmp_path, monkeypatch):
    monkeypatch.delenv("PATCHWORK_DATABASE_URL", raising=False)
    path = tmp_path / "old.sqlite3"
    with closing(sqlite3.connect(path)) as db, db:  # the store's schema before owners, as saved then
        db.execute("CREATE TABLE IF NOT EXISTS scenarios (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                   "saved_at TEXT NOT NULL, document TEXT NOT NULL)")
        db.execute("INSERT INTO scenarios VALUES (?, ?, ?, ?)",
                   (scenario_id(PLAN), PLAN.name, "2026-11-30 14:05 UTC", dumps(PLAN)))
        db.execute("INSERT INTO scenarios VALUES (?, ?, ?, ?)", ("abc", "Broken", "yesterday", "{not json"))
    store = ScenarioStore(path, owner=A)
    listed = store.list()
    assert set(listed["id"]) == {scenario_id(PLAN), "abc"} and set(listed["owner"]) == {EVERYONE}
    assert listed.set_index("id").loc[scenario_id(PLAN), "saved_at"] == "2026-11-30 14:05 UTC"
    assert store.load(scenario_id(PLAN)) == PLAN and ScenarioStore(path).load(scenario_id(PLAN), viewer=B) == PLAN
    with pytest.raises(ValueError, match="saved scenario abc cannot be opened"):
        store.load("abc")
    with closing(sqlite3.connect(path)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "scenarios_before_owners" not in tables and {"scenarios", "audit_log", "schema_versions"} <= tables


def test_the_embedded_file_can_be_named(monkeypatch, tmp_path):
    monkeypatch.delenv("PATCHWORK_DATABASE_URL", raising=False)
    monkeypatch.setenv("PATCHWORK_SCENARIO_DB", str(tmp_path / "team.sqlite3"))
    assert default_path() == tmp_path / "team.sqlite3"
    ScenarioStore().save(PLAN)
    assert (tmp_path / "team.sqlite3").exists()
