"""Page titles from the pages' docstrings, parsed once per process and never from two threads at once."""
from __future__ import annotations

import ast
import functools
import threading
from pathlib import Path

# ast.parse is not safe across threads in CPython 3.11 ("AST constructor recursion depth mismatch" seen
# under the load test), and app.py runs on every session's rerun; this module, unlike app.py, is imported
# once per process, so its lock and cache are shared by all sessions.
_PARSE_LOCK = threading.Lock()


@functools.lru_cache(maxsize=256)
def page_title(path: Path) -> str:
    """A page's title: the first line of its module docstring, up to the first colon (the server does not reload
    edited pages: runOnSave is off), read once: app.py asks on every rerun of every session."""
    with _PARSE_LOCK:
        docstring = ast.get_docstring(ast.parse(path.read_text())) or path.stem
    return docstring.splitlines()[0].split(":")[0].strip().rstrip(".")
