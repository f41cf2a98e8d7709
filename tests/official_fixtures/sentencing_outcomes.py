"""Made-up CSVs in the layout of MoJ's "Outcomes by offence" sentencing data tool; every number is invented."""
from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

HEADER = ("Year", "Sex", "Age Group", "Police Force Area", "Offence Group", "Offence", "Sentence Outcome",
          "Custodial Sentence Length", "Sentenced")
# Force areas as MoJ writes them out; "Not known" is a value of the real file.
FORCE_AREAS = ("Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "City of London", "Cleveland",
               "Cumbria", "Derbyshire", "Devon and Cornwall", "Dorset", "Durham", "Dyfed-Powys", "Essex",
               "Gloucestershire", "Greater Manchester", "Gwent", "Hampshire", "Hertfordshire", "Humberside", "Kent",
               "Lancashire", "Leicestershire", "Lincolnshire", "Merseyside", "Metropolitan Police", "Norfolk",
               "North Wales", "North Yorkshire", "Northamptonshire", "Northumbria", "Nottinghamshire", "South Wales",
               "South Yorkshire", "Staffordshire", "Suffolk", "Surrey", "Sussex", "Thames Valley", "Warwickshire",
               "West Mercia", "West Midlands", "West Yorkshire", "Wiltshire")
NOT_KNOWN_AREA = "Not known"
# text -> kind, by hand: the expected totals below are worked out from these labels, not by the importer's rules.
SEXES = {"01: Male": "men", "02: Female": "women", "03: Not known": "other"}
AGE_GROUPS = {"01: Children": "children", "02: Young adults": "young_adults", "03: Adults": "adults",
              "04: Not known": "other"}
OUTCOMES = {"01: Absolute discharge": "other", "02: Conditional discharge": "other", "03: Fine": "other",
            "04: Community sentence": "community", "05: Suspended sentence": "suspended",
            "06: Immediate custody": "custody", "07: Otherwise dealt with": "other"}
# band text -> (under 6 months, under 12 months, under 24 months), labelled by hand: "up to and including X"
# includes X; "up to 6 months" excludes 6 (an exact "6 months" band is beside it) but "up to 2 years" includes 2
# years (no 2-year band; the next band starts "More than 2 years"); an exact "6 months" is not under 6.
BANDS = {
    "01: Up to and including 1 month": (True, True, True),
    "02: More than 1 month and up to and including 2 months": (True, True, True),
    "03: More than 2 months and less than 3 months": (True, True, True),
    "04: 3 months": (True, True, True),
    "05: More than 3 months and up to 6 months": (True, True, True),
    "06: 6 months": (False, True, True),
    "07: More than 6 months and less than 12 months": (False, True, True),
    "08: 12 months": (False, False, True),
    "09: More than 12 months and up to 18 months": (False, False, True),
    "10: More than 18 months and up to 2 years": (False, False, False),
    "11: More than 2 years and up to 3 years": (False, False, False),
    "12: More than 3 years and less than 4 years": (False, False, False),
    "13: 4 years": (False, False, False),
    "14: More than 4 years and up to 10 years": (False, False, False),
    "15: More than 10 years and less than 15 years": (False, False, False),
    "16: More than 15 years and less than life": (False, False, False),
    "17: Life": (False, False, False),
    "18: Indeterminate sentence": (False, False, False),
}
NOT_CUSTODY_BAND = ""  # the real file leaves the length blank on non-custodial rows
OFFENCE_GROUPS = ("01: Violence against the person", "02: Sexual offences", "03: Robbery", "04: Theft offences",
                  "05: Criminal damage and arson", "06: Drug offences", "07: Possession of weapons",
                  "08: Public order offences", "09: Miscellaneous crimes against society", "10: Fraud offences",
                  "11: Summary non-motoring", "12: Summary motoring")
OFFENCE_WORDS = ("Assault occasioning actual bodily harm", "Theft from the person of another", "Burglary in a dwelling",
                 "Possession of a controlled drug of Class B", "Having an article with a blade or point in public",
                 "Fraud by false representation", "Criminal damage to property valued under 5000",
                 "Driving a motor vehicle with excess alcohol", "Breach of a restraining order",
                 "Causing intentional harassment, alarm or distress")


def offences() -> list[tuple[str, str]]:
    """(offence group, offence) pairs: 240 made-up offence texts of realistic length, some with commas."""
    pairs = []
    for number in range(240):
        group = OFFENCE_GROUPS[number % len(OFFENCE_GROUPS)]
        words = OFFENCE_WORDS[number % len(OFFENCE_WORDS)]
        pairs.append((group, f"{number + 1:03d}.{number % 7} {words} (v{number // 10})"))
    return pairs


def write_outcomes_csv(path: Path, rows: int, seed: int = 0, *, years: Iterable[int] = range(2017, 2025),
                       extra_bands: Sequence[str] = (), extra_areas: Sequence[str] = (),
                       chunk_rows: int = 1_000_000) -> pd.DataFrame:
    """Write `rows` random rows in the layout; return the true people count per (area, year, sex, age, outcome, band)."""
    rng = np.random.default_rng(seed)
    year_texts = [str(y) for y in years]
    areas = [*FORCE_AREAS, NOT_KNOWN_AREA, *extra_areas]
    area_p = np.array([1.0] * len(FORCE_AREAS) + [0.2] + [0.5] * len(extra_areas))
    sexes, ages, outcomes = list(SEXES), list(AGE_GROUPS), list(OUTCOMES)
    bands = [*BANDS, *extra_bands, NOT_CUSTODY_BAND]
    band_p = np.array([1.0] * len(BANDS) + [0.3] * len(extra_bands))
    pairs = offences()
    custody = outcomes.index("06: Immediate custody")
    dictionaries = {name: pa.array(values) for name, values in (
        ("Year", year_texts), ("Sex", sexes), ("Age Group", ages), ("Police Force Area", areas),
        ("Offence Group", [g for g, _ in pairs]), ("Offence", [o for _, o in pairs]),
        ("Sentence Outcome", outcomes), ("Custodial Sentence Length", bands))}
    totals: list[pd.DataFrame] = []
    chunks: list[pa.Table] = []
    for start in range(0, rows, chunk_rows):
        n = min(chunk_rows, rows - start)
        idx = {
            "Year": rng.integers(0, len(year_texts), n),
            "Sex": rng.choice(len(sexes), n, p=[0.8, 0.16, 0.04]),
            "Age Group": rng.choice(len(ages), n, p=[0.05, 0.1, 0.83, 0.02]),
            "Police Force Area": rng.choice(len(areas), n, p=area_p / area_p.sum()),
            "Offence": rng.integers(0, len(pairs), n),
            "Sentence Outcome": rng.choice(len(outcomes), n, p=[0.03, 0.1, 0.4, 0.13, 0.1, 0.17, 0.07]),
        }
        idx["Offence Group"] = idx["Offence"]
        band = rng.choice(len(bands) - 1, n, p=band_p / band_p.sum())
        idx["Custodial Sentence Length"] = np.where(idx["Sentence Outcome"] == custody, band, len(bands) - 1)
        count = rng.geometric(0.55, n).astype(np.int64)
        # Dictionary columns keep 8 million rows in a few hundred MB; DuckDB writes them out as text.
        columns = [pa.DictionaryArray.from_arrays(pa.array(idx[name].astype(np.int32)), dictionaries[name])
                   for name in HEADER[:-1]]
        chunks.append(pa.Table.from_arrays([*columns, pa.array(count)], names=list(HEADER)))
        totals.append(_chunk_totals(idx, count, year_texts, sexes, ages, areas, outcomes, bands))
    _write_csv(pa.concat_tables(chunks), path)
    keys = ["area", "year", "sex", "age", "outcome", "band"]
    return pd.concat(totals).groupby(keys, as_index=False)["people"].sum()


def _write_csv(table: pa.Table, path: Path) -> None:
    """The table as CSV, quoting only the cells that need it."""
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_progress_bar = false")
        connection.register("generated", table)
        # Blank, not "", on non-custodial rows: code that reads the real file finds them empty.
        connection.execute('COPY (SELECT * REPLACE (nullif("Custodial Sentence Length", \'\') AS "Custodial Sentence Length") '
                           f"FROM generated) TO '{_sql_text(str(path))}' (HEADER, DELIMITER ',')")
    finally:
        connection.close()


def _sql_text(text: str) -> str:
    """Text for inside a SQL string literal."""
    return text.replace("'", "''")


def _chunk_totals(idx: dict, count: np.ndarray, years, sexes, ages, areas, outcomes, bands) -> pd.DataFrame:
    """People per combination in one chunk, summed from the generator's own arrays (independent of the importer)."""
    frame = pd.DataFrame({"area": idx["Police Force Area"], "year": idx["Year"], "sex": idx["Sex"],
                          "age": idx["Age Group"], "outcome": idx["Sentence Outcome"],
                          "band": idx["Custodial Sentence Length"], "people": count})
    summed = frame.groupby(["area", "year", "sex", "age", "outcome", "band"], as_index=False)["people"].sum()
    for column, texts in (("area", areas), ("year", years), ("sex", sexes), ("age", ages), ("outcome", outcomes),
                          ("band", bands)):
        summed[column] = np.asarray(texts, dtype=object)[summed[column].to_numpy()]
    return summed


def write_rows(path: Path, rows: Iterable[Sequence], header: Sequence[str] = HEADER, *, before: Sequence[str] = (),
               encoding: str = "utf-8") -> Path:
    """Write the given rows (cells as typed) under the header, with optional title lines above it."""
    with open(path, "w", newline="", encoding=encoding) as handle:
        for line in before:
            handle.write(line + "\r\n")  # csv.writer ends lines with CRLF too: one line ending per file
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
    return path


def outcome_row(year: int | str, sex: str, age: str, area: str, outcome: str, band: str, count: int | str,
                offence_group: str = "04: Theft offences", offence: str = "041 Theft from a shop") -> tuple:
    """One row in the file's column order."""
    return (str(year), sex, age, area, offence_group, offence, outcome, band, str(count))


# The small file: every figure below is known by construction (see SMALL_EXPECTED).
SMALL_ROWS = (
    # Avon and Somerset 2019: women adults and young adults, men adults, a child
    outcome_row(2019, "Female", "Adults", "Avon and Somerset", "Immediate custody", "More than 3 months and up to 6 months", 4),
    outcome_row(2019, "Female", "Adults", "Avon and Somerset", "Immediate custody", "6 months", 2),
    outcome_row(2019, "Female", "Young adults", "Avon and Somerset", "Immediate custody", "Up to and including 1 month", 1),
    outcome_row(2019, "Female", "Adults", "Avon and Somerset", "Suspended sentence", "", 5),
    outcome_row(2019, "Female", "Adults", "Avon and Somerset", "Fine", "", 10),
    outcome_row(2019, "Male", "Adults", "Avon and Somerset", "Immediate custody", "More than 18 months and up to 2 years", 7),
    outcome_row(2019, "Male", "Adults", "Avon and Somerset", "Immediate custody", "12 months", 3),
    outcome_row(2019, "Male", "Adults", "Avon and Somerset", "Immediate custody", "Life", 1),
    outcome_row(2019, "Male", "Adults", "Avon and Somerset", "Community sentence", "Not applicable", 20),
    outcome_row(2019, "Male", "Children", "Avon and Somerset", "Community sentence", "", 2),
    outcome_row(2019, "Not known", "Adults", "Avon and Somerset", "Conditional discharge", "", 3),
    # Avon and Somerset 2020: one custody sentence of 4 years, thousands separator in a fine count
    outcome_row(2020, "Male", "Adults", "Avon and Somerset", "Immediate custody", "4 years", 6),
    outcome_row(2020, "Male", "Adults", "Avon and Somerset", "Fine", "", "1,200"),
    # Dyfed-Powys written "Dyfed Powys", with trailing spaces
    outcome_row(2019, "Female ", "Adults ", "Dyfed Powys ", "Immediate custody ",
                "More than 6 months and less than 12 months ", 2),
    outcome_row(2019, "Male", "Young adults", "Dyfed Powys", "Immediate custody", "More than 2 years and up to 3 years", 1),
    # Not known area and an unknown one: counted and reported, never placed
    outcome_row(2019, "Male", "Adults", "Not known", "Immediate custody", "12 months", 9),
    outcome_row(2019, "Male", "Adults", "Atlantis", "Fine", "", 4),
    # a total row
    outcome_row("Total", "", "", "", "", "", 99999, "", ""),
)
# Worked out by hand from SMALL_ROWS (codes from the atlas: Avon and Somerset E23000036, Dyfed-Powys W15000004).
SMALL_EXPECTED = {
    ("E23000036", "2019", ""): {"people_sentenced": 58, "immediate_custody_sentences": 18, "suspended_sentences": 5,
                                "community_sentences": 22, "immediate_custody_under_6_months": 5,
                                "immediate_custody_under_12_months": 7, "immediate_custody_under_24_months": 10},
    ("E23000036", "2019", "Women"): {"people_sentenced": 22, "immediate_custody_sentences": 7,
                                     "immediate_custody_under_6_months": 5, "immediate_custody_under_12_months": 7},
    ("E23000036", "2019", "Men"): {"people_sentenced": 33, "immediate_custody_sentences": 11,
                                   "immediate_custody_under_6_months": 0, "immediate_custody_under_24_months": 3},
    ("E23000036", "2019", "Women (18+)"): {"immediate_custody_sentences": 7},
    ("E23000036", "2019", "Young adults (18-20)"): {"immediate_custody_sentences": 1, "people_sentenced": 1},
    ("E23000036", "2019", "Adults (21+)"): {"immediate_custody_sentences": 17, "people_sentenced": 55},
    ("E23000036", "2019", "Children (10-17)"): {"immediate_custody_sentences": 0, "people_sentenced": 2,
                                                "community_sentences": 2},
    ("E23000036", "2020", ""): {"people_sentenced": 1206, "immediate_custody_sentences": 6,
                                "immediate_custody_under_24_months": 0},
    ("W15000004", "2019", ""): {"people_sentenced": 3, "immediate_custody_sentences": 3,
                                "immediate_custody_under_12_months": 2, "immediate_custody_under_24_months": 2},
    ("W15000004", "2019", "Women"): {"immediate_custody_sentences": 2},
}
SMALL_NOT_KNOWN_PEOPLE = 9
SMALL_UNKNOWN_AREA = ("Atlantis", 4)
