"""Saved uploads and remembered mappings on SQLite and PostgreSQL: owners, sharing, the audit log, older stores."""
from __future__ import annotations

import json
import math
import sqlite3

import pandas as pd
import pytest

from indicators import local_store
from indicators.column_mapping import ColumnMapping, MappingMemory, header_key
from storage import audit
from storage.database import POSTGRESQL
from storage.errors import NotFoundError, NotYoursError
from storage.ownership import EVERYONE
from storage.testing import BACKENDS, TEST_URL_ENV, cluster_url, use_backend

A, B = "a@example.org", "b@example.org"


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path, monkeypatch):
    """Each test once on an embedded SQLite file and once on a fresh PostgreSQL schema (skipped without a cluster)."""
    if request.param == POSTGRESQL and not cluster_url():
        pytest.skip(f"{TEST_URL_ENV} is unset (scripts/with_postgres.sh starts a throwaway cluster)")
    with use_backend(request.param, tmp_path, monkeypatch):
        yield request.param


def _figures(source_id: str, codes: list[str], values: list[float]) -> pd.DataFrame:
    n = len(codes)
    return pd.DataFrame({"area_code": codes, "layer": ["police_force_area"] * n, "period": ["2019"] * n,
                         "indicator": ["proven_reoffending_rate"] * n, "value": values,
                         "numerator": [math.nan] * n, "denominator": [100.0] * n, "source_id": [source_id] * n,
                         "is_estimate": [False] * n, "note": [""] * n})


def _source(source_id: str, title: str, sha256: str = "") -> dict:
    return {"source_id": source_id, "title": title, "publisher": "test", "address": "uploaded file",
            "vintage": "2019", "licence": "as supplied", "caveats": "", "sha256": sha256}


def _ids(viewer) -> list[str]:
    frame, sources = local_store.load_saved(viewer)
    assert sorted(set(frame["source_id"])) == sorted(s["source_id"] for s in sources if (frame["source_id"] ==
                                                                                         s["source_id"]).any())
    return sorted(s["source_id"] for s in sources)


def test_round_trip_keeps_types_and_replaces_only_its_own_source(backend):
    assert local_store.load_saved()[0].empty
    a = _figures("upload:a.csv:1", ["E23000001", "E23000002"], [26.0, math.nan])
    assert local_store.save(a, [_source("upload:a.csv:1", "A")]) == 2
    local_store.save(_figures("upload:b.csv:2", ["E23000003"], [31.5]), [_source("upload:b.csv:2", "B")])
    frame, sources = local_store.load_saved()
    assert [s["title"] for s in sources] == ["A", "B"]
    assert frame["area_code"].tolist() == ["E23000001", "E23000002", "E23000003"]
    assert math.isnan(frame["value"].iloc[1]) and math.isnan(frame["numerator"].iloc[0])
    assert frame["is_estimate"].dtype == bool and frame["value"].dtype == float
    assert list(frame.columns) == list(local_store.TIDY_COLUMNS)
    local_store.save(a.iloc[:1], [_source("upload:a.csv:1", "A again")])
    frame, sources = local_store.load_saved()
    assert sorted(frame["area_code"]) == ["E23000001", "E23000003"]
    assert sorted(s["title"] for s in sources) == ["A again", "B"]
    local_store.remove("upload:b.csv:2")
    local_store.remove("upload:never.csv:0")  # forgetting what is not there is no error, as before
    assert local_store.load_saved()[0]["area_code"].tolist() == ["E23000001"]
    local_store.clear()
    frame, sources = local_store.load_saved()
    assert frame.empty and sources == []


def test_a_private_upload_is_its_owners_until_shared_and_after_withdrawn(backend):
    local_store.save(_figures("upload:board.csv:1", ["E23000001"], [26.0]), [_source("upload:board.csv:1", "A's")],
                     owner=A)
    local_store.save(_figures("upload:old.csv:2", ["E23000002"], [30.0]), [_source("upload:old.csv:2", "single")])
    assert _ids(A) == ["upload:board.csv:1", "upload:old.csv:2"]
    assert _ids(B) == ["upload:old.csv:2"]  # A's private upload is invisible to B; everyone's is not
    assert _ids(None) == _ids(EVERYONE) == ["upload:old.csv:2"]  # nor to the signed-out or the single user
    with pytest.raises(NotFoundError):
        local_store.share("upload:board.csv:1", B)  # B cannot share A's (nor learn that it exists)
    local_store.share("upload:board.csv:1", A)
    assert _ids(B) == ["upload:board.csv:1", "upload:old.csv:2"]
    listed = local_store.saved_list(B).set_index("source_id")
    assert listed.loc["upload:board.csv:1", "owner"] == A and not listed.loc["upload:board.csv:1", "yours"]
    assert listed.loc["upload:board.csv:1", "sharing"] == "shared" and listed.loc["upload:board.csv:1", "figures"] == 1
    with pytest.raises(NotYoursError, match="saved by someone else"):
        local_store.withdraw("upload:board.csv:1", B)  # B sees it now, and is told plainly it is not theirs
    with pytest.raises(NotYoursError, match="saved by someone else"):
        local_store.remove("upload:board.csv:1", B)
    with pytest.raises(NotYoursError, match="Sign in"):
        local_store.share("upload:board.csv:1", None)
    local_store.withdraw("upload:board.csv:1", A)
    assert _ids(B) == ["upload:old.csv:2"]
    assert _ids(A) == ["upload:board.csv:1", "upload:old.csv:2"]  # nothing lost for the owner
    with pytest.raises(NotYoursError, match="single-user"):
        local_store.share("upload:old.csv:2", EVERYONE)


def test_two_people_may_save_the_same_file_and_each_sees_their_own(backend):
    local_store.save(_figures("upload:same.csv:1", ["E23000001"], [10.0]), [_source("upload:same.csv:1", "A's")],
                     owner=A)
    local_store.save(_figures("upload:same.csv:1", ["E23000001"], [20.0]), [_source("upload:same.csv:1", "B's")],
                     owner=B)
    local_store.share("upload:same.csv:1", A)
    frame, sources = local_store.load_saved(B)
    assert frame["value"].tolist() == [20.0] and [s["title"] for s in sources] == ["B's"]  # own copy first
    assert local_store.load_saved(A)[0]["value"].tolist() == [10.0]
    local_store.remove("upload:same.csv:1", B)
    assert local_store.load_saved(B)[0]["value"].tolist() == [10.0]  # now A's shared copy
    local_store.save(_figures("upload:same.csv:1", ["E23000001"], [11.0]), [_source("upload:same.csv:1", "A's v2")],
                     owner=A)
    assert local_store.load_saved(B)[0]["value"].tolist() == [11.0]  # a re-save keeps the owner's share


def test_every_upload_share_withdraw_and_delete_is_in_the_audit_log(backend):
    local_store.save(_figures("upload:x.csv:1", ["E23000001"], [1.0]), [_source("upload:x.csv:1", "X", "ab" * 32)],
                     owner=A)
    local_store.share("upload:x.csv:1", A)
    local_store.withdraw("upload:x.csv:1", A)
    local_store.remove("upload:x.csv:1", A)
    with pytest.raises(NotFoundError):
        local_store.share("upload:x.csv:1", A)
    entries = audit.recent(local_store.database())
    assert [(e["action"], e["who"], e["subject"], e["file_hash"]) for e in reversed(entries)] == [
        (action, A, "upload:x.csv:1", "ab" * 32) for action in ("upload", "share", "withdraw", "delete")]
    assert all(e["at"].endswith("Z") and e["kind"] == "upload" for e in entries)
    before = local_store.stamp()
    local_store.save(_figures("upload:y.csv:2", ["E23000001"], [1.0]), [_source("upload:y.csv:2", "Y")])
    assert local_store.stamp() != before and local_store.stamp() == local_store.stamp()
    assert len(audit.recent(local_store.database())[0]["file_hash"]) == 64  # no file hash given: the entry's


def test_a_bad_save_changes_nothing(backend):
    good = _figures("upload:a.csv:1", ["E23000001"], [26.0])
    local_store.save(good, [_source("upload:a.csv:1", "A")])
    with pytest.raises(ValueError, match="without a source entry"):
        local_store.save(_figures("upload:c.csv:3", ["E23000004"], [10.0]), [])
    with pytest.raises(ValueError, match="lacks column"):
        local_store.save(good.drop(columns=["period"]), [_source("upload:a.csv:1", "A")])
    with pytest.raises(ValueError, match="nobody is signed in"):
        local_store.save(good, [_source("upload:a.csv:1", "A")], owner=None)
    frame, sources = local_store.load_saved()
    assert frame["area_code"].tolist() == ["E23000001"] and [s["title"] for s in sources] == ["A"]


def test_mappings_are_remembered_per_owner_with_everyones_as_the_fallback(backend):
    header = ["PFA Code", "Cohort year", "Offenders", "Reoffenders", "Rate (%)"]
    chosen = ColumnMapping(columns={"area": "PFA Code", "period": "Cohort year", "numerator": "Reoffenders",
                                    "denominator": "Offenders", "value": None}, layer="police_force_area")
    assert MappingMemory().recall(header) is None
    MappingMemory().remember(header, chosen)  # the single user's: everyone's
    assert header_key([" pfa  code ", "COHORT YEAR", "Offenders", "Reoffenders", "Rate (%)"]) == header_key(header)
    assert MappingMemory(owner=A).recall(header) == chosen
    mine = ColumnMapping(columns={**chosen.columns, "value": "Rate (%)"}, layer="police_force_area")
    MappingMemory(owner=A).remember(header, mine)
    assert MappingMemory(owner=A).recall(header) == mine
    assert MappingMemory(owner=B).recall(header) == chosen and MappingMemory(owner=None).recall(header) == chosen
    MappingMemory(owner=None).remember(header, mine)  # not signed in: nothing remembered
    assert MappingMemory().recall(header) == chosen
    MappingMemory(owner=A).forget(header)
    assert MappingMemory(owner=A).recall(header) == chosen


def test_a_remembered_mapping_drops_columns_a_new_file_lacks(backend):
    header = ["Code", "Year", "Rate"]
    memory = MappingMemory()
    memory.remember(header, ColumnMapping(columns={"area": "Code", "period": "Year", "value": "Rate",
                                                   "numerator": None, "denominator": None}))
    assert memory.recall(["Code", "Year", "Rate (new)"]) is None  # another layout
    with local_store.database().transaction() as tx:
        raw = json.loads(tx.value("SELECT mapping FROM column_mappings WHERE layout = ?", (header_key(header),)))
        raw["columns"]["value"] = "Gone"
        tx.execute("UPDATE column_mappings SET mapping = ? WHERE layout = ?", (json.dumps(raw), header_key(header)))
    assert memory.recall(header).columns["value"] is None


def test_an_older_versions_json_mappings_are_imported_once_and_kept(backend, tmp_path):
    folder = tmp_path / "local_store"
    folder.mkdir(parents=True, exist_ok=True)
    header = ["Code", "Year", "Rate"]
    mapping = ColumnMapping(columns={"area": "Code", "period": "Year", "value": "Rate", "numerator": None,
                                     "denominator": None})
    (folder / "column_mappings.json").write_text(json.dumps(
        {header_key(header): {"header": ["code", "year", "rate"], "mapping": mapping.to_dict(), "saved_at": 1.0}}))
    assert MappingMemory(owner=A).recall(header) == mapping
    assert not (folder / "column_mappings.json").exists() and len(list(folder.glob("column_mappings.imported-*"))) == 1
    (folder / "column_mappings.json").write_text("{not json")
    assert MappingMemory().recall(["a"]) is None
    kept = list(folder.glob("column_mappings.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == "{not json"


def test_a_store_saved_before_owners_opens_with_its_figures_everyones(tmp_path, monkeypatch):
    monkeypatch.setenv("PATCHWORK_LOCAL_STORE", str(tmp_path / "local_store"))
    monkeypatch.delenv("PATCHWORK_DATABASE_URL", raising=False)
    (tmp_path / "local_store").mkdir()
    old = sqlite3.connect(tmp_path / "local_store" / "store.sqlite3")
    old.executescript("""
        CREATE TABLE figures (area_code TEXT NOT NULL, layer TEXT NOT NULL, period TEXT NOT NULL,
          indicator TEXT NOT NULL, value REAL, numerator REAL, denominator REAL,
          source_id TEXT NOT NULL, is_estimate INTEGER NOT NULL, note TEXT NOT NULL);
        CREATE TABLE sources (source_id TEXT PRIMARY KEY, entry TEXT NOT NULL);""")  # before breakdowns, too
    old.execute("INSERT INTO figures VALUES ('E23000001', 'police_force_area', '2019', 'proven_reoffending_rate', "
                "26.5, NULL, 100, 'upload:old.csv:1', 0, '')")
    old.execute("INSERT INTO sources VALUES (?, ?)", ("upload:old.csv:1", json.dumps(_source("upload:old.csv:1", "Old",
                                                                                               "cd" * 32))))
    old.commit()
    old.close()
    frame, sources = local_store.load_saved(B)
    assert frame["value"].tolist() == [26.5] and frame["breakdown"].tolist() == [""]
    assert [s["title"] for s in sources] == ["Old"]
    assert local_store.saved_list(B)["owner"].tolist() == [EVERYONE]
    with pytest.raises(NotYoursError):
        local_store.remove("upload:old.csv:1", B)  # everyone's: only the single user (or the command line) removes it
    local_store.remove("upload:old.csv:1")
    assert local_store.load_saved()[1] == []
