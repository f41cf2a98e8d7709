"""Saved uploads, remembered column mappings and formula-safe CSV exports."""
from __future__ import annotations

import io
import json
import math

import pandas as pd
import pytest

from indicators import local_store
from indicators.column_mapping import ColumnMapping, MappingMemory, guess_mapping, header_key
from indicators.csv_safety import is_formula_like, safe_csv_bytes


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PATCHWORK_LOCAL_STORE", str(tmp_path / "local_store"))
    return tmp_path / "local_store"


def _figures(source_id: str, codes: list[str], values: list[float]) -> pd.DataFrame:
    n = len(codes)
    return pd.DataFrame({"area_code": codes, "layer": ["police_force_area"] * n, "period": ["2019"] * n,
                         "indicator": ["proven_reoffending_rate"] * n, "value": values,
                         "numerator": [math.nan] * n, "denominator": [100.0] * n, "source_id": [source_id] * n,
                         "is_estimate": [False] * n, "note": [""] * n})


def _source(source_id: str, title: str) -> dict:
    return {"source_id": source_id, "title": title, "publisher": "test", "address": "uploaded file",
            "vintage": "2019", "licence": "as supplied", "caveats": ""}


def test_local_store_round_trip_keeps_types_and_other_sources(store_dir):
    assert local_store.load_saved()[0].empty
    a = _figures("upload:a.csv:11111111", ["E23000001", "E23000002"], [26.0, math.nan])
    b = _figures("upload:b.csv:22222222", ["E23000003"], [31.5])
    assert local_store.save(a, [_source("upload:a.csv:11111111", "A")]) == 2
    local_store.save(b, [_source("upload:b.csv:22222222", "B")])
    frame, sources = local_store.load_saved()
    assert (store_dir / "store.sqlite3").exists()
    assert [s["title"] for s in sources] == ["A", "B"]
    assert frame["area_code"].tolist() == ["E23000001", "E23000002", "E23000003"]
    assert math.isnan(frame["value"].iloc[1]) and math.isnan(frame["numerator"].iloc[0])
    assert frame["is_estimate"].dtype == bool and frame["value"].dtype == float
    # saving source A again replaces only A's rows
    local_store.save(a.iloc[:1], [_source("upload:a.csv:11111111", "A again")])
    frame, sources = local_store.load_saved()
    assert sorted(frame["area_code"]) == ["E23000001", "E23000003"]
    assert sorted(s["title"] for s in sources) == ["A again", "B"]
    local_store.remove("upload:b.csv:22222222")
    assert local_store.load_saved()[0]["area_code"].tolist() == ["E23000001"]
    local_store.clear()
    frame, sources = local_store.load_saved()
    assert frame.empty and sources == [] and list(frame.columns) == list(local_store.TIDY_COLUMNS)


def test_a_bad_save_changes_nothing(store_dir):
    good = _figures("upload:a.csv:11111111", ["E23000001"], [26.0])
    local_store.save(good, [_source("upload:a.csv:11111111", "A")])
    orphan = _figures("upload:c.csv:33333333", ["E23000004"], [10.0])
    with pytest.raises(ValueError, match="without a source entry"):
        local_store.save(orphan, [])
    with pytest.raises(ValueError, match="lacks column"):
        local_store.save(good.drop(columns=["period"]), [_source("upload:a.csv:11111111", "A")])
    frame, sources = local_store.load_saved()
    assert frame["area_code"].tolist() == ["E23000001"] and [s["title"] for s in sources] == ["A"]


def test_mappings_are_remembered_by_normalised_header(store_dir):
    memory = MappingMemory()
    header = ["PFA Code", "Cohort year", "Offenders", "Reoffenders", "Rate (%)"]
    assert memory.recall(header) is None
    chosen = ColumnMapping(columns={"area": "PFA Code", "period": "Cohort year", "numerator": "Reoffenders",
                                    "denominator": "Offenders", "value": None}, layer="police_force_area")
    memory.remember(header, chosen)
    assert (store_dir / "store.sqlite3").exists()  # remembered in the store's database
    same_layout = [" pfa  code ", "COHORT YEAR", "Offenders", "Reoffenders", "Rate (%)"]
    assert header_key(same_layout) == header_key(header)
    recalled = MappingMemory().recall(header)
    assert recalled == chosen
    assert MappingMemory().recall(["PFA Code", "Year"]) is None


def test_an_unreadable_mapping_file_is_kept_aside_not_lost(store_dir):
    memory = MappingMemory()
    store_dir.mkdir(parents=True, exist_ok=True)
    memory.path.write_text("{not json")
    assert memory.recall(["a"]) is None
    kept = list(store_dir.glob("column_mappings.unreadable-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == "{not json"


def test_guess_mapping_reads_moj_style_headers():
    header = ["Police force area code", "Police force area", "Cohort", "Number of offenders",
              "Number of reoffenders", "Proportion of offenders who reoffend (%)"]
    guess = guess_mapping(header)
    assert guess.columns == {"area": "Police force area code", "period": "Cohort", "numerator": "Number of reoffenders",
                             "denominator": "Number of offenders", "value": "Proportion of offenders who reoffend (%)"}


def test_safe_csv_neutralises_formula_cells_and_keeps_numbers():
    frame = pd.DataFrame({"area": ['=HYPERLINK("http://evil.example","x")', "+cmd", "@SUM(A1)", "-2+3", "Kent",
                                   "\t=1", " =2"],
                          "value": [1.5, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
                          "code": ["-3.5", "+1", "E23000001", "x", "－1", "＝1", None]})
    frame["=bad header"] = 0
    text = safe_csv_bytes(frame).decode("utf-8")
    back = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert back["area"].tolist() == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+cmd", "'@SUM(A1)", "'-2+3", "Kent",
                                     "'\t=1", "' =2"]
    assert back["value"].tolist() == ["1.5", "-2.0", "3.0", "4.0", "5.0", "6.0", "7.0"]
    assert back["code"].tolist() == ["-3.5", "+1", "E23000001", "x", "'－1", "'＝1", ""]
    assert "'=bad header" in back.columns
    assert not any(is_formula_like(cell) for cell in back.to_numpy().ravel())
    assert frame["area"].iloc[0].startswith("=")  # the caller's frame is untouched


def test_remembered_mapping_drops_columns_a_new_file_lacks(store_dir):
    memory = MappingMemory()
    header = ["Code", "Year", "Rate"]
    memory.remember(header, ColumnMapping(columns={"area": "Code", "period": "Year", "value": "Rate",
                                                   "numerator": None, "denominator": None}))
    with local_store.database().transaction() as tx:  # the remembered mapping edited where it is kept
        raw = json.loads(tx.value("SELECT mapping FROM column_mappings WHERE layout = ?", (header_key(header),)))
        raw["columns"]["value"] = "Gone"
        tx.execute("UPDATE column_mappings SET mapping = ? WHERE layout = ?", (json.dumps(raw), header_key(header)))
    assert memory.recall(header).columns["value"] is None
