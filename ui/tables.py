"""Every table a page shows goes through here: formatted for a board (formatting.tables) once per table object."""
from __future__ import annotations

import threading
import weakref

import pandas as pd
import pyarrow as pa
import streamlit as st

from formatting.tables import format_table, reading_order, wide_text_columns

# Views are cached, so a rerun shows the same table object again: its formatted copy is kept while it lives (keyed
# by id, with a weak reference to tell a reused id from the same table), and a rerun only looks it up.
_FORMATTED: dict[int, tuple[weakref.ref, tuple]] = {}
_LOCK = threading.Lock()
KEPT = 256


def formatted(table: pd.DataFrame | pa.Table) -> tuple[pd.DataFrame | pa.Table, list[str]]:
    """`table` as shown (formatted, figures before long text, as an Arrow table where it has no row names:
    st.dataframe converts once) and its text columns too wide to show whole."""
    key = id(table)
    with _LOCK:
        held = _FORMATTED.get(key)
        if held is not None and held[0]() is table:
            return held[1]
    frame = table.to_pandas() if isinstance(table, pa.Table) else table
    shown = reading_order(format_table(frame))
    result = (pa.Table.from_pandas(shown, preserve_index=False) if isinstance(shown.index, pd.RangeIndex) else shown,
              wide_text_columns(shown))
    try:
        reference = weakref.ref(table)
    except TypeError:  # a table that cannot be referred to weakly is formatted on every draw
        return result
    with _LOCK:
        if len(_FORMATTED) >= KEPT:
            for stale in [k for k, (ref, _) in _FORMATTED.items() if ref() is None] or list(_FORMATTED)[:KEPT // 2]:
                _FORMATTED.pop(stale, None)
        _FORMATTED[key] = (reference, result)
    return result


def display_table(table: pd.DataFrame | pa.Table, *, hide_index: bool = True, height: int | str = "auto",
                  static: bool = False, column_config: dict | None = None) -> None:
    """Show a table formatted for a board: st.dataframe across the page, or st.table where `static` (no scrolling)."""
    shown, wide = formatted(table)
    if static:
        st.table(shown)
        return
    # A long name or list is cut at a set width (hover shows it whole): the figures after it stay on screen.
    widths = {name: st.column_config.TextColumn(width="medium") for name in wide}
    st.dataframe(shown, hide_index=hide_index, width="stretch", height=height,
                 column_config={**widths, **(column_config or {})})
