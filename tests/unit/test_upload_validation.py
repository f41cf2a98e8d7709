"""The upload validator on a set of bad files: every rejection has its row, column, value and reason."""
from __future__ import annotations

import io
import math

import pandas as pd
import pytest

from geo.registry import LAYERS
from indicators.column_mapping import ColumnMapping, guess_mapping
from indicators.csv_safety import safe_csv_bytes
from indicators.schema import validate as schema_validate
from indicators.upload import read_upload
from indicators.upload_validation import AreaIndex, combine, empty_indicators, normalise_name, parse_number, validate
from tests.unit import upload_files as files

PFA_MAPPING = {"area": "Police force area code", "period": "Cohort", "numerator": "Reoffenders",
               "denominator": "Offenders", "value": "Proven reoffending rate (%)"}


@pytest.fixture(scope="module")
def index(atlas) -> AreaIndex:
    return AreaIndex(atlas.areas[["layer", "area_code", "area_name"]], {layer.id: layer.name for layer in LAYERS})


def _check(name: str, data: bytes, index: AreaIndex, **mapping):
    raw = read_upload(name, data)
    columns = {**PFA_MAPPING, **mapping.pop("columns", {})}
    return validate(raw, ColumnMapping(columns=columns, **mapping), index)


def _reasons(report) -> dict[int, str]:
    return {int(row): " | ".join(group["reason"]) for row, group in report.rejected.groupby("row")}


def test_a_good_file_gives_tidy_rows_that_the_indicator_store_accepts(index):
    report = _check("pfa.csv", files.good_pfa_csv(), index)
    assert report.ok and report.rejected.empty and report.layer == "police_force_area"
    table = report.accepted
    assert list(table.columns) == ["area_code", "layer", "period", "indicator", "breakdown", "value", "numerator",
                                   "denominator", "source_id", "is_estimate", "note"]
    assert table["area_code"].tolist() == ["E23000001", "E23000002", "E23000036", "K04000001"]
    assert table["layer"].tolist() == ["police_force_area"] * 3 + ["national"]
    assert set(table["source_id"]) == {report.source["source_id"]}
    assert report.source["source_id"].startswith("upload:pfa.csv:")
    assert not table["is_estimate"].any()
    checked = schema_validate(table, {report.source["source_id"]})
    assert len(checked) == 4


def test_rates_are_computed_from_numerator_and_denominator_when_no_rate_column(index):
    report = _check("pfa.csv", files.good_pfa_csv(), index, columns={"value": None})
    assert report.accepted["value"].tolist() == pytest.approx([26.0, 30.0, 25.0, 25.0])


def test_bad_numbers_are_rejected_with_their_reasons(index):
    report = _check("numbers.csv", files.bad_numbers_csv(), index)
    reasons = _reasons(report)
    assert "denominator: not a number" in reasons[2]
    assert "numerator: negative values are not allowed" in reasons[3]
    assert "suppressed or not available ('..')" in reasons[4]
    assert "not a finite number" in reasons[5]
    assert "numerator (4000) is greater than the denominator (3000)" in reasons[6]
    assert "denominator: zero" in reasons[7]
    assert "25% disagrees" not in reasons[9] and "40 disagrees with numerator / denominator (25.0)" in reasons[9]
    assert report.accepted["area_code"].tolist() == ["E23000007"]  # '1,000' with a thousands separator is fine
    assert report.accepted["denominator"].tolist() == [1000.0]
    row = report.rejected[report.rejected["row"] == 2].iloc[0]
    assert (row["column"], row["value"]) == ("Offenders", "abc")


def test_formula_cells_are_refused_as_text_and_never_evaluated(index):
    report = _check("formula.csv", files.formula_csv(), index)
    reasons = _reasons(report)
    assert "looks like a spreadsheet formula" in reasons[2] and "not an area" in reasons[2]
    assert "denominator: looks like a spreadsheet formula" in reasons[3]
    assert "period looks like a spreadsheet formula" in reasons[4]
    assert "numerator: negative values are not allowed" in reasons[6]
    assert report.accepted["area_code"].tolist() == ["E23000004"]  # '+900' is a plain number
    assert report.accepted["numerator"].tolist() == [900.0]
    shown = report.rejected[report.rejected["row"] == 2]["value"].iloc[0]
    assert shown.startswith('=HYPERLINK("http://evil')  # reported exactly as found (neutralised only on export)
    exported = pd.read_csv(io.BytesIO(safe_csv_bytes(report.rejected)), dtype=str, keep_default_na=False)
    assert exported[exported["row"] == "2"]["value"].iloc[0].startswith("'=HYPERLINK(")
    assert exported[exported["row"] == "4"]["value"].iloc[0] == "'@SUM(A1)"
    unquoted = read_upload("u.csv", b'Code,Year,Rate\n=HYPERLINK("http://evil.example/x","Click"),2019,5\nE23000001,2019,26\n')
    assert len(unquoted.cells) == 1 and "has 4 fields but the header has 3" in unquoted.problems[0].reason


def test_duplicates_keep_one_exact_repeat_and_refuse_conflicts(index):
    report = _check("dups.csv", files.duplicates_csv(), index)
    reasons = _reasons(report)
    assert "duplicate of row 2" in reasons[3]
    assert "conflicting figures for E23000002, 2019 in rows 4, 5" in reasons[4] and 5 in reasons
    assert report.accepted["area_code"].tolist() == ["E23000001"]


def test_unknown_names_get_close_match_suggestions_and_totals_are_named(index):
    raw = read_upload("names.csv", files.misspelt_names_csv())
    mapping = guess_mapping(raw.header)
    assert mapping.columns["area"] == "Area" and mapping.columns["period"] == "Year" and mapping.columns["value"] == "Rate"
    report = validate(raw, mapping, index)
    assert report.layer == "police_force_area"
    reasons = _reasons(report)
    assert "did you mean Devon and Cornwall (E23000035)?" in reasons[3]
    assert "did you mean Nottinghamshire (E23000019)" in reasons[4]
    assert "a total for a larger area" in reasons[5]
    assert "unknown area" in reasons[6] and "no close match" in reasons[6]
    assert report.accepted["area_code"].tolist() == ["E23000036"]  # 'Avon & Somerset' matches 'Avon and Somerset'


def test_mixed_layers_are_reported_and_only_the_main_layer_is_kept(index):
    raw = read_upload("mixed.csv", files.mixed_layers_csv())
    report = validate(raw, guess_mapping(raw.header), index)
    assert report.layer == "police_force_area"
    assert any("Mixed layers" in w and "county councils" in w and "Councils today" in w for w in report.warnings)
    reasons = _reasons(report)
    assert "code of another layer (Councils today: counties and unitaries (2023-))" in reasons[5]  # Kent, still in being
    assert "code of another layer (Councils today: districts" in reasons[6]
    assert len(report.accepted) == 3
    chosen = validate(raw, ColumnMapping(columns=guess_mapping(raw.header).columns, layer="county"), index)
    assert chosen.accepted["area_code"].tolist() == ["E10000016"]


def test_names_shared_by_two_layers_are_flagged_as_ambiguous(index):
    raw = read_upload("kent.csv", b"Area,Year,Rate\nKent,2019,25\nEssex,2019,26\n")
    report = validate(raw, guess_mapping(raw.header), index)
    assert report.layer == "police_force_area"
    assert any("fit several layers equally" in w for w in report.warnings)


def test_wrong_schema_stops_the_file_with_a_clear_message(index):
    raw = read_upload("fruit.csv", files.wrong_schema_csv())
    report = validate(raw, guess_mapping(raw.header), index)
    assert not report.ok and report.accepted.empty
    assert any("Choose the column that holds the area" in m for m in report.fatal)
    wrong_column = validate(raw, ColumnMapping(columns={"area": "Fruit", "period": None, "numerator": None,
                                                        "denominator": None, "value": "Count"},
                                               fixed_period="2019"), index)
    assert any("None of the 2 values in column 'Fruit'" in m for m in wrong_column.fatal)
    assert len(wrong_column.rejected) == 2
    missing = _check("pfa.csv", files.good_pfa_csv(), index, columns={"area": "GSS code"})
    assert any("'GSS code' are not in this file" in m for m in missing.fatal)


def test_proportions_are_scaled_and_suspicious_units_warned(index):
    raw = read_upload("p.csv", b"Code,Year,Rate\nE23000001,2019,0.26\nE23000002,2019,0.3\n")
    columns = guess_mapping(raw.header).columns
    as_percent = validate(raw, ColumnMapping(columns=columns), index)
    assert any("proportions" in w for w in as_percent.warnings)
    scaled = validate(raw, ColumnMapping(columns=columns, rate_unit="proportion"), index)
    assert scaled.accepted["value"].tolist() == pytest.approx([26.0, 30.0])
    over = validate(read_upload("o.csv", b"Code,Year,Rate\nE23000001,2019,126\n"), ColumnMapping(columns=columns), index)
    assert "a percentage above 100" in over.rejected["reason"].iloc[0]


def test_combining_uploads_keeps_what_was_loaded(index):
    first = _check("pfa.csv", files.good_pfa_csv(), index)
    second = _check("names.csv", files.misspelt_names_csv(), index,
                    columns={"area": "Area", "period": "Year", "value": "Rate", "numerator": None, "denominator": None})
    loaded = combine(empty_indicators(), first.accepted, first.source)
    loaded = combine(loaded, second.accepted, second.source)
    assert len(loaded[0]) == len(first.accepted) + len(second.accepted) and len(loaded[1]) == 2
    again = combine(loaded, first.accepted, first.source)  # the same file twice replaces only its own rows
    assert len(again[0]) == len(loaded[0]) and [s["source_id"] for s in again[1]] == [second.source["source_id"],
                                                                                       first.source["source_id"]]


def test_parse_number_and_name_folding():
    assert parse_number(" 1,234.5 ") == (1234.5, None)
    assert parse_number("25%") == (25.0, None)
    assert parse_number("nan")[1] == "not a finite number"
    assert parse_number("[c]")[0] is None and "suppressed" in parse_number("[c]")[1]
    assert parse_number("@A1")[1].startswith("looks like a spreadsheet formula")
    assert normalise_name("Avon & Somerset Constabulary") == normalise_name("Avon and Somerset")
    assert normalise_name("Metropolitan Police Service") == normalise_name("Metropolitan Police")
    value, _ = parse_number("-0")
    assert value == 0 and not math.copysign(1, value) > 0


def test_report_frame_is_sorted_by_row(index):
    report = _check("numbers.csv", files.bad_numbers_csv(), index)
    assert list(report.rejected.columns) == ["row", "column", "value", "reason"]
    assert report.rejected["row"].is_monotonic_increasing
    assert pd.api.types.is_integer_dtype(report.rejected["row"])


def test_accepted_uploads_join_the_indicator_store_and_leave_bundled_rows_alone(index):
    from indicators.store import IndicatorStore

    report = _check("pfa.csv", files.good_pfa_csv(), index)
    bundled = IndicatorStore.bundled()
    before = bundled.rows.copy()
    joined = bundled.with_extra(*combine(empty_indicators(), report.accepted, report.source))
    assert len(joined.rows) == len(before) + 4
    assert bundled.rows.equals(before)
    assert joined.source(report.source["source_id"])["title"] == "pfa.csv"
    mine = joined.rows[joined.rows["source_id"] == report.source["source_id"]]
    assert sorted(mine["area_code"]) == ["E23000001", "E23000002", "E23000036", "K04000001"]


def test_wide_tables_with_one_column_per_period_become_one_figure_per_cell(index):
    data = b"Area,2017,2018,2019\nCumbria,30.1,29.5,\nLancashire,28.0,abc,27.2\nCumbria,1,2,3\n"
    raw = read_upload("wide.csv", data)
    mapping = ColumnMapping(columns={"area": "Area", "period": None, "numerator": None, "denominator": None,
                                     "value": None}, wide_columns=["2017", "2018", "2019"])
    report = validate(raw, mapping, index)
    assert report.layer == "police_force_area"
    lancashire = report.accepted[report.accepted["area_code"] == "E23000003"]
    assert lancashire[["period", "value"]].values.tolist() == [["2017", 28.0], ["2019", 27.2]]
    rejected = report.rejected
    assert ((rejected["row"] == 3) & (rejected["column"] == "2018") & (rejected["value"] == "abc")).any()
    assert ((rejected["row"] == 2) & (rejected["column"] == "2019") & rejected["reason"].str.contains("blank")).any()
    assert rejected[rejected["row"] == 4]["reason"].str.contains("conflicting figures for E23000002").all()
    both = ColumnMapping(columns={**mapping.columns, "value": "2017"}, wide_columns=["2018"])
    assert any("leave the period, rate or value" in m for m in validate(raw, both, index).fatal)


def test_an_extra_column_of_categories_becomes_a_breakdown_not_a_conflict(index):
    data = (b"Cohort,Category,Adult / Juvenile,Geography,offenders,reoffenders\n"
            b"2019,PCC total,Adult,Kent,1000,250\n2019,PCC total,Juvenile,Kent,100,40\n"
            b"2019,PCC total,Adult,Surrey,800,200\n2019,PCC total,Juvenile,Surrey,80,20\n")
    raw = read_upload("long.csv", data)
    mapping = ColumnMapping(columns={"area": "Geography", "period": "Cohort", "numerator": "reoffenders",
                                     "denominator": "offenders", "value": None})
    report = validate(raw, mapping, index)
    assert report.ok and report.rejected.empty
    assert sorted(report.accepted["breakdown"]) == ["Adult", "Adult", "Juvenile", "Juvenile"]
    kent = report.accepted[report.accepted["area_code"] == "E23000032"].set_index("breakdown")["value"]
    assert kent["Adult"] == 25.0 and kent["Juvenile"] == 40.0
    assert any("'Adult / Juvenile'" in note for note in report.notes)
    chosen = validate(raw, ColumnMapping(columns=mapping.columns, breakdown_columns=["Category", "Adult / Juvenile"]),
                      index)
    assert set(chosen.accepted["breakdown"]) == {"PCC total · Adult", "PCC total · Juvenile"}


def test_a_file_of_todays_council_codes_is_one_layer_though_most_codes_are_also_2013_ones(index):
    codes = ["E06000058", "E06000060", "E06000063", "E06000065", "E09000001", "E08000025", "E07000110"]
    raw = read_upload("today.csv", files.csv_bytes([f"{c},2023,{i + 20}" for i, c in enumerate(codes)], header="Code,Year,Rate"))
    report = validate(raw, guess_mapping(raw.header), index)
    assert report.layer == "council" and not report.warnings
    assert sorted(report.accepted["area_code"]) == sorted(codes)
    old = read_upload("old.csv", files.csv_bytes(["E06000028,2016,30", "E06000029,2016,31", "E09000001,2016,20"],
                                           header="Code,Year,Rate"))
    assert validate(old, guess_mapping(old.header), index).layer == "district"  # Bournemouth and Poole: 2013-19
