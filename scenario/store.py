"""A local SQLite store of named scenarios (git-ignored cache folder; PATCHWORK_SCENARIO_DB for a shared one)."""
from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from geo.locations import cache_dir
from scenario.persistence import Scenario, ScenarioFileError, dumps, loads

SCHEMA = """CREATE TABLE IF NOT EXISTS scenarios (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, saved_at TEXT NOT NULL, document TEXT NOT NULL)"""


def default_path() -> Path:
    """PATCHWORK_SCENARIO_DB, else scenarios.sqlite3 in the build cache."""
    override = os.environ.get("PATCHWORK_SCENARIO_DB")
    return Path(override) if override else cache_dir() / "scenarios.sqlite3"


def scenario_id(scenario: Scenario) -> str:
    """A short id fixed by the scenario's content: saving the same scenario twice gives the same id."""
    return hashlib.sha256(scenario.key().encode()).hexdigest()[:12]


class ScenarioStore:
    """Save, list, open and delete named scenarios."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=5)

    def save(self, scenario: Scenario) -> str:
        """Store (or replace) the scenario; returns its id."""
        key = scenario_id(scenario)
        with closing(self._connect()) as db, db:
            db.execute("INSERT OR REPLACE INTO scenarios VALUES (?, ?, ?, ?)",
                       (key, scenario.name, datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), dumps(scenario)))
        return key

    def list(self) -> pd.DataFrame:
        """Every saved scenario: id, name, saved_at (newest first)."""
        with closing(self._connect()) as db:
            rows = db.execute("SELECT id, name, saved_at FROM scenarios ORDER BY saved_at DESC, name").fetchall()
        return pd.DataFrame(rows, columns=["id", "name", "saved_at"])

    def load(self, key: str) -> Scenario:
        """One saved scenario (KeyError if unknown; ScenarioFileError if its stored document is bad)."""
        with closing(self._connect()) as db:
            row = db.execute("SELECT document FROM scenarios WHERE id = ?", (str(key)[:40],)).fetchone()
        if row is None:
            raise KeyError(key)
        try:
            return loads(row[0])
        except ScenarioFileError as error:
            raise ScenarioFileError(f"saved scenario {key} cannot be opened: {error}") from None

    def delete(self, key: str) -> None:
        """Remove one saved scenario (no error if absent)."""
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM scenarios WHERE id = ?", (key,))
