"""AppTest of the store every indicator page sees (ui.indicator_store): built once per content, rebuilt on a change."""
from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import local_store
from ui.indicator_store import upload_fingerprint


@pytest.fixture(autouse=True)
def store_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PATCHWORK_LOCAL_STORE", str(tmp_path / "local_store"))
    return tmp_path / "local_store"


def _figures(value: float = 26.0, source_id: str = "test_upload") -> tuple[pd.DataFrame, list[dict]]:
    """Made-up figures for two force areas (tests only)."""
    frame = pd.DataFrame({"area_code": ["E23000001", "E23000002"], "layer": "police_force_area", "period": "2098",
                          "indicator": "proven_reoffending_rate", "breakdown": "", "value": [value, 30.0],
                          "numerator": float("nan"), "denominator": float("nan"), "source_id": source_id,
                          "is_estimate": False, "note": ""})
    return frame, [{"source_id": source_id, "title": "Test upload", "publisher": "tests", "vintage": "2098",
                    "licence": "n/a"}]


def _store_page() -> None:
    import streamlit as st

    from ui.indicator_store import current

    found = current()
    for warning in found.warnings:
        st.warning(warning)
    st.session_state["seen"] = (found.key, id(found.store), len(found.store.rows))


def _app() -> AppTest:
    return AppTest.from_function(_store_page, default_timeout=60).run()


def test_a_rerun_looks_the_store_up_and_new_uploads_build_a_new_one():
    at = _app()
    key, store_id, bundled_rows = at.session_state["seen"]
    at.run()
    assert at.session_state["seen"] == (key, store_id, bundled_rows)
    at.session_state["uploaded_indicators"] = _figures()
    at.run()
    with_upload = at.session_state["seen"]
    assert with_upload[0] != key and with_upload[2] == bundled_rows + 2
    at.session_state["uploaded_indicators"] = _figures()  # an equal copy: the same store, found by value
    at.run()
    assert at.session_state["seen"] == with_upload
    at.session_state["uploaded_indicators"] = _figures(value=27.0)
    at.run()
    assert at.session_state["seen"][0] != with_upload[0]


def test_saving_figures_changes_what_every_page_sees_and_a_broken_upload_is_reported():
    at = _app()
    key, _, bundled_rows = at.session_state["seen"]
    local_store.save(*_figures(source_id="saved_upload"))
    at.run()
    saved_key, _, rows = at.session_state["seen"]
    assert saved_key != key and rows == bundled_rows + 2
    local_store.remove("saved_upload")
    at.run()
    assert at.session_state["seen"][2] == bundled_rows
    at.session_state["uploaded_indicators"] = "not a table"
    at.run()
    assert any("uploaded figures could not be added" in w.value for w in at.warning)
    assert at.session_state["seen"][2] == bundled_rows


def test_the_upload_fingerprint_is_by_value():
    assert upload_fingerprint(_figures()) == upload_fingerprint(_figures())
    assert upload_fingerprint(_figures()) != upload_fingerprint(_figures(value=26.5))
    frame, sources = _figures()
    assert upload_fingerprint((frame, [{**sources[0], "title": "Renamed"}])) != upload_fingerprint((frame, sources))
    assert upload_fingerprint(("not", "a table")) is None and upload_fingerprint("text") is None
