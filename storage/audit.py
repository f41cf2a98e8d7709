"""The audit log: each upload, scenario save, share, withdraw and delete, with who did it, when, and the file's hash."""
from __future__ import annotations

from typing import TYPE_CHECKING

from storage.migrations import now_text

if TYPE_CHECKING:
    from storage.database import Database, Transaction

ACTIONS = ("upload", "save", "share", "withdraw", "delete")
COLUMNS = ("at", "who", "action", "kind", "subject", "file_hash", "detail")


def record(tx: Transaction, action: str, who: str, kind: str, subject: str, file_hash: str = "",
           detail: str = "") -> None:
    """Write one entry inside the caller's transaction, so the log and the change stand or fall together."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r} (known: {', '.join(ACTIONS)})")
    tx.execute("INSERT INTO audit_log (at, who, action, kind, subject, file_hash, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (now_text(), who, action, kind, subject, file_hash or "", detail or ""))


def recent(database: Database, limit: int = 200, kind: str | None = None) -> list[dict]:
    """The newest entries first (all kinds, or one): at, who ('' is the single user), action, kind, subject, hash."""
    where, params = ("WHERE kind = ?", (kind,)) if kind else ("", ())
    with database.transaction(write=False) as tx:
        rows = tx.rows(f"SELECT {', '.join(COLUMNS)} FROM audit_log {where} ORDER BY seq DESC LIMIT ?",
                       (*params, int(limit)))
    return [dict(zip(COLUMNS, row)) for row in rows]
