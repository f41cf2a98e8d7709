"""Versioned schema migrations, one numbered list per component, recorded in the table schema_versions.

Each store declares its own list (`Migration(version, about, apply)`) and opens its database with
`Database.ready(component, migrations)`; the newest version wins, a database newer than the code is refused."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from storage.errors import StorageError

if TYPE_CHECKING:
    from storage.database import Transaction

STORAGE = "storage"
VERSIONS_TABLE = """CREATE TABLE IF NOT EXISTS schema_versions (
    component TEXT PRIMARY KEY, version INTEGER NOT NULL, migrated_at TEXT NOT NULL)"""


@dataclass(frozen=True)
class Migration:
    """One step of a component's schema: its number, what it does, and the function that does it."""

    version: int
    about: str
    apply: Callable[[Transaction], None]


def statements(*sql: str) -> Callable[[Transaction], None]:
    """A migration step that runs these statements in order."""
    def apply(tx: Transaction) -> None:
        """Run the statements."""
        for statement in sql:
            tx.execute(statement)
    return apply


def now_text() -> str:
    """The time now in UTC, as stored in every table (ISO 8601 to the second, sortable as text)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def current_version(tx: Transaction, component: str) -> int:
    """The version a component's tables are at (0: not created yet)."""
    if not tx.table_exists("schema_versions"):
        return 0
    return int(tx.value("SELECT version FROM schema_versions WHERE component = ?", (component,), default=0))


def migrate(tx: Transaction, component: str, migrations: Sequence[Migration]) -> int:
    """Bring a component's tables to its newest version inside the caller's transaction; the version reached."""
    numbers = [m.version for m in migrations]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"{component}: migrations must be numbered 1, 2, 3… in order (got {numbers})")
    tx.execute(VERSIONS_TABLE)
    version = current_version(tx, component)
    if version > len(migrations):
        raise StorageError(f"The database's '{component}' tables are at version {version}, newer than this copy of "
                           f"Patchwork knows ({len(migrations)}): upgrade the app before using this database. Nothing "
                           "was changed.")
    for step in migrations[version:]:
        step.apply(tx)
    if len(migrations) > version:
        tx.execute("INSERT INTO schema_versions (component, version, migrated_at) VALUES (?, ?, ?) "
                   "ON CONFLICT (component) DO UPDATE SET version = excluded.version, migrated_at = excluded.migrated_at",
                   (component, len(migrations), now_text()))
    return len(migrations)


STORAGE_MIGRATIONS = (
    Migration(1, "the audit log (who did what, when, to which file) and each component's change counter", statements(
        """CREATE TABLE IF NOT EXISTS audit_log (seq {serial}, at TEXT NOT NULL, who TEXT NOT NULL,
            action TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, file_hash TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '')""",
        "CREATE INDEX IF NOT EXISTS audit_log_subject ON audit_log (kind, subject)",
        "CREATE TABLE IF NOT EXISTS change_counters (component TEXT PRIMARY KEY, revision BIGINT NOT NULL)",
    )),
)
