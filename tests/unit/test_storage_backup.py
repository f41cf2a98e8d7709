"""Back up, delete, restore: saved uploads, their owners and the audit log come back, on SQLite and PostgreSQL."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators import local_store
from storage import audit, backup
from storage.database import POSTGRESQL
from storage.errors import StorageError
from storage.testing import BACKENDS, TEST_URL_ENV, cluster_url, use_backend

A, B = "a@example.org", "b@example.org"


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path, monkeypatch):
    """Each test once on an embedded SQLite file and once on a fresh PostgreSQL schema (skipped without a cluster)."""
    if request.param == POSTGRESQL and not cluster_url():
        pytest.skip(f"{TEST_URL_ENV} is unset (scripts/with_postgres.sh starts a throwaway cluster)")
    with use_backend(request.param, tmp_path, monkeypatch):
        yield request.param


def _save(source_id: str, owner: str, value: float) -> None:
    frame = pd.DataFrame({"area_code": ["E23000001"], "layer": ["police_force_area"], "period": ["2019"],
                          "indicator": ["proven_reoffending_rate"], "value": [value], "numerator": [math.nan],
                          "denominator": [100.0], "source_id": [source_id], "is_estimate": [False], "note": [""]})
    local_store.save(frame, [{"source_id": source_id, "title": source_id, "sha256": "ef" * 32}], owner=owner)


def _drop_everything(backend: str) -> None:
    """Lose the database: the SQLite file deleted, or every table in the PostgreSQL schema dropped."""
    database = local_store.database()
    if backend == POSTGRESQL:
        with database.transaction() as tx:
            for (name,) in tx.rows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"):
                tx.execute(f"DROP TABLE {name} CASCADE")
    else:
        database.path.unlink()


def test_back_up_delete_restore_brings_the_uploads_back(backend, tmp_path):
    _save("upload:a.csv:1", A, 26.0)
    _save("upload:b.csv:2", B, 31.0)
    local_store.share("upload:b.csv:2", B)
    kept = backup.backup(local_store.database(), tmp_path / "backups" / "patchwork.backup")
    assert kept.stat().st_size > 0
    local_store.remove("upload:a.csv:1", A)  # deleted by its owner after the backup
    _save("upload:c.csv:3", A, 1.0)  # and something new that the restore will not have
    assert local_store.saved_list(A)["source_id"].tolist() == ["upload:b.csv:2", "upload:c.csv:3"]
    backup.restore(local_store.database(), kept)
    assert local_store.saved_list(A)["source_id"].tolist() == ["upload:a.csv:1", "upload:b.csv:2"]
    assert local_store.load_saved(A)[0]["value"].tolist() == [26.0, 31.0]
    assert local_store.saved_list(B)["source_id"].tolist() == ["upload:b.csv:2"]  # still private to A, shared by B

    _drop_everything(backend)  # the whole database lost
    backup.restore(local_store.database(), kept)
    assert local_store.load_saved(A)[0]["value"].tolist() == [26.0, 31.0]
    assert [e["action"] for e in audit.recent(local_store.database())] == ["share", "upload", "upload"]
    _save("upload:d.csv:4", A, 2.0)  # the restored database takes new saves
    assert len(local_store.load_saved(A)[1]) == 3


def test_restoring_a_missing_backup_says_so_and_changes_nothing(backend, tmp_path):
    _save("upload:a.csv:1", A, 26.0)
    with pytest.raises(StorageError, match="no backup file"):
        backup.restore(local_store.database(), tmp_path / "nowhere.backup")
    assert local_store.load_saved(A)[0]["value"].tolist() == [26.0]


def test_a_restore_moves_every_change_counter_forward_so_running_processes_read_again(backend, tmp_path):
    _save("upload:a.csv:1", A, 26.0)
    kept = backup.backup(local_store.database(), tmp_path / "patchwork.backup")
    seen_before = local_store.stamp()  # what a running process has cached its figures under
    _save("upload:b.csv:2", A, 31.0)
    seen_after = local_store.stamp()
    backup.restore(local_store.database(), kept)
    restored = local_store.stamp()
    # the counter never goes back to a value a process has seen: both would serve stale figures
    assert restored not in (seen_before, seen_after) and restored[2] > seen_after[2]
    assert local_store.load_saved(A)[0]["value"].tolist() == [26.0]


def test_a_failed_backup_leaves_no_file_and_keeps_the_last_good_one(backend, tmp_path, monkeypatch):
    _save("upload:a.csv:1", A, 26.0)
    target = tmp_path / "patchwork.backup"
    backup.backup(local_store.database(), target)
    good = target.read_bytes()

    def broken(*args, **kwargs):
        raise StorageError("pg_dump failed: the server went away")

    monkeypatch.setattr(backup, "_run", broken)
    monkeypatch.setattr(backup, "sqlite_copy", broken)
    with pytest.raises(StorageError, match="went away"):
        backup.backup(local_store.database(), target)
    assert target.read_bytes() == good  # the last good backup is untouched
    with pytest.raises(StorageError):
        backup.backup(local_store.database(), tmp_path / "new.backup")
    assert sorted(path.name for path in tmp_path.iterdir() if "backup" in path.name) == ["patchwork.backup"]


@pytest.mark.skipif(not cluster_url(), reason=f"{TEST_URL_ENV} is unset (scripts/with_postgres.sh starts a cluster)")
def test_backup_and_restore_with_a_password_that_must_be_percent_encoded(tmp_path, monkeypatch):
    """The test cluster checks passwords (scram-sha-256): its role's password is changed to one with '@', ':', '/',
    '%', a space and a non-ASCII letter for this test, written percent-encoded in the URL, and changed back."""
    from urllib.parse import quote, urlsplit

    import psycopg

    from storage.urls import parse_database_url

    password = "p@ss:w/rd %é!"
    base = urlsplit(cluster_url())
    original = parse_database_url(cluster_url()).password
    encoded = base._replace(netloc=f"{base.username}:{quote(password, safe='')}@{base.hostname}:{base.port}").geturl()

    def set_password(url: str, new: str) -> None:
        with psycopg.connect(parse_database_url(url).conninfo, autocommit=True) as admin:
            admin.execute(psycopg.sql.SQL("ALTER ROLE CURRENT_USER PASSWORD {}").format(psycopg.sql.Literal(new)))

    with use_backend(POSTGRESQL, tmp_path, monkeypatch) as url:
        set_password(cluster_url(), password)
        try:
            monkeypatch.setenv("PATCHWORK_DATABASE_URL", url.replace(cluster_url(), encoded))
            _save("upload:a.csv:1", A, 26.0)
            database = local_store.database()
            assert database.url.password == password  # percent-decoding done once, as the server knows it
            kept = backup.backup(database, tmp_path / "pw.backup")
            assert kept.stat().st_size > 0
            local_store.remove("upload:a.csv:1", A)
            backup.restore(database, kept)
            assert local_store.load_saved(A)[0]["value"].tolist() == [26.0]
            assert password not in database.url.scrub(f"error for {password} and {quote(password, safe='')}")
        finally:
            set_password(encoded, original)
