"""Saved figures as the upload page lists them: what this person may see, and sharing, withdrawing or forgetting
their own saved uploads."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import local_store
from indicators.upload_validation import empty_indicators
from storage.identity import Identity
from storage.ownership import EVERYONE, SHARED
from ui import identity
from ui.state_keys import FORGET_CHOICE, FORGET_SAVED, SAVED_MESSAGE, SHARE_SAVED, WITHDRAW_SAVED
from ui.upload_report import show_table
from ui.upload_session import summary
from ui.upload_text import plain

SHARING_WORDS = {"private": "private to you", "shared": "shared with everyone signed in",
                 "withdrawn": "private to you (share withdrawn)"}


def heading(who: Identity) -> str:
    """The section's heading: saved on this machine (single user) or saved figures you can see."""
    return "Figures saved on this machine" if who.single_user else "Saved figures you can see"


def _owner_words(row: pd.Series, who: Identity) -> str:
    """Whose a saved upload is and who sees it, in words."""
    if row["owner"] == EVERYONE:
        return "everyone (saved without a sign-in)"
    if row["yours"]:
        return f"you: {SHARING_WORDS.get(row['sharing'], row['sharing'])}"
    return f"{row['owner']}: shared with everyone signed in"


def _listing(who: Identity) -> pd.DataFrame:
    """One row per saved upload this person may see: the summary's columns, whose it is and when it was saved."""
    frame, sources = local_store.load_saved(who.viewer)
    listed = local_store.saved_list(who.viewer)
    table = summary(frame, sources)
    if table.empty:
        return table
    about = listed.set_index("source_id")
    table.insert(1, "whose", [_owner_words(about.loc[s], who) for s in table["source_id"]])
    table.insert(2, "saved", [about.loc[s, "saved_at"] for s in table["source_id"]])
    return table


def _act(action, source_id: str, owner: str | None, done: str) -> None:
    """Share, withdraw or forget one of this person's saved uploads (a button's callback, so the list drawn after it
    is fresh); the outcome kept to be said, nothing changed on a refusal."""
    try:
        if not identity.still_signed_in(identity.current()):  # an open tab's sign-in may have ended
            raise PermissionError(identity.ENDED_WORDS)
        action(source_id, owner)
    except (OSError, KeyError) as error:  # StorageError, NotYoursError (PermissionError), NotFoundError (KeyError)
        st.session_state[SAVED_MESSAGE] = ("error", f"{error}")
    else:
        st.session_state[SAVED_MESSAGE] = ("success", done)


def _said() -> None:
    """The outcome of the last share, withdraw or forget, once."""
    kind, words = st.session_state.pop(SAVED_MESSAGE, (None, ""))
    if kind == "error":
        st.error(plain(words))
    elif kind == "success":
        st.success(words)


def saved_on_this_machine(who: Identity | None = None) -> None:
    """The saved uploads `who` (default this session's person) may see, one row each, with share, withdraw and
    forget for their own."""
    who = who or identity.current()
    _said()
    try:
        table = _listing(who)
    except (OSError, ValueError) as error:
        st.error(plain(f"The saved figures could not be read: {error}"))
        table = summary(*empty_indicators())
    if table.empty:
        st.info("Nothing saved yet. Saved figures are kept in the local cache folder (not in the repository) and every "
                "page adds them to its figures." if who.single_user else
                "Nothing saved that you can see yet. Figures you save are private to you until you share them.")
        return
    show_table(table)
    if not who.can_save:
        st.caption("Sign in to save, share or forget saved figures.")
        return
    yours = local_store.saved_list(who.viewer)
    yours = yours[yours["yours"]]
    if yours.empty:
        st.caption("None of these is yours: only the person who saved an upload can share, withdraw or forget it.")
        return
    titles = dict(zip(yours["source_id"], yours["title"]))
    chosen = st.selectbox("Forget a saved upload" if who.single_user else "Choose one of your saved uploads",
                          list(titles), format_func=lambda s: titles.get(s, s), key=FORGET_CHOICE)
    if who.single_user:
        st.button("Forget it", key=FORGET_SAVED, on_click=_act,
                  args=(local_store.remove, chosen, who.owner, "Forgotten: the saved figures are deleted."))
        return
    share_column, forget_column = st.columns(2)
    with share_column:
        if dict(zip(yours["source_id"], yours["sharing"])).get(chosen) == SHARED:
            st.button("Withdraw the share", key=WITHDRAW_SAVED, on_click=_act,
                      help="Make it private to you again: others no longer see these figures.",
                      args=(local_store.withdraw, chosen, who.owner, "Withdrawn: the figures are private to you again."))
        else:
            st.button("Share with everyone signed in", key=SHARE_SAVED, on_click=_act,
                      help="Everyone signed in then sees these figures on every page; you can withdraw it.",
                      args=(local_store.share, chosen, who.owner, "Shared with everyone signed in."))
    with forget_column:
        st.button("Forget it", key=FORGET_SAVED, on_click=_act,
                  args=(local_store.remove, chosen, who.owner, "Forgotten: the saved figures are deleted."))
