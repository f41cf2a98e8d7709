"""What can go wrong with the database, said in words a user can act on (never with a password in them)."""
from __future__ import annotations


class StorageError(OSError):
    """The database could not be opened, reached or written; nothing was changed. An OSError so that callers
    which already catch file errors around the old SQLite stores show it the same way."""


class NotFoundError(KeyError):
    """The item asked for is not in the store (a KeyError, as the old stores raised, that reads as a sentence)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


class NotYoursError(PermissionError):
    """Someone asked to share, withdraw or delete an item that belongs to someone else."""


class NotSharedError(PermissionError):
    """The item exists but its owner has not shared it with this person (or has withdrawn it)."""
