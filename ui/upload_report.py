"""The upload page's report of one file: what was refused and why, what was accepted, and the tables it shows."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.csv_safety import safe_csv_bytes
from indicators.upload_validation import ValidationReport
from ui import resources
from ui.tables import display_table
from ui.upload_reading import LAYER_NAMES
from ui.upload_text import plain

SHORT_TABLE = 50
ACCEPTED_COLUMNS = ["area_code", "area_name", "layer", "period", "indicator", "breakdown", "value", "numerator",
                    "denominator"]


@st.cache_resource
def _names() -> dict[tuple[str, str], str]:
    """Every area's name by (layer, code), made once per process."""
    areas = resources.atlas().areas
    return dict(zip(zip(areas["layer"], areas["area_code"]), areas["area_name"]))


def area_names(frame: pd.DataFrame) -> pd.Series:
    """Names beside codes for display; England and Wales for the national row."""
    names = _names()
    return pd.Series([names.get((layer, code), "England and Wales" if layer == "national" else code)
                      for layer, code in zip(frame["layer"], frame["area_code"])], index=frame.index, dtype=object)


def show_table(table: pd.DataFrame) -> None:
    """A plain HTML table when short (readable by screen readers and in the page text), else a scrolling grid."""
    if len(table) <= SHORT_TABLE:  # st.table renders Markdown in its cells: uploaded text is shown as text
        shown = table.map(lambda value: plain(value) if isinstance(value, str) else value)
        st.table(shown.set_index(shown.columns[0]))
    else:
        display_table(table)


def show_report(report: ValidationReport, key: str) -> None:
    """Fatal problems, warnings, counts and the table of every rejected row with its reason."""
    for message in report.fatal:
        st.error(plain(message))
    for message in report.warnings:
        st.warning(plain(message), icon=":material/warning:")
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
            display_table(shown[ACCEPTED_COLUMNS])
