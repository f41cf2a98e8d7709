"""Back up and restore a database while the app runs: SQLite's online backup API, or pg_dump / pg_restore."""
from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
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


def backup(database: Database, target: Path) -> Path:
    """Write a consistent copy of the database to `target` (SQLite file, or pg_dump's custom format)."""
    target = Path(target)
    if database.kind != POSTGRESQL:
        sqlite_copy(database.path, target)
        return target
    url, _ = _without_password(database)
    target.parent.mkdir(parents=True, exist_ok=True)
    schema = _schema(database)  # a whole dedicated database, or only the schema a search_path option names
    only = [] if schema == "public" else [f"--schema={schema}"]
    _run(database, [pg_tool("pg_dump"), "--format=custom", *only, f"--file={target}", f"--dbname={url}"])
    return target


def restore(database: Database, source: Path) -> None:
    """Put a backup back in place of the database's tables (what was saved after the backup is gone)."""
    source = Path(source)
    if not source.exists():
        raise StorageError(f"There is no backup file {source}.")
    if database.kind != POSTGRESQL:
        sqlite_copy(source, database.path)
    else:
        url, _ = _without_password(database)
        _run(database, [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        f"--dbname={url}", str(source)])
    forget_ready(database)
