"""Text a person supplied (file and column names, titles, cell values) shown literally on the upload page."""
from __future__ import annotations

from formatting.user_text import plain

__all__ = ["plain"]
