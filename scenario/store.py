"""Named scenarios in the shared database, each owned by who saved it: private until shared, withdrawn at will.

PostgreSQL when PATCHWORK_DATABASE_URL is set, else the embedded SQLite file (git-ignored cache folder, or
PATCHWORK_SCENARIO_DB). A file from before owners opens as it was: its scenarios become everyone's."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from geo.locations import cache_dir
from scenario.persistence import Scenario, ScenarioFileError, dumps, loads
from storage import audit, ownership, revisions
from storage.database import Database, Transaction, open_database
from storage.errors import NotFoundError, NotSharedError, NotYoursError
from storage.migrations import Migration, now_text
from storage.ownership import EVERYONE, SHARED, WITHDRAWN

COMPONENT = "scenario.store"
KIND = "scenario"  # the audit log's name for what this store holds
TABLE = "scenarios"
BEFORE_OWNERS = "scenarios_before_owners"
LISTED = ["id", "name", "saved_at", "owner", "yours", "sharing"]
NO_LONGER_SHARED_WORDS = "This scenario is no longer shared by its owner, so it cannot be opened from this link."
NOT_SHARED_WORDS = "This scenario has not been shared with you: only its owner can open it."

_OWN = object()  # no owner or viewer given: the store's own (None means nobody is signed in)

__all__ = ["NotFoundError", "NotYoursError", "ScenarioNotShared", "ScenarioStore", "default_path", "scenario_id"]


class ScenarioNotShared(NotSharedError, KeyError):
    """A saved scenario its owner has not shared (or has withdrawn); also a KeyError, so callers that treat an
    unknown scenario as a KeyError still catch it (str() is the sentence to show)."""


def _shown_time(stamp: str) -> str:
    """An ISO time as the list shows it ('2026-12-02 07:30 UTC', as saved_at always read)."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 else stamp


def _iso_time(shown: str) -> str:
    """The old store's '2026-12-02 07:30 UTC' as ISO 8601 (now, when it cannot be read)."""
    text = str(shown).strip()
    if len(text) >= 16 and text[4] == "-" and text[10] == " " and text[13] == ":":
        return f"{text[:10]}T{text[11:16]}:00Z"
    return now_text()


def _document_hash(document: str) -> str:
    """The SHA-256 of the scenario file as stored (what the audit log records)."""
    return hashlib.sha256(document.encode()).hexdigest()


def _owned_table(tx: Transaction) -> None:
    """Scenarios with an owner, sharing, file hash and times; an embedded file from before owners is carried over."""
    old = tx.table_exists(TABLE) and "owner" not in tx.columns(TABLE)
    if old:
        tx.execute(f"ALTER TABLE {TABLE} RENAME TO {BEFORE_OWNERS}")
    tx.execute(f"""CREATE TABLE {TABLE} (seq {{serial}}, owner TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
        document TEXT NOT NULL, sharing TEXT NOT NULL DEFAULT 'private', file_hash TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (owner, id))""")
    if old:
        for key, name, saved_at, document in tx.rows(f"SELECT id, name, saved_at, document FROM {BEFORE_OWNERS} "
                                                     "ORDER BY rowid"):
            stamp = _iso_time(saved_at)
            tx.execute(f"INSERT INTO {TABLE} (owner, id, name, document, file_hash, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", (EVERYONE, key, name, document, _document_hash(document),
                                                        stamp, stamp))
        tx.execute(f"DROP TABLE {BEFORE_OWNERS}")


MIGRATIONS = (Migration(1, "scenarios with an owner, sharing, file hash, created and updated times", _owned_table),)


def default_path() -> Path:
    """PATCHWORK_SCENARIO_DB, else scenarios.sqlite3 in the build cache (the embedded file; unused with PostgreSQL)."""
    override = os.environ.get("PATCHWORK_SCENARIO_DB")
    return Path(override) if override else cache_dir() / "scenarios.sqlite3"


def scenario_id(scenario: Scenario) -> str:
    """A short id fixed by the scenario's content: saving the same scenario twice gives the same id."""
    return hashlib.sha256(scenario.key().encode()).hexdigest()[:12]


def _saver(owner: str | None) -> str:
    """The owner a change is made as; NotYoursError when nobody is signed in (they may look, not save)."""
    if owner is None:
        raise NotYoursError("Sign in to save, share or delete a scenario: nobody is signed in. Nothing was changed.")
    return owner


class ScenarioStore:
    """Save, list, open, share, withdraw and delete named scenarios.

    `owner` is who this store acts for (EVERYONE: the single user, as before owners; None: not signed in, may open
    what is shared); each method also takes owner/viewer to act for someone else."""

    def __init__(self, path: Path | None = None, *, owner: str | None = EVERYONE) -> None:
        self.path = Path(path) if path else default_path()
        self.owner = owner
        self.database: Database = open_database(self.path).ready(COMPONENT, MIGRATIONS)

    def _who(self, given: str | None | object) -> str | None:
        """The owner or viewer asked for, else the store's own."""
        return self.owner if given is _OWN else given

    def save(self, scenario: Scenario, owner: str | None | object = _OWN) -> str:
        """Store (or replace) the owner's copy of the scenario, keeping its sharing; returns its id (recorded)."""
        owner = _saver(self._who(owner))
        key, document, stamp = scenario_id(scenario), dumps(scenario), now_text()
        file_hash = _document_hash(document)
        with self.database.transaction() as tx:
            tx.execute(f"INSERT INTO {TABLE} (owner, id, name, document, file_hash, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, id) DO UPDATE SET name = excluded.name, "
                       "document = excluded.document, file_hash = excluded.file_hash, updated_at = excluded.updated_at",
                       (owner, key, scenario.name, document, file_hash, stamp, stamp))
            audit.record(tx, "save", owner, KIND, key, file_hash, scenario.name)
            revisions.bump(tx, COMPONENT)
        return key

    def list(self, viewer: str | None | object = _OWN) -> pd.DataFrame:
        """The scenarios `viewer` can see (their own, everyone's, those shared), newest first: id, name, saved_at,
        owner ('' = everyone's), yours and sharing."""
        viewer = self._who(viewer)
        where, params = ownership.visible(viewer)
        with self.database.transaction(write=False) as tx:
            rows = tx.rows(f"SELECT owner, id, name, updated_at, sharing FROM {TABLE} WHERE {where} "
                           "ORDER BY updated_at DESC, name, seq", params)
        chosen: dict[str, tuple[int, str]] = {}
        for owner, key, *_ in rows:
            rank = ownership.preference(owner, viewer)
            if key not in chosen or rank < chosen[key][0]:
                chosen[key] = (rank, owner)
        listed = [{"id": key, "name": name, "saved_at": _shown_time(updated), "owner": owner,
                   "yours": viewer is not None and owner == viewer, "sharing": sharing}
                  for owner, key, name, updated, sharing in rows if chosen[key][1] == owner]
        return pd.DataFrame(listed, columns=LISTED)

    def access(self, key: str, viewer: str | None | object = _OWN) -> str:
        """How `viewer` stands to a scenario (storage.ownership: own, everyone, shared, not shared, no longer
        shared, missing): for a page to say what a link will do before opening it."""
        viewer = self._who(viewer)
        with self.database.transaction(write=False) as tx:
            return ownership.access(tx, TABLE, "id", str(key)[:40], viewer)

    def load(self, key: str, viewer: str | None | object = _OWN) -> Scenario:
        """One saved scenario `viewer` may open: NotFoundError (a KeyError) if unknown, ScenarioNotShared if its
        owner has not shared it or has withdrawn it, ScenarioFileError if its stored document is bad."""
        viewer = self._who(viewer)
        key = str(key)[:40]
        with self.database.transaction(write=False) as tx:
            try:
                owner = ownership.require_visible(tx, TABLE, "id", key, viewer, "scenario")
            except NotSharedError:
                withdrawn = ownership.access(tx, TABLE, "id", key, viewer) == ownership.NO_LONGER_SHARED
                raise ScenarioNotShared(NO_LONGER_SHARED_WORDS if withdrawn else NOT_SHARED_WORDS) from None
            document = tx.value(f"SELECT document FROM {TABLE} WHERE owner = ? AND id = ?", (owner, key))
        try:
            return loads(document)
        except ScenarioFileError as error:
            raise ScenarioFileError(f"saved scenario {key} cannot be opened: {error}") from None

    def delete(self, key: str, owner: str | None | object = _OWN) -> None:
        """Remove the owner's saved scenario (recorded); no error if there is none, NotYoursError if the one the
        owner can see is someone else's (nothing is changed then)."""
        owner = self._who(owner)
        with self.database.transaction() as tx:
            if tx.row(f"SELECT 1 FROM {TABLE} WHERE owner = ? AND id = ?", (owner, key)) is None and \
                    ownership.access(tx, TABLE, "id", key, owner) not in (ownership.EVERYONES, ownership.SHARED_WITH_YOU):
                return  # forgetting what is not there is no error (nor says whether someone else has it privately)
            file_hash = ownership.require_owner(tx, TABLE, "id", key, _saver(owner), "scenario")
            tx.execute(f"DELETE FROM {TABLE} WHERE owner = ? AND id = ?", (owner, key))
            audit.record(tx, "delete", owner, KIND, key, file_hash)
            revisions.bump(tx, COMPONENT)

    def share(self, key: str, owner: str | None | object = _OWN) -> None:
        """Let everyone signed in open the owner's scenario by its link (recorded); NotYoursError or NotFoundError
        if it is not the owner's (nothing is changed then)."""
        self._set_sharing(key, SHARED, owner)

    def withdraw(self, key: str, owner: str | None | object = _OWN) -> None:
        """Make the owner's shared scenario private again: others' links then say it is no longer shared."""
        self._set_sharing(key, WITHDRAWN, owner)

    def _set_sharing(self, key: str, sharing: str, owner: str | None | object) -> None:
        """Share or withdraw, refused (nothing changed) unless the owner owns it."""
        owner = self._who(owner)
        with self.database.transaction() as tx:
            ownership.set_sharing(tx, TABLE, "id", str(key)[:40], _saver(owner), sharing, KIND, "scenario")
            revisions.bump(tx, COMPONENT)

    def history(self, limit: int = 200) -> list[dict]:
        """The audit log's scenario entries, newest first (who saved, shared, withdrew or deleted what, when)."""
        return audit.recent(self.database, limit=limit, kind=KIND)
