"""Who may see and change an owned row: private to its owner by default, shared with everyone signed in, withdrawn.

An owned table has the columns `owner` (EVERYONE for single-user and older saves), its key column, `sharing`
(private / shared / withdrawn) and `file_hash`; its key is unique per owner, so two people may save the same
file. Rows owned by EVERYONE are visible to all, as everything was before owners existed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from storage import audit
from storage.database import identifier
from storage.errors import NotFoundError, NotSharedError, NotYoursError

if TYPE_CHECKING:
    from storage.database import Transaction

EVERYONE = ""  # the owner in single-user mode, and of anything saved before owners existed
PRIVATE, SHARED, WITHDRAWN = "private", "shared", "withdrawn"
SHARINGS = (PRIVATE, SHARED, WITHDRAWN)
OWN, EVERYONES, SHARED_WITH_YOU, NOT_SHARED, NO_LONGER_SHARED, MISSING = (
    "own", "everyone", "shared", "not shared", "no longer shared", "missing")


def visible(viewer: str | None, alias: str = "") -> tuple[str, tuple]:
    """An SQL condition (and its parameters) true for the rows `viewer` may see: their own, everyone's, shared."""
    prefix = f"{identifier(alias)}." if alias else ""
    viewer = EVERYONE if viewer is None else viewer
    return (f"({prefix}owner = ? OR {prefix}owner = ? OR {prefix}sharing = ?)", (viewer, EVERYONE, SHARED))


def preference(owner: str, viewer: str | None) -> int:
    """Which of several visible rows with one key a viewer gets: their own, then everyone's, then one shared."""
    if viewer is not None and owner == viewer:
        return 0
    return 1 if owner == EVERYONE else 2


def access(tx: Transaction, table: str, key_column: str, key: str, viewer: str | None) -> str:
    """How `viewer` stands to an item: OWN, EVERYONES, SHARED_WITH_YOU, NOT_SHARED, NO_LONGER_SHARED or MISSING."""
    rows = tx.rows(f"SELECT owner, sharing FROM {identifier(table)} WHERE {identifier(key_column)} = ?", (key,))
    owners = {owner: sharing for owner, sharing in rows}
    if viewer is not None and viewer in owners:
        return OWN
    if EVERYONE in owners:
        return EVERYONES
    if SHARED in owners.values():
        return SHARED_WITH_YOU
    if WITHDRAWN in owners.values():
        return NO_LONGER_SHARED
    return NOT_SHARED if owners else MISSING


def require_visible(tx: Transaction, table: str, key_column: str, key: str, viewer: str | None, what: str) -> str:
    """The owner whose row `viewer` gets for this key; NotFoundError or NotSharedError (with the words to show)."""
    found = access(tx, table, key_column, key, viewer)
    if found == MISSING:
        raise NotFoundError(f"There is no saved {what} '{key}'.")
    if found == NO_LONGER_SHARED:
        raise NotSharedError(f"This {what} is no longer shared: its owner has withdrawn it.")
    if found == NOT_SHARED:
        raise NotSharedError(f"This {what} has not been shared with you: only its owner can open it.")
    if found in (OWN, EVERYONES):  # the single user's own rows are EVERYONE's ('', falsy: no `or` here)
        return viewer if found == OWN else EVERYONE
    return tx.value(
        f"SELECT owner FROM {identifier(table)} WHERE {identifier(key_column)} = ? AND sharing = ? ORDER BY owner",
        (key, SHARED))


def require_owner(tx: Transaction, table: str, key_column: str, key: str, owner: str | None, what: str) -> str:
    """The item's file hash when `owner` owns it; NotYoursError if it is someone else's (that `owner` can see),
    NotFoundError otherwise (an item private to someone else is not even said to exist)."""
    if owner is None:
        raise NotYoursError(f"Sign in to change a saved {what}: nobody is signed in.")
    found = tx.row(f"SELECT file_hash FROM {identifier(table)} WHERE owner = ? AND {identifier(key_column)} = ?",
                   (owner, key))
    if found is not None:
        return found[0]
    if access(tx, table, key_column, key, owner) in (EVERYONES, SHARED_WITH_YOU):
        raise NotYoursError(f"The {what} '{key}' was saved by someone else: only they can share, withdraw or delete "
                            "it. Nothing was changed.")
    raise NotFoundError(f"You have no saved {what} '{key}'. Nothing was changed.")


def set_sharing(tx: Transaction, table: str, key_column: str, key: str, owner: str | None, sharing: str,
                kind: str, what: str) -> None:
    """Share (SHARED) or withdraw (WITHDRAWN) the owner's item, recorded in the audit log; refused if not theirs."""
    if sharing not in (SHARED, WITHDRAWN):
        raise ValueError(f"sharing must be '{SHARED}' or '{WITHDRAWN}', not {sharing!r}")
    file_hash = require_owner(tx, table, key_column, key, owner, what)
    if owner == EVERYONE:
        raise NotYoursError(f"In single-user mode every saved {what} is already visible to everyone who can open the "
                            "app; sharing needs a sign-in (see docs/deployment.md).")
    tx.execute(f"UPDATE {identifier(table)} SET sharing = ? WHERE owner = ? AND {identifier(key_column)} = ?",
               (sharing, owner, key))
    audit.record(tx, "share" if sharing == SHARED else "withdraw", owner, kind, key, file_hash)
