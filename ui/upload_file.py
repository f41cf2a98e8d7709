"""One uploaded file on the upload page: read it (as an official layout or a table), map, check and add it."""
from __future__ import annotations

import streamlit as st

from indicators.column_mapping import MappingMemory, guess_mapping
from indicators.upload import MAX_BYTES, too_big_message
from indicators.upload_validation import validate
from storage.identity import Identity
from ui import identity, official_import
from ui.state_keys import upload_key
from ui.upload_mapping import mapping_widgets
from ui.upload_reading import NOT_ADDED, area_index, read_with_choices, reread
from ui.upload_report import show_report
from ui.upload_session import accept
from ui.upload_text import plain


def one_file(upload, who: Identity | None = None) -> None:
    """Read, map, check and (on request) accept one uploaded file (an official one saved, if asked, as `who`:
    default this session's person)."""
    st.subheader(plain(upload.name), anchor=False)
    official = official_import.imported(upload)
    if official is not None:
        official_import.show(official, upload_key(upload.file_id), who or identity.current())
        return
    if upload.size > MAX_BYTES:  # refused before its bytes are copied out of Streamlit's own buffer
        st.error(plain(f"{too_big_message(upload.name, upload.size, MAX_BYTES)} {NOT_ADDED}"))
        return
    data = upload.getvalue()
    raw = read_with_choices(upload, data)
    if raw is None:
        return
    key = upload_key(raw.short_hash)
    raw = reread(upload, data, raw, key)
    if raw is None:
        return
    remembered = MappingMemory().recall(raw.header)
    if remembered:
        st.info("Columns chosen as last time for a file with the same header row.", icon=":material/sync:")
    mapping = mapping_widgets(key, raw.header, remembered or guess_mapping(raw.header))
    with st.expander("Describe the source (shown beside every figure from this file)"):
        title = st.text_input("Title", key=f"{key}_title", max_chars=200, placeholder=upload.name)
        publisher = st.text_input("Publisher", key=f"{key}_publisher", max_chars=200, placeholder="e.g. Ministry of Justice")
        vintage = st.text_input("Vintage (edition or release date)", key=f"{key}_vintage", max_chars=100,
                                placeholder="e.g. October 2024 release")
    report = validate(raw, mapping, area_index(), title=title, publisher=publisher, vintage=vintage)
    show_report(report, key)
    remember = st.checkbox("Remember these columns for files with the same header row", value=True, key=f"{key}_remember")
    if st.button(f"Add {len(report.accepted)} figure(s) to this session", key=f"{key}_add", disabled=not report.ok,
                 type="primary"):
        accept(report, raw.header, mapping, remember)
