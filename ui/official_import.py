"""Upload page glue: an official file (recognised from its header) imported through its profile, then added."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from indicators.importer import Context, ImportFileError, UnrecognisedLayout, import_path
from indicators.importer import save as save_results
from indicators.profiles.result import ImportResult, loaded_summary
from indicators.upload_validation import combine
from storage.identity import Identity
from storage.ownership import EVERYONE
from ui import identity, resources
from ui.state_keys import OFFICIAL_IMPORT_RESULTS, UPLOADED_INDICATORS
from ui.tables import display_table
from ui.upload_text import plain

CHUNK = 8 * 1024 * 1024


@st.cache_resource
def import_context() -> Context:
    """Area names and council names of every vintage, built once per server process."""
    return Context(resources.atlas())


class _on_disk:
    """The upload written to a temporary file in chunks (official files can be a gigabyte)."""

    def __init__(self, upload):
        self.upload = upload
        self.folder = Path(tempfile.mkdtemp(prefix="patchwork-upload-"))

    def __enter__(self) -> Path:
        path = self.folder / Path(self.upload.name).name
        self.upload.seek(0)
        with open(path, "wb") as out:
            shutil.copyfileobj(self.upload, out, CHUNK)
        self.upload.seek(0)
        return path

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def imported(upload) -> list[ImportResult] | str | None:
    """The upload read through its official layout, once per uploaded file: results, a message saying why it
    could not be read, or None when it is in no official layout (the page then maps its columns)."""
    cache = st.session_state.setdefault(OFFICIAL_IMPORT_RESULTS, {})
    if upload.file_id not in cache:
        bar = st.progress(0.0, text=f"Reading {upload.name}…")
        try:
            with _on_disk(upload) as path:
                cache[upload.file_id] = import_path(path, context=import_context(), file_name=upload.name,
                                                    progress=lambda f, words: bar.progress(min(max(f, 0.0), 1.0),
                                                                                           text=words))
        except UnrecognisedLayout:
            cache[upload.file_id] = None
        except ImportFileError as error:
            cache[upload.file_id] = str(error)
        bar.empty()
    return cache[upload.file_id]


def summary_table(results: list[ImportResult]) -> pd.DataFrame:
    """What was loaded: one row per indicator, breakdown, layer and period, with how many areas have a figure."""
    rows = [item for result in results for item in loaded_summary(result.rows)]
    table = pd.DataFrame(rows, columns=["indicator", "breakdown", "layer", "period", "areas"])
    table["breakdown"] = table["breakdown"].replace("", "everyone")
    return table


def add_to_session(results: list[ImportResult], save: bool, owner: str | None = EVERYONE) -> str:
    """Join every result to this session's figures (and, if asked, save them under `owner`: EVERYONE is the single
    user); the message to show."""
    loaded = st.session_state.get(UPLOADED_INDICATORS)
    added = 0
    for result in results:
        if result.ok:
            loaded = combine(loaded, result.rows, result.source)
            added += len(result.rows)
    if save:
        save_results(results, owner=owner)
    st.session_state[UPLOADED_INDICATORS] = loaded
    saved_where = "saved on this machine" if owner == EVERYONE else "saved, private to you"
    where = f"this session and {saved_where}" if save else "this session"
    return f"Added {added:,} figure(s) to {where}."


def show(results: list[ImportResult] | str, key: str, who: Identity | None = None) -> None:
    """The import report of an official file: layout, notes, what was loaded and refused, and the add button
    (saving as `who`, default the single user; someone not signed in may add to the session only)."""
    who = who or Identity(EVERYONE, "single-user")
    if isinstance(results, str):
        st.error(plain(f"{results} Nothing from this file was added; figures already loaded are unchanged."))
        return
    for result in results:
        st.success(f"Recognised as the {result.source.get('title', result.profile)}: {len(result.rows):,} "
                   f"figure(s) read from {result.rows_read:,} row(s), {len(result.refused):,} refusal(s).",
                   icon=":material/check:")
        for note in result.notes:  # notes quote file, member and column names: shown as text
            st.caption(plain(note))
        summary = summary_table([result])
        st.markdown(f"**Loaded: {len(summary):,} indicator, breakdown, layer and period combination(s)**")
        display_table(summary)
        if len(result.refused):
            st.markdown("**Refused: row, column, value and reason**")
            display_table(result.refused)
    save = st.checkbox("Also save on this machine for next time" if who.single_user else
                       "Also save for next time (private to you until you share it)", value=False,
                       key=f"{key}_official_save", disabled=not who.can_save,
                       help=None if who.can_save else "Sign in to save figures for next time.")
    total = sum(len(result.rows) for result in results)
    if st.button(f"Add {total:,} figure(s) to this session", key=f"{key}_official_add", type="primary",
                 disabled=total == 0):
        try:
            if save and who.can_save and not identity.still_signed_in(who):  # an open tab's sign-in may have ended
                st.error(identity.ENDED_WORDS)  # fixed words
                save = False
            st.success(add_to_session(results, save and who.can_save, who.owner))
        except (ImportFileError, ValueError, OSError) as error:
            st.error(plain(f"Could not add the figures: {error} Nothing was changed."))
