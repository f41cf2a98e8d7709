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

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from indicators import sentencing_csv
from indicators.population_by_age import POPULATION_YEAR, SOURCE_NOTE, PopulationSourceError, population_by_age
from indicators.profiles.result import ImportResult, LayoutError, Progress, refused_frame
from indicators.schema import coerce, empty_table
from indicators.sentence_bands import (
    THRESHOLDS_MONTHS,
    Band,
    is_ambiguous,
    is_under,
    read_bands,
    straddles,
    under_rule,
)
from indicators.sentencing_csv import Header, aggregate, read_header
from indicators.sentencing_texts import LAYER, MET, age_kind, area_code, clean_text, is_total, outcome_kind, sex_kind, year_text
from indicators.upload import source_id_for
from indicators.upload_validation import SUPPRESSED, AreaIndex, normalise_name

NAME = "sentencing_outcomes"
LABEL = "MoJ Criminal Justice System statistics: Outcomes by offence (sentencing) data"
FILES = ("sentence_outcomes_2017_2024.csv", "sentence_outcomes_2010_2016.csv", "sentencing.csv (Dec 2021)",
         "obo_sent_pivot_2016_2022.zip", "court-outcomes-by-PFA-2019 (CSV or data tool)")
FILES_WHERE = ("in the 'Outcomes by offence' data tool ZIP of 'Criminal Justice System statistics quarterly' "
               "(Ministry of Justice, gov.uk collection criminal-justice-statistics-quarterly)")
CAVEATS = ("The police force area is that of the SENTENCING COURT, not the home address of the person sentenced. "
           "Editions of the file differ in how courts are mapped to force areas (MoJ re-mapped courts in a "
           "revision): never mix editions in one series. Counts are as in the file; suppressed or unreadable "
           "counts leave the figures they feed missing. Sentence length bands are grouped by the project's rules "
           "(indicators/sentence_bands.py): 'up to X' without 'and including' is settled by the file's other bands "
           "and an ambiguous band is never counted as under X. Court outcomes that are not sentences (withdrawn, "
           "dismissed, acquitted, committed) are not people sentenced.")

# Breakdowns, in the policy's own words; "" is everyone.
EVERYONE, WOMEN, MEN = "", "Women", "Men"
CHILDREN, YOUNG_ADULTS, ADULTS, WOMEN_18 = "Children (10-17)", "Young adults (18-20)", "Adults (21+)", "Women (18+)"
RATE_POPULATION = {EVERYONE: "10+", CHILDREN: "10-17", YOUNG_ADULTS: "18-20", ADULTS: "21+"}
UNDER = {f"immediate_custody_under_{months}_months": months for months in THRESHOLDS_MONTHS}

CITY_OF_LONDON = "E23000034"
REASONS = {1: "counts suppressed or not numbers in the file", 2: "sex texts no rule reads",
           4: "age group texts no rule reads", 8: "sentence outcome texts no rule reads",
           16: "custodial sentence lengths the band rules cannot place (or none given for immediate custody)"}




@dataclass
class _Refusals:
    """Grouped refusals (row None) and individual ones (malformed lines), plus notes, gathered while placing."""

    rows: list[tuple] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, column: str, value: str, reason: str, row: int | None = None) -> None:
        """One refusal; value shown as in the file ('(blank)' when empty)."""
        self.rows.append((row, column, value if value != "" else "(blank)", reason))


# ---- placing the groups --------------------------------------------------------------------------------------------


def matches(header: list[str]) -> bool:
    """True when the header has every column of this layout (extra columns are fine)."""
    return sentencing_csv.matches(header)


def edition(header: list[str]) -> str:
    """Which MoJ edition the header is, by its columns and their order (official-layouts section 5)."""
    folded = [" ".join(str(name).replace("\ufeff", "").replace("_", " ").lower().split()) for name in header]
    if "year of appearance" in folded or ("outcome" in folded and "count" in folded):
        return "December 2019 court outcomes by police force area"
    if "offence type" in folded:
        return "December 2024 Outcomes by offence"
    if folded and folded[0] == "year" and len(folded) > 1 and folded[1] == "offence group":
        return "December 2021 sentencing data behind the interactive tools"
    if folded and folded[0] == "police force area":
        return "December 2022 Outcomes by offence pivot (obo_sent_pivot)"
    if "offence" in folded:
        return "Outcomes by offence (the December 2024 columns, without Offence Type)"
    return "an edition not recognised by its columns (read by the same rules)"

def _place(groups: pd.DataFrame, areas: AreaIndex, header: Header, refusals: _Refusals) -> pd.DataFrame:
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
    g = _drop_not_sentenced(g, name, refusals)
    bands = read_bands(g["length"].fillna("").unique())
    g["band"] = g["length"].fillna("").map(bands)
    _report_texts(g, name, refusals)
    _report_bands(g, bands, name, refusals)
    _report_bad_counts(g, name, refusals)
    return g.reset_index(drop=True)


def _drop_not_sentenced(g: pd.DataFrame, name: dict[str, str], refusals: _Refusals) -> pd.DataFrame:
    """Court outcomes that are not sentences (Dec 2019 file: withdrawn, dismissed, acquitted, committed...) out."""
    out = g["outcome_kind"] == "not_sentenced"
    if out.any():
        texts = ", ".join(f"'{clean_text(t)}'" for t in sorted(g.loc[out, "outcome"].fillna("").unique()))
        refusals.notes.append(f"Court outcomes that are not sentences ({texts}): {_rows_people(g[out])} left out of "
                              "people sentenced and every other figure (the file holds every outcome at court).")
    return g[~out]


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
            if in_custody.empty:  # e.g. Dec 2022's '24:Not known' on community and suspended rows: harmless
                refusals.notes.append(f"Sentence length '{text}' appears only on rows that are not immediate "
                                      f"custody ({_rows_people(rows)}): lengths are used for immediate custody only, "
                                      "so no figure depends on it.")
                continue
            refusals.add(name["length"], str(text), f"sentence length band the rules cannot place ({band.why}): "
                         f"{_rows_people(rows)} ({in_custody['people_known'].sum():,.0f} people in immediate custody "
                         "or an unread outcome); the under 6, 12 and 24 months figures they touch are left missing")
        for months in THRESHOLDS_MONTHS:
            if is_ambiguous(band, months) and (custody & (g["length"].fillna("") == text)).any():
                refusals.add(name["length"], str(text), f"ambiguous band: nothing in the file says whether 'up to "
                             f"{months} months' includes {months} months (no exact band of {months} months, no band "
                             f"starting 'more than {months} months'): {_rows_people(rows)}; never counted as under "
                             f"{months} months, so that figure may be low")
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
    header = read_header(path, file_name, LABEL)
    groups, rejects, encoding = aggregate(path, header, progress)
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
    notes = [f"Read {rows_read:,} rows of '{file_name}' as the {LABEL}, {edition(header.names)} edition (header on "
             f"line {header.line + 1}); aggregated from disk by force area, year, sex, age group, outcome and "
             "sentence length."]
    if encoding == "latin-1":
        notes.append("The file is not UTF-8 text; it was read as Latin-1: check that names look right.")
    if placed.empty:
        return ImportResult(NAME, file_name, empty_table(), refused_frame(refusals.rows),
                            _source(file_name, sha256, source_id, [], encoding),
                            notes + refusals.notes + ["No row could be placed in a force area and year."], rows_read,
                            edition(header.names))
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
                        _source(file_name, sha256, source_id, years, encoding), notes, rows_read, edition(header.names))


def _has_lines_after(path: Path, header: Header) -> bool:
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
             "series. People whose sex or age is recorded as not known, and companies and public bodies (a sex and "
             "age value of their own), are in the figures for everyone only.",
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
