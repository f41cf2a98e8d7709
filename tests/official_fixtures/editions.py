"""Made-up files in the real texts of each MoJ sentencing edition (official-layouts.md section 5); numbers invented.

Every text below is as the edition writes it; each is labelled BY HAND with what it means (sex, age group,
outcome, and for custody bands whether the band is under 6, 12 and 24 months), so the expected figures are
worked out here from those labels, independently of the importer's rules. Texts marked "inferred" fill gaps no
real copy showed (the middle of a numbered list).
"""
from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

YES, NO = True, False
# Force areas written as each edition writes them -> GSS code (by hand).
AVON, DYFED, MET, CITY, KENT = "E23000036", "W15000004", "E23000001", "E23000034", "E23000032"


@dataclass(frozen=True)
class Edition:
    """One edition's header and texts, each text with its meaning."""

    name: str  # the edition, as the importer should name it (a phrase it must contain)
    header: tuple[str, ...]  # column names in the file's order
    roles: dict[str, str]  # role (year, sex, age, area, outcome, length, count, offence...) -> column name
    areas: dict[str, str | None]  # text -> code (None: not known, never placed)
    sexes: dict[str, str]  # text -> women, men, companies, other
    ages: dict[str, str]  # text -> children, young_adults, adults, companies, other
    outcomes: dict[str, str]  # text -> custody, suspended, community, other (sentences), not_sentenced
    bands: dict[str, tuple[bool, bool, bool]]  # custody band text -> under 6, 12, 24 months
    no_length: str = ""  # the length text on rows that are not immediate custody
    encoding: str = "utf-8"
    years: tuple[str, ...] = ("2019", "2020")


DEC_2024 = Edition(
    "December 2024",
    ("Year", "Sex", "Age Group", "Police Force Area", "Offence Type", "Offence Group", "Offence", "Sentence Outcome",
     "Custodial Sentence Length", "Sentenced"),
    {"year": "Year", "sex": "Sex", "age": "Age Group", "area": "Police Force Area", "offence_type": "Offence Type",
     "offence_group": "Offence Group", "offence": "Offence", "outcome": "Sentence Outcome",
     "length": "Custodial Sentence Length", "count": "Sentenced"},
    {"Avon and Somerset": AVON, "Dyfed Powys": DYFED, "Metropolitan": MET, "Not known": None},
    {"01: Female": "women", "02: Male": "men", "03: Not known": "other"},
    {"01: Children": "children", "02: Young adults": "young_adults", "03: Adults": "adults"},
    {"01: Absolute discharge": "other", "03: Fine": "other", "04: Community sentence": "community",
     "05: Suspended sentence": "suspended", "06: Immediate custody": "custody"},
    {"01: Up to and including 1 month": (YES, YES, YES),
     "02: More than 1 month and up to and including 2 months": (YES, YES, YES),
     "03: More than 2 months and up to and including 3 months": (YES, YES, YES),
     "04: More than 3 months and up to 6 months": (YES, YES, YES),  # a "6 months" band is beside it
     "05: 6 months": (NO, YES, YES),
     "06: More than 6 months and up to and including 9 months": (NO, YES, YES),
     # no "12 months" band in this list, and the next band starts "More than 12 months": 12 months is in here
     "07: More than 9 months and up to 12 months": (NO, NO, YES),
     "08: More than 12 months and up to and including 18 months": (NO, NO, YES),
     "09: More than 18 months and up to and including 2 years": (NO, NO, NO),
     "10: More than 2 years and up to and including 3 years": (NO, NO, NO),  # inferred
     "20: Life": (NO, NO, NO)},
)

DEC_2022 = Edition(
    "December 2022",
    ("Police Force Area", "Year", "Sex", "Age group", "Offence group", "Sentence Outcome", "Custodial Sentence Length",
     "Sentenced"),
    {"area": "Police Force Area", "year": "Year", "sex": "Sex", "age": "Age group", "offence_group": "Offence group",
     "outcome": "Sentence Outcome", "length": "Custodial Sentence Length", "count": "Sentenced"},
    {"Avon and Somerset": AVON, "Metropolitan Police": MET, "City of London": CITY, "Not known": None},
    {"01: Female": "women", "02: Male": "men"},
    {"01: Children": "children", "02: Young adults": "young_adults", "03: Adults": "adults"},
    {"03: Fine": "other", "04: Total Community sentence": "community", "05: Suspended Sentence": "suspended",
     "06: Total Immediate Custody": "custody"},
    {"01: Up to and including 1 month": (YES, YES, YES),
     "04: More than 3 months and up to 6 months": (YES, YES, YES),
     "05: 6 months": (NO, YES, YES),
     "07: More than 9 months and up to 12 months": (NO, YES, YES),  # a "12 months" band is beside it
     "08: 12 months": (NO, NO, YES),
     "10: More than 18 months and up to and including 2 years": (NO, NO, NO),
     "12: More than 3 years and up to 4 years": (NO, NO, NO),
     "13: 4 years": (NO, NO, NO),
     "23: Life": (NO, NO, NO)},
    no_length="24:Not known",
)

DEC_2021 = Edition(
    "December 2021",
    ("Year", "Offence group", "Sex", "Age group", "Police Force Area", "Sentence Outcome", "Custodial Sentence Length",
     "Sentenced"),
    {"year": "Year", "offence_group": "Offence group", "sex": "Sex", "age": "Age group", "area": "Police Force Area",
     "outcome": "Sentence Outcome", "length": "Custodial Sentence Length", "count": "Sentenced"},
    {"Avon and Somerset": AVON, "Dyfed-Powys": DYFED, "Metropolitan Police": MET},
    {"01: Female": "women", "02: Male": "men", "03: Companies, public bodies etc.": "companies"},
    {"01: Children": "children", "02: Young adults": "young_adults", "03: Adults": "adults",
     "04: Companies, public bodies etc.": "companies"},
    {"01: Absolute discharge": "other", "02: Conditional discharge": "other", "03: Fine": "other",
     "05: Total Community sentence": "community", "06: Suspended sentence": "suspended",
     "07: Total Immediate custody": "custody", "08: Compensation (primary disposal)": "other",
     "09: Total Otherwise dealt with": "other"},
    {"01: Custody - Up to and including 1 month": (YES, YES, YES),
     "02: Custody - Over 1 month and up to and including 2 months": (YES, YES, YES),
     "04: Custody - More than 3 months and under 6 months": (YES, YES, YES),
     "05: Custody - 6 months": (NO, YES, YES),
     "06: Custody - More than 6 months and up to 9 months": (NO, YES, YES),
     "07: Custody - More than 9 months and under 12 months": (NO, YES, YES),
     "08: Custody - 12 months": (NO, NO, YES),
     "09: Custody - More than 12 months and up to 18 months": (NO, NO, YES),
     # holds sentences of exactly 2 years: no edition has a 2-year band
     "10: Custody - More than 18 months and up to 2 years": (NO, NO, NO),
     "11: Custody - More than 2 years and up to 3 years": (NO, NO, NO),
     "12: Custody - More than 3 years and under 4 years": (NO, NO, NO),
     "13: Custody - 4 years": (NO, NO, NO),
     "20: Custody - More than 15 years and less than life": (NO, NO, NO),
     "21: Custody - Life": (NO, NO, NO),
     "22: Custody - Indeterminate Sentence": (NO, NO, NO)},
    encoding="latin-1",
)

DEC_2019 = Edition(
    "December 2019",
    ("Police Force Area", "Year of Appearance", "Sex", "Age Group", "Offence Group", "Outcome",
     "Custodial Sentence Length", "Count"),
    {"area": "Police Force Area", "year": "Year of Appearance", "sex": "Sex", "age": "Age Group",
     "offence_group": "Offence Group", "outcome": "Outcome", "length": "Custodial Sentence Length", "count": "Count"},
    {"Avon and Somerset": AVON, "Kent": KENT, "Special/miscellaneous and unknown police forces": None},
    {"01: Male": "men", "02: Female": "women", "03: Other (companies, public bodies, etc)": "companies",
     "04: Not known": "other"},
    {"01: Juveniles": "children", "02: Young adults": "young_adults", "03: Adults": "adults",  # inferred
     "05: Not known": "other"},
    {"02: Proceeding discontinued": "not_sentenced", "03: Discharged Sec 6": "not_sentenced",
     "04: Withdrawn": "not_sentenced", "05: Dismissed": "not_sentenced", "06: Not tried Crown Court": "not_sentenced",
     "07: Acquitted Crown Court": "not_sentenced", "08: Committed for trial": "not_sentenced",
     "09: Committed for sentence": "not_sentenced", "10: Absolute discharge": "other", "12: Fine": "other",
     "13: Community sentence": "community", "14: Suspended sentence": "suspended", "15: Immediate custody": "custody",
     "16: Otherwise dealt with": "other", "17: Compensation": "other"},
    {"01: Up to and including 1 month": (YES, YES, YES),
     "04: Over 3 months to less than 6 months": (YES, YES, YES),
     "05: 6 months": (NO, YES, YES),
     "07: Over 9 months to less than 12 months": (NO, YES, YES),
     "08: 12 months": (NO, NO, YES),
     "12: Over 3 years to less than 4 years": (NO, NO, NO),
     "13: 4 Years": (NO, NO, NO),
     "22: Imprisonment for public protection": (NO, NO, NO),
     "23: Life sentence": (NO, NO, NO)},
    years=("2018", "2019"),
)
# The Dec 2019 Excel data tool cuts some outcome texts at 23 characters.
DEC_2019_CUT_OUTCOMES = {"06: Conditional Dischar": "other", "08: Otherwise Dealt Wit": "other"}

EDITIONS = {"dec2024": DEC_2024, "dec2022": DEC_2022, "dec2021": DEC_2021, "dec2019": DEC_2019}
INDICATORS = ("people_sentenced", "immediate_custody_sentences", "suspended_sentences", "community_sentences",
              "immediate_custody_under_6_months", "immediate_custody_under_12_months",
              "immediate_custody_under_24_months")
BREAKDOWNS = {"": lambda sex, age: True, "Women": lambda sex, age: sex == "women",
              "Men": lambda sex, age: sex == "men", "Children (10-17)": lambda sex, age: age == "children",
              "Young adults (18-20)": lambda sex, age: age == "young_adults",
              "Adults (21+)": lambda sex, age: age == "adults",
              "Women (18+)": lambda sex, age: sex == "women" and age in ("young_adults", "adults")}


def edition_rows(edition: Edition, seed: int = 0, outcomes: dict[str, str] | None = None) -> pd.DataFrame:
    """Every combination of the edition's texts with a made-up count (columns named by role)."""
    rng = np.random.default_rng(seed)
    outcomes = outcomes or edition.outcomes
    rows = []
    for area, year, sex, age, outcome in itertools.product(edition.areas, edition.years, edition.sexes, edition.ages,
                                                           outcomes):
        if (edition.sexes[sex] == "companies") != (edition.ages[age] == "companies") and "companies" in (
                edition.ages.values()):
            continue  # where the age column has a companies value, companies are companies in both columns
        lengths = list(edition.bands) if outcomes[outcome] == "custody" else [edition.no_length]
        for length in lengths:
            rows.append({"area": area, "year": year, "sex": sex, "age": age, "outcome": outcome, "length": length,
                         "count": int(rng.integers(1, 40))})
    return pd.DataFrame(rows)


def expected(edition: Edition, rows: pd.DataFrame, outcomes: dict[str, str] | None = None) -> dict:
    """(area code, year, breakdown, indicator) -> people, worked out from the hand labels."""
    outcomes = outcomes or edition.outcomes
    out: dict[tuple[str, str, str, str], float] = {}
    for r in rows.itertuples(index=False):
        code = edition.areas[r.area]
        kind = outcomes[r.outcome]
        if code is None or kind == "not_sentenced":
            continue
        sex, age = edition.sexes[r.sex], edition.ages[r.age]
        under = edition.bands.get(r.length, (False, False, False)) if kind == "custody" else (False, False, False)
        member = {"people_sentenced": True, "immediate_custody_sentences": kind == "custody",
                  "suspended_sentences": kind == "suspended", "community_sentences": kind == "community",
                  "immediate_custody_under_6_months": kind == "custody" and under[0],
                  "immediate_custody_under_12_months": kind == "custody" and under[1],
                  "immediate_custody_under_24_months": kind == "custody" and under[2]}
        for breakdown, inside in BREAKDOWNS.items():
            for indicator in INDICATORS:
                key = (code, r.year, breakdown, indicator)
                out[key] = out.get(key, 0) + (r.count if inside(sex, age) and member[indicator] else 0)
    return out


def table(edition: Edition, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows under the edition's own header, in its column order (offence columns filled with made-up text)."""
    filler = {"offence_type": "01: Indictable", "offence_group": "04: Theft offences", "offence": "041 Theft"}
    columns = {}
    for role_name, column in edition.roles.items():
        columns[column] = rows[role_name].astype(str) if role_name in rows else filler[role_name]
    return pd.DataFrame(columns)[list(edition.header)]


def write_csv(edition: Edition, rows: pd.DataFrame, path: Path) -> Path:
    """The edition as CSV, in its own encoding."""
    out = io.StringIO()
    frame = table(edition, rows)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(edition.header)
    writer.writerows(frame.itertuples(index=False, name=None))
    path.write_bytes(out.getvalue().encode(edition.encoding))
    return path


def write_workbook(edition: Edition, rows: pd.DataFrame, path: Path, *, front_sheets: bool = True) -> Path:
    """The edition as an XLSX or ODS data tool: front, pivot and notes sheets first, the figures on 'Data'."""
    engine = "odf" if path.suffix == ".ods" else "openpyxl"
    with pd.ExcelWriter(path, engine=engine) as book:
        if front_sheets:
            pd.DataFrame({"Ministry of Justice": ["Data tool", "Made-up test figures"]}).to_excel(
                book, sheet_name="Front page", index=False)
            pd.DataFrame({"Row labels": ["Avon and Somerset", "Kent"], "Sum of count": [10, 20]}).to_excel(
                book, sheet_name="Pivot", index=False)
            pd.DataFrame({"Notes": ["1. Made-up.", "2. Numbers invented."]}).to_excel(book, sheet_name="Notes",
                                                                                     index=False)
        table(edition, rows).to_excel(book, sheet_name="Data", index=False)
    return path
