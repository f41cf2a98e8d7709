"""`python -m indicators`: import official files into the local store, list it, refuse bad files without loss."""
from __future__ import annotations

import json
import zipfile

import pytest

from indicators import local_store
from indicators.__main__ import main
from tests.official_fixtures.proven_reoffending import COHORTS, geographic_rows, write_geographic_csv

NEW = COHORTS[1]


@pytest.fixture(autouse=True)
def store_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PATCHWORK_LOCAL_STORE", str(tmp_path / "local_store"))
    monkeypatch.setenv("PATCHWORK_IMPORT_FOLDER", str(tmp_path / "imports"))
    return tmp_path / "local_store"


@pytest.fixture(scope="module")
def geographic_file(atlas, tmp_path_factory):
    rows = geographic_rows(atlas, force_rows=False)
    suppressed = next(r for r in rows if r[1] == "LTLA total" and r[3] == "Maidstone" and r[0] == NEW)
    suppressed[5] = "[c]"
    return write_geographic_csv(tmp_path_factory.mktemp("files") / "PRSQ_Geographic_data_test.csv", rows)


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_import_prints_what_it_loaded_and_refused_and_saves_it(geographic_file, capsys):
    assert main(["import", str(geographic_file), "--json"]) == 0
    printed = _json(capsys)
    loaded = {(i["indicator"], i["breakdown"], i["layer"], i["period"]): i["areas"] for i in printed["loaded"]}
    assert loaded["proven_reoffending_rate", "Adult", "police_force_area", NEW] == 43
    assert loaded["proven_reoffending_rate", "Juvenile", "district", NEW] == 348
    assert loaded["proven_reoffending_rate", "", "national", NEW] == 1
    assert set(printed["refused"][0]) == {"row", "column", "value", "reason"}
    assert [r["value"] for r in printed["refused"]] == ["[c]"]
    frame, sources = local_store.load_saved()
    assert len(frame) == sum(1 for _ in frame.itertuples()) > 0
    assert sources[0]["profile"] == "proven_reoffending_geographic"


def test_list_shows_bundled_and_imported_figures_with_their_sources(geographic_file, capsys):
    main(["import", str(geographic_file)])
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    items = _json(capsys)["loaded"]
    assert set(items[0]) == {"indicator", "breakdown", "layer", "period", "areas", "source_id"}
    sources = {item["source_id"] for item in items}
    assert "prt_women_custody_by_pfa_cjs_dec2024" in sources
    assert any(s.startswith("upload:PRSQ_Geographic_data_test.csv:") for s in sources)
    women = next(i for i in items if i["source_id"] == "prt_women_custody_by_pfa_cjs_dec2024"
                 and i["indicator"] == "immediate_custody_sentences" and i["period"] == "2024")
    assert (women["breakdown"], women["layer"], women["areas"]) == ("Women (18+)", "police_force_area", 42)


def test_bad_files_are_refused_with_a_message_and_nothing_saved_is_lost(geographic_file, tmp_path, capsys):
    main(["import", str(geographic_file)])
    before, _ = local_store.load_saved()
    other = tmp_path / "other.csv"
    other.write_text("Name,Colour\nKent,blue\n", encoding="utf-8")
    truncated = tmp_path / "data_tools.zip"
    with zipfile.ZipFile(truncated, "w") as archive:
        archive.write(geographic_file, geographic_file.name)
    truncated.write_bytes(truncated.read_bytes()[:300])
    capsys.readouterr()
    for bad, words in ((other, "not in an official layout"), (truncated, "truncated"),
                       (tmp_path / "missing.csv", "not a file")):
        assert main(["import", str(bad), "--json"]) == 1
        assert words in capsys.readouterr().err
    after, _ = local_store.load_saved()
    assert len(after) == len(before)


def test_a_zip_as_downloaded_is_read_without_unpacking_by_hand(geographic_file, tmp_path, capsys):
    archive_path = tmp_path / "proven_reoffending_csv_data_tools.zip"
    with zipfile.ZipFile(archive_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(geographic_file, "PRSQ_Geographic_data_April 2016 to December 2017.csv")
        archive.writestr("README.txt", "notes")
    assert main(["import", str(archive_path), "--json"]) == 0
    loaded = _json(capsys)["loaded"]
    assert any(i["layer"] == "police_force_area" and i["areas"] == 43 for i in loaded)


def test_the_import_folder_is_imported_once_on_build(geographic_file, tmp_path, capsys):
    folder = tmp_path / "imports"
    folder.mkdir()
    (folder / geographic_file.name).write_bytes(geographic_file.read_bytes())
    assert main(["build"]) == 0
    assert "figures imported" in capsys.readouterr().out
    saved, _ = local_store.load_saved()
    assert main(["build"]) == 0
    assert "No new files" in capsys.readouterr().out
    assert len(local_store.load_saved()[0]) == len(saved)
