"""The what-if's scenario library: open from the link, save, open, delete, download and upload scenario files.

Everything that touches the scenario store or a scenario file is here, behind a narrow interface for the page:
seed_from_link, name_field, current_name, keep_controls, saved_choices, load_saved, sync_link, take_messages.
Whose scenarios these are is decided in one place (_owner: ui.identity): with a sign-in configured a saved
scenario is private to its owner until they share it; single-user, everything is everyone's as before."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from formatting.user_text import plain
from scenario.persistence import Scenario, ScenarioFileError, clean_name, dumps, from_query, loads_with_notices, to_query
from scenario.presets import opening_scenario
from scenario.store import ScenarioStore, default_path, scenario_id
from storage.errors import NotYoursError, StorageError
from storage.ownership import SHARED
from ui import identity
from ui.presentation import PARAM as PRESENT_PARAM
from ui.state_keys import (
    WHATIF_DELETE,
    WHATIF_MESSAGE,
    WHATIF_NAME,
    WHATIF_NAME_DEFAULT,
    WHATIF_NAME_GENERATION,
    WHATIF_NOTICES,
    WHATIF_OPEN,
    WHATIF_SAVE,
    WHATIF_SAVED_IDS,
    WHATIF_SEEDED,
    WHATIF_SHARE,
    WHATIF_UPLOAD,
)
from ui.what_if_form import apply_scenario

UNTITLED = Scenario.name
# One sentence whether the link's saved scenario is unknown, private, withdrawn or the store is down: it must not
# tell anyone that a private scenario exists. Nothing else in such a link (name, levers, own-area figures) is used.
LINK_NOT_OPENED = ("The link's saved scenario cannot be opened here: it is not in this app's store, or it is not "
                   "shared with you. Nothing from the link was used: the page shows the default scenario.")


@st.cache_resource(show_spinner=False, max_entries=8)
def _open_store(path: str) -> ScenarioStore:
    """One store object per database file and process (opening checks its migrations)."""
    return ScenarioStore(Path(path))


def _store() -> ScenarioStore:
    """The scenario store this session reads and writes."""
    return _open_store(str(default_path()))


def _owner() -> str | None:
    """Who this session saves and opens as (EVERYONE single-user, None when a sign-in is configured but absent)."""
    return identity.current().owner


def _saved_ids() -> set[str]:
    return st.session_state.setdefault(WHATIF_SAVED_IDS, set())


def _say(kind: str, text: str) -> None:
    st.session_state[WHATIF_MESSAGE] = (kind, text)


def _link_params() -> dict[str, str]:
    return {k: st.query_params.get(k) for k in st.query_params}


def seed_from_link() -> None:
    """First run of a session: the link (lever values, or a saved scenario's id) decides the starting scenario;
    a link with nothing in it opens on the project's illustrative preset, so the first view shows a change."""
    if st.session_state.get(WHATIF_SEEDED):
        return
    params = {k: v for k, v in _link_params().items() if k != PRESENT_PARAM}
    start, notices = from_query(params) if params else (opening_scenario(), [])
    if params.get("scenario"):
        # a saved scenario's link is only as open as the scenario: a private or withdrawn one's lever values, name
        # and own-area figures in the same link are not applied either
        try:
            start = _store().load(params["scenario"], _owner())
            _saved_ids().add(params["scenario"])
        except (StorageError, KeyError, ScenarioFileError):
            start, notices = Scenario(), [LINK_NOT_OPENED]
    st.session_state[WHATIF_NOTICES] = []
    apply_scenario(start)
    st.session_state[WHATIF_NOTICES] = notices + st.session_state[WHATIF_NOTICES]
    st.session_state[WHATIF_SEEDED] = True


def name_key() -> str:
    """The name field's key for the scenario opened last (a new one each time a scenario is opened)."""
    return f"{WHATIF_NAME}_{st.session_state.get(WHATIF_NAME_GENERATION, 0)}"


def current_name() -> str:
    """The scenario's name as typed (or as opened), cleaned."""
    typed = st.session_state.get(name_key(), st.session_state.get(WHATIF_NAME_DEFAULT, ""))
    return clean_name(typed or "") or UNTITLED


def name_field() -> None:
    """The scenario's name, drawn with the opened scenario's name as its own value from the first paint."""
    st.text_input("Scenario name", value=st.session_state.get(WHATIF_NAME_DEFAULT, UNTITLED), key=name_key(),
                  max_chars=80)


def _on_upload() -> None:
    """Open an uploaded scenario file, or say why it was refused (the open scenario stays)."""
    upload = st.session_state.get(WHATIF_UPLOAD)
    if upload is None:
        return
    try:
        scenario, notices = loads_with_notices(upload.getvalue())
    except ScenarioFileError as error:
        _say("error", f"'{upload.name}' was refused: {error}. The open scenario is unchanged.")
        return
    apply_scenario(scenario)
    st.session_state[WHATIF_NOTICES] = st.session_state.get(WHATIF_NOTICES, []) + notices
    _say("success", f"Opened '{scenario.name}' from {upload.name}.")


def _on_open_saved() -> None:
    """Open the scenario chosen from the store."""
    key = st.session_state.get(WHATIF_OPEN)
    if not key:
        return
    try:
        apply_scenario(_store().load(key, _owner()))
        _saved_ids().add(key)
        _say("success", "Opened the saved scenario.")
    except (KeyError, ScenarioFileError, StorageError) as error:
        _say("error", f"Could not open it: {error}")


def _save(scenario: Scenario) -> None:
    """Save the scenario as this run built it (not as a callback's arguments from the run before); say so."""
    if not identity.still_signed_in(identity.current()):  # an open tab's sign-in may have ended
        st.error(identity.ENDED_WORDS)
        return
    try:
        saved = _store().save(scenario, _owner())
    except NotYoursError:
        st.error("Sign in to save scenarios: nothing was saved. You can still download the scenario file.")
        return
    except StorageError as error:
        st.error(f"The scenario could not be saved: {error}. Nothing was changed.")
        return
    _saved_ids().add(saved)
    private = "" if identity.current().single_user else " It is private to you until you share it."
    st.success(f"Saved '{plain(scenario.name)}'. The page link now reopens it (scenario={saved}).{private}")


def _on_delete(key: str, name: str) -> None:
    if not identity.still_signed_in(identity.current()):
        _say("error", identity.ENDED_WORDS)
        return
    try:
        _store().delete(key, _owner())
    except (NotYoursError, StorageError) as error:
        _say("error", f"'{name}' was not deleted: {error}")
        return
    _saved_ids().discard(key)
    st.session_state.pop(WHATIF_OPEN, None)
    _say("success", f"Deleted '{name}' from the store.")


def _on_share(key: str, name: str, share: bool) -> None:
    """Share one's own saved scenario with everyone signed in, or withdraw it (others' links then say so)."""
    if not identity.still_signed_in(identity.current()):
        _say("error", identity.ENDED_WORDS)
        return
    try:
        (_store().share if share else _store().withdraw)(key, _owner())
    except (NotYoursError, KeyError, StorageError) as error:
        _say("error", f"'{name}' was not changed: {error}")
        return
    _say("success", f"'{name}' is now shared with everyone signed in: its link opens it for them." if share else
         f"'{name}' is no longer shared: others' links to it now say so.")


def saved_choices() -> dict[str, str]:
    """Saved scenarios this session can open: id -> name, newest first."""
    try:
        listed = _store().list(_owner())
    except StorageError as error:  # e.g. a malformed PATCHWORK_DATABASE_URL: the page still works, without the store
        st.warning(f"Saved scenarios are unavailable: {error} Scenario files can still be downloaded and opened.")
        return {}
    return dict(zip(listed["id"], listed["name"]))


def _sharing_of(key: str) -> tuple[bool, str]:
    """(whether it is this person's own, its sharing) for one saved scenario they can see."""
    listed = _store().list(_owner())
    row = listed[listed["id"] == key]
    return (bool(row["yours"].iloc[0]), str(row["sharing"].iloc[0])) if len(row) else (False, "")


def load_saved(key: str) -> Scenario:
    """One saved scenario (KeyError or ScenarioFileError when it cannot be opened)."""
    return _store().load(key, _owner())


def keep_controls(scenario: Scenario, saved: dict[str, str]) -> None:
    """Save, download, upload, open and delete: the scenario library's widgets (call sync_link after it)."""
    if st.button("Save scenario", key=WHATIF_SAVE, icon=":material/save:"):
        _save(scenario)
        saved = saved_choices()
    st.download_button("Download scenario file (JSON)", lambda: dumps(scenario).encode(), "patchwork_scenario.json",
                       "application/json", key="whatif_download")
    st.file_uploader("Open a scenario file", type=["json"], key=WHATIF_UPLOAD, on_change=_on_upload,
                     help="A file saved from this page (older formats open too: cost per place is read as cost per "
                          "prisoner). A broken or newer-version file is refused and the open scenario stays.")
    if saved:
        if st.session_state.get(WHATIF_OPEN) not in ("", None, *saved):
            st.session_state.pop(WHATIF_OPEN)
        st.selectbox("Open a saved scenario", ["", *saved], key=WHATIF_OPEN, on_change=_on_open_saved,
                     format_func=lambda i: "choose…" if not i else f"{saved.get(i, i)} ({i})")
        chosen = st.session_state.get(WHATIF_OPEN)
        if chosen and not identity.current().single_user:
            yours, sharing = _sharing_of(chosen)
            if yours:
                shared = sharing == SHARED
                st.button(f"{'Withdraw the share of' if shared else 'Share with everyone signed in:'} "
                          f"'{saved.get(chosen, chosen)}'", key=WHATIF_SHARE, on_click=_on_share,
                          args=(chosen, saved.get(chosen, chosen), not shared))
        if chosen:
            st.button(f"Delete '{saved.get(chosen, chosen)}' from the store", key=WHATIF_DELETE, on_click=_on_delete,
                      args=(chosen, saved.get(chosen, chosen)))


def take_messages() -> tuple[list[str], tuple[str, str] | None]:
    """Notices about the link or an opened file, and the last action's message: each shown once."""
    return st.session_state.pop(WHATIF_NOTICES, []), st.session_state.pop(WHATIF_MESSAGE, None)


def sync_link(scenario: Scenario) -> None:
    """Keep the link in step: lever values always; the saved id only while the scenario still matches it."""
    wanted = to_query(scenario)
    current_id = scenario_id(scenario)
    if current_id in _saved_ids():
        wanted["scenario"] = current_id
    params = _link_params()
    if PRESENT_PARAM in params:
        wanted[PRESENT_PARAM] = params[PRESENT_PARAM]
    if params != wanted:
        st.query_params.from_dict(wanted)
