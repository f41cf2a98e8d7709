"""AppTest with two people signed in through a trusted proxy header: A's private upload and scenario are invisible
to B; A shares the scenario, B opens it by link; A withdraws it, B's link says it is no longer shared; a forged
header from another address is ignored with a notice. Run on SQLite and PostgreSQL.

AppTest cannot seed st.context's headers or address, so each session's request is stood in for by replacing
ui.identity.request (the one place the app reads them); everything from there on is the app's own code."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from formatting.user_text import plain
from indicators import local_store
from scenario.parameters import Levers
from scenario.persistence import Scenario
from scenario.store import NO_LONGER_SHARED_WORDS, ScenarioStore
from storage import audit
from storage.database import POSTGRESQL
from storage.testing import BACKENDS, TEST_URL_ENV, cluster_url, use_backend
from tests.unit import upload_files as files
from ui import identity
from ui.what_if_library import LINK_NOT_OPENED

TIMEOUT = 60
PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "60_bring_your_own_figures.py")
A, B = "ann@example.org", "bob@example.org"
HEADER = "X-Forwarded-Email"
PROXY = "127.0.0.1"


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path, monkeypatch):
    """A team's settings (the proxy's header trusted from loopback) on SQLite and on a fresh PostgreSQL schema."""
    if request.param == POSTGRESQL and not cluster_url():
        pytest.skip(f"{TEST_URL_ENV} is unset (scripts/with_postgres.sh starts a throwaway cluster)")
    monkeypatch.setenv("PATCHWORK_TRUST_IDENTITY_HEADER", "on")
    monkeypatch.delenv("PATCHWORK_IDENTITY_HEADER", raising=False)
    monkeypatch.delenv("PATCHWORK_TRUSTED_PROXIES", raising=False)
    with use_backend(request.param, tmp_path, monkeypatch):
        yield request.param


def _as(monkeypatch, who: str, peer: str = PROXY) -> None:
    """Make the next sessions' requests come from `peer` carrying the identity header `who`."""
    monkeypatch.setattr(identity, "request", lambda: ([("Host", "patchwork.test"), (HEADER, who)], peer))


def _upload_and_save(at: AppTest) -> str:
    """Upload the made-up force-area file on the upload page, add it and save it; its source id."""
    at.file_uploader[0].set_value([("pfa.csv", files.good_pfa_csv(), "text/csv")]).run()
    next(b for b in at.button if b.label.startswith("Add ")).click().run()
    at.button(key="save_local").click().run()
    assert not at.exception and any("Saved 4 figure(s)" in s.value and "private to you" in s.value for s in at.success)
    return at.session_state["uploaded_indicators"][1][0]["source_id"]


def _page_sources() -> None:
    """A page's view of the indicator store: which uploaded sources this session's figures hold."""
    import streamlit as st

    from ui.indicator_store import current

    st.session_state["extra"] = sorted(current().store.extra_sources)


def _sources_seen() -> list[str]:
    at = AppTest.from_function(_page_sources, default_timeout=TIMEOUT).run()
    assert not at.exception
    return at.session_state["extra"]


def _open_by_link() -> None:
    """A what-if link opened as this session's person (as ui/what_if_library.py is to, with ScenarioStore's API)."""
    import streamlit as st

    from scenario.store import ScenarioNotShared, ScenarioStore
    from ui.identity import current

    store = ScenarioStore(owner=current().owner)
    try:
        st.session_state["opened"] = store.load(st.query_params["scenario"]).name
    except ScenarioNotShared as error:
        st.error(str(error))
    st.session_state["listed"] = store.list()["id"].tolist()


def _open(key: str) -> AppTest:
    at = AppTest.from_function(_open_by_link, default_timeout=TIMEOUT)
    at.query_params["scenario"] = key
    return at.run()


def test_a_private_upload_is_invisible_to_b_until_shared_and_after_withdrawn(backend, monkeypatch):
    _as(monkeypatch, A)
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert any(f"Signed in as **{A}**" in c.value for c in at.caption) and not at.warning
    source_id = _upload_and_save(at)
    assert any(h.value == "Saved figures you can see" for h in at.header)
    assert _sources_seen() == [source_id]

    _as(monkeypatch, B)
    seen_by_b = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert any(f"Signed in as **{B}**" in c.value for c in seen_by_b.caption)
    assert any("Nothing saved that you can see yet" in i.value for i in seen_by_b.info)
    assert _sources_seen() == [] and local_store.load_saved(B)[1] == []

    _as(monkeypatch, A)
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.button(key="share_saved").click().run()
    assert any("Shared with everyone signed in" in s.value for s in at.success)
    _as(monkeypatch, B)
    assert _sources_seen() == [source_id]
    seen_by_b = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    whose = [t.value.reset_index() for t in seen_by_b.table if "whose" in t.value.reset_index().columns][0]
    # st.table renders Markdown in its cells, so its text is sent escaped (formatting.user_text) and shown as typed
    assert whose["whose"].tolist() == [plain(f"{A}: shared with everyone signed in")]
    assert any("None of these is yours" in c.value for c in seen_by_b.caption)
    assert not [b for b in seen_by_b.button if b.key in ("forget_saved", "share_saved", "withdraw_saved")]

    _as(monkeypatch, A)
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.button(key="withdraw_saved").click().run()
    assert any("private to you again" in s.value for s in at.success)
    _as(monkeypatch, B)
    assert _sources_seen() == []
    entries = [(e["action"], e["who"], e["subject"]) for e in audit.recent(local_store.database(), kind="upload")]
    assert entries == [("withdraw", A, source_id), ("share", A, source_id), ("upload", A, source_id)]
    assert {len(e["file_hash"]) for e in audit.recent(local_store.database(), kind="upload")} == {64}


def test_a_scenario_is_opened_by_link_only_while_its_owner_shares_it(backend, monkeypatch):
    key = ScenarioStore(owner=A).save(Scenario("Ann's board option", Levers(diversion_share=0.3)))
    _as(monkeypatch, A)
    assert _open(key).session_state["opened"] == "Ann's board option"
    _as(monkeypatch, B)
    private = _open(key)
    assert "opened" not in private.session_state and private.session_state["listed"] == []
    assert [e.value for e in private.error] == ["This scenario has not been shared with you: only its owner can open it."]

    ScenarioStore(owner=A).share(key)
    shared = _open(key)
    assert shared.session_state["opened"] == "Ann's board option" and shared.session_state["listed"] == [key]
    assert not shared.error

    ScenarioStore(owner=A).withdraw(key)
    withdrawn = _open(key)
    assert "opened" not in withdrawn.session_state and [e.value for e in withdrawn.error] == [NO_LONGER_SHARED_WORDS]
    assert "no longer shared by its owner" in NO_LONGER_SHARED_WORDS


def test_a_forged_header_from_another_address_is_ignored_with_a_notice(backend, monkeypatch):
    _as(monkeypatch, A)
    _upload_and_save(AppTest.from_file(PAGE, default_timeout=TIMEOUT).run())
    _as(monkeypatch, A, peer="203.0.113.9")  # someone sending A's header themselves, not through the proxy
    forged = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not forged.exception
    assert any("came from an address that is not the sign-in proxy, so it was ignored" in w.value for w in forged.warning)
    assert any("cannot save, share or delete saved figures until you sign in" in i.value for i in forged.info)
    assert any("Nothing saved that you can see yet" in i.value for i in forged.info)  # A's private upload stays A's
    assert _sources_seen() == []
    forged.file_uploader[0].set_value([("pfa.csv", files.good_pfa_csv(), "text/csv")]).run()
    next(b for b in forged.button if b.label.startswith("Add ")).click().run()
    assert forged.button(key="save_local").disabled  # may use the figures this session, not save them


def test_with_no_sign_in_configured_the_page_says_single_user(tmp_path, monkeypatch):
    with use_backend("sqlite", tmp_path, monkeypatch):
        monkeypatch.delenv("PATCHWORK_TRUST_IDENTITY_HEADER", raising=False)
        _as(monkeypatch, A)  # a header sent to an app that trusts none: ignored, and said
        at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
        assert any("Single-user mode" in i.value for i in at.info)
        assert any("not set to trust one" in w.value for w in at.warning)
        assert any(h.value == "Figures saved on this machine" for h in at.header)
        at.file_uploader[0].set_value([("pfa.csv", files.good_pfa_csv(), "text/csv")]).run()
        next(b for b in at.button if b.label.startswith("Add ")).click().run()
        at.button(key="save_local").click().run()
        assert [e["who"] for e in audit.recent(local_store.database(), kind="upload")] == [""]  # the single user
        assert local_store.load_saved(B)[1] != []  # single-user saves are everyone's, as before owners


WHAT_IF = str(Path(__file__).resolve().parents[2] / "pages" / "70_what_if.py")


def _what_if(scenario: str | dict | None = None) -> AppTest:
    """The what-if page opened from a link: a saved scenario's id alone, or a whole link's parameters."""
    at = AppTest.from_file(WHAT_IF, default_timeout=TIMEOUT)
    for name, value in ({"scenario": scenario} if isinstance(scenario, str) else scenario or {}).items():
        at.query_params[name] = value
    return at.run()


def _link(at: AppTest) -> dict[str, str]:
    """The page's whole link as it stands, one value a parameter."""
    return {name: value[0] if isinstance(value, list) else value for name, value in at.query_params.items()}


def _scenario_name(at: AppTest) -> str:
    return next(box.value for box in at.text_input if box.label == "Scenario name")


def _said(at: AppTest) -> str:
    return " ".join(e.value for kind in (at.warning, at.error, at.info, at.success, at.caption) for e in kind)


def test_on_the_what_if_page_a_saved_scenario_is_private_until_its_owner_shares_it(backend, monkeypatch):
    _as(monkeypatch, A)
    at = _what_if()
    next(box for box in at.text_input if box.label == "Scenario name").set_value("Ann's private option").run()
    at.button(key="whatif_save").click().run()
    assert not at.exception and "private to you until you share it" in _said(at)
    full_link = _link(at)
    key = full_link["scenario"]
    assert full_link.get("name") == "Ann's private option"  # the whole link carries the name and the levers

    _as(monkeypatch, B)
    refused = _what_if(key)
    assert not refused.exception and LINK_NOT_OPENED in _said(refused)
    assert not [box for box in refused.selectbox if box.key == "whatif_open" and any(key in o for o in box.options)]
    # the whole link of a private scenario applies nothing of it: not its name, not its levers
    whole = _what_if(full_link)
    assert LINK_NOT_OPENED in _said(whole) and _scenario_name(whole) != "Ann's private option"
    assert _link(whole).get("name") != "Ann's private option" and _link(whole).get("scenario") != key
    # and says the same as for a scenario that does not exist: nobody learns that a private one does
    assert [w.value for w in _what_if({**full_link, "scenario": "0" * len(key)}).warning] == \
        [w.value for w in whole.warning]

    _as(monkeypatch, A)
    at = _what_if(key)
    at.selectbox(key="whatif_open").set_value(key).run()
    at.button(key="whatif_share").click().run()
    assert "now shared with everyone signed in" in _said(at)
    _as(monkeypatch, B)
    opened = _what_if(key)
    assert "has not been shared" not in _said(opened) and "no longer shared" not in _said(opened)
    assert key in opened.query_params["scenario"]
    opened.selectbox(key="whatif_open").set_value(key).run()
    assert not [b for b in opened.button if b.key == "whatif_share"]  # B cannot share or withdraw A's scenario

    _as(monkeypatch, A)
    at = _what_if(key)
    at.selectbox(key="whatif_open").set_value(key).run()
    at.button(key="whatif_share").click().run()
    assert "is no longer shared" in _said(at)
    _as(monkeypatch, B)
    withdrawn = _what_if(full_link)
    assert LINK_NOT_OPENED in _said(withdrawn) and _scenario_name(withdrawn) != "Ann's private option"
    actions = [(e["action"], e["who"]) for e in audit.recent(ScenarioStore().database, kind="scenario")]
    assert actions[:3] == [("withdraw", A), ("share", A), ("save", A)]
