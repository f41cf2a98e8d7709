"""Text a person supplied (file and column names, titles, cell values) shown literally on the upload page."""
from __future__ import annotations

import re


def plain(text: str) -> str:
    """User-supplied text shown literally: Markdown and HTML characters escaped."""
    escaped = re.sub(r"([\\`*_{}\[\]<>#|~$])", r"\\\1", str(text))
    return re.sub(r"^([+\-=])", r"\\\1", escaped)  # a leading + - or = would start a list or a heading
