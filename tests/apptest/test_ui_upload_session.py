"""AppTest of this session's uploads alone (ui.upload_session, ui.upload_saved): accept, list, save, remove, forget."""
from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators import local_store
from indicators.column_mapping import MappingMemory
from indicators.upload import read_upload
from tests.unit import upload_files as files
from ui.upload_session import summary, without


@pytest.fixture(autouse=True)
def store_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PATCHWORK_LOCAL_STORE", str(tmp_path / "local_store"))
    return tmp_path / "local_store"


def _session_with(name: str, data: bytes) -> None:
    import streamlit as st

    from indicators.column_mapping import guess_mapping
    from indicators.upload import read_upload
    from indicators.upload_validation import validate
    from ui.upload_reading import area_index
    from ui.upload_saved import saved_on_this_machine
    from ui.upload_session import accept, loaded_in_session

    raw = read_upload(name, data)
    mapping = guess_mapping(raw.header)
    report = validate(raw, mapping, area_index(), title="Test figures")
    if st.button("Accept", key="accept"):
        accept(report, raw.header, mapping, True)
    loaded_in_session()
    saved_on_this_machine()


def _loaded(at):
    return at.session_state["uploaded_indicators"] if "uploaded_indicators" in at.session_state else None


def test_accepting_listing_saving_removing_and_forgetting(store_dir):
    at = AppTest.from_function(_session_with, args=("pfa.csv", files.good_pfa_csv()), default_timeout=60).run()
    assert any("No uploaded figures in this session yet" in i.value for i in at.info)
    assert any("Nothing saved yet" in i.value for i in at.info)
    at.button(key="accept").click().run()
    assert any("Added 4 figure(s) from Test figures" in s.value for s in at.success)
    frame, sources = _loaded(at)
    assert len(frame) == 4 and [s["title"] for s in sources] == ["Test figures"]
    header = read_upload("pfa.csv", files.good_pfa_csv()).header
    assert MappingMemory().recall(header) is not None  # remembered for files with the same header
    assert at.table[0].value["figures"].tolist() == [4]
    at.button(key="accept").click().run()  # the same file again replaces its own rows, never doubles them
    assert len(_loaded(at)[0]) == 4 and not at.warning

    at.button(key="save_local").click().run()
    assert any("Saved 4 figure(s)" in s.value for s in at.success)
    assert len(local_store.load_saved()[0]) == 4
    at.button(key="drop_session").click().run()
    frame, sources = _loaded(at)
    assert frame.empty and sources == []
    assert any("No uploaded figures in this session yet" in i.value for i in at.info)
    assert at.table[0].value["figures"].tolist() == [4]  # still saved on this machine
    at.button(key="forget_saved").click().run()
    assert local_store.load_saved()[0].empty and any("Nothing saved yet" in i.value for i in at.info)


def test_summary_and_without_are_one_row_per_source_and_drop_only_that_source():
    frame = pd.DataFrame({"source_id": ["a", "a", "b"], "layer": ["crc", "police_force_area", "crc"],
                          "indicator": ["x", "x", "y"], "period": ["2019", "2020", "2019"]})
    sources = [{"source_id": "a", "title": "A"}, {"source_id": "b", "title": "B", "vintage": "2024"}]
    table = summary(frame, sources)
    assert table["figures"].tolist() == [2, 1] and table.loc[0, "layers"] == "crc, police_force_area"
    assert table.loc[1, "vintage"] == "2024" and table.loc[0, "periods"] == "2019, 2020"
    kept, kept_sources = without((frame, sources), "a")
    assert kept["source_id"].tolist() == ["b"] and kept.index.tolist() == [0] and kept_sources == sources[1:]
