"""AppTest: the custody-cost page: national costs with flagged years, partial establishments, attributable spend."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

TIMEOUT = 60
PAGES = Path(__file__).resolve().parents[2] / "pages"
PAGE = str(PAGES / "55_custody_cost.py")


def _values(array) -> list:
    """Plotly 6 sends numeric arrays as base64 'bdata'; decode them back to a list."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def test_national_and_establishment_costs_with_flags_and_sources():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception
    national = json.loads(at.get("plotly_chart")[0].proto.spec)
    overall = next(t for t in national["data"] if t["name"] == "Overall cost per prisoner")
    assert dict(zip(overall["x"], _values(overall["y"]))) == {"2015/16": 33931, "2016/17": 35371}
    assert any("Conflicting year labels" in w.value for w in at.warning)
    assert any("PARTIAL" in w.value for w in at.warning)
    captions = " ".join(c.value for c in at.caption)
    assert "Prisons: Per Capita Costs" in captions and "about_the_data#hmpps_costs_2016_17_via_blog" in captions
    # Without uploaded counts the page says where per-area inputs must come from and shows no spend map.
    assert any("must come from uploaded data" in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 2


def test_uploaded_cohort_counts_give_spend_as_count_times_cost():
    # Made-up counts for this test only.
    frame = pd.DataFrame({"area_code": ["E23000001", "E23000034", "E23000005"], "layer": "police_force_area",
                          "period": "2016/17", "indicator": "prisoners_sentence_under_12m",
                          "value": [1000.0, 2.0, 500.0], "source_id": "test_counts"})
    sources = [{"source_id": "test_counts", "title": "Test counts", "publisher": "tests", "address": "tests",
                "vintage": "2016/17", "licence": "n/a", "caveats": ""}]
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["uploaded_indicators"] = (frame, sources)
    at.run()
    assert not at.exception
    assert at.selectbox(key="cost_cohort").value == "prisoners_sentence_under_12m"
    basis = at.selectbox(key="cost_basis")
    assert "Overall cost per prisoner, 2016/17: £35,371" in basis.format_func(basis.value)
    spend = next(d.value for d in at.dataframe if "spend_gbp" in d.value.columns).set_index("area_code")
    assert spend.at["E23000001", "spend_gbp"] == 1000 * 35371
    assert pd.isna(spend.at["E23000002", "spend_gbp"])  # Cumbria: no count, no spend
    assert spend.at["E23000001", "spend_per_100k_residents_gbp"] > 0
    at.selectbox(key="cost_layer").set_value("crc").run()
    spend = next(d.value for d in at.dataframe if "spend_gbp" in d.value.columns).set_index("area_code")
    assert spend.at["CPA20", "spend_gbp"] == 1002 * 35371
