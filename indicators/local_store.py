"""The local store: accepted uploads saved for next time in SQLite under the git-ignored cache (local_store/)."""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pandas as pd

from indicators.column_mapping import local_store_dir
from indicators.schema import COLUMNS as TIDY_COLUMNS
from indicators.schema import empty_table

STORE_FILE = "store.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS figures (area_code TEXT NOT NULL, layer TEXT NOT NULL, period TEXT NOT NULL,
  indicator TEXT NOT NULL, breakdown TEXT NOT NULL DEFAULT '', value REAL, numerator REAL, denominator REAL,
  source_id TEXT NOT NULL, is_estimate INTEGER NOT NULL, note TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS figures_source ON figures (source_id);
CREATE TABLE IF NOT EXISTS sources (source_id TEXT PRIMARY KEY, entry TEXT NOT NULL);
"""


def store_path() -> Path:
    """Where the store lives: cache_dir()/local_store/store.sqlite3 (git-ignored; PATCHWORK_LOCAL_STORE overrides)."""
    return local_store_dir() / STORE_FILE


def _connect() -> sqlite3.Connection:
    connection = sqlite3.connect(store_path(), timeout=30)
    connection.executescript(_SCHEMA)
    columns = {row[1] for row in connection.execute("PRAGMA table_info(figures)")}
    if "breakdown" not in columns:  # a store saved before breakdowns existed: every figure is for everyone
        connection.execute("ALTER TABLE figures ADD COLUMN breakdown TEXT NOT NULL DEFAULT ''")
    return connection


def save(frame: pd.DataFrame, sources: list[dict]) -> int:
    """Save figures and their sources; each source saved replaces only its own earlier rows. Returns rows saved."""
    if "breakdown" not in frame.columns:
        frame = frame.assign(breakdown="")
    missing = [c for c in TIDY_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"cannot save: the table lacks column(s) {', '.join(missing)}")
    known = {entry["source_id"] for entry in sources}
    orphans = set(frame["source_id"].astype(str)) - known
    if orphans:
        raise ValueError(f"cannot save figures without a source entry: {', '.join(sorted(orphans)[:5])}")
    rows = frame[list(TIDY_COLUMNS)].copy()
    rows["is_estimate"] = rows["is_estimate"].astype(bool).astype(int)
    for column in ("value", "numerator", "denominator"):
        rows[column] = pd.to_numeric(rows[column], errors="coerce").astype(float)
    records = [tuple(None if isinstance(v, float) and v != v else v for v in rec)
               for rec in rows.itertuples(index=False, name=None)]
    with closing(_connect()) as connection, connection:  # one transaction: all of it or none of it
        for entry in sources:
            connection.execute("DELETE FROM figures WHERE source_id = ?", (entry["source_id"],))
            connection.execute("INSERT OR REPLACE INTO sources VALUES (?, ?)",
                               (entry["source_id"], json.dumps(entry, default=str)))
        connection.executemany(f"INSERT INTO figures ({', '.join(TIDY_COLUMNS)}) VALUES "
                               f"({', '.join('?' * len(TIDY_COLUMNS))})", records)
    return len(records)


def load_saved() -> tuple[pd.DataFrame, list[dict]]:
    """Every saved figure (tidy columns) and the list of their source entries; empty when nothing is saved."""
    if not store_path().exists():
        return empty_table(), []
    with closing(_connect()) as connection:
        frame = pd.read_sql_query(f"SELECT {', '.join(TIDY_COLUMNS)} FROM figures ORDER BY rowid", connection)
        sources = [json.loads(text) for (text,) in connection.execute("SELECT entry FROM sources ORDER BY rowid")]
    if frame.empty:
        return empty_table(), sources
    frame["is_estimate"] = frame["is_estimate"].astype(bool)
    for column in ("value", "numerator", "denominator"):
        frame[column] = frame[column].astype(float)
    return frame, sources


def remove(source_id: str) -> None:
    """Forget one saved source and its figures."""
    with closing(_connect()) as connection, connection:
        connection.execute("DELETE FROM figures WHERE source_id = ?", (source_id,))
        connection.execute("DELETE FROM sources WHERE source_id = ?", (source_id,))


def clear() -> None:
    """Forget everything saved (the remembered column mappings stay)."""
    with closing(_connect()) as connection, connection:
        connection.execute("DELETE FROM figures")
        connection.execute("DELETE FROM sources")

