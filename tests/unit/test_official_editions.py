"""Every MoJ edition read right, in every container: generated files in each edition's real texts, made-up numbers,
expected figures worked out from hand labels (tests/official_fixtures/editions.py), never by the importer's rules."""
from __future__ import annotations

import json
import zipfile

import pytest

from indicators.__main__ import main
from indicators.importer import Context, import_path
from tests.official_fixtures.editions import (
    DEC_2019,
    DEC_2019_CUT_OUTCOMES,
    DEC_2021,
    EDITIONS,
    edition_rows,
    expected,
    write_csv,
    write_workbook,
)
from tests.official_fixtures.proven_reoffending import HEADER, geographic_rows, write_geographic_csv


@pytest.fixture(scope="module")
def context(atlas) -> Context:
    return Context(atlas)


def _write(edition, rows, tmp_path, container):
    if container in ("xlsx", "ods"):
        return write_workbook(edition, rows, tmp_path / f"outcomes_data_tool.{container}")
    path = write_csv(edition, rows, tmp_path / "outcomes.csv")
    if container == "zip":
        archive = tmp_path / "csvs-behind-data-tools.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
            out.write(path, "data/outcomes.csv")
            out.writestr("README.txt", "made-up")
        return archive
    return path


def _mismatches(result, truth: dict) -> list:
    got = result.rows.set_index(["area_code", "period", "breakdown", "indicator"])["value"]
    return [(key, want, got.get(key)) for key, want in truth.items() if got.get(key) != want]


@pytest.mark.parametrize("container", ["csv", "zip", "xlsx", "ods"])
@pytest.mark.parametrize("key", list(EDITIONS))
def test_every_edition_in_every_container_gives_the_hand_worked_figures(key, container, context, tmp_path):
    edition = EDITIONS[key]
    rows = edition_rows(edition, seed=len(key))
    results = import_path(_write(edition, rows, tmp_path, container), context=context)
    assert len(results) == 1 and results[0].profile == "sentencing_outcomes"
    assert edition.name in results[0].edition and edition.name in results[0].notes[int(container in ("xlsx", "ods"))]
    assert _mismatches(results[0], expected(edition, rows)) == []


def test_dec_2019_counts_only_sentences_as_people_sentenced_and_fills_custody(context, tmp_path):
    rows = edition_rows(DEC_2019, seed=3)
    result = import_path(write_csv(DEC_2019, rows, tmp_path / "court-outcomes-by-PFA-2019.csv"), context=context)[0]
    kent = result.rows[(result.rows["area_code"] == "E23000032") & (result.rows["period"] == "2019")
                       & (result.rows["breakdown"] == "")].set_index("indicator")["value"]
    sentences = rows[(rows["area"] == "Kent") & (rows["year"] == "2019")
                     & rows["outcome"].map(DEC_2019.outcomes).ne("not_sentenced")]["count"].sum()
    assert kent["people_sentenced"] == sentences < rows[(rows["area"] == "Kent") & (rows["year"] == "2019")]["count"].sum()
    assert result.rows.loc[result.rows["indicator"].str.startswith("immediate_custody"), "value"].notna().all()
    assert any("not sentences" in note and "Discharged Sec 6" in note for note in result.notes)
    assert not result.refused["value"].str.contains("Over 3 months|Over 9 months|Over 3 years").any()


def test_dec_2019_data_tool_with_outcome_texts_cut_at_23_characters(context, tmp_path):
    outcomes = {**DEC_2019.outcomes, **DEC_2019_CUT_OUTCOMES}
    rows = edition_rows(DEC_2019, seed=4, outcomes=outcomes)
    result = import_path(write_workbook(DEC_2019, rows, tmp_path / "court-outcomes-by-PFA-2019.xlsx"),
                         context=context)[0]
    assert _mismatches(result, expected(DEC_2019, rows, outcomes)) == []


def test_companies_are_their_own_sex_and_age_so_women_men_and_ages_are_filled(context, tmp_path):
    rows = edition_rows(DEC_2021, seed=5)
    result = import_path(write_csv(DEC_2021, rows, tmp_path / "sentencing.csv"), context=context)[0]
    women = result.rows[(result.rows["breakdown"].isin(["Women", "Men", "Adults (21+)"]))
                        & (result.rows["indicator"] == "people_sentenced")]
    assert len(women) and women["value"].notna().all()
    assert not result.refused["value"].str.contains("Companies").any()


def test_an_ambiguous_up_to_band_is_reported_and_never_counted_under(context, tmp_path):
    from tests.official_fixtures.editions import DEC_2024

    bands = {"01: Up to and including 1 month": (True, True, True),
             "02: More than 1 month and up to 6 months": (True, True, True)}  # no 6-month band, no "More than 6"
    edition = type(DEC_2024)(**{**DEC_2024.__dict__, "bands": bands})
    rows = edition_rows(edition, seed=6)
    result = import_path(write_csv(edition, rows, tmp_path / "outcomes.csv"), context=context)[0]
    reason = result.refused.loc[result.refused["value"].str.contains("up to 6 months"), "reason"]
    assert len(reason) == 1 and "ambiguous" in reason.iloc[0]
    one_month = rows[(rows["length"] == "01: Up to and including 1 month") & (rows["area"] == "Avon and Somerset")
                     & (rows["year"] == "2019")]["count"].sum()
    avon = result.rows[(result.rows["area_code"] == "E23000036") & (result.rows["period"] == "2019")
                       & (result.rows["breakdown"] == "")].set_index("indicator")["value"]
    assert avon["immediate_custody_under_6_months"] == one_month
    assert avon["immediate_custody_under_12_months"] > one_month  # under 12 is certain for "up to 6 months"


def test_the_command_json_gives_notes_edition_and_rows_read(context, tmp_path, capsys, monkeypatch):
    rows = edition_rows(DEC_2021, seed=7)
    path = write_csv(DEC_2021, rows, tmp_path / "sentencing.csv")
    monkeypatch.setattr("indicators.__main__.import_path",
                        lambda p, profile=None, progress=None: import_path(p, profile=profile, context=context))
    assert main(["import", str(path), "--json", "--dry-run"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["rows_read"] == len(rows)
    assert printed["files"][0]["rows_read"] == len(rows) and "December 2021" in printed["files"][0]["edition"]
    assert any("sentencing court" in note for note in printed["files"][0]["notes"])


# ---- proven reoffending geographic data tool --------------------------------------------------------------------

def test_a_unitary_council_under_both_tiers_is_one_figure_not_a_refusal(atlas, context, tmp_path):
    rows = geographic_rows(atlas)
    medway = [r for r in rows if r[1] == "LTLA total" and r[3] == "Medway"]
    rows += [[r[0], "UTLA total", *r[2:]] for r in medway]
    result = import_path(write_geographic_csv(tmp_path / "prsq.csv", rows), context=context)[0]
    assert result.refused.empty, result.refused.head().to_dict("records")
    assert any(f"{len(medway)} rows give a council under both tiers" in note for note in result.notes)


def test_a_council_row_named_london_is_not_the_city_of_london(atlas, context, tmp_path):
    rows = geographic_rows(atlas)
    rows.append([rows[0][0], "UTLA total", "Adult", "London", "9,000", "3000", "9000"])
    result = import_path(write_geographic_csv(tmp_path / "prsq.csv", rows), context=context)[0]
    city = result.rows[(result.rows["area_code"] == "E09000001") & (result.rows["breakdown"] == "Adult")
                       & (result.rows["period"] == rows[0][0])]
    assert city.empty or (city["denominator"] != 9000).all()
    assert "region-level" in result.refused.loc[result.refused["value"] == "London", "reason"].iloc[0]


def test_a_july_to_september_2017_cohort_is_a_3_month_cohort(atlas, context, tmp_path):
    from indicators.periods import NEW_METHOD

    rows = [[("Jul 2017 to Sep 2017" if r[0] == "Oct 2017 to Dec 2017" else r[0]), *r[1:]] for r in geographic_rows(atlas)]
    result = import_path(write_geographic_csv(tmp_path / "prsq.csv", rows), context=context)[0]
    notes = result.rows.loc[result.rows["period"] == "Jul 2017 to Sep 2017", "note"]
    assert len(notes) and notes.str.contains(NEW_METHOD, regex=False).all()


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_the_excel_data_tool_as_published_front_pivot_and_notes_sheets_before_data(atlas, context, tmp_path, suffix):
    import pandas as pd

    path = tmp_path / f"Geographical_data_tool_Apr09_Mar21.{suffix}"
    engine = "odf" if suffix == "ods" else "openpyxl"
    with pd.ExcelWriter(path, engine=engine) as book:
        pd.DataFrame({"Proven reoffending": ["Geographical data tool", "Made-up"]}).to_excel(book, sheet_name="Front",
                                                                                           index=False)
        pd.DataFrame({"Geography": ["Kent", "Essex"], "Proportion of offenders who reoffend (%)": [25.1, 26.2]}).to_excel(
            book, sheet_name="Pivot", index=False)
        pd.DataFrame({"Notes": ["1. Made-up figures."]}).to_excel(book, sheet_name="Notes", index=False)
        pd.DataFrame(geographic_rows(atlas), columns=HEADER).to_excel(book, sheet_name="Data", index=False)
    result = import_path(path, context=context)[0]
    assert result.profile == "proven_reoffending_geographic" and "sheet 'Data'" in result.edition
    forces = result.rows[(result.rows["layer"] == "police_force_area") & (result.rows["breakdown"] == "Adult")]
    assert forces["area_code"].nunique() == 43


def test_a_damaged_outcomes_workbook_is_refused_in_words_not_a_traceback(context, tmp_path, capsys):
    from tests.official_fixtures.editions import DEC_2024

    path = write_workbook(DEC_2024, edition_rows(DEC_2024), tmp_path / "outcomes_data_tool.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tmp_path / "damaged.xlsx", "w") as out:
        for item in source.infolist():  # every part kept, but the sheet's XML cut in half
            body = source.read(item)
            out.writestr(item, body[: len(body) // 2] if item.filename.startswith("xl/worksheets/") else body)
    assert main(["import", str(tmp_path / "damaged.xlsx"), "--dry-run"]) == 1
    error = capsys.readouterr().err
    assert "Not imported: 'damaged.xlsx' is not a readable .xlsx workbook" in error and "Traceback" not in error


def test_dec_2022_not_known_length_on_community_rows_is_a_note_not_a_refusal(context, tmp_path):
    from tests.official_fixtures.editions import DEC_2022

    rows = edition_rows(DEC_2022, seed=8)
    result = import_path(write_csv(DEC_2022, rows, tmp_path / "obo_sent_pivot.csv"), context=context)[0]
    assert "24:Not known" not in set(result.refused["value"])
    assert any("'24:Not known' appears only on rows that are not immediate custody" in n for n in result.notes)
