"""This session's uploaded figures on the upload page: accepting a report, the summary, download, save and remove."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import local_store
from indicators.column_mapping import ColumnMapping, MappingMemory
from indicators.csv_safety import safe_csv_bytes
from indicators.schema import IndicatorSchemaError
from indicators.schema import validate as schema_validate
from indicators.upload_validation import ValidationReport, combine, empty_indicators
from storage.identity import Identity
from ui import identity
from ui.state_keys import DROP_CHOICE, DROP_SESSION, SAVE_LOCAL, UPLOADED_INDICATORS
from ui.upload_report import area_names, show_table
from ui.upload_text import plain

SUMMARY_COLUMNS = ["title", "publisher", "vintage", "figures", "layers", "indicators", "periods", "source_id"]


def session_figures() -> tuple[pd.DataFrame, list[dict]]:
    """What this session has accepted so far (an empty table and source list at first)."""
    return st.session_state.get(UPLOADED_INDICATORS) or empty_indicators()


def summary(frame: pd.DataFrame, sources: list[dict]) -> pd.DataFrame:
    """One row per source: title, publisher, vintage, rows, layers, indicators and periods."""
    rows = []
    for entry in sources:
        part = frame[frame["source_id"] == entry["source_id"]]
        rows.append({"title": entry.get("title", ""), "publisher": entry.get("publisher", ""),
                     "vintage": entry.get("vintage", ""), "figures": len(part),
                     "layers": ", ".join(sorted(set(part["layer"]))), "indicators": ", ".join(sorted(set(part["indicator"]))),
                     "periods": ", ".join(sorted(set(part["period"])))[:80], "source_id": entry["source_id"]})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def without(loaded: tuple[pd.DataFrame, list[dict]], source_id: str) -> tuple[pd.DataFrame, list[dict]]:
    """The loaded figures and sources with one upload taken out."""
    frame, sources = loaded
    return (frame[frame["source_id"] != source_id].reset_index(drop=True),
            [s for s in sources if s["source_id"] != source_id])


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
    st.session_state[UPLOADED_INDICATORS] = combine((frame, sources), report.accepted, report.source)
    if remember:
        MappingMemory().remember(header, mapping)
    st.success(plain(f"Added {len(report.accepted)} figure(s) from {report.source['title']} "
                     f"(source id {report.source['source_id']})."))
    if len(overlap):
        st.warning(f"{len(overlap)} of them repeat an area, period and indicator already loaded from another "
                   "upload; both are kept, each with its own source.", icon=":material/warning:")


def save_label(who: Identity) -> str:
    """What saving does, in the save button's words: on this machine (single user) or private to you."""
    return ("Save this session's figures on this machine" if who.single_user else
            "Save this session's figures for next time (private to you)")


def loaded_in_session(who: Identity | None = None) -> None:
    """What this session holds: the summary, its download, and saving (as `who`, default this session's person)
    or removing an upload."""
    who = who or identity.current()
    frame, sources = session_figures()
    if not sources:
        st.info("No uploaded figures in this session yet.")
        return
    show_table(summary(frame, sources))
    shown = frame.assign(area_name=area_names(frame))
    st.download_button("Download this session's figures (CSV)", safe_csv_bytes(shown), file_name="uploaded_figures.csv",
                       mime="text/csv", key="session_csv")
    save_col, drop_col = st.columns(2)
    with save_col:
        if st.button(save_label(who), key=SAVE_LOCAL, disabled=not who.can_save,
                     help=None if who.can_save else "Sign in to save figures for next time."):
            try:
                if not identity.still_signed_in(who):  # asked again: an open tab's sign-in may have ended
                    raise PermissionError(identity.ENDED_WORDS)
                saved = local_store.save(frame, sources, owner=who.owner)
            except (ValueError, OSError) as error:
                st.error(plain(f"Could not save: {error}"))
            else:
                private = "" if who.single_user else " They are private to you until you share them."
                st.success(f"Saved {saved} figure(s); pages will load them next time.{private}")
    with drop_col:
        titles = {entry["source_id"]: entry.get("title", entry["source_id"]) for entry in sources}
        dropped = st.selectbox("Remove an upload from this session", list(titles), format_func=titles.get,
                               key=DROP_CHOICE)
        if st.button("Remove from this session", key=DROP_SESSION):
            st.session_state[UPLOADED_INDICATORS] = without((frame, sources), dropped)
            st.rerun()
