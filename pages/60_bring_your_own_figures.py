"""Bring your own figures: upload CSV or XLSX tables of per-area figures, map their columns, check them, use them."""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from geo.registry import LAYERS
from indicators import local_store
from indicators.column_mapping import AUTO, ROLE_LABELS, ROLES, ColumnMapping, MappingMemory, guess_mapping, upload_indicators
from indicators.csv_safety import safe_csv_bytes
from indicators.profiles.registry import describe
from indicators.schema import IndicatorSchemaError
from indicators.schema import validate as schema_validate
from indicators.upload import MAX_BYTES, MAX_ROWS, UploadChoiceNeeded, UploadError, read_upload
from indicators.upload_validation import AreaIndex, ValidationReport, combine, empty_indicators, validate
from ui import official_import, resources

SESSION_KEY = "uploaded_indicators"
NONE = "(none)"
SHORT_TABLE = 50
LAYER_NAMES = {layer.id: layer.name for layer in LAYERS}

atlas = resources.atlas()


@st.cache_resource
def area_index() -> AreaIndex:
    """Every area's code and name, for matching uploads (built once per server process)."""
    return AreaIndex(atlas.areas[["layer", "area_code", "area_name"]], LAYER_NAMES)


@st.cache_data(max_entries=20, show_spinner=False)
def read_cached(name: str, data: bytes, sheet: str | None, header_row: int | None, member: str | None = None):
    """Read an upload once per (file, ZIP member, sheet, header row)."""
    return read_upload(name, data, sheet=sheet, header_row=header_row, member=member)


def read_with_choices(upload, data: bytes):
    """The upload read as a table, asking which one when a ZIP holds several or no sheet is clearly the table."""
    member = sheet = None
    for _ in range(3):  # at most a member, then a sheet inside it
        try:
            return read_cached(upload.name, data, sheet, None, member)
        except UploadChoiceNeeded as needed:
            label = "Which table in the ZIP" if needed.what == "member" else "Which sheet holds the table"
            st.info(plain(str(needed)), icon="ℹ️")
            picked = st.selectbox(label, needed.choices, key=f"up_{upload.file_id}_{needed.what}")
            member, sheet = (picked, sheet) if needed.what == "member" else (member, picked)
        except UploadError as error:
            st.error(plain(f"{error} Nothing from this file was added; figures already loaded are unchanged."))
            return None
    return None


def plain(text: str) -> str:
    """User-supplied text (file and column names, titles) shown literally: Markdown and HTML characters escaped."""
    escaped = re.sub(r"([\\`*_{}\[\]<>#|~$])", r"\\\1", str(text))
    return re.sub(r"^([+\-=])", r"\\\1", escaped)  # a leading + - or = would start a list or a heading


def session_figures() -> tuple[pd.DataFrame, list[dict]]:
    """What this session has accepted so far (an empty table and source list at first)."""
    return st.session_state.get(SESSION_KEY) or empty_indicators()


def area_names(frame: pd.DataFrame) -> pd.Series:
    """Names beside codes for display; England and Wales for the national row."""
    names = dict(zip(zip(atlas.areas["layer"], atlas.areas["area_code"]), atlas.areas["area_name"]))
    return pd.Series([names.get((layer, code), "England and Wales" if layer == "national" else code)
                      for layer, code in zip(frame["layer"], frame["area_code"])], index=frame.index, dtype=object)


def mapping_widgets(key: str, header: list[str], start: ColumnMapping) -> ColumnMapping:
    """The column-mapping step: one choice per role, the indicator, layer, units and a fixed period."""
    indicators = upload_indicators()
    options = [NONE, *header]
    left, right = st.columns(2)
    columns = {}
    with left:
        for role in ROLES:
            chosen = start.columns.get(role)
            columns[role] = st.selectbox(ROLE_LABELS[role], options, key=f"{key}_{role}",
                                         index=options.index(chosen) if chosen in options else 0)
        columns = {role: (None if value == NONE else value) for role, value in columns.items()}
        wide = st.multiselect("Or, when each period is a column: the period columns (header = period, cells = values)",
                              [name for name in header if name != columns["area"]], key=f"{key}_wide",
                              default=[name for name in start.wide_columns if name in header and name != columns["area"]])
        if wide:
            columns = {role: (columns["area"] if role == "area" else None) for role in ROLES}
            st.caption("Periods are columns: the period, rate, numerator and denominator choices above are not used.")
        chosen = {name for name in columns.values() if name} | set(wide)
        breakdown = st.multiselect("Columns of categories kept apart as breakdowns (e.g. Adult / Juvenile; left "
                                   "empty, they are found from the data)", [n for n in header if n not in chosen],
                                   key=f"{key}_breakdown",
                                   default=[n for n in start.breakdown_columns if n in header and n not in chosen])
    with right:
        ids = list(indicators)
        indicator = st.selectbox("Indicator", ids, key=f"{key}_indicator",
                                 index=ids.index(start.indicator) if start.indicator in ids else 0,
                                 format_func=lambda i: indicators[i]["label"])
        layer_options = [AUTO, *LAYER_NAMES]
        layer = st.selectbox("Layer of the areas", layer_options, key=f"{key}_layer",
                             index=layer_options.index(start.layer) if start.layer in layer_options else 0,
                             format_func=lambda i: "Detect from the codes and names" if i == AUTO else LAYER_NAMES[i])
        rate_unit = start.rate_unit
        if indicators[indicator]["unit"] == "%":
            rate_unit = st.radio("The rate column holds", ["percent", "proportion"], key=f"{key}_unit", horizontal=True,
                                 index=0 if start.rate_unit == "percent" else 1,
                                 format_func=lambda u: "percentages (25 = 25%)" if u == "percent" else "proportions (0.25)")
        fixed_period = ""
        if columns["period"] is None and not wide:
            fixed_period = st.text_input("Period every row covers (no period column)", value=start.fixed_period,
                                         key=f"{key}_period_text", max_chars=40, placeholder="e.g. 2019 or Jan-Dec 2019")
    return ColumnMapping(columns, indicator, layer, rate_unit, fixed_period, wide, breakdown)


def show_table(table: pd.DataFrame) -> None:
    """A plain HTML table when short (readable by screen readers and in the page text), else a scrolling grid."""
    if len(table) <= SHORT_TABLE:
        st.table(table.set_index(table.columns[0]))
    else:
        st.dataframe(table, hide_index=True, width="stretch")


def show_report(report: ValidationReport, key: str) -> None:
    """Fatal problems, warnings, counts and the table of every rejected row with its reason."""
    for message in report.fatal:
        st.error(plain(message))
    for message in report.warnings:
        st.warning(plain(message), icon="⚠️")
    rejected_rows = report.rejected["row"].nunique()
    layer = f" Layer: {LAYER_NAMES.get(report.layer, report.layer)}." if report.layer else ""
    st.markdown(f"**{len(report.accepted)} figure(s) accepted, {rejected_rows} row(s) rejected.**{layer}")
    if len(report.rejected):
        st.markdown("**Rejected: row, column, value and reason**")
        show_table(report.rejected)
        st.download_button("Download the rejection report (CSV)", safe_csv_bytes(report.rejected),
                           file_name="rejected_rows.csv", mime="text/csv", key=f"{key}_rejected_csv")
    if len(report.accepted):
        with st.expander(f"Accepted figures ({len(report.accepted)})"):
            shown = report.accepted.assign(area_name=area_names(report.accepted))
            st.dataframe(shown[["area_code", "area_name", "layer", "period", "indicator", "breakdown", "value",
                                "numerator", "denominator"]], hide_index=True, width="stretch")


def one_file(upload) -> None:
    """Read, map, check and (on request) accept one uploaded file."""
    st.subheader(plain(upload.name), anchor=False)
    official = official_import.imported(upload)
    if official is not None:
        official_import.show(official, f"up_{upload.file_id}")
        return
    data = upload.getvalue()
    raw = read_with_choices(upload, data)
    if raw is None:
        return
    key = f"up_{raw.short_hash}"
    sheet, header_row = raw.sheet or None, raw.header_row
    if raw.kind in ("xlsx", "ods") and len(raw.sheets) > 1:
        sheet = st.selectbox("Sheet", raw.sheets, index=raw.sheets.index(raw.sheet), key=f"{key}_sheet")
    header_row = int(st.number_input("Header row (its row number in the file)", min_value=1, max_value=30,
                                     value=min(raw.header_row, 30), key=f"{key}_header"))
    if sheet != (raw.sheet or None) or header_row != raw.header_row:
        try:
            raw = read_cached(upload.name, data, sheet, header_row, raw.member or None)
        except UploadError as error:
            st.error(plain(f"{error} Nothing from this file was added; figures already loaded are unchanged."))
            return
    read_as = f"Read as {raw.encoding}" + (f", delimiter '{raw.delimiter}'" if raw.kind == "csv" else "")
    read_as += (f", sheet '{raw.sheet}'" if raw.sheet else "") + f", header row {raw.header_row}; {len(raw.header)} columns."
    st.caption(plain(read_as + " " + " ".join(raw.notes)))
    memory = MappingMemory()
    remembered = memory.recall(raw.header)
    if remembered:
        st.info("Columns chosen as last time for a file with the same header row.", icon="🔁")
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


def accept(report: ValidationReport, header: list[str], mapping: ColumnMapping, remember: bool) -> None:
    """Join the accepted rows to the session (checked against the indicator store's schema first)."""
    frame, sources = session_figures()
    try:
        schema_validate(report.accepted, {report.source["source_id"]})
    except IndicatorSchemaError as error:
        st.error(plain(f"The figures could not join the indicator store: {error}. Nothing was added."))
        return
    overlap = frame.merge(report.accepted, on=["area_code", "layer", "period", "indicator", "breakdown"])
    overlap = overlap[overlap["source_id_x"] != overlap["source_id_y"]]
    st.session_state[SESSION_KEY] = combine((frame, sources), report.accepted, report.source)
    if remember:
        MappingMemory().remember(header, mapping)
    st.success(plain(f"Added {len(report.accepted)} figure(s) from {report.source['title']} "
                     f"(source id {report.source['source_id']})."))
    if len(overlap):
        st.warning(f"{len(overlap)} of them repeat an area, period and indicator already loaded from another "
                   "upload; both are kept, each with its own source.", icon="⚠️")


def summary(frame: pd.DataFrame, sources: list[dict]) -> pd.DataFrame:
    """One row per source: title, publisher, vintage, rows, layers, indicators and periods."""
    rows = []
    for entry in sources:
        part = frame[frame["source_id"] == entry["source_id"]]
        rows.append({"title": entry.get("title", ""), "publisher": entry.get("publisher", ""),
                     "vintage": entry.get("vintage", ""), "figures": len(part),
                     "layers": ", ".join(sorted(set(part["layer"]))), "indicators": ", ".join(sorted(set(part["indicator"]))),
                     "periods": ", ".join(sorted(set(part["period"])))[:80], "source_id": entry["source_id"]})
    return pd.DataFrame(rows, columns=["title", "publisher", "vintage", "figures", "layers", "indicators", "periods",
                                       "source_id"])


st.title("Bring your own figures")
st.caption("Upload the Ministry of Justice files as you downloaded them — CSV, XLSX, ODS or the ZIP itself. Files in "
           "an official layout are recognised from their header and read whole: "
           + "; ".join(f"**{p['label']}**" for p in describe()) + ". Any other table with one row per area, keyed "
           "by GSS code (E23000001) or area name: say which column is which. Check the report of what was refused "
           "and why, then add the figures: they join the indicator store for this session and can be saved on this "
           "machine for next time. Bundled figures are never altered. Tables whose columns you map: "
           f"{MAX_BYTES // 1024 // 1024} MB and {MAX_ROWS:,} rows per file. For the biggest official files (the "
           "Outcomes by offence CSV is about a gigabyte) the command `python -m indicators import PATH` is quicker.")

uploads = st.file_uploader("CSV, XLSX, ODS or ZIP files", type=["csv", "xlsx", "ods", "zip", "txt", "tsv"],
                           accept_multiple_files=True, key="upload_files")
for upload in uploads or []:
    with st.container(border=True):
        one_file(upload)

st.header("Figures loaded in this session")
frame, sources = session_figures()
if not sources:
    st.info("No uploaded figures in this session yet.")
else:
    show_table(summary(frame, sources))
    shown = frame.assign(area_name=area_names(frame))
    st.download_button("Download this session's figures (CSV)", safe_csv_bytes(shown), file_name="uploaded_figures.csv",
                       mime="text/csv", key="session_csv")
    save_col, drop_col = st.columns(2)
    with save_col:
        if st.button("Save this session's figures on this machine", key="save_local"):
            try:
                saved = local_store.save(frame, sources)
            except (ValueError, OSError) as error:
                st.error(plain(f"Could not save: {error}"))
            else:
                st.success(f"Saved {saved} figure(s); pages will load them next time.")
    with drop_col:
        titles = {entry["source_id"]: entry.get("title", entry["source_id"]) for entry in sources}
        dropped = st.selectbox("Remove an upload from this session", list(titles), format_func=titles.get,
                               key="drop_choice")
        if st.button("Remove from this session", key="drop_session"):
            st.session_state[SESSION_KEY] = (frame[frame["source_id"] != dropped].reset_index(drop=True),
                                             [s for s in sources if s["source_id"] != dropped])
            st.rerun()

st.header("Figures saved on this machine")
try:
    saved_frame, saved_sources = local_store.load_saved()
except (OSError, ValueError) as error:
    st.error(plain(f"The local store could not be read: {error}"))
    saved_frame, saved_sources = empty_indicators()
if not saved_sources:
    st.info("Nothing saved yet. Saved figures are kept in the local cache folder (not in the repository) and every "
            "page adds them to its figures.")
else:
    show_table(summary(saved_frame, saved_sources))
    titles = {entry["source_id"]: entry.get("title", entry["source_id"]) for entry in saved_sources}
    forget = st.selectbox("Forget a saved upload", list(titles), format_func=titles.get, key="forget_choice")
    if st.button("Forget it", key="forget_saved"):
        local_store.remove(forget)
        st.rerun()
