"""Profile: MoJ proven reoffending OVERVIEW data tool (in the 'CSV format of data tools' ZIP), long format:
adult_juv, cohort, region, category, subcat1, subcat2, offenders, reoffenders, reoffences.

Each row is one group (an age band, a sex, an offence...) of adults or juveniles in one region (or England and
Wales) and cohort. Every group is kept as a breakdown ("Adult · aged 18 to 20"); adults and juveniles as a whole
are the sum of one category's groups (every offender is in exactly one age band) unless the file gives a total;
everyone is adults plus juveniles. Rates are reoffenders / offenders, pooled from counts, never averaged. Regions
are never added up into England and Wales: a file of English regions has no Wales and no unknown-region row.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from geo.atlas import Atlas
from indicators.council_names import CouncilNames
from indicators.periods import cohort_label, cohort_method, sort_periods
from indicators.profiles.proven_reoffending import cohort_counts
from indicators.profiles.result import ImportResult, LayoutError, Progress, refused_frame
from indicators.schema import ENGLAND_AND_WALES, NATIONAL_LAYER, coerce
from indicators.upload import RawTable, source_id_for
from indicators.upload_validation import AreaIndex, normalise_name

NAME = "proven_reoffending_overview"
LABEL = "MoJ proven reoffending statistics: overview data tool"
FILES = ("the overview data tool CSV (columns adult_juv, cohort, region, category, subcat1, subcat2, offenders, "
         "reoffenders, reoffences)",)
FILES_WHERE = ("in the 'CSV format of data tools' ZIP of a quarterly 'Proven reoffending statistics' release "
               "(Ministry of Justice, gov.uk collection proven-reoffending-statistics)")
INDICATOR = "proven_reoffending_rate"
ROLES = {"group": "adult_juv", "cohort": "cohort", "region": "region", "category": "category",
         "subcat1": "subcat1", "subcat2": "subcat2", "offenders": "offenders", "reoffenders": "reoffenders"}
REQUIRED = ("group", "cohort", "region", "category", "subcat1", "offenders", "reoffenders")
TOTALS = {"total", "all", "all offenders", "-", ""}
GROUPS = {"adult": "Adult", "adults": "Adult", "juvenile": "Juvenile", "juveniles": "Juvenile"}
CAVEATS = ("Proven reoffending within one year (plus six months for court) as published by the Ministry of Justice; "
           "rates are reoffenders / offenders, pooled from counts. Annual cohorts on the measure of the release. "
           "A file of English regions has no Wales and no row for offenders of unknown region: its regions are never "
           "added up into England and Wales.")


def _fold(name: object) -> str:
    return " ".join(str(name).replace("\ufeff", "").strip().lower().split())


def columns_for(header: list[str]) -> dict[str, str]:
    """Role -> the header's column for it (roles the header lacks are left out)."""
    folded = {_fold(name): name for name in header}
    return {role: folded[alias] for role, alias in ROLES.items() if alias in folded}


def matches(header: list[str]) -> bool:
    """True when the header has this layout's columns."""
    found = columns_for(header)
    return all(role in found for role in REQUIRED)


def breakdown_for(group: str, category: str, subcat1: str, subcat2: str) -> str:
    """The breakdown of one row: 'Adult' for a total, 'Adult · aged 18 to 20' for an age band, else the groups."""
    parts = [text for text in (subcat1, subcat2) if _fold(text) not in TOTALS]
    if not parts:
        return group
    if re.match(r"^age\b", _fold(category)):
        return f"{group} · aged {parts[0]}" + "".join(f" · {p}" for p in parts[1:])
    return " · ".join([group, *parts])


def run(raw: RawTable, *, atlas: Atlas, areas: AreaIndex, councils: CouncilNames | None = None,
        progress: Progress | None = None, source_id: str | None = None) -> ImportResult:
    """Read the table: tidy rows per region (and England and Wales), cohort and breakdown; refusals; notes."""
    cols = columns_for(raw.header)
    missing = [ROLES[role] for role in REQUIRED if role not in cols]
    if missing:
        raise LayoutError(f"'{raw.file_name}' is not the proven reoffending overview data tool: it lacks the "
                          f"column(s) {', '.join(missing)}; its columns are {', '.join(raw.header[:20])}.")
    source_id = source_id or source_id_for(raw.file_name, raw.sha256)
    refusals: dict[tuple[str, str, str], list[int]] = {}

    def refuse(number: int, column: str, value: str, reason: str) -> None:
        refusals.setdefault((column, str(value), reason), []).append(number)

    rows = []
    region_codes = areas.names.get("region", {})
    for number, record in zip(raw.row_numbers, raw.cells.to_dict("records")):
        group = GROUPS.get(_fold(record[cols["group"]]))
        if group is None:
            refuse(number, cols["group"], record[cols["group"]], "neither adults nor juveniles: not loaded")
            continue
        region = " ".join(record[cols["region"]].split())
        folded = normalise_name(region)
        if folded in ("england and wales", "england wales"):
            code, layer = ENGLAND_AND_WALES, NATIONAL_LAYER
        elif region_codes.get(folded):
            code, layer = region_codes[folded], "region"
        else:
            refuse(number, cols["region"], region, "not a region of England or Wales: not loaded (never spread)")
            continue
        counts = cohort_counts(record, cols, number, refuse)
        if counts is None:
            continue
        subcat2 = record[cols["subcat2"]] if "subcat2" in cols else ""
        rows.append({"row": number, "area_code": code, "layer": layer, "period": cohort_label(record[cols["cohort"]]),
                     "group": group, "category": " ".join(record[cols["category"]].split()),
                     "breakdown": breakdown_for(group, record[cols["category"]], record[cols["subcat1"]].strip(),
                                                subcat2.strip()),
                     "numerator": counts["reoffenders"], "denominator": counts["offenders"]})
    if progress:
        progress(0.6, f"read {len(rows):,} rows")
    tidy = pd.DataFrame(rows, columns=["row", "area_code", "layer", "period", "group", "category", "breakdown",
                                       "numerator", "denominator"])
    tidy = _drop_repeats(tidy, refuse, cols)
    notes = [f"Read {len(raw.cells):,} rows as the {LABEL}."]
    frame = pd.concat([tidy, _group_totals(tidy, notes)], ignore_index=True)
    frame = pd.concat([frame, _everyone(frame)], ignore_index=True)
    frame["note"] = [f"cohort {p}; {cohort_method(p)}" if cohort_method(p) else f"cohort {p}" for p in frame["period"]]
    frame.loc[frame["summed"].eq(True), "note"] += "; " + frame["how"].fillna("")
    frame["indicator"] = INDICATOR
    frame["source_id"] = source_id
    frame["is_estimate"] = False
    frame["value"] = frame["numerator"] / frame["denominator"] * 100
    frame = coerce(frame)
    periods = sort_periods(frame["period"])
    if ENGLAND_AND_WALES not in set(frame["area_code"]):
        notes.append("No England and Wales rows in the file: its regions are never added up into a national figure.")
    source = {"source_id": source_id, "title": f"{LABEL} ({raw.file_name})",
              "publisher": "Ministry of Justice (file as downloaded by the user)",
              "address": f"imported file {raw.file_name}",
              "vintage": f"cohorts {periods[0]} to {periods[-1]}" if periods else "no cohorts read",
              "licence": "Open Government Licence v3.0", "caveats": CAVEATS, "kind": "import", "profile": NAME,
              "sha256": raw.sha256}
    refused = refused_frame([(numbers[0], column, value, reason if len(numbers) == 1 else
                              f"{reason} (in {len(numbers)} rows, first shown)")
                             for (column, value, reason), numbers in sorted(refusals.items(), key=lambda kv: kv[1][0])])
    if progress:
        progress(1.0, "done")
    return ImportResult(NAME, raw.file_name, frame, refused, source, notes, len(raw.cells), "overview data tool")


def _drop_repeats(tidy: pd.DataFrame, refuse, cols: dict[str, str]) -> pd.DataFrame:
    """One row per area, cohort and breakdown: an exact repeat is dropped, one with other counts refused."""
    key = ["area_code", "period", "breakdown"]
    repeated = tidy.duplicated(key, keep="first")
    firsts = tidy[~repeated].set_index(key)
    for row in tidy[repeated].itertuples(index=False):
        first = firsts.loc[(row.area_code, row.period, row.breakdown)]
        if not (math.isclose(first["numerator"], row.numerator) and math.isclose(first["denominator"],
                                                                                    row.denominator)):
            refuse(int(row.row), cols["region"], row.area_code,
                   f"repeats row {int(first['row'])} for the same region, cohort and group with other counts; the "
                   "first is kept")
    return tidy[~repeated]


def _group_totals(tidy: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Adults and juveniles as a whole where the file gives no total: the sum of one category's groups."""
    have = set(zip(tidy.loc[tidy["breakdown"] == tidy["group"], "area_code"],
                   tidy.loc[tidy["breakdown"] == tidy["group"], "period"],
                   tidy.loc[tidy["breakdown"] == tidy["group"], "group"]))
    parts = tidy[tidy["breakdown"] != tidy["group"]]
    out = []
    for (code, layer, period, group), rows in parts.groupby(["area_code", "layer", "period", "group"], sort=False):
        if (code, period, group) in have:
            continue
        category = rows["category"].iloc[0]  # one category: every offender is in exactly one of its groups
        chosen = rows[rows["category"] == category]
        out.append({"area_code": code, "layer": layer, "period": period, "group": group, "breakdown": group,
                    "numerator": chosen["numerator"].sum(), "denominator": chosen["denominator"].sum(),
                    "summed": True, "how": f"{group.lower()}s: counts of the {len(chosen)} groups of "
                                          f"'{category}' added"})
    if out:
        categories = sorted({row["how"].split("'")[1] for row in out})
        notes.append("Adults and juveniles as a whole: the counts of their groups in " + ", ".join(
            f"'{c}'" for c in categories) + " added (every offender is in one group); rates pooled from the counts.")
    return pd.DataFrame(out)


def _everyone(frame: pd.DataFrame) -> pd.DataFrame:
    """Adults plus juveniles ('' = everyone) where both are there."""
    wholes = frame[frame["breakdown"].isin(["Adult", "Juvenile"])]
    out = []
    for (code, layer, period), rows in wholes.groupby(["area_code", "layer", "period"], sort=False):
        if set(rows["breakdown"]) == {"Adult", "Juvenile"}:
            out.append({"area_code": code, "layer": layer, "period": period, "breakdown": "",
                        "numerator": rows["numerator"].sum(), "denominator": rows["denominator"].sum(),
                        "summed": True, "how": "adults and juveniles added"})
    return pd.DataFrame(out)
