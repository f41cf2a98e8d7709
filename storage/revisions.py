"""A change counter per component, bumped by every write, so a process can tell cheaply whether to re-read."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.database import Transaction


def bump(tx: Transaction, component: str) -> None:
    """Count one more change to `component`, inside the caller's transaction."""
    tx.execute("INSERT INTO change_counters (component, revision) VALUES (?, 1) ON CONFLICT (component) "
               "DO UPDATE SET revision = change_counters.revision + 1", (component,))


def revision(tx: Transaction, component: str) -> int:
    """How many changes `component` has had (0 before the first)."""
    return int(tx.value("SELECT revision FROM change_counters WHERE component = ?", (component,), default=0))
