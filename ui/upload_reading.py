"""Reading an upload on the upload page: once per file and choice, asking which table or sheet when it must."""
from __future__ import annotations

import streamlit as st

from geo.registry import LAYERS
from indicators.probation_names import add_probation_names
from indicators.upload import RawTable, UploadChoiceNeeded, UploadError, read_upload
from indicators.upload_validation import AreaIndex
from ui import resources
from ui.state_keys import upload_key
from ui.upload_text import plain

LAYER_NAMES = {layer.id: layer.name for layer in LAYERS}
NOT_ADDED = "Nothing from this file was added; figures already loaded are unchanged."


@st.cache_resource
def area_index() -> AreaIndex:
    """Every area's code, name and MoJ's spellings of it, for matching uploads (built once per server process)."""
    return add_probation_names(AreaIndex(resources.atlas().areas[["layer", "area_code", "area_name"]], LAYER_NAMES))


@st.cache_data(max_entries=20, show_spinner=False)
def read_cached(name: str, data: bytes, sheet: str | None, header_row: int | None, member: str | None = None) -> RawTable:
    """Read an upload once per (file, ZIP member, sheet, header row)."""
    return read_upload(name, data, sheet=sheet, header_row=header_row, member=member)


def read_with_choices(upload, data: bytes) -> RawTable | None:
    """The upload read as a table, asking which one when a ZIP holds several or no sheet is clearly the table."""
    member = sheet = None
    for _ in range(3):  # at most a member, then a sheet inside it
        try:
            return read_cached(upload.name, data, sheet, None, member)
        except UploadChoiceNeeded as needed:
            label = "Which table in the ZIP" if needed.what == "member" else "Which sheet holds the table"
            st.info(plain(str(needed)), icon=":material/info:")
            picked = st.selectbox(label, needed.choices, key=f"{upload_key(upload.file_id)}_{needed.what}")
            member, sheet = (picked, sheet) if needed.what == "member" else (member, picked)
        except UploadError as error:
            st.error(plain(f"{error} {NOT_ADDED}"))
            return None
    return None


def reread(upload, data: bytes, raw: RawTable, key: str) -> RawTable | None:
    """The sheet and header row controls; the table read again when either differs from the first reading."""
    sheet, header_row = raw.sheet or None, raw.header_row
    if raw.kind in ("xlsx", "ods") and len(raw.sheets) > 1:
        sheet = st.selectbox("Sheet", raw.sheets, index=raw.sheets.index(raw.sheet), key=f"{key}_sheet")
    header_row = int(st.number_input("Header row (its row number in the file)", min_value=1, max_value=30,
                                     value=min(raw.header_row, 30), key=f"{key}_header"))
    if sheet != (raw.sheet or None) or header_row != raw.header_row:
        try:
            raw = read_cached(upload.name, data, sheet, header_row, raw.member or None)
        except UploadError as error:
            st.error(plain(f"{error} {NOT_ADDED}"))
            return None
    read_as = f"Read as {raw.encoding}" + (f", delimiter '{raw.delimiter}'" if raw.kind == "csv" else "")
    read_as += (f", sheet '{raw.sheet}'" if raw.sheet else "") + f", header row {raw.header_row}; {len(raw.header)} columns."
    st.caption(plain(read_as + " " + " ".join(raw.notes)))
    return raw
