"""Saved uploads: accepted figures and their source entries, each owned by who saved it, in the shared database
(PostgreSQL when PATCHWORK_DATABASE_URL is set, else SQLite under the git-ignored cache: local_store/store.sqlite3)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from indicators.column_mapping import local_store_dir
from indicators.schema import COLUMNS as TIDY_COLUMNS
from indicators.schema import empty_table
from storage import audit, ownership, revisions
from storage.database import SQLITE, Database, Transaction, open_database
from storage.migrations import Migration, now_text, statements
from storage.ownership import EVERYONE, SHARED, WITHDRAWN

STORE_FILE = "store.sqlite3"
COMPONENT = "indicators.local_store"
KIND = "upload"  # the audit log's name for what this store holds
FIGURES, SOURCES = "uploaded_figures", "uploaded_sources"
NUMBERS = ("value", "numerator", "denominator")
VISIBLE_TO_OTHERS = (ownership.EVERYONES, ownership.SHARED_WITH_YOU)
LISTED = ["source_id", "title", "owner", "yours", "sharing", "figures", "saved_at"]


def _owned_tables(tx: Transaction) -> None:
    """Owned figures and sources; a store from before owners had figures and sources: its rows become everyone's."""
    statements(
        f"""CREATE TABLE {SOURCES} (seq {{serial}}, owner TEXT NOT NULL, source_id TEXT NOT NULL, entry TEXT NOT NULL,
            sharing TEXT NOT NULL DEFAULT 'private', file_hash TEXT NOT NULL DEFAULT '', saved_at TEXT NOT NULL,
            UNIQUE (owner, source_id))""",
        f"""CREATE TABLE {FIGURES} (seq {{serial}}, owner TEXT NOT NULL, source_id TEXT NOT NULL,
            area_code TEXT NOT NULL, layer TEXT NOT NULL, period TEXT NOT NULL, indicator TEXT NOT NULL,
            breakdown TEXT NOT NULL DEFAULT '', value DOUBLE PRECISION, numerator DOUBLE PRECISION,
            denominator DOUBLE PRECISION, is_estimate INTEGER NOT NULL, note TEXT NOT NULL)""",
        f"CREATE INDEX {FIGURES}_source ON {FIGURES} (owner, source_id)",
    )(tx)
    if tx.kind == SQLITE and tx.table_exists("sources"):  # only the embedded store ever had the old tables
        for source_id, text in tx.rows("SELECT source_id, entry FROM sources ORDER BY rowid"):
            tx.execute(f"INSERT INTO {SOURCES} (owner, source_id, entry, file_hash, saved_at) VALUES (?, ?, ?, ?, ?)",
                       (EVERYONE, source_id, text, _entry_hash(json.loads(text)), now_text()))
        tx.execute("DROP TABLE sources")
    if tx.kind == SQLITE and tx.table_exists("figures"):
        breakdown = "breakdown" if "breakdown" in tx.columns("figures") else "''"  # before breakdowns: for everyone
        names = [c for c in TIDY_COLUMNS if c != "breakdown"]
        tx.execute(f"INSERT INTO {FIGURES} (owner, breakdown, {', '.join(names)}) "
                   f"SELECT ?, {breakdown}, {', '.join(names)} FROM figures ORDER BY rowid", (EVERYONE,))
        tx.execute("DROP TABLE figures")


MIGRATIONS = (Migration(1, "uploaded figures and sources with an owner and sharing", _owned_tables),)


def store_path() -> Path:
    """The embedded store: cache_dir()/local_store/store.sqlite3 (git-ignored; PATCHWORK_LOCAL_STORE overrides);
    not used when PATCHWORK_DATABASE_URL names a PostgreSQL database."""
    return local_store_dir() / STORE_FILE


def database() -> Database:
    """The database holding saved uploads, its tables created or migrated (StorageError if it cannot be had)."""
    return open_database(store_path()).ready(COMPONENT, MIGRATIONS)


def _entry_hash(entry: dict) -> str:
    """The file's SHA-256 as the import recorded it (the ZIP's for a member of one), or '' when not recorded."""
    return str(entry.get("sha256") or entry.get("container_sha256") or "")


def _records(frame: pd.DataFrame, owner: str) -> list[tuple]:
    """The figures as rows for the table: owner first, numbers as floats, missing values as NULL."""
    rows = frame[list(TIDY_COLUMNS)].copy()
    rows["is_estimate"] = rows["is_estimate"].astype(bool).astype(int)
    for column in NUMBERS:
        rows[column] = pd.to_numeric(rows[column], errors="coerce").astype(float)
    return [(owner, *(None if isinstance(v, float) and v != v else v for v in record))
            for record in rows.itertuples(index=False, name=None)]


def save(frame: pd.DataFrame, sources: list[dict], owner: str = EVERYONE) -> int:
    """Save figures and their sources under `owner` (EVERYONE: single-user, visible to all); each source saved
    replaces only that owner's earlier rows of it, and keeps its sharing. One transaction. Returns rows saved."""
    if owner is None:
        raise ValueError("cannot save: nobody is signed in")
    if "breakdown" not in frame.columns:
        frame = frame.assign(breakdown="")
    missing = [c for c in TIDY_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"cannot save: the table lacks column(s) {', '.join(missing)}")
    known = {entry["source_id"] for entry in sources}
    orphans = set(frame["source_id"].astype(str)) - known
    if orphans:
        raise ValueError(f"cannot save figures without a source entry: {', '.join(sorted(orphans)[:5])}")
    records = _records(frame, owner)
    counts = frame["source_id"].astype(str).value_counts()
    with database().transaction() as tx:  # all of it or none of it
        for entry in sources:
            source_id = entry["source_id"]
            text = json.dumps(entry, default=str)
            file_hash = _entry_hash(entry) or hashlib.sha256(text.encode()).hexdigest()
            # The source row first: its lock makes a second save of the same source wait for this one.
            tx.execute(f"INSERT INTO {SOURCES} (owner, source_id, entry, file_hash, saved_at) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (owner, source_id) DO UPDATE SET entry = excluded.entry, "
                       "file_hash = excluded.file_hash, saved_at = excluded.saved_at",
                       (owner, source_id, text, file_hash, now_text()))
            tx.execute(f"DELETE FROM {FIGURES} WHERE owner = ? AND source_id = ?", (owner, source_id))
            audit.record(tx, "upload", owner, KIND, source_id, file_hash, f"{int(counts.get(source_id, 0))} figures")
        tx.insert_many(FIGURES, ("owner", *TIDY_COLUMNS), records)
        revisions.bump(tx, COMPONENT)
    return len(records)


def _chosen(rows: list[tuple], viewer: str | None) -> dict[str, str]:
    """For each source id the viewer can see, whose copy they get (their own, then everyone's, then a shared one)."""
    chosen: dict[str, tuple[int, str]] = {}
    for owner, source_id, *_ in rows:
        rank = ownership.preference(owner, viewer)
        if source_id not in chosen or rank < chosen[source_id][0]:
            chosen[source_id] = (rank, owner)
    return {source_id: owner for source_id, (_, owner) in chosen.items()}


def load_saved(viewer: str | None = EVERYONE) -> tuple[pd.DataFrame, list[dict]]:
    """The saved figures `viewer` may see (their own, everyone's and those shared with all) in tidy columns, and
    their source entries; empty when there are none. The default viewer is the single user."""
    where, params = ownership.visible(viewer, "s")
    with database().transaction(write=False) as tx:  # sources and figures from one snapshot
        source_rows = tx.rows(f"SELECT s.owner, s.source_id, s.entry FROM {SOURCES} s WHERE {where} ORDER BY s.seq",
                              params)
        figure_rows = tx.rows(f"SELECT f.owner, {', '.join('f.' + c for c in TIDY_COLUMNS)} FROM {FIGURES} f "
                              f"JOIN {SOURCES} s ON s.owner = f.owner AND s.source_id = f.source_id WHERE {where} "
                              "ORDER BY f.seq", params)
    chosen = _chosen(source_rows, viewer)
    sources = [json.loads(text) for owner, source_id, text in source_rows if chosen[source_id] == owner]
    if not figure_rows:
        return empty_table(), sources
    frame = pd.DataFrame.from_records(figure_rows, columns=["owner", *TIDY_COLUMNS])
    if frame[["owner", "source_id"]].drop_duplicates()["source_id"].duplicated().any():  # one copy of each source
        frame = frame[frame["owner"] == frame["source_id"].map(chosen)]
    frame = frame.drop(columns="owner").reset_index(drop=True)
    frame["is_estimate"] = frame["is_estimate"].astype(bool)
    for column in NUMBERS:
        frame[column] = frame[column].astype(float)
    return frame, sources


def saved_list(viewer: str | None = EVERYONE) -> pd.DataFrame:
    """What `viewer` can see, one row per saved upload: source_id, title, owner ('' = everyone's), yours, sharing,
    figures and when it was saved (for the upload page's list with share, withdraw and delete)."""
    where, params = ownership.visible(viewer, "s")
    with database().transaction(write=False) as tx:
        rows = tx.rows(f"SELECT s.owner, s.source_id, s.entry, s.sharing, s.saved_at, COUNT(f.seq) FROM {SOURCES} s "
                       f"LEFT JOIN {FIGURES} f ON f.owner = s.owner AND f.source_id = s.source_id WHERE {where} "
                       "GROUP BY s.seq, s.owner, s.source_id, s.entry, s.sharing, s.saved_at ORDER BY s.seq", params)
    chosen = _chosen(rows, viewer)
    listed = [{"source_id": source_id, "title": json.loads(text).get("title", source_id), "owner": owner,
               "yours": viewer is not None and owner == viewer, "sharing": sharing, "figures": int(count),
               "saved_at": saved_at}
              for owner, source_id, text, sharing, saved_at, count in rows if chosen[source_id] == owner]
    return pd.DataFrame(listed, columns=LISTED)


def share(source_id: str, owner: str | None) -> None:
    """Let everyone signed in see the owner's saved upload (recorded); NotYoursError if it is someone else's."""
    with database().transaction() as tx:
        ownership.set_sharing(tx, SOURCES, "source_id", source_id, owner, SHARED, KIND, "upload")
        revisions.bump(tx, COMPONENT)


def withdraw(source_id: str, owner: str | None) -> None:
    """Make the owner's shared upload private again (recorded); NotYoursError if it is someone else's."""
    with database().transaction() as tx:
        ownership.set_sharing(tx, SOURCES, "source_id", source_id, owner, WITHDRAWN, KIND, "upload")
        revisions.bump(tx, COMPONENT)


def remove(source_id: str, owner: str | None = EVERYONE) -> None:
    """Forget the owner's saved source and its figures (recorded); nothing happens if there is none, NotYoursError
    if the one the owner can see is someone else's."""
    with database().transaction() as tx:
        if tx.row(f"SELECT 1 FROM {SOURCES} WHERE owner = ? AND source_id = ?", (owner, source_id)) is None and \
                ownership.access(tx, SOURCES, "source_id", source_id, owner) not in VISIBLE_TO_OTHERS:
            return  # as before: forgetting what is not there is no error (nor says whether someone else has it)
        file_hash = ownership.require_owner(tx, SOURCES, "source_id", source_id, owner, "upload")
        tx.execute(f"DELETE FROM {FIGURES} WHERE owner = ? AND source_id = ?", (owner, source_id))
        tx.execute(f"DELETE FROM {SOURCES} WHERE owner = ? AND source_id = ?", (owner, source_id))
        audit.record(tx, "delete", owner, KIND, source_id, file_hash)
        revisions.bump(tx, COMPONENT)


def clear() -> None:
    """Forget every saved upload of every owner, each deletion recorded (the remembered column mappings stay)."""
    with database().transaction() as tx:
        for owner, source_id, file_hash in tx.rows(f"SELECT owner, source_id, file_hash FROM {SOURCES} ORDER BY seq"):
            audit.record(tx, "delete", owner, KIND, source_id, file_hash, "cleared")
        tx.execute(f"DELETE FROM {FIGURES}")
        tx.execute(f"DELETE FROM {SOURCES}")
        revisions.bump(tx, COMPONENT)


def stamp() -> tuple:
    """Which database and which version of its saved uploads: equal stamps, equal saved figures (for caches)."""
    db = database()
    with db.transaction(write=False) as tx:
        return db.kind, db.shown, revisions.revision(tx, COMPONENT)


def view_stamp(viewer: str | None = EVERYONE) -> tuple:
    """stamp() and whose view of it `viewer` gets: their own name when they have saved uploads of their own,
    else EVERYONE (they then see exactly what the single user or anyone signed out sees), from one snapshot."""
    db = database()
    with db.transaction(write=False) as tx:
        revision = revisions.revision(tx, COMPONENT)
        own = viewer not in (None, EVERYONE) and tx.row(f"SELECT 1 FROM {SOURCES} WHERE owner = ? LIMIT 1",
                                                        (viewer,)) is not None
    return db.kind, db.shown, revision, viewer if own else EVERYONE
