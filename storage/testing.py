"""For tests: a throwaway database of either kind (a SQLite file, or a fresh schema in PATCHWORK_TEST_DATABASE_URL)."""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from storage.database import POSTGRESQL, SQLITE
from storage.urls import parse_database_url

TEST_URL_ENV = "PATCHWORK_TEST_DATABASE_URL"
BACKENDS = (SQLITE, POSTGRESQL)


def cluster_url() -> str | None:
    """The test cluster's URL (scripts/with_postgres.sh sets it), or None: the PostgreSQL tests are then skipped."""
    return os.environ.get(TEST_URL_ENV, "").strip() or None


@contextmanager
def throwaway(kind: str, folder: Path) -> Iterator[str | None]:
    """A database nobody else uses: yields the PATCHWORK_DATABASE_URL to set (None: SQLite files under `folder`)."""
    if kind == SQLITE:
        Path(folder).mkdir(parents=True, exist_ok=True)
        yield None
        return
    base = cluster_url()
    if not base:
        raise RuntimeError(f"{TEST_URL_ENV} is not set")
    schema = f"test_{secrets.token_hex(6)}"
    conninfo = parse_database_url(base, TEST_URL_ENV).conninfo
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in base else "?"
    try:
        yield f"{base}{joiner}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(conninfo, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@contextmanager
def use_backend(kind: str, folder: Path, monkeypatch) -> Iterator[str | None]:
    """Point the stores at a throwaway database of `kind` for one test (monkeypatch: pytest's, to set the
    environment): PATCHWORK_LOCAL_STORE under `folder`, PATCHWORK_DATABASE_URL set for PostgreSQL, unset for SQLite."""
    monkeypatch.setenv("PATCHWORK_LOCAL_STORE", str(Path(folder) / "local_store"))
    monkeypatch.setenv("PATCHWORK_SCENARIO_DB", str(Path(folder) / "scenarios.sqlite3"))
    with throwaway(kind, folder) as url:
        if url:
            monkeypatch.setenv("PATCHWORK_DATABASE_URL", url)
        else:
            monkeypatch.delenv("PATCHWORK_DATABASE_URL", raising=False)
        yield url
