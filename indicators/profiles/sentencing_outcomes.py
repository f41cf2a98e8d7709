"""Profile: MoJ Criminal Justice System statistics "Outcomes by offence" sentencing CSV (about 8 million rows).

The file is aggregated from disk with DuckDB (streaming CSV reader, parallel group-by) to one row per police
force area, year, sex, age group, outcome and sentence length text; only that small table is read into
pandas, where texts are placed by rules. Figures: people sentenced, immediate custody (all, and under 6, 12 and
24 months by the band rules of indicators.sentence_bands), suspended and community sentences, the custody
share of everyone sentenced, and custody sentences per 100,000 residents of the matching age (ONS mid-2022).

A figure that a row might feed but cannot be placed in (a suppressed count, a text no rule reads) is left
missing, never zero and never guessed; every such row is reported as one grouped refusal per text.
"""
from __future__ import annotations

import csv
import io
import math
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from indicators.population_by_age import POPULATION_YEAR, SOURCE_NOTE, PopulationSourceError, population_by_age
from indicators.profiles.result import ImportResult, LayoutError, Progress, refused_frame
from indicators.schema import coerce, empty_table
from indicators.sentence_bands import THRESHOLDS_MONTHS, Band, is_under, parse_band, straddles, under_rule
from indicators.upload import source_id_for
from indicators.upload_validation import SUPPRESSED, TOTAL_NAMES, AreaIndex, normalise_name

NAME = "sentencing_outcomes"
LABEL = "MoJ Criminal Justice System statistics: Outcomes by offence (sentencing) CSV"
FILES = ("sentence_outcomes_2017_2024.csv", "sentence_outcomes_2010_2016.csv")
FILES_WHERE = ("in the 'Outcomes by offence' data tool ZIP of 'Criminal Justice System statistics quarterly' "
               "(Ministry of Justice, gov.uk collection criminal-justice-statistics-quarterly)")
LAYER = "police_force_area"
ROLES: dict[str, tuple[str, ...]] = {
    "year": ("year", "year of appearance", "calendar year", "year of sentence"),
    "sex": ("sex", "gender"),
    "age": ("age group", "age", "age band", "age range"),
    "area": ("police force area", "police force area name", "police force", "pfa", "force area"),
    "outcome": ("sentence outcome", "outcome", "sentence type", "disposal type"),
    "length": ("custodial sentence length", "sentence length", "custodial length", "length of custodial sentence"),
    "count": ("sentenced", "number sentenced", "people sentenced", "number of people sentenced", "count",
              "frequency", "freq"),
}
COLUMN_NAMES = {"year": "Year", "sex": "Sex", "age": "Age Group", "area": "Police Force Area",
                "outcome": "Sentence Outcome", "length": "Custodial Sentence Length", "count": "Sentenced"}
HEADER_SCAN_LINES = 30
DUCKDB_MEMORY_LIMIT = "1GB"  # keeps the import inside 1.5 GB with pandas on top; DuckDB spills to disk past it
CAVEATS = ("The police force area is that of the SENTENCING COURT, not the home address of the person sentenced. "
           "Editions of the file differ in how courts are mapped to force areas (MoJ re-mapped courts in a "
           "revision): never mix editions in one series. Counts are as in the file; suppressed or unreadable "
           "counts leave the figures they feed missing. Sentence length bands are grouped by the project's rules "
           "(indicators/sentence_bands.py): 'up to X' without 'and including' is read as below X.")

# Breakdowns, in the policy's own words; "" is everyone.
EVERYONE, WOMEN, MEN = "", "Women", "Men"
CHILDREN, YOUNG_ADULTS, ADULTS, WOMEN_18 = "Children (10-17)", "Young adults (18-20)", "Adults (21+)", "Women (18+)"
RATE_POPULATION = {EVERYONE: "10+", CHILDREN: "10-17", YOUNG_ADULTS: "18-20", ADULTS: "21+"}
UNDER = {f"immediate_custody_under_{months}_months": months for months in THRESHOLDS_MONTHS}

# Texts -> kinds, by rules on the folded text (MoJ order codes such as "02: " dropped first).
NOT_KNOWN = {"not known", "unknown", "not stated", "not recorded", "n k", "nk"}
SEX_RULES = ((r"^(female|females|women|woman|f|girls?)$", "women"), (r"^(male|males|men|man|m|boys?)$", "men"),
             (r"^(not known|unknown|not stated|not recorded|other|others|indeterminate|not applicable|n/a)"
              r"( ?[/,] ?(not known|unknown|other|not stated))?$", "other"))
AGE_WORDS = ((r"^(children|child|juveniles?|youths?|young people)$", "children"),
             (r"^young adults?$", "young_adults"), (r"^adults?$", "adults"),
             (r"^(not known|unknown|not stated|not recorded|age not known|other)$", "other"))
# Ages written in numbers win over words ("Adults (18+)" is everyone 18 and over, not MoJ's 21+ adults).
AGE_NUMBERS = ((("10", "17"), "children"), (("18", "20"), "young_adults"), (("21",), "adults"), (("18",), "adults_18"))
OUTCOME_RULES = ((r"suspended", "suspended"), (r"community", "community"),
                 (r"^(custody|immediate custodial sentence|immediate imprisonment)$|immediate custody", "custody"),
                 (r"discharge|\bfines?\b|otherwise dealt with|compensation|^others?$|other disposal|deferred|"
                  r"hospital order|bound over|bind over|referral order|reparation order", "other"))
TOTAL_TEXTS = {normalise_name(t) for t in TOTAL_NAMES} | {"all", "total", "grand total", "totals", "overall total",
                                                           "all areas", "all ages", "all persons", "all sexes",
                                                           "all outcomes", "all years", "total sentenced",
                                                           "all police force areas", "england and wales"}
SEX_TOTALS = {"persons", "all persons", "both sexes", "all"}
LONDON_NOTE = ("the file's 'London' is the Metropolitan Police and City of London force areas together, shown on "
               "the Metropolitan Police (E23000001)")
# Beside the atlas names (matched after normalise_name, so "Dyfed Powys" and "Metropolitan Police" already fit).
AREA_ALIASES = {"london": ("E23000001", LONDON_NOTE), "metropolitan": ("E23000001", ""), "met": ("E23000001", ""),
                "dyfed powys": ("W15000004", ""), "dyfed and powys": ("W15000004", "")}
MET, CITY_OF_LONDON = "E23000001", "E23000034"
REASONS = {1: "counts suppressed or not numbers in the file", 2: "sex texts no rule reads",
           4: "age group texts no rule reads", 8: "sentence outcome texts no rule reads",
           16: "custodial sentence lengths the band rules cannot place (or none given for immediate custody)"}


@dataclass
class _Header:
    """Where the table starts and how it is written."""

    line: int  # 0-based line of the header row
    names: list[str]
    columns: dict[str, int]  # role -> position
    delimiter: str
    encoding: str


@dataclass
class _Refusals:
    """Grouped refusals (row None) and individual ones (malformed lines), plus notes, gathered while placing."""

    rows: list[tuple] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, column: str, value: str, reason: str, row: int | None = None) -> None:
        """One refusal; value shown as in the file ('(blank)' when empty)."""
        self.rows.append((row, column, value if value != "" else "(blank)", reason))


# ---- header ----------------------------------------------------------------------------------------------------

def _fold(name: object) -> str:
    """A header name folded for matching: lower case, BOM, quotes, underscores and repeated spaces dropped."""
    text = str(name).replace("\ufeff", "").replace("_", " ").strip().strip('"').lower()
    return " ".join(text.split())


def columns_for(header: list[str]) -> dict[str, int]:
    """Role -> position of the header's column for it (roles the header lacks are left out)."""
    folded = [_fold(name) for name in header]
    found: dict[str, int] = {}
    for role, aliases in ROLES.items():
        for alias in aliases:
            if alias in folded:
                found[role] = folded.index(alias)
                break
    return found


def matches(header: list[str]) -> bool:
    """True when the header has every column of this layout (extra columns are fine)."""
    return len(columns_for(header)) == len(ROLES)


def _missing(header: list[str]) -> list[str]:
    """The layout's column names the header lacks."""
    found = columns_for(header)
    return [COLUMN_NAMES[role] for role in ROLES if role not in found]


def _read_header(path: Path, file_name: str) -> _Header:
    """The header row among the first lines (title lines above it are skipped), or LayoutError naming what is missing."""
    with open(path, "rb") as handle:
        head = handle.read(256 * 1024)
    encoding, text = _decode(head)
    lines = [line.rstrip("\r") for line in text.split("\n")[:HEADER_SCAN_LINES]]
    best: list[str] = []
    for number, line in enumerate(lines):
        for delimiter in (",", ";", "\t", "|"):
            if delimiter not in line:
                continue
            cells = next(csv.reader(io.StringIO(line), delimiter=delimiter), [])
            if matches(cells):
                return _Header(number, cells, columns_for(cells), delimiter, encoding)
            if len(columns_for(cells)) > len(columns_for(best)):
                best = cells
    shown = best or next(csv.reader(io.StringIO(lines[0] if lines else "")), [])
    raise LayoutError(f"'{file_name}' is not the {LABEL}: it lacks the column(s) {', '.join(_missing(shown))}; "
                      f"its columns are: {', '.join(c.strip() for c in shown[:20]) or '(none found)'}.")


def _decode(head: bytes) -> tuple[str, str]:
    """('utf-8' or 'latin-1', text) of the first bytes; a character cut at the end is not an encoding error."""
    try:
        return "utf-8", head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 4:
            return "utf-8", head[: error.start].decode("utf-8-sig")
        return "latin-1", head.decode("latin-1")


# ---- aggregation (DuckDB) ----------------------------------------------------------------------------------------

def _aggregate(path: Path, header: _Header, progress: Progress | None) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(groups, malformed lines, encoding): people and rows per distinct text combination, counted from disk."""
    groups, rejects = _aggregate_with(path, header, header.encoding, progress)
    if header.encoding == "latin-1" or not (rejects["error_type"] == "INVALID ENCODING").any():
        return groups, rejects, header.encoding
    # Bytes that are not UTF-8 past the first 256 KB: read the whole file again as Latin-1 (which reads any byte).
    groups, rejects = _aggregate_with(path, header, "latin-1", progress)
    return groups, rejects, "latin-1"


def _aggregate_with(path: Path, header: _Header, encoding: str,
                    progress: Progress | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One DuckDB pass in the given encoding: the grouped counts and the lines it could not read."""
    connection = duckdb.connect(config={"threads": max(1, os.cpu_count() or 1), "memory_limit": DUCKDB_MEMORY_LIMIT,
                                        "preserve_insertion_order": False})
    try:
        connection.execute("SET enable_progress_bar = true")  # needed for query_progress(); never printed
        connection.execute("SET enable_progress_bar_print = false")
        sql = _group_sql(path, header, encoding)
        groups = _run_with_progress(connection, sql, progress)
        # One row per bad line (DuckDB records one error per surplus field).
        rejects = connection.execute("SELECT line, first(error_type ORDER BY column_idx) AS error_type, "
                                     "first(trim(csv_line, chr(10) || chr(13)) ORDER BY column_idx) AS csv_line, "
                                     "first(error_message ORDER BY column_idx) AS error_message FROM reject_errors "
                                     "GROUP BY line ORDER BY line").df()
    except duckdb.Error as error:
        raise LayoutError(f"'{path.name}' could not be read as CSV: {str(error).splitlines()[0]}") from None
    finally:
        connection.close()
    return groups, rejects


def _group_sql(path: Path, header: _Header, encoding: str) -> str:
    """One pass over the file: texts as written, counts parsed once per row, bad counts kept as their text."""
    width = len(header.names)
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    c = {role: f"c{position}" for role, position in header.columns.items()}
    number = f"TRY_CAST(replace(replace(trim({c['count']}), ',', ''), ' ', '') AS DOUBLE)"
    keys = ", ".join(f"{c[role]} AS {role}" for role in ("year", "sex", "age", "area", "outcome", "length"))
    source = (f"read_csv({_sql_text(str(path))}, header = false, skip = {header.line + 1}, columns = {{{columns}}}, "
              f"delim = {_sql_text(header.delimiter)}, quote = '\"', escape = '\"', auto_detect = false, "
              f"null_padding = true, ignore_errors = true, store_rejects = true, encoding = {_sql_text(encoding)})")
    return (f"WITH parsed AS (SELECT *, {number} AS n FROM {source}), "
            f"checked AS (SELECT *, CASE WHEN n IS NULL OR n < 0 OR n <> floor(n) "
            f"THEN coalesce(trim({c['count']}), '') END AS bad FROM parsed) "
            f"SELECT {keys}, bad, sum(CASE WHEN bad IS NULL THEN n END) AS people, count(*) AS rows "
            f"FROM checked GROUP BY ALL")


def _sql_text(text: str) -> str:
    """A string literal for SQL."""
    return "'" + text.replace("'", "''") + "'"


def _run_with_progress(connection, sql: str, progress: Progress | None) -> pd.DataFrame:
    """Run the query in a worker thread; report DuckDB's progress from the calling thread (UI widgets need it)."""
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["frame"] = connection.execute(sql).df()
        except BaseException as error:  # re-raised in the calling thread
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.25)
        if progress and worker.is_alive():
            done = connection.query_progress()
            if done >= 0:
                progress(0.05 + 0.8 * min(done, 100) / 100, f"reading and counting the rows: {done:.0f}%")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["frame"]  # type: ignore[return-value]


# ---- texts -> kinds ----------------------------------------------------------------------------------------------

def clean_text(text: object) -> str:
    """A category text without MoJ's order code ("02: Female" -> "Female"), spaces collapsed."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    value = " ".join(str(text).replace("\ufeff", "").split())
    return re.sub(r"^\d{1,3}\s*:\s*", "", value)


def _fold_text(text: object) -> str:
    """A category text cleaned and in lower case, for the rules."""
    return clean_text(text).lower()


def _kind(text: object, rules: tuple[tuple[str, str], ...]) -> str:
    """The kind the first matching rule gives the folded text, else 'unknown'."""
    folded = _fold_text(text)
    for pattern, kind in rules:
        if re.search(pattern, folded):
            return kind
    return "unknown"


def sex_kind(text: object) -> str:
    """'women', 'men', 'other' (not known, other) or 'unknown' for a Sex text."""
    return _kind(text, SEX_RULES)


def age_kind(text: object) -> str:
    """'children' (10-17), 'young_adults' (18-20), 'adults' (21+), 'adults_18' (18+), 'other' or 'unknown'."""
    folded = _fold_text(text)
    numbers = tuple(re.findall(r"\d+", folded))
    if numbers:
        if numbers == ("18",) and re.search(r"\b(under|below|less than) 18\b", folded):
            return "children"
        open_above = re.search(r"\+|and over|or over|plus|and above|or more", folded)
        for wanted, kind in AGE_NUMBERS:
            if numbers == wanted and (len(wanted) == 2 or open_above):
                return kind
        return "unknown"
    return _kind(text, AGE_WORDS)


def outcome_kind(text: object) -> str:
    """'custody' (immediate), 'suspended', 'community', 'other' (fines, discharges, ...) or 'unknown'."""
    return _kind(text, OUTCOME_RULES)


def year_text(text: object) -> str | None:
    """The calendar year as text ("2019"), or None when the cell is not one year."""
    value = clean_text(text).lower()
    hit = re.fullmatch(r"(?:calendar year |year )?((?:19|20)\d{2})(?:\.0+)?(?: calendar year)?", value)
    return hit.group(1) if hit else None


def is_total(text: object, *, sex: bool = False) -> bool:
    """True for a total's label ("Total", "All", "England and Wales"; "Persons" in the Sex column)."""
    folded = normalise_name(clean_text(text))
    return folded in TOTAL_TEXTS or (sex and folded in SEX_TOTALS)


def area_code(text: object, areas: AreaIndex) -> tuple[str | None, str, str]:
    """(code, status, note) for a force-area text; status 'ok', 'not_known', 'total' or 'unknown' (note: suggestions)."""
    value = clean_text(text)
    folded = normalise_name(value)
    if folded in NOT_KNOWN:
        return None, "not_known", ""
    if folded in TOTAL_TEXTS:
        return None, "total", ""
    code = areas.names.get(LAYER, {}).get(folded)
    if code:
        return code, "ok", ""
    if folded in AREA_ALIASES:
        code, note = AREA_ALIASES[folded]
        return code, "ok", note
    suggestions = areas.suggest(LAYER, value) if value else []
    hint = f"did you mean {' or '.join(suggestions)}?" if suggestions else "no close match among the 43 force areas"
    return None, "unknown", hint


# ---- placing the groups --------------------------------------------------------------------------------------------

def _place(groups: pd.DataFrame, areas: AreaIndex, header: _Header, refusals: _Refusals) -> pd.DataFrame:
    """The groups with codes, periods and kinds; totals, unreadable years and unplaced areas taken out and reported."""
    name = {role: header.names[position].strip() for role, position in header.columns.items()}
    g = groups.copy()
    g["people"] = g["people"].astype(float)
    g["people_known"] = g["people"].where(g["bad"].isna(), 0.0).fillna(0.0)

    total = np.zeros(len(g), dtype=bool)
    for role in ("year", "area", "sex", "age", "outcome"):
        hit = _map(g[role], lambda t, r=role: is_total(t, sex=r == "sex")).to_numpy(dtype=bool) & ~total
        for text, part in g[hit].groupby(g[role].fillna("")[hit]):
            refusals.add(name[role], str(text), f"a total row ({_rows_people(part)}): skipped, so nothing is "
                         "counted twice")
        total |= hit
    g = g[~total]

    g["period"] = _map(g["year"], year_text)
    for text, part in g[g["period"].isna()].groupby(g["year"].fillna(""), dropna=False):
        refusals.add(name["year"], str(text), f"not a calendar year: {_rows_people(part)} not loaded")
    g = g[g["period"].notna()]

    resolved = {text: area_code(text, areas) for text in g["area"].fillna("").unique()}
    g["area_code"] = g["area"].fillna("").map(lambda t: resolved[t][0])
    status = g["area"].fillna("").map(lambda t: resolved[t][1])
    for text, part in g[status == "not_known"].groupby(g["area"].fillna("")):
        refusals.add(name["area"], str(text), f"police force area not known: {_rows_people(part)} are in no area's "
                     "figures (never spread over areas)")
    for text, part in g[status.isin(["unknown", "total"])].groupby(g["area"].fillna("")):
        why = "a total, not one force area" if resolved[text][1] == "total" else resolved[text][2]
        refusals.add(name["area"], str(text), f"not a police force area ({why}): {_rows_people(part)} not loaded")
    notes = {resolved[t][2] for t in resolved if resolved[t][1] == "ok" and resolved[t][2]}
    refusals.notes.extend(f"Force areas: {note}." for note in sorted(notes))
    g = g[status == "ok"].copy()
    _note_shared_codes(g, refusals)

    g["sex_kind"] = _map(g["sex"], sex_kind)
    g["age_kind"] = _map(g["age"], age_kind)
    g["outcome_kind"] = _map(g["outcome"], outcome_kind)
    bands = {text: parse_band(text) for text in g["length"].fillna("").unique()}
    g["band"] = g["length"].fillna("").map(bands)
    _report_texts(g, name, refusals)
    _report_bands(g, bands, name, refusals)
    _report_bad_counts(g, name, refusals)
    return g.reset_index(drop=True)


def _map(column: pd.Series, function) -> pd.Series:
    """A function applied once per distinct text (the table repeats each text thousands of times)."""
    keys = column.fillna("")
    lookup = {text: function(text) for text in keys.unique()}
    return keys.map(lookup)


def _people(part: pd.DataFrame) -> str:
    """'1,234 people' in these groups (and whether some counts could not be read)."""
    people = part["people_known"].sum()
    return f"{people:,.0f} people" + (" plus rows with unreadable counts" if part["bad"].notna().any() else "")


def _rows_people(part: pd.DataFrame) -> str:
    """'12 rows, 34 people' in these groups."""
    return f"{int(part['rows'].sum()):,} rows, {_people(part)}"


def _note_shared_codes(g: pd.DataFrame, refusals: _Refusals) -> None:
    """Say when several spellings went to one force area (their counts are added) or London sits beside the City."""
    texts = g.groupby("area_code")["area"].agg(lambda column: sorted({clean_text(t) for t in column}))
    for code, spellings in texts.items():
        if len(spellings) > 1:
            refusals.notes.append(f"Force area {code} is written {len(spellings)} ways in the file ("
                                  + ", ".join(f"'{s}'" for s in spellings) + "): counts added.")
    if any(normalise_name(clean_text(t)) == "london" for t in g["area"].unique()) and CITY_OF_LONDON in texts.index:
        refusals.notes.append("The file has both 'London' (which includes the City of London) and a City of London "
                              "row: check the edition; both are loaded as written.")


def _report_texts(g: pd.DataFrame, name: dict[str, str], refusals: _Refusals) -> None:
    """One refusal per sex, age group or outcome text no rule reads (its rows are kept where they are certain)."""
    what = {"sex": ("sex", "counted for everyone and by age; the Women, Men and Women (18+) figures they touch "
                           "are left missing"),
            "age": ("age group", "counted for everyone and by sex; the age group figures they touch are left missing"),
            "outcome": ("sentence outcome", "counted in people sentenced; the immediate custody, suspended and "
                                            "community figures they touch are left missing")}
    for role, (label, effect) in what.items():
        unknown = g[g[f"{role}_kind"] == "unknown"]
        for text, part in unknown.groupby(unknown[role].fillna("")):
            refusals.add(name[role], str(text), f"{label} not recognised by the rules: {_rows_people(part)}; {effect}")


def _report_bands(g: pd.DataFrame, bands: dict[str, Band], name: dict[str, str], refusals: _Refusals) -> None:
    """Unplaced band texts (with rows and people), custody rows without a length, and bands that straddle a threshold."""
    custody = g["outcome_kind"] == "custody"
    for text, band in bands.items():
        rows = g[g["length"].fillna("") == text]
        if band.kind == "unplaced":
            in_custody = rows[rows["outcome_kind"].isin(["custody", "unknown"])]
            effect = ("the under 6, 12 and 24 months figures they touch are left missing" if len(in_custody)
                      else "none of its rows is immediate custody, so no figure depends on it")
            refusals.add(name["length"], str(text), f"sentence length band the rules cannot place ({band.why}): "
                         f"{_rows_people(rows)} ({in_custody['people_known'].sum():,.0f} people in immediate custody "
                         f"or an unread outcome); {effect}")
        for months in THRESHOLDS_MONTHS:
            if straddles(band, months) and (custody & (g["length"].fillna("") == text)).any():
                refusals.notes.append(f"Band '{text}' holds sentences both under and not under {months} months: by "
                                      f"the rule (longest possible sentence below {months} months) it is not counted "
                                      f"as under {months} months.")
    blank = g[custody & g["band"].map(lambda b: b.kind == "not_custodial")]
    for text, part in blank.groupby(blank["length"].fillna("")):
        refusals.add(name["length"], str(text), f"immediate custody without a sentence length: {_rows_people(part)}; "
                     "counted in immediate custody; the under 6, 12 and 24 months figures they touch are left missing")
    lengths_elsewhere = g[~custody & g["band"].map(lambda b: b.kind in ("length", "life"))]
    if len(lengths_elsewhere):
        refusals.notes.append(f"{_rows_people(lengths_elsewhere)} that are not immediate custody carry a sentence "
                              "length (e.g. the term of a suspended sentence): lengths are used for immediate custody "
                              "only.")


def _report_bad_counts(g: pd.DataFrame, name: dict[str, str], refusals: _Refusals) -> None:
    """One refusal per suppressed, blank or non-numeric count text."""
    bad = g[g["bad"].notna()]
    for text, part in bad.groupby("bad"):
        folded = str(text).strip().lower()
        if folded == "":
            why = "blank"
        elif folded in SUPPRESSED:
            why = f"marked as suppressed or not available ('{text}')"
        elif re.fullmatch(r"-?[\d,.\s]+", folded):
            why = "negative or not a whole number of people"
        else:
            why = "not a number"
        areas = part["area_code"].nunique()
        refusals.add(name["count"], str(text), f"count {why}: {int(part['rows'].sum()):,} rows in {areas} force "
                     "area(s); refused, not zero: the figures these rows feed are left missing")


# ---- figures -------------------------------------------------------------------------------------------------------

def _tri(true: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    """Membership as 1 (yes), 0 (no) or NaN (cannot tell)."""
    out = true.astype(float)
    out[unknown] = np.nan
    return out


def _and(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Three-valued AND: no if either is no, yes if both are yes, else cannot tell."""
    out = np.where((a == 0) | (b == 0), 0.0, np.where((a == 1) & (b == 1), 1.0, np.nan))
    return out


def _memberships(g: pd.DataFrame) -> tuple[dict[str, tuple[np.ndarray, int]], dict[str, tuple[np.ndarray, int]]]:
    """Per breakdown and per indicator: membership of every group and the reason bit when it cannot tell."""
    sex, age, outcome = (g[c].to_numpy() for c in ("sex_kind", "age_kind", "outcome_kind"))
    sex_unknown, age_unknown = sex == "unknown", age == "unknown"
    adult_18 = age == "adults_18"
    women = _tri(sex == "women", sex_unknown)
    breakdowns = {
        EVERYONE: (np.ones(len(g)), 0),
        WOMEN: (women, 2),
        MEN: (_tri(sex == "men", sex_unknown), 2),
        CHILDREN: (_tri(age == "children", age_unknown), 4),
        YOUNG_ADULTS: (_tri(age == "young_adults", age_unknown | adult_18), 4),
        ADULTS: (_tri(age == "adults", age_unknown | adult_18), 4),
        # Women (18+) = women young adults and adults (and any age group written as 18 and over).
        WOMEN_18: (_and(women, _tri(np.isin(age, ["young_adults", "adults", "adults_18"]), age_unknown)), 2 | 4),
    }
    custody = _tri(outcome == "custody", outcome == "unknown")
    indicators = {
        "people_sentenced": (np.ones(len(g)), 0),
        "immediate_custody_sentences": (custody, 8),
        "suspended_sentences": (_tri(outcome == "suspended", outcome == "unknown"), 8),
        "community_sentences": (_tri(outcome == "community", outcome == "unknown"), 8),
    }
    for indicator, months in UNDER.items():
        under = g["band"].map(lambda b, m=months: is_under(b, m))
        band = _tri(under.eq(True).to_numpy(), under.isna().to_numpy())
        indicators[indicator] = (_and(custody, band), 8 | 16)
    return breakdowns, indicators


def _figures(g: pd.DataFrame) -> pd.DataFrame:
    """Counts per force area, year, breakdown and indicator, with the reasons (bits) any is left missing."""
    breakdowns, indicators = _memberships(g)
    people = g["people_known"].to_numpy()
    touched = (people > 0) | g["bad"].notna().to_numpy()
    bad = g["bad"].notna().to_numpy()
    columns: dict[str, np.ndarray] = {}
    for breakdown, (b, b_bit) in breakdowns.items():
        for indicator, (i, i_bit) in indicators.items():
            member = _and(b, i)
            key = f"{breakdown}\x00{indicator}"
            columns[f"v{key}"] = np.where(member == 1, people, 0.0)
            unsure = np.isnan(member) & touched
            bits = np.where(unsure, b_bit | i_bit, 0) | np.where(bad & (member != 0), 1, 0)
            columns[f"u{key}"] = bits.astype(np.int64)
    wide = pd.DataFrame(columns)
    wide["area_code"], wide["period"] = g["area_code"].to_numpy(), g["period"].to_numpy()
    value_cols = [c for c in wide.columns if c.startswith("v")]
    summed = wide.groupby(["area_code", "period"])[value_cols].sum()
    reason_cols = [c for c in wide.columns if c.startswith("u")]
    keys = [wide["area_code"], wide["period"]]
    # Bitwise OR per group, one bit at a time (a vectorised max), instead of a Python call per cell.
    reasons = sum((wide[reason_cols] & bit).groupby(keys).max() for bit in REASONS)
    long_values = summed.stack().rename("value").rename_axis(["area_code", "period", "key"]).reset_index()
    long_reasons = reasons.stack().rename("bits").rename_axis(["area_code", "period", "key"]).reset_index()
    long_values["key"] = long_values["key"].str.slice(1)
    long_reasons["key"] = long_reasons["key"].str.slice(1)
    out = long_values.merge(long_reasons, on=["area_code", "period", "key"])
    out[["breakdown", "indicator"]] = out["key"].str.split("\x00", expand=True)
    out.loc[out["bits"] > 0, "value"] = math.nan
    return out.drop(columns="key")


def _missing_note(bits: int) -> str:
    """Why a figure is left missing, in words ('' when it is not)."""
    if not bits:
        return ""
    return "Left missing, not zero: the file has " + "; ".join(text for bit, text in REASONS.items() if bits & bit)


def _count_rows(figures: pd.DataFrame, london_codes: set[str]) -> pd.DataFrame:
    """The count indicators as tidy rows (value = count)."""
    rows = figures.copy()
    rows["numerator"] = rows["denominator"] = math.nan
    rows["is_estimate"] = False
    rows["note"] = [_join(_band_note(indicator), _missing_note(bits), _london(code, london_codes))
                    for indicator, bits, code in zip(rows["indicator"], rows["bits"], rows["area_code"])]
    return rows


def _share_rows(figures: pd.DataFrame, london_codes: set[str]) -> pd.DataFrame:
    """Immediate custody as a % of everyone sentenced (numerator custody, denominator people sentenced)."""
    keyed = figures.set_index(["area_code", "period", "breakdown", "indicator"])
    custody = keyed.xs("immediate_custody_sentences", level="indicator")
    people = keyed.xs("people_sentenced", level="indicator")
    both = custody.join(people, lsuffix="_c", rsuffix="_p").reset_index()
    both = both[~(both["value_p"] == 0)]  # no one sentenced: no share, not 0%
    out = pd.DataFrame({"area_code": both["area_code"], "period": both["period"], "breakdown": both["breakdown"],
                        "indicator": "immediate_custody_share", "numerator": both["value_c"],
                        "denominator": both["value_p"]})
    out["value"] = out["numerator"] / out["denominator"] * 100
    out["is_estimate"] = False
    out["note"] = [_join(_missing_note(int(bc) | int(bp)), _london(code, london_codes))
                   for bc, bp, code in zip(both["bits_c"], both["bits_p"], both["area_code"])]
    return out


def _rate_rows(figures: pd.DataFrame, population: pd.DataFrame | None, london_codes: set[str],
               notes: list[str]) -> pd.DataFrame:
    """Immediate custody per 100,000 residents of the matching age (no rate by sex: no population by sex stored)."""
    if population is None or population.empty:
        return pd.DataFrame()
    custody = figures[(figures["indicator"] == "immediate_custody_sentences")
                      & figures["breakdown"].isin(list(RATE_POPULATION))].copy()
    group = custody["breakdown"].map(RATE_POPULATION)
    pop = population.astype(float)
    if london_codes and {MET, CITY_OF_LONDON} <= set(pop.index):
        pop.loc[MET] = pop.loc[MET] + pop.loc[CITY_OF_LONDON]  # the file's "London" is both force areas
    custody["denominator"] = [float(pop.at[code, column]) if code in pop.index else math.nan
                              for code, column in zip(custody["area_code"], group)]
    lacking = sorted(set(custody.loc[~(custody["denominator"] > 0), "area_code"]))
    if lacking:
        notes.append(f"No rate per 100,000 for {', '.join(lacking)}: no population for it in the stored source.")
    custody = custody[custody["denominator"] > 0]
    out = pd.DataFrame({"area_code": custody["area_code"], "period": custody["period"],
                        "breakdown": custody["breakdown"], "indicator": "immediate_custody_rate",
                        "numerator": custody["value"], "denominator": custody["denominator"]})
    out["value"] = out["numerator"] / out["denominator"] * 100_000
    out["is_estimate"] = out["period"] != str(POPULATION_YEAR)
    ages = {EVERYONE: "aged 10 and over", CHILDREN: "aged 10-17", YOUNG_ADULTS: "aged 18-20", ADULTS: "aged 21 and over"}
    out["note"] = [_join(f"per 100,000 residents {ages[b]} ({SOURCE_NOTE})",
                         "" if p == str(POPULATION_YEAR) else f"estimate: the {POPULATION_YEAR} population is used "
                         f"for {p} (the only population vintage stored)",
                         _missing_note(int(bits)),
                         "population of the Metropolitan Police and City of London together" if c in london_codes else "")
                   for b, p, bits, c in zip(out["breakdown"], out["period"], custody["bits"], out["area_code"])]
    return out


def _band_note(indicator: str) -> str:
    """The band rule behind an under-T indicator ('' for the others)."""
    months = UNDER.get(indicator)
    return f"Band rule: {under_rule(months)}" if months else ""


def _london(code: str, london_codes: set[str]) -> str:
    """The note on a figure built from the file's 'London'."""
    return "the file's 'London': Metropolitan Police and City of London together" if code in london_codes else ""


def _join(*parts: str) -> str:
    """Non-empty parts of a note joined by '; '."""
    return "; ".join(part for part in parts if part)


# ---- the profile ----------------------------------------------------------------------------------------------------

def run(path: Path, *, file_name: str, sha256: str, areas: AreaIndex, progress: Progress | None = None,
        population: pd.DataFrame | None = None) -> ImportResult:
    """Read the file through this profile: tidy rows, refusals grouped by reason, notes in words."""
    path = Path(path)
    if progress:
        progress(0.0, f"reading the header of {file_name}")
    header = _read_header(path, file_name)
    groups, rejects, encoding = _aggregate(path, header, progress)
    if progress:
        progress(0.87, "placing force areas, outcomes and sentence lengths")
    refusals = _Refusals()
    rows_read = int(groups["rows"].sum()) + len(rejects)
    if rows_read == 0 and _has_lines_after(path, header):
        raise LayoutError(f"'{file_name}': no row under the header could be read as CSV (mixed line endings or a "
                          "different delimiter?); nothing was loaded.")
    _report_rejects(rejects, refusals)
    placed = _place(groups, areas, header, refusals)
    london_codes = {code for code, text in zip(placed["area_code"], placed["area"])
                    if normalise_name(clean_text(text)) == "london"}
    source_id = source_id_for(file_name, sha256)
    notes = [f"Read {rows_read:,} rows of '{file_name}' as the {LABEL} (header on line {header.line + 1}); "
             f"aggregated from disk by force area, year, sex, age group, outcome and sentence length."]
    if encoding == "latin-1":
        notes.append("The file is not UTF-8 text; it was read as Latin-1: check that names look right.")
    if placed.empty:
        return ImportResult(NAME, file_name, empty_table(), refused_frame(refusals.rows),
                            _source(file_name, sha256, source_id, [], encoding),
                            notes + refusals.notes + ["No row could be placed in a force area and year."], rows_read)
    if progress:
        progress(0.92, "adding up the figures")
    figures = _figures(placed)
    population, population_note = _population(population)
    parts = [_count_rows(figures, london_codes), _share_rows(figures, london_codes),
             _rate_rows(figures, population, london_codes, refusals.notes)]
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    frame["layer"] = LAYER
    frame["source_id"] = source_id
    frame = coerce(frame.drop(columns=[c for c in ("bits",) if c in frame.columns]))
    frame = frame.sort_values(["indicator", "breakdown", "period", "area_code"], kind="stable").reset_index(drop=True)
    years = sorted(placed["period"].unique())
    notes += _figure_notes(frame, years, population_note) + refusals.notes
    if progress:
        progress(1.0, "done")
    return ImportResult(NAME, file_name, frame, refused_frame(refusals.rows),
                        _source(file_name, sha256, source_id, years, encoding), notes, rows_read)


def _has_lines_after(path: Path, header: _Header) -> bool:
    """True when the file has a non-blank line after its header row."""
    with open(path, "rb") as handle:
        for number, line in enumerate(handle):
            if number > header.line and line.strip():
                return True
    return False


def _population(given: pd.DataFrame | None) -> tuple[pd.DataFrame | None, str]:
    """The rate denominators (given, or read from ../shared), and a note when they cannot be had."""
    if given is not None:
        return given, ""
    try:
        return population_by_age(), ""
    except PopulationSourceError as error:
        return None, f"No rates per 100,000: {error}."


def _report_rejects(rejects: pd.DataFrame, refusals: _Refusals) -> None:
    """Malformed lines (too many fields, broken quotes): the first 20 one by one, the rest as one grouped row."""
    for line, kind, text, message in rejects.head(20).itertuples(index=False, name=None):
        refusals.add("", str(text)[:120], f"line could not be read as CSV ({kind}: {message}); not loaded", int(line))
    if len(rejects) > 20:
        refusals.add("", f"{len(rejects) - 20:,} more lines", "further lines could not be read as CSV; not loaded")


def _figure_notes(frame: pd.DataFrame, years: list[str], population_note: str) -> list[str]:
    """What the figures are, in words."""
    missing = int(frame["value"].isna().sum())
    notes = [f"{len(frame):,} figures for {frame['area_code'].nunique()} force areas, years {years[0]}-{years[-1]}: "
             "people sentenced, immediate custody (all; under 6, 12 and 24 months), suspended and community "
             "sentences, the immediate custody share and the rate per 100,000.",
             "The force area is that of the sentencing court, not the home address of the person sentenced.",
             "Breakdowns: everyone; Women; Men; Children (10-17), Young adults (18-20) and Adults (21+) (MoJ's age "
             "groups); Women (18+) = women young adults and adults, to line up with the Prison Reform Trust's "
             "series. People whose sex or age is recorded as not known are in the figures for everyone only.",
             f"Sentence length: {under_rule('T')} (T = 6, 12 or 24).",
             "No rate per 100,000 for Women, Men or Women (18+): the stored population has no split by sex "
             "(persons only). Rates for everyone use residents aged 10 and over; age groups their own ages.",
             f"Rates use the ONS mid-{POPULATION_YEAR} population for every year; rates for other years are marked "
             "as estimates."]
    if population_note:
        notes.append(population_note)
    if missing:
        notes.append(f"{missing:,} figures are left missing (not zero): see each figure's note and the refusals.")
    return notes


def _source(file_name: str, sha256: str, source_id: str, years: list[str], encoding: str) -> dict:
    """The source catalogue entry of the imported file."""
    return {"source_id": source_id, "title": f"{file_name}: {LABEL}"[:200],
            "publisher": "Ministry of Justice (file as downloaded by the user)",
            "address": f"imported file {file_name} ({FILES_WHERE})"[:300],
            "vintage": f"years {years[0]}-{years[-1]}" if years else "no years read",
            "licence": "Open Government Licence v3.0", "caveats": CAVEATS, "kind": "import", "profile": NAME,
            "sha256": sha256, "encoding": encoding}
