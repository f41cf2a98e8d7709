"""The indicator store a page sees: bundled figures + the local saved store + this session's uploads."""
from __future__ import annotations

import streamlit as st

from indicators import local_store
from indicators.schema import IndicatorSchemaError
from indicators.store import IndicatorStore


@st.cache_resource
def bundled_store() -> IndicatorStore:
    """The bundled figures, read once per server process."""
    return IndicatorStore.bundled()


def current_store() -> tuple[IndicatorStore, list[str]]:
    """Bundled + saved + uploaded figures, and warnings for any extra set that could not be added."""
    store, warnings = bundled_store(), []
    try:
        frame, sources = local_store.load_saved()
        if len(frame):
            store = store.with_extra(frame, sources)
    except (IndicatorSchemaError, ValueError, OSError) as error:
        warnings.append(f"The saved local figures could not be added: {error}")
    uploaded = st.session_state.get("uploaded_indicators")
    if uploaded:
        try:
            frame, sources = uploaded
            store = store.with_extra(frame, sources)
        except (IndicatorSchemaError, ValueError, TypeError) as error:
            warnings.append(f"This session's uploaded figures could not be added: {error}")
    return store, warnings


def about_link(source_id: str) -> str:
    """Markdown link to a source's entry on the About the data page."""
    return f"[{source_id}](/about_the_data#{source_id})"
