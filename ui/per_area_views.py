"""Streamlit glue for per-area indicator views: choices kept in the URL, source lines, map and ranked table."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures.indicators import trend
from figures.overlay_map import ATTRIBUTION
from figures.per_area import AreaFigure
from formatting.user_text import plain
from indicators.csv_safety import safe_csv_bytes
from indicators.store import IndicatorStore
from ui.indicator_store import about_link
from ui.params import parse_choice
from ui.presentation import present_map
from ui.tables import display_table


def seed_choice(key: str, param: str, options: list[str], default: str, name: str,
                encode: Callable[[str], str] = str) -> list[str]:
    """Put a valid value for the widget `key` into session state before it is drawn; returns notices.

    Kept when still among the options; on the first run read from the link (`param`, written with `encode`);
    later, when the options change, the link's value (the last choice) is kept if still offered, else default."""
    if key in st.session_state and st.session_state[key] in options:
        return []
    by_text = {encode(option): option for option in options}
    seeded = f"_{key}_seeded"
    raw = st.query_params.get(param)
    if not st.session_state.get(seeded):
        st.session_state[seeded] = True
        chosen, notices = parse_choice(raw, list(by_text), encode(default), name)
        st.session_state[key] = by_text[chosen]
        return notices
    st.session_state[key] = by_text.get(raw, default) if raw is not None else default
    return []


def source_caption(store: IndicatorStore, source_ids, extra: str = "") -> None:
    """The source line under a figure, with links to the About the data entries."""
    ids = list(dict.fromkeys(s.strip() for s in source_ids if s and str(s).strip()))
    links = ", ".join(about_link(s, f"source {n}" if len(ids) > 1 else "source") for n, s in enumerate(ids, start=1))
    # an uploaded source's title, publisher and vintage are someone's text: the note is shown as text
    st.caption(plain(store.source_note(ids) + (f". {extra}" if extra else ""))
               + (f". On About the data: {links}" if links else ""))


def area_map(map_figure: go.Figure, key: str, store: IndicatorStore, source_ids) -> None:
    """A per-area map (built and cached by the page's view) with its source line and what the edges mean."""
    st.plotly_chart(present_map(map_figure), key=key, theme=None, config={"scrollZoom": True, "displaylogo": False},
                    width="stretch")
    source_caption(store, source_ids, f"Grey with a dashed edge: no data. Dotted vermillion edge: estimate. {ATTRIBUTION}")


def ranked(figure: AreaFigure, store: IndicatorStore, file_name: str, key: str) -> None:
    """The ranked table of one figure with a formula-safe CSV download and its source line."""
    display_table(figure.ranked, height=420)
    st.download_button("Download the table (CSV)", safe_csv_bytes(figure.ranked), file_name=file_name,
                       mime="text/csv", key=key)
    source_caption(store, figure.used_sources)


def trend_chart(lines: pd.DataFrame, figure: AreaFigure, store: IndicatorStore, key: str, empty: str) -> None:
    """The trend of one area against England and Wales (flagged periods marked ⚑), or why there is none."""
    if lines["period"].nunique() < 2:
        st.info(empty)
    else:
        flags = {p: r for p, r in figure.flags.items() if p in set(lines["period"])}
        st.plotly_chart(trend(lines[["series", "period", "value"]], figure.indicator, flags=flags), key=key,
                        theme=None, width="stretch")
        flag_note = " ".join(f"⚑ {p}: {r}." for p, r in flags.items())
        source_caption(store, [s for ids in lines["source_ids"] for s in str(ids).split(",")], flag_note)
    with st.expander("Trend as a table"):
        display_table(lines.assign(flag=[("⚑ " + figure.flags[p]) if p in figure.flags else ""
                                         for p in lines["period"]]))
