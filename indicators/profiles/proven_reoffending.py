"""Profile: MoJ proven reoffending geographic data tool (the CSV in the 'CSV format of data tools' ZIP, or the
Excel data tool's Data sheet), long format: cohort, kind of geography, adult/juvenile, area name, counts.

Every row goes to the layer its kind of geography names; Adult / Juvenile and any other column of categories
become breakdowns (and adults plus juveniles are added into '' = everyone); each cohort is a period, labelled
as a 12-month or 3-month cohort (the October 2017 method); council figures of any vintage are placed on the 2013-19
districts and added up into police force areas wherever whole councils cover one. Counts are added, never
rates averaged.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from geo.atlas import Atlas
from indicators.council_names import CouncilNames
from indicators.periods import cohort_bounds, cohort_label, cohort_method
from indicators.profiles.result import ImportResult, LayoutError, Progress, refused_frame
from indicators.schema import COLUMNS, ENGLAND_AND_WALES, NATIONAL_LAYER, coerce
from indicators.upload import RawTable, source_id_for
from indicators.upload_validation import TOTAL_NAMES, AreaIndex, normalise_name, parse_number

NAME = "proven_reoffending_geographic"
LABEL = "MoJ proven reoffending statistics: geographic data tool"
FILES = ("PRSQ_Geographic_data_<first cohort> to <last cohort>.csv", "Geographical_data_tool_<from>_<to>.xlsx (sheet Data)")
FILES_WHERE = ("in the 'CSV format of data tools' ZIP (or the Excel data tool) of a quarterly 'Proven reoffending "
               "statistics' release (Ministry of Justice, gov.uk collection proven-reoffending-statistics)")
INDICATOR = "proven_reoffending_rate"
ROLES = {"cohort": ("cohort", "cohort period"),
         "category": ("category", "geography type", "geography level", "level", "area type"),
         "adult_juvenile": ("adult / juvenile", "adult or juvenile", "offender type"),
         "geography": ("geography", "area", "area name", "geography name"),
         "offenders": ("offenders", "number of offenders", "offenders in cohort", "cohort size"),
         "reoffenders": ("reoffenders", "number of reoffenders", "re-offenders", "number of re-offenders")}
REQUIRED = ("cohort", "geography", "offenders", "reoffenders")
# Kind of geography -> where its rows go. Order matters: 'UTLA total' is a council, not a total.
CATEGORY_RULES = ((r"\butla\b|upper[- ]tier|\bcounty\b|\bcounties\b", "upper_tier"),
                  (r"\bltla\b|lower[- ]tier|\bla\b|local authorit|\bdistrict|\bborough", "lower_tier"),
                  (r"\bpcc\b|police|\bpfa\b", "police_force_area"),
                  (r"probation region", "probation_region"),
                  (r"\bcrc\b|community rehabilitation", "crc"),
                  (r"\bnps\b|national probation", "nps_division"),
                  (r"probation (area|trust)|\blpa\b", "probation_trust"),
                  (r"\bregion", "region"),
                  (r"england and wales|national|country|^total$", NATIONAL_LAYER))
COUNCIL_TIERS = ("lower_tier", "upper_tier")
EVERYONE_VALUES = {"all", "total", "all offenders", "adult and juvenile", "adults and juveniles", "both"}
CAVEATS = ("Proven reoffending within the follow-up period, as published by the Ministry of Justice; rates are "
           "reoffenders / offenders and figures pooled across areas add counts. 12-month cohorts and the 3-month "
           "cohorts of the October 2017 method are separate series. Council figures are placed on "
           "the 2013-19 districts; force-area figures built from councils say so in their note.")


def _fold(name: str) -> str:
    return " ".join(re.sub(r"\s*/\s*", " / ", str(name).replace("\ufeff", "")).lower().split())


def columns_for(header: list[str]) -> dict[str, str]:
    """Role -> the header's column for it (roles the header lacks are left out)."""
    folded = {_fold(name): name for name in header}
    return {role: folded[alias] for role, aliases in ROLES.items() for alias in aliases if alias in folded}


def matches(header: list[str]) -> bool:
    """True when the header has this layout's columns."""
    found = columns_for(header)
    return all(role in found for role in REQUIRED) and ("category" in found or "adult_juvenile" in found)


def edition(raw: RawTable) -> str:
    """Which published form of the geographic data tool the table is (official-layouts section 5)."""
    if raw.kind in ("xlsx", "ods"):
        return f"geographic Excel data tool (sheet '{raw.sheet}')" if raw.sheet else "geographic Excel data tool"
    if raw.container:
        return "geographic data tool CSV from the 'CSV format of data tools' ZIP"
    return "geographic data tool CSV (PRSQ_Geographic_data)"


def kind_of_geography(category: str) -> str | None:
    """'lower_tier', 'upper_tier', a layer id or 'national' for a Category text; None when no rule places it."""
    folded = normalise_name(category)
    for pattern, kind in CATEGORY_RULES:
        if re.search(pattern, folded):
            return kind
    return None


@dataclass
class _Row:
    number: int
    period: str
    breakdown: str
    kind: str
    name: str
    offenders: float
    reoffenders: float


def run(raw: RawTable, *, atlas: Atlas, areas: AreaIndex, councils: CouncilNames,
        progress: Progress | None = None) -> ImportResult:
    """Read the table through this profile: tidy rows, refusals grouped by reason, notes in words."""
    cols = columns_for(raw.header)
    missing = [ROLES[role][0] for role in REQUIRED if role not in cols]
    if missing or not ("category" in cols or "adult_juvenile" in cols):
        raise LayoutError(f"'{raw.file_name}' is not the proven reoffending geographic data tool: it lacks the "
                          f"column(s) {', '.join(missing or ['Category or Adult / Juvenile'])}; its columns are "
                          f"{', '.join(raw.header[:20])}.")
    source_id = source_id_for(raw.file_name, raw.sha256)
    refusals: dict[tuple[str, str, str], list[int]] = {}

    def refuse(number: int, column: str, value: str, reason: str) -> None:
        refusals.setdefault((column, str(value), reason), []).append(number)

    for problem in raw.problems:
        refuse(problem.row, problem.column, problem.value, problem.reason)
    extra = _category_columns(raw, cols)
    rows = _read_rows(raw, cols, extra, refuse)
    if progress:
        progress(0.4, f"read {len(rows):,} rows")
    placed: list[dict] = []
    unions: list[tuple[_Row, frozenset[str]]] = []
    for row in rows:
        _place(row, cols, atlas, areas, councils, placed, unions, refuse)
    if progress:
        progress(0.7, "placing councils on the 2013-19 districts")
    tidy = pd.DataFrame(placed)
    tidy, repeats = _drop_repeats(tidy, refuse, cols)
    pooled = _pool_councils_into_force_areas(atlas, tidy, unions)
    frame = pd.concat([part for part in (tidy, pooled) if len(part)], ignore_index=True) if len(tidy) or len(
        pooled) else pd.DataFrame(columns=list(COLUMNS))
    frame = _add_everyone(frame)
    frame["indicator"] = INDICATOR
    frame["source_id"] = source_id
    frame["is_estimate"] = False
    frame["value"] = frame["numerator"] / frame["denominator"] * 100
    frame = coerce(frame)
    periods = sorted(set(frame["period"]), key=lambda p: cohort_bounds(p) or ((0, 0), (0, 0)))
    source = {"source_id": source_id, "title": f"{LABEL} ({raw.file_name})",
              "publisher": "Ministry of Justice (file as downloaded by the user)",
              "address": f"imported file {raw.file_name}",
              "vintage": (f"cohort {periods[0]}" if len(periods) == 1 else  # a cohort's own name already says "to"
                          f"{len(periods)} cohorts, {periods[0]} through {periods[-1]}" if periods else "no cohorts read"),
              "licence": "Open Government Licence v3.0", "caveats": CAVEATS, "kind": "import", "profile": NAME,
              "sha256": raw.sha256}
    refused = refused_frame([(numbers[0], column, value, reason if len(numbers) == 1 else
                              f"{reason} (in {len(numbers)} rows, first shown)")
                             for (column, value, reason), numbers in sorted(refusals.items(), key=lambda kv: kv[1][0])])
    notes = [f"Read {len(raw.cells):,} rows as the {LABEL}: the {edition(raw)}."]
    if repeats:
        notes.append(f"{repeats:,} rows give a council under both tiers (a unitary council is its own upper and lower "
                     "tier) with the same figures: each figure is taken once.")
    if extra:
        notes.append("Column(s) " + ", ".join(f"'{c}'" for c in extra) + " hold categories: each value is kept "
                     "apart as a breakdown.")
    if len(pooled):
        notes.append(f"{pooled['area_code'].nunique()} police force areas built by adding the counts of the "
                     "whole councils that make them up (no force-area rows in the file for them).")
    methods = sorted({cohort_method(p) for p in periods} - {""})
    if len(methods) > 1:
        notes.append("Both 12-month and 3-month cohorts (the October 2017 method): they are separate series, "
                     "never joined in a trend.")
    if progress:
        progress(1.0, "done")
    return ImportResult(NAME, raw.file_name, frame, refused, source, notes, len(raw.cells), edition(raw))


def _category_columns(raw: RawTable, cols: dict[str, str]) -> list[str]:
    """Columns other than the layout's own that hold text categories (kept apart as breakdowns)."""
    used = set(cols.values())
    out = []
    for column in raw.header:
        if column in used:
            continue
        values = raw.cells[column].str.strip()
        distinct = values[values != ""].unique()
        if 2 <= len(distinct) <= 50 and sum(parse_number(v)[0] is not None for v in distinct) <= len(distinct) // 5:
            out.append(column)
    return out


def _read_rows(raw: RawTable, cols: dict[str, str], extra: list[str], refuse) -> list[_Row]:
    """Rows with a period, a breakdown, a kind of geography and both counts; the rest refused with a reason."""
    out: list[_Row] = []
    for number, record in zip(raw.row_numbers, raw.cells.to_dict("records")):
        cohort = " ".join(record[cols["cohort"]].split())
        if not cohort:
            refuse(number, cols["cohort"], "", "the cohort is blank")
            continue
        if "category" in cols:
            kind = kind_of_geography(record[cols["category"]])
            if kind is None:
                refuse(number, cols["category"], record[cols["category"]],
                       "a kind of geography the importer does not know: not placed on any layer")
                continue
        else:
            kind = "any"
        parts = []
        if "adult_juvenile" in cols:
            group = " ".join(record[cols["adult_juvenile"]].split())
            parts.append("" if group.lower() in EVERYONE_VALUES else group.title())
        parts += [" ".join(record[c].split()) for c in extra]
        counts = cohort_counts(record, cols, number, refuse)
        if counts is None:
            continue
        out.append(_Row(number, cohort_label(cohort), " · ".join(p for p in parts if p), kind,
                        record[cols["geography"]].strip(), counts["offenders"], counts["reoffenders"]))
    return out


def _first_day(period: str) -> str:
    bounds = cohort_bounds(period)
    return f"{bounds[0][0]:04d}-{bounds[0][1]:02d}-01" if bounds else ""


def _place(row: _Row, cols, atlas: Atlas, areas: AreaIndex, councils: CouncilNames, placed: list[dict],
           unions: list, refuse) -> None:
    """Put one row on its layer (or keep a council made of several districts for pooling)."""
    figures = {"numerator": row.reoffenders, "denominator": row.offenders, "period": row.period,
               "breakdown": row.breakdown, "row": row.number, "tier": row.kind}
    method = cohort_method(row.period)
    note = f"cohort {row.period}" + (f"; {method}" if method else "")
    column = cols["geography"]
    folded = normalise_name(row.name)
    if row.kind == NATIONAL_LAYER or folded == "england and wales":
        if folded in ("england and wales", "england wales", "total", "national", "all"):
            placed.append({**figures, "area_code": ENGLAND_AND_WALES, "layer": NATIONAL_LAYER, "note": note})
        else:
            refuse(row.number, column, row.name, "a national total other than England and Wales: left out")
        return
    if row.kind in COUNCIL_TIERS and areas.names.get("region", {}).get(folded):
        # 'London' among the councils is all 33 London boroughs, a region-level figure: never the City of London.
        refuse(row.number, column, row.name, "a region-level total among the council rows, not a council: left out")
        return
    if row.kind in COUNCIL_TIERS or row.kind == "any":
        if row.kind == "upper_tier":
            county = areas.names.get("county", {}).get(folded)
            if county:
                placed.append({**figures, "area_code": county, "layer": "county", "note": note})
                unions.append((row, frozenset(atlas.block_table.index[atlas.block_table["county"] == county])))
                return
        districts, why = councils.districts(row.name, _first_day(row.period))
        if len(districts) == 1:
            placed.append({**figures, "area_code": next(iter(districts)), "layer": "district", "note": note})
            unions.append((row, districts))
            return
        if districts:
            unions.append((row, districts))  # a merged council: only ever added into bigger areas
            return
        if row.kind != "any":
            suggestions = areas.suggest("district", row.name)
            hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
            refuse(row.number, column, row.name, f"council not placed: {why}{hint}")
            return
    layer = row.kind if row.kind != "any" else None
    hits = {layer: areas.names.get(layer, {}).get(folded)} if layer else areas.layers_for_name(row.name)
    hits = {k: v for k, v in hits.items() if v}
    if not hits:
        label = areas.layer_label(layer) if layer else "any layer"
        if folded in TOTAL_NAMES:
            refuse(row.number, column, row.name, f"a total for a larger area, not one of the {label}: left out")
            return
        suggestions = areas.suggest(layer, row.name) if layer else []
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else "; no close match"
        refuse(row.number, column, row.name, f"unknown area in {label}{hint}")
        return
    hit_layer, code = next(iter(hits.items()))
    placed.append({**figures, "area_code": code, "layer": hit_layer, "note": note})


def _drop_repeats(tidy: pd.DataFrame, refuse, cols) -> tuple[pd.DataFrame, int]:
    """One row per area, period and breakdown: the same figures given twice (a unitary council under both tiers)
    are one figure, counted in a note; a repeat with OTHER counts is refused (the lower-tier or first row kept)."""
    if tidy.empty:
        return tidy, 0
    tidy = tidy.sort_values(["tier", "row"], key=lambda s: s.map({"lower_tier": 0}).fillna(1) if s.name == "tier"
                            else s, kind="stable")
    key = ["area_code", "layer", "period", "breakdown"]
    repeated = tidy.duplicated(key, keep="first")
    firsts = tidy[~repeated].set_index(key)
    same = 0
    for row in tidy[repeated].itertuples(index=False):
        first = firsts.loc[(row.area_code, row.layer, row.period, row.breakdown)]
        if math.isclose(first["numerator"], row.numerator) and math.isclose(first["denominator"], row.denominator):
            same += 1
            continue
        refuse(int(row.row), cols["geography"], row.area_code,
               f"repeats row {int(first['row'])} for the same area, cohort and breakdown with other counts; the "
               "lower-tier or first row is kept")
    return tidy[~repeated].drop(columns=["row", "tier"]).reset_index(drop=True), same


def _pool_councils_into_force_areas(atlas: Atlas, tidy: pd.DataFrame, unions: list) -> pd.DataFrame:
    """Force areas the file has no row for, built by adding whole councils' counts (lower tier first)."""
    if not unions:
        return pd.DataFrame()
    blocks = atlas.block_table
    force_districts = {code: frozenset(group.index) for code, group in blocks.groupby("police_force_area")}
    published = set()
    if len(tidy):
        mine = tidy[tidy["layer"] == "police_force_area"]
        published = set(zip(mine["area_code"], mine["period"], mine["breakdown"]))
    groups: dict[tuple[str, str, str], list[tuple[_Row, frozenset[str]]]] = {}
    for row, districts in unions:
        groups.setdefault((row.period, row.breakdown, row.kind), []).append((row, districts))
    out = []
    for force, wanted in force_districts.items():
        for period, breakdown in {(p, b) for p, b, _ in groups}:
            if (force, period, breakdown) in published:
                continue
            inside = _exact_cover(wanted, [groups.get((period, breakdown, tier), [])
                                           for tier in ("lower_tier", "any", "upper_tier")])
            if inside:
                names = ", ".join(r.name for r, _ in inside)
                method = cohort_method(period)
                out.append({"area_code": force, "layer": "police_force_area", "period": period,
                            "breakdown": breakdown, "numerator": sum(r.reoffenders for r, _ in inside),
                            "denominator": sum(r.offenders for r, _ in inside),
                            "note": f"cohort {period}" + (f"; {method}" if method else "") +
                                    f"; counts added from {len(inside)} council(s): {names}"})
    return pd.DataFrame(out)


def _exact_cover(wanted: frozenset[str], tiers: list[list]) -> list:
    """Whole councils covering exactly these districts, each once: one tier alone if it can, else the bigger
    councils first with smaller ones filling the gaps (Kent county council plus Medway)."""
    for councils in tiers:
        inside = [(r, d) for r, d in councils if d <= wanted]
        if inside and sum(len(d) for _, d in inside) == len(wanted) and frozenset().union(
                *(d for _, d in inside)) == wanted:
            return inside
    everything = sorted(((r, d) for councils in tiers for r, d in councils if d <= wanted), key=lambda rd: -len(rd[1]))
    chosen, covered = [], set()
    for row, districts in everything:
        if not districts & covered:
            chosen.append((row, districts))
            covered |= districts
    return chosen if covered == wanted else []


def _add_everyone(frame: pd.DataFrame) -> pd.DataFrame:
    """Adults and juveniles added into '' (everyone) where the file gives both and no total of its own."""
    if frame.empty or "breakdown" not in frame:
        return frame
    groups = frame[frame["breakdown"].isin(["Adult", "Juvenile"])]
    key = ["area_code", "layer", "period"]
    have_total = set(map(tuple, frame.loc[frame["breakdown"] == "", key].to_numpy()))
    added = []
    for values, group in groups.groupby(key):
        if tuple(values) in have_total or set(group["breakdown"]) != {"Adult", "Juvenile"}:
            continue
        added.append({**dict(zip(key, values)), "breakdown": "", "numerator": group["numerator"].sum(),
                      "denominator": group["denominator"].sum(),
                      "note": group["note"].iloc[0] + "; adults and juveniles added"})
    return pd.concat([frame, pd.DataFrame(added)], ignore_index=True) if added else frame


def cohort_counts(record: list[str], cols: dict[str, int], number: int, refuse) -> dict[str, float] | None:
    """A row's offenders and reoffenders, or None (refused, with the reason) when either is missing or they are
    not a rate: the same rule for every proven reoffending layout."""
    counts = {}
    for role in ("offenders", "reoffenders"):
        value, why = parse_number(record[cols[role]])
        if why:
            refuse(number, cols[role], record[cols[role]], f"{role}: {why}")
        counts[role] = value
    if counts["offenders"] is None or counts["reoffenders"] is None:
        return None
    if counts["offenders"] <= 0 or not 0 <= counts["reoffenders"] <= counts["offenders"]:
        refuse(number, cols["reoffenders"], record[cols["reoffenders"]],
               f"reoffenders ({counts['reoffenders']:g}) against offenders ({counts['offenders']:g}) is not a rate")
        return None
    return counts
