"""Figures saved on this machine, as the upload page lists them: the summary, and forgetting one upload."""
from __future__ import annotations

import streamlit as st

from indicators import local_store
from indicators.upload_validation import empty_indicators
from ui.state_keys import FORGET_CHOICE, FORGET_SAVED
from ui.upload_report import show_table
from ui.upload_session import summary
from ui.upload_text import plain


def saved_on_this_machine() -> None:
    """The local store's uploads, one row each, with a button to forget one."""
    try:
        frame, sources = local_store.load_saved()
    except (OSError, ValueError) as error:
        st.error(plain(f"The local store could not be read: {error}"))
        frame, sources = empty_indicators()
    if not sources:
        st.info("Nothing saved yet. Saved figures are kept in the local cache folder (not in the repository) and every "
                "page adds them to its figures.")
        return
    show_table(summary(frame, sources))
    titles = {entry["source_id"]: entry.get("title", entry["source_id"]) for entry in sources}
    forget = st.selectbox("Forget a saved upload", list(titles), format_func=titles.get, key=FORGET_CHOICE)
    if st.button("Forget it", key=FORGET_SAVED):
        local_store.remove(forget)
        st.rerun()
