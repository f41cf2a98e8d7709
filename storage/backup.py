"""Back up and restore a database while the app runs: SQLite's online backup API, or pg_dump / pg_restore."""
from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from storage.database import POSTGRESQL, Database, forget_ready
from storage.errors import StorageError

PG_TOOL_TIMEOUT_S = 3600


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API (consistent while others write)."""
    if not Path(source).exists():
        raise StorageError(f"There is no database file {source} to copy.")
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source, timeout=30)) as reading, closing(sqlite3.connect(target, timeout=30)) as into:
        reading.backup(into)


def pg_tool(name: str) -> str:
    """The path of pg_dump or pg_restore: on PATH, else the newest Debian PostgreSQL's."""
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise StorageError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _without_password(database: Database) -> tuple[str, dict[str, str]]:
    """The URL for a PostgreSQL tool and its environment: the password goes in PGPASSWORD, never on the command line."""
    parts = urlsplit(database.url.conninfo)
    netloc = parts.netloc.rsplit("@", 1)
    if len(netloc) == 2:
        user = netloc[0].split(":", 1)[0]
        parts = parts._replace(netloc=f"{user}@{netloc[1]}")
    environment = dict(os.environ)
    if database.url.password:
        environment["PGPASSWORD"] = database.url.password
    return urlunsplit(parts), environment


def _schema(database: Database) -> str:
    """The schema Patchwork's tables are in (public unless the URL's options set a search_path)."""
    with database.transaction(write=False) as tx:
        return tx.value("SELECT current_schema()")


def _run(database: Database, command: list[str]) -> None:
    """Run a PostgreSQL tool; StorageError with its message (password-free) if it fails."""
    done = subprocess.run(command, capture_output=True, text=True, timeout=PG_TOOL_TIMEOUT_S,
                          env=_without_password(database)[1])
    if done.returncode != 0:
        raise StorageError(f"{Path(command[0]).name} failed: {database.url.scrub(done.stderr.strip())[-800:]}")


@contextmanager
def _written_whole(target: Path) -> Iterator[Path]:
    """A temporary file beside `target`, renamed onto it once written: a failed backup leaves no file (not an
    empty one where the last good backup was)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    os.close(handle)
    try:
        yield Path(partial)
        if Path(partial).stat().st_size == 0:
            raise StorageError(f"The backup of the database came out empty; {target} was not written.")
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)


def backup(database: Database, target: Path) -> Path:
    """Write a consistent copy of the database to `target` (SQLite file, or pg_dump's custom format)."""
    target = Path(target)
    with _written_whole(target) as partial:
        if database.kind != POSTGRESQL:
            partial.unlink()  # SQLite's backup API writes a database of its own into the path
            sqlite_copy(database.path, partial)
        else:
            url, _ = _without_password(database)
            schema = _schema(database)  # a whole dedicated database, or only the schema a search_path option names
            only = [] if schema == "public" else [f"--schema={schema}"]
            _run(database, [pg_tool("pg_dump"), "--format=custom", *only, f"--file={partial}", f"--dbname={url}"])
    return target


def restore(database: Database, source: Path) -> None:
    """Put a backup back in place of the database's tables (what was saved after the backup is gone)."""
    source = Path(source)
    if not source.exists():
        raise StorageError(f"There is no backup file {source}.")
    before = _counters(database)
    if database.kind != POSTGRESQL:
        sqlite_copy(source, database.path)
    else:
        url, _ = _without_password(database)
        _run(database, [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        f"--dbname={url}", str(source)])
    forget_ready(database)
    _move_counters_past(database, before)


def _counters(database: Database) -> dict[str, int]:
    """Each component's change counter now (none when the database is empty or lost)."""
    try:
        with database.transaction(write=False) as tx:
            if not tx.table_exists("change_counters"):
                return {}
            return {component: int(revision) for component, revision in
                    tx.rows("SELECT component, revision FROM change_counters")}
    except StorageError:
        return {}


def _move_counters_past(database: Database, before: dict[str, int]) -> None:
    """Set every change counter past both its value before the restore and the backup's own, so every running
    process sees a change and reads the restored data again (a counter that went back to a value a process had
    already seen would leave it serving its cached figures)."""
    database.ready("storage.restore", ())
    with database.transaction() as tx:
        restored = dict(tx.rows("SELECT component, revision FROM change_counters"))
        for component in sorted(set(before) | set(restored)):
            revision = max(before.get(component, 0), int(restored.get(component, 0))) + 1
            tx.execute("INSERT INTO change_counters (component, revision) VALUES (?, ?) ON CONFLICT (component) "
                       "DO UPDATE SET revision = ?", (component, revision, revision))
