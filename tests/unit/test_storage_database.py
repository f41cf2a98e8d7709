"""The shared database on SQLite and PostgreSQL: parameters, transactions, migrations, bad URLs, a killed writer."""
from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import textwrap
import threading

import pandas as pd
import pytest

from indicators import local_store
from storage import audit
from storage.database import POSTGRESQL, SQLITE, open_database
from storage.errors import StorageError
from storage.migrations import Migration, statements
from storage.testing import BACKENDS, TEST_URL_ENV, cluster_url, use_backend
from storage.urls import parse_database_url

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path, monkeypatch):
    """Each test once on an embedded SQLite file and once on a fresh PostgreSQL schema (skipped without a cluster)."""
    if request.param == POSTGRESQL and not cluster_url():
        pytest.skip(f"{TEST_URL_ENV} is unset (scripts/with_postgres.sh starts a throwaway cluster)")
    with use_backend(request.param, tmp_path, monkeypatch):
        yield request.param


def _db(tmp_path):
    return open_database(tmp_path / "t.sqlite3")


NOTES = (Migration(1, "notes", statements("CREATE TABLE notes (seq {serial}, owner TEXT NOT NULL, body TEXT)")),)


def test_parameters_round_trip_and_a_failed_write_leaves_nothing(backend, tmp_path):
    db = _db(tmp_path).ready("test.notes", NOTES)
    assert db.kind == backend
    with db.transaction() as tx:
        tx.execute("INSERT INTO notes (owner, body) VALUES (?, ?)", ("a", "50% of 'quoted' ? text"))
    with pytest.raises(RuntimeError), db.transaction() as tx:
        tx.execute("INSERT INTO notes (owner, body) VALUES (?, ?)", ("a", "half-saved"))
        raise RuntimeError("the caller fails mid-way")
    with pytest.raises(StorageError, match="nothing was saved"), db.transaction() as tx:
        tx.execute("INSERT INTO notes (owner, body) VALUES (?, ?)", ("b", "before the bad statement"))
        tx.execute("INSERT INTO no_such_table VALUES (?)", (1,))
    with db.transaction(write=False) as tx:
        assert tx.rows("SELECT owner, body FROM notes ORDER BY seq") == [("a", "50% of 'quoted' ? text")]
        assert tx.value("SELECT body FROM notes WHERE body LIKE '50%'") == "50% of 'quoted' ? text"
    with db.transaction() as tx:
        assert tx.insert_many("notes", ("owner", "body"), [("c", "x"), ("c", None)]) == 2
        assert tx.execute("DELETE FROM notes WHERE owner = ?", ("c",)) == 2


def test_migrations_are_versioned_and_a_newer_database_is_refused(backend, tmp_path):
    db = _db(tmp_path).ready("test.notes", NOTES)
    more = (*NOTES, Migration(2, "a tag", statements("ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT ''")))
    db.ready("test.notes.v2", ())  # another component leaves this one alone
    with db.transaction() as tx:
        tx.execute("INSERT INTO notes (owner, body) VALUES (?, ?)", ("a", "kept"))
    fresh = _db(tmp_path)
    from storage import database as module

    module._ready.clear()  # as a new process would
    fresh.ready("test.notes", more)
    with fresh.transaction(write=False) as tx:
        assert tx.rows("SELECT body, tag FROM notes") == [("kept", "")]
        assert tx.value("SELECT version FROM schema_versions WHERE component = ?", ("test.notes",)) == 2
    module._ready.clear()
    with pytest.raises(StorageError, match="newer than this copy of Patchwork"):
        fresh.ready("test.notes", NOTES)  # an older app against a newer database: refused, nothing changed
    with fresh.transaction(write=False) as tx:
        assert "tag" in tx.columns("notes")


def test_bad_database_urls_say_what_is_wrong_without_the_password(monkeypatch, tmp_path):
    for url, words in [("mysql://u:hunter2secret@h/db", "must be a postgresql:// URL"),
                       ("hunter2secret", "must be a postgresql:// URL"),
                       ("postgresql://u:hunter2secret@h:99999/db", "port is not a number"),
                       ("postgresql://u:hunter2secret@h:5432/db?bogus=1", "invalid URI query parameter"),
                       ("postgresql://u:hunter2#secret@h/db", "'#' part")]:
        with pytest.raises(StorageError, match=words) as raised:
            parse_database_url(url)
        assert "hunter2" not in str(raised.value) and "secret" not in str(raised.value).replace("'#'", "")
    assert parse_database_url("postgresql://u:hunter2secret@h/db").shown == "postgresql://u:***@h/db"
    monkeypatch.setenv("PATCHWORK_LOCAL_STORE", str(tmp_path / "local_store"))
    monkeypatch.setenv("PATCHWORK_DATABASE_URL", "postgres://u@h:70000/db")
    with pytest.raises(OSError, match="port"):  # an OSError: the upload page's existing handler shows it
        local_store.load_saved()


def test_an_unreachable_database_is_named_and_nothing_is_lost(monkeypatch, tmp_path):
    monkeypatch.setenv("PATCHWORK_LOCAL_STORE", str(tmp_path / "local_store"))
    monkeypatch.delenv("PATCHWORK_DATABASE_URL", raising=False)
    local_store.save(_figures("upload:a.csv:1", [26.0]), [_source("upload:a.csv:1")])
    monkeypatch.setenv("PATCHWORK_DATABASE_URL", "postgresql://patchwork:hunter2secret@127.0.0.1:9/patchwork")
    with pytest.raises(StorageError) as raised:
        local_store.save(_figures("upload:b.csv:2", [1.0]), [_source("upload:b.csv:2")])
    message = str(raised.value)
    assert "Cannot reach the database postgresql://patchwork:***@127.0.0.1:9/patchwork" in message
    assert "hunter2secret" not in message and "Nothing was changed" in message
    monkeypatch.delenv("PATCHWORK_DATABASE_URL")
    assert local_store.load_saved()[0]["source_id"].tolist() == ["upload:a.csv:1"]


def _figures(source_id: str, values: list[float]) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({"area_code": [f"E230000{i:02d}" for i in range(1, n + 1)], "layer": ["police_force_area"] * n,
                         "period": ["2019"] * n, "indicator": ["proven_reoffending_rate"] * n, "value": values,
                         "numerator": [math.nan] * n, "denominator": [100.0] * n, "source_id": [source_id] * n,
                         "is_estimate": [False] * n, "note": [""] * n})


def _source(source_id: str) -> dict:
    return {"source_id": source_id, "title": source_id, "publisher": "test", "address": "uploaded file",
            "vintage": "2019", "licence": "as supplied", "caveats": "", "sha256": source_id.rsplit(":", 1)[-1] * 8}


KILLED_CHILD = """
import sys, time
import pandas as pd
sys.path.insert(0, {repo!r})
from storage import database
from indicators import local_store
frame = pd.read_json({frame!r}, orient="split")
original = database.Transaction.insert_many
def stalled(self, *args, **kwargs):
    count = original(self, *args, **kwargs)
    print("inside the transaction", flush=True)
    time.sleep(120)  # killed here, the old rows deleted and the new ones written but not committed
    return count
database.Transaction.insert_many = stalled
local_store.save(frame, [{source!r}])
"""


def test_a_process_killed_mid_save_leaves_the_store_as_it_was(backend, tmp_path):
    before = _figures("upload:a.csv:1", [26.0, 27.0])
    local_store.save(before, [_source("upload:a.csv:1")])
    saved, sources = local_store.load_saved()
    bigger = _figures("upload:a.csv:1", [float(i) for i in range(40)])
    script = KILLED_CHILD.format(repo=REPO, frame=bigger.to_json(orient="split"),
                                 source={**_source("upload:a.csv:1"), "title": "replacement"})
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    timer = threading.Timer(60, child.kill)  # never hang the suite if the child fails to start
    timer.start()
    try:
        line = child.stdout.readline()
        assert line.strip() == "inside the transaction", child.stderr.read()[-2000:]
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        timer.cancel()
    after, after_sources = local_store.load_saved()
    assert after.equals(saved) and after_sources == sources
    uploads = [e for e in audit.recent(local_store.database()) if e["action"] == "upload"]
    assert len(uploads) == 1  # the killed save left no audit entry either
    if backend == SQLITE:
        with local_store.database().transaction(write=False) as tx:
            assert tx.value("PRAGMA integrity_check") == "ok"
    assert local_store.save(bigger.iloc[:3], [_source("upload:a.csv:1")]) == 3  # nothing left locked
    assert local_store.load_saved()[0]["value"].tolist() == [0.0, 1.0, 2.0]


def test_concurrent_saves_from_many_connections_all_land(backend):
    errors = []

    def save(i: int) -> None:
        try:
            local_store.save(_figures(f"upload:f{i}.csv:{i}", [float(i)] * 5), [_source(f"upload:f{i}.csv:{i}")])
        except Exception as error:  # collected and reported below
            errors.append(error)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    frame, sources = local_store.load_saved()
    assert len(frame) == 40 and len(sources) == 8
    assert json.loads(json.dumps(local_store.saved_list()["figures"].tolist())) == [5] * 8
