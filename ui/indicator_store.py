"""The indicator store a page sees: bundled figures + the saved uploads this viewer may see + this session's uploads.

Whose saved uploads are in a cached store is part of its key, so one person's private figures never reach
another's session."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd
import streamlit as st

from indicators import local_store
from indicators.schema import IndicatorSchemaError
from indicators.store import IndicatorStore
from storage.ownership import EVERYONE
from ui import identity
from ui.state_keys import UPLOADED_FINGERPRINT, UPLOADED_INDICATORS

STORES_KEPT = 32


@dataclass(frozen=True)
class CurrentStore:
    """The store a page sees, the warnings about what could not be added, and a key naming what it was built from.

    Pass `key` to a cached builder (with the store as an unhashed `_store` argument): equal keys, equal stores."""

    store: IndicatorStore
    warnings: tuple[str, ...]
    key: tuple


@st.cache_resource
def bundled_store() -> IndicatorStore:
    """The bundled figures, read once per server process."""
    return IndicatorStore.bundled()


def saved_stamp(viewer: str | None = EVERYONE) -> tuple:
    """Which saved store is there, which version of it (a change counter every write bumps) and whose view of it
    (indicators.local_store.view_stamp), or why it cannot be read; equal stamps, equal saved figures. Its last
    item is the viewer whose saved uploads a store built for it holds (EVERYONE: only everyone's and shared)."""
    try:
        return local_store.view_stamp(viewer)
    except OSError as error:  # the store cannot be had (a StorageError): _with_saved says so on the page
        return ("unavailable", str(error), EVERYONE)


def viewer_stamp() -> tuple:
    """saved_stamp() for the person this session is (ui.identity.current: signed in, single user or neither)."""
    return saved_stamp(identity.current().viewer)


@st.cache_resource(show_spinner=False, max_entries=8)
def _with_saved(stamp: tuple) -> tuple[IndicatorStore, tuple[str, ...]]:
    """Bundled + saved figures, read once per version of the saved store and viewer (the stamp's last item)."""
    store = bundled_store()
    try:
        frame, sources = local_store.load_saved(stamp[-1])
        if len(frame):
            store = store.with_extra(frame, sources)
    except (IndicatorSchemaError, ValueError, OSError) as error:
        return store, (f"The saved local figures could not be added: {error}",)
    return store, ()


def _with_uploaded(store: IndicatorStore, uploaded) -> tuple[IndicatorStore, tuple[str, ...]]:
    """The store with this session's uploads added, or unchanged with a warning saying why they could not be."""
    try:
        frame, sources = uploaded
        return store.with_extra(frame, sources), ()
    except (IndicatorSchemaError, ValueError, TypeError) as error:
        return store, (f"This session's uploaded figures could not be added: {error}",)


@st.cache_resource(show_spinner=False, max_entries=STORES_KEPT)
def _combined(stamp: tuple, fingerprint: str, _uploaded) -> tuple[IndicatorStore, tuple[str, ...]]:
    """Bundled + saved + uploaded figures, built once per version of the saved store and content of the uploads."""
    store, warnings = _with_saved(stamp)
    store, more = _with_uploaded(store, _uploaded)
    return store, warnings + more


def upload_fingerprint(uploaded: tuple[pd.DataFrame, list[dict]]) -> str | None:
    """A digest of an uploaded (frame, sources) pair by value, or None when it is not such a pair."""
    if not (isinstance(uploaded, tuple) and len(uploaded) == 2 and isinstance(uploaded[0], pd.DataFrame)):
        return None
    frame, sources = uploaded
    digest = hashlib.blake2b(json.dumps([list(map(str, frame.columns)), sources], sort_keys=True, default=str).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def _session_fingerprint(uploaded) -> str | None:
    """This session's upload fingerprint, hashed again only when the uploads are another object (60 ms a 100k rows)."""
    memo = st.session_state.get(UPLOADED_FINGERPRINT)
    if memo is not None and memo[0] is uploaded:
        return memo[1]
    fingerprint = upload_fingerprint(uploaded)
    st.session_state[UPLOADED_FINGERPRINT] = (uploaded, fingerprint)
    return fingerprint


def current() -> CurrentStore:
    """Bundled + saved + uploaded figures, looked up by what they were built from (rebuilt only when that changes):
    the saved store's version, whose view of it, and this session's uploads."""
    stamp = viewer_stamp()
    uploaded = st.session_state.get(UPLOADED_INDICATORS)
    if not uploaded:
        store, warnings = _with_saved(stamp)
        return CurrentStore(store, warnings, (stamp, None))
    fingerprint = _session_fingerprint(uploaded)
    if fingerprint is None:  # not a (frame, sources) pair: say why, uncached
        store, warnings = _with_saved(stamp)
        store, more = _with_uploaded(store, uploaded)
        return CurrentStore(store, warnings + more, (stamp, None))  # the same figures as with no uploads
    store, warnings = _combined(stamp, fingerprint, uploaded)
    return CurrentStore(store, warnings, (stamp, fingerprint))


def current_store() -> tuple[IndicatorStore, list[str]]:
    """Bundled + saved + uploaded figures, and warnings for any extra set that could not be added."""
    found = current()
    return found.store, list(found.warnings)


def about_link(source_id: str, label: str = "About the data") -> str:
    """Markdown link to a source's entry on the About the data page, in words (the source's code is only the anchor,
    percent-encoded: an upload's id holds its file name, so it can neither end the link nor point elsewhere)."""
    return f"[{label}](/about_the_data#{quote(source_id, safe='')})"
