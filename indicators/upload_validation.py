"""Check an uploaded table against its column mapping and the atlas; report every rejected row, column and reason."""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from indicators.column_mapping import AUTO, ColumnMapping, upload_indicators
from indicators.csv_safety import is_formula_like
from indicators.schema import COLUMNS as TIDY_COLUMNS
from indicators.schema import ENGLAND_AND_WALES, NATIONAL_LAYER, empty_table
from indicators.upload import RawTable, source_id_for

REPORT_COLUMNS = ("row", "column", "value", "reason")
# When names alone fit several layers equally (Kent is a county and a force area), prefer in this order.
# Today's councils before those of 2013-19: a file of codes unchanged since 2013 (London boroughs) is today's.
LAYER_PREFERENCE = ("police_force_area", "council", "district", "upper_tier_council", "crc", "probation_region",
                    "lcjb_area", "nps_division", "region", "county", "cps_area", "hmcts_region", "combined_authority",
                    "mayoral_combined_authority", "regional_offender_manager")
SUPPRESSED = {"..", ".", "*", "-", "x", "[x]", "[c]", "[z]", "[u]", "[low]", ":", "n/a", "na", "—", "–", "c", "z"}
TOTAL_NAMES = {"england", "total", "all", "all areas", "national", "national total",
               "england wales", "grand total", "uk", "united kingdom"}
_NAME_SUFFIXES = (" police force area", " police service", " constabulary", " police", " pfa", " county council",
                  " council")
RATE_TOLERANCE = 0.5  # units of the rate (e.g. percentage points) a rounded published rate may differ by
MAX_PERIOD_CHARS = 40
WIDE_PERIOD, WIDE_VALUE = "\x00period", "\x00value"  # internal names when periods are columns (never in a header)
CODE_LIKE = re.compile(r"^[A-Za-z]\d{8}$|^[a-z]+_[a-z0-9_]+$|^CPA\d{2}$", re.IGNORECASE)


@dataclass
class ValidationReport:
    """What an upload gives: the accepted tidy rows, every rejection with its reason, and the file's source entry."""

    accepted: pd.DataFrame
    rejected: pd.DataFrame
    layer: str | None
    source: dict
    fatal: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        """True when there is no fatal problem and at least one row was accepted."""
        return not self.fatal and len(self.accepted) > 0


def normalise_name(text: str) -> str:
    """An area name folded for matching: lower case, '&' as 'and', no punctuation, common suffixes dropped."""
    folded = str(text).lower().replace("&", " and ").replace("\ufeff", "")
    folded = re.sub(r"[^\w\s]", " ", folded)
    folded = " ".join(folded.split())
    for suffix in _NAME_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix):
            folded = folded[: -len(suffix)]
            break
    return folded


class AreaIndex:
    """Codes and names of every area in the atlas, for lookup and close-match suggestions."""

    def __init__(self, areas: pd.DataFrame, layer_names: dict[str, str] | None = None):
        table = areas[["layer", "area_code", "area_name"]].astype(str)
        self.layer_names = layer_names or {}
        # A council code can be in several layers (Hartlepool is a council of 2013-19 and of today): keep them all.
        rank = {layer: i for i, layer in enumerate(LAYER_PREFERENCE)}
        self.code_layers: dict[str, list[tuple[str, str]]] = {}
        for layer, code in sorted(zip(table["layer"], table["area_code"]), key=lambda lc: rank.get(lc[0], len(rank))):
            self.code_layers.setdefault(code.upper(), []).append((layer, code))
        self.code_layer = {key: hits[0] for key, hits in self.code_layers.items()}  # the preferred layer
        self.names: dict[str, dict[str, str]] = {}  # layer -> normalised name -> code
        self.display: dict[str, dict[str, str]] = {}  # layer -> code -> name
        for layer, code, name in zip(table["layer"], table["area_code"], table["area_name"]):
            self.names.setdefault(layer, {})[normalise_name(name)] = code
            self.display.setdefault(layer, {})[code] = name

    def add_name(self, layer: str, name: str, code: str) -> None:
        """Another name the area is published under (a former or official spelling); the atlas's name stays shown."""
        if code not in self.display.get(layer, {}):
            raise KeyError(f"no area {code} in {layer}")
        self.names[layer].setdefault(normalise_name(name), code)

    def layers_for_name(self, text: str) -> dict[str, str]:
        """Every layer with an area of this (normalised) name -> its code."""
        key = normalise_name(text)
        return {layer: names[key] for layer, names in self.names.items() if key in names}

    def suggest(self, layer: str, text: str, n: int = 3) -> list[str]:
        """Close matches in the layer, as 'Name (code)', by name or by code (difflib)."""
        if layer not in self.names:
            return []
        if CODE_LIKE.match(text.strip()):
            codes = list(self.display[layer])
            hits = difflib.get_close_matches(text.strip().upper(), [c.upper() for c in codes], n=n, cutoff=0.85)
            by_upper = {c.upper(): c for c in codes}
            return [f"{self.display[layer][by_upper[h]]} ({by_upper[h]})" for h in hits]
        names = self.names[layer]
        hits = difflib.get_close_matches(normalise_name(text), list(names), n=n, cutoff=0.6)
        return [f"{self.display[layer][names[h]]} ({names[h]})" for h in hits]

    def layer_label(self, layer: str) -> str:
        return self.layer_names.get(layer, layer)


def parse_number(text: str) -> tuple[float | None, str | None]:
    """A non-negative-or-not finite number from a cell, or (None, why not)."""
    raw = str(text).strip()
    if raw == "":
        return None, "blank"
    if raw.lower() in SUPPRESSED:
        return None, f"marked as suppressed or not available ('{raw}'); the area is left missing"
    if is_formula_like(raw):
        return None, "looks like a spreadsheet formula; kept as text, never evaluated, and not a number"
    cleaned = raw.replace(",", "").replace("£", "").replace("%", "").replace(" ", "")
    try:
        number = float(cleaned)
    except ValueError:
        return None, "not a number"
    if not math.isfinite(number):
        return None, "not a finite number"
    return number, None


def validate(raw: RawTable, mapping: ColumnMapping, index: AreaIndex, *, title: str = "", publisher: str = "",
             vintage: str = "") -> ValidationReport:
    """Check every row of the upload; never raises for bad content: everything wrong is in the report."""
    source_id = source_id_for(raw.file_name, raw.sha256)
    source = source_entry(raw, source_id, title=title, publisher=publisher, vintage=vintage)
    rejected: list[tuple[int, str, str, str]] = [(p.row, p.column, p.value, p.reason) for p in raw.problems]
    report = ValidationReport(empty_table(), _report_frame(rejected), None, source, rows_read=len(raw.cells))
    report.notes = list(raw.notes)
    report.fatal = schema_problems(raw, mapping, index)
    if report.fatal:
        return report
    cols = mapping.columns
    definition = upload_indicators()[mapping.indicator]
    indicator_id = mapping.indicator

    cells = raw.cells
    area_text = cells[cols["area"]].tolist()
    layer, layer_notes = choose_layer(area_text, mapping.layer, index)
    report.layer = layer
    report.warnings.extend(layer_notes)
    if layer is None:
        report.fatal.append(f"None of the {len(area_text)} values in column '{cols['area']}' is a known area code or "
                            "name in any layer: is that the area column? Choose another column or a layer.")
        rejected.extend((n, cols["area"], a, "not a known area code or name") for n, a in zip(raw.row_numbers, area_text))
        report.rejected = _report_frame(rejected)
        return report

    candidates: list[dict] = []
    resolved: dict[str, tuple[str | None, str, str | None]] = {}  # files repeat each area once per period
    breakdown_columns = mapping.breakdown_columns or category_columns(raw, mapping)
    if breakdown_columns and not mapping.breakdown_columns:
        report.notes.append("Column(s) " + ", ".join(f"'{c}'" for c in breakdown_columns) + " hold categories "
                            "that repeat an area and period: each value is kept apart as a breakdown.")
    rows, row_mapping = _long_rows(raw, mapping, breakdown_columns)
    cols = row_mapping.columns
    for number, row, real_column in rows:
        reasons = []
        area_value = row[cols["area"]]
        if area_value not in resolved:
            resolved[area_value] = _resolve_area(area_value, layer, index)
        code, row_layer, why = resolved[area_value]
        if why:
            reasons.append((cols["area"], area_value, why))
        period = mapping.fixed_period.strip() if cols["period"] is None else row[cols["period"]]
        period = " ".join(str(period).split())
        period_column = cols["period"] or "(period typed in)"
        if not period:
            reasons.append((period_column, "", "the period is blank"))
        elif is_formula_like(period):
            reasons.append((period_column, period, "the period looks like a spreadsheet formula; kept as text and refused"))
        elif len(period) > MAX_PERIOD_CHARS:
            reasons.append((period_column, period[:60], f"the period is longer than {MAX_PERIOD_CHARS} characters"))
        figures, figure_reasons = _figures(row, row_mapping, definition)
        reasons.extend(figure_reasons)
        if reasons:
            rejected.extend((number, real_column if column in (WIDE_PERIOD, WIDE_VALUE) else column, value, reason)
                            for column, value, reason in reasons)
            continue
        breakdown = " · ".join(" ".join(str(row[c]).split()) for c in breakdown_columns)
        if is_formula_like(breakdown):
            rejected.append((number, breakdown_columns[0], breakdown, "the category looks like a spreadsheet formula; "
                             "kept as text and refused"))
            continue
        candidates.append({"row": number, "area_code": code, "layer": row_layer, "period": period,
                           "breakdown": breakdown, **figures})

    kept, duplicate_reasons = _drop_duplicates(candidates, cols)
    rejected.extend(duplicate_reasons)
    report.rejected = _report_frame(rejected)
    if kept:
        frame = pd.DataFrame(kept)
        frame["indicator"] = indicator_id
        frame["source_id"] = source_id
        frame["is_estimate"] = False
        frame["note"] = ""
        report.accepted = frame[list(TIDY_COLUMNS)].astype({"value": float, "numerator": float, "denominator": float})
    if len(report.accepted) and (report.accepted["layer"] == NATIONAL_LAYER).any():
        report.notes.append("The England and Wales row is kept as the national figure for comparison.")
    if _is_percent(definition) and cols["value"] and mapping.rate_unit == "percent" and len(report.accepted):
        values = report.accepted["value"]
        if (values <= 1).all() and (values > 0).any():
            report.warnings.append("Every rate is at most 1: if they are proportions (0.25 for 25%), choose the unit "
                                   "'proportion' so they are shown as percentages.")
    if not kept and not report.fatal:
        report.fatal.append("No row could be accepted: see the report of rejected rows below.")
    source["caveats"] = (f"Uploaded file '{raw.file_name}' (SHA-256 {raw.sha256[:12]}…, read as {raw.encoding}); "
                         f"{len(kept)} row(s) accepted, {report.rejected['row'].nunique()} row(s) rejected. "
                         "Figures as supplied by the uploader, not checked against the publisher.")
    return report


def category_columns(raw: RawTable, mapping: ColumnMapping, most: int = 50) -> list[str]:
    """Unmapped columns of text categories whose value differs within one area and period (e.g. Adult / Juvenile)."""
    cols = mapping.columns
    if cols.get("area") is None or cols["area"] not in raw.header:
        return []
    used = {name for name in cols.values() if name} | set(mapping.wide_columns)
    keys = [cols["area"]] + ([cols["period"]] if cols.get("period") in raw.header else [])
    found = []
    for column in raw.header:
        if column in used:
            continue
        values = raw.cells[column]
        filled = values[values.str.strip() != ""]
        distinct = filled.nunique()
        if filled.empty or not 2 <= distinct <= most:
            continue
        numeric = sum(parse_number(v)[0] is not None for v in filled.unique())
        if numeric > distinct // 5:
            continue  # a column of numbers is a measure, not a category
        if (raw.cells.groupby(keys)[column].nunique() > 1).any():
            found.append(column)
    return found


def _long_rows(raw: RawTable, mapping: ColumnMapping,
               breakdown_columns: list[str]) -> tuple[list[tuple[int, dict, str]], ColumnMapping]:
    """(file row, cells, value column) per figure: one per row, or one per row and period column in a wide table."""
    records = raw.cells.to_dict("records")
    if not mapping.wide_columns:
        return [(number, record, "") for number, record in zip(raw.row_numbers, records)], mapping
    area = mapping.columns["area"]
    long_mapping = ColumnMapping({"area": area, "period": WIDE_PERIOD, "numerator": None, "denominator": None,
                                  "value": WIDE_VALUE}, mapping.indicator, mapping.layer, mapping.rate_unit)
    rows = [(number, {area: record[area], WIDE_PERIOD: column, WIDE_VALUE: record[column],
                      **{c: record[c] for c in breakdown_columns}}, column)
            for number, record in zip(raw.row_numbers, records) for column in mapping.wide_columns]
    return rows, long_mapping


def schema_problems(raw: RawTable, mapping: ColumnMapping, index: AreaIndex) -> list[str]:
    """Mapping mistakes that stop the whole file (wrong or missing columns, unknown indicator or layer)."""
    cols = mapping.columns
    problems = []
    missing = [f"'{name}'" for name in cols.values() if name is not None and name not in raw.header]
    if missing:
        problems.append(f"Column(s) {', '.join(missing)} are not in this file; its columns are: "
                        f"{', '.join(raw.header[:30])}.")
    chosen = [name for name in cols.values() if name is not None]
    if len(chosen) != len(set(chosen)):
        problems.append("The same column is chosen for two roles; each role needs its own column.")
    missing_wide = [f"'{name}'" for name in mapping.wide_columns if name not in raw.header]
    if missing_wide:
        problems.append(f"Period column(s) {', '.join(missing_wide)} are not in this file.")
    if mapping.wide_columns:
        if any(cols.get(role) for role in ("period", "value", "numerator", "denominator")):
            problems.append("With periods as columns, the cells are the values: leave the period, rate or value, "
                            "numerator and denominator choices at (none).")
        if cols.get("area") in mapping.wide_columns:
            problems.append("The area column cannot also be a period column.")
    if cols.get("area") is None:
        problems.append("Choose the column that holds the area (a GSS code such as E23000001, or an area name).")
    if not mapping.wide_columns and cols.get("value") is None and (cols.get("numerator") is None
                                                                   or cols.get("denominator") is None):
        problems.append("Choose a rate or value column, or both a numerator and a denominator column.")
    if mapping.wide_columns:
        pass
    elif cols.get("period") is None and not mapping.fixed_period.strip():
        problems.append("Choose the period column, or type the period that every row covers.")
    elif cols.get("period") is None and is_formula_like(mapping.fixed_period.strip()):
        problems.append("The period typed in looks like a formula; type a plain period such as 2019 or 2019 Q1.")
    if mapping.indicator not in upload_indicators():
        problems.append(f"Unknown indicator '{mapping.indicator}'.")
    if mapping.layer != AUTO and mapping.layer not in index.names:
        problems.append(f"Unknown layer '{mapping.layer}'.")
    if mapping.rate_unit not in ("percent", "proportion"):
        problems.append(f"Unknown rate unit '{mapping.rate_unit}'.")
    if len(raw.cells) == 0:
        problems.append(f"'{raw.file_name}' has no data rows that could be read.")
    return problems


def choose_layer(area_text: list[str], wanted: str, index: AreaIndex) -> tuple[str | None, list[str]]:
    """The layer the file is for (the user's choice, or the best-matching one) and notes on mixed or ambiguous layers."""
    code_counts: dict[str, int] = {}
    name_counts: dict[str, int] = {}
    coded = 0
    for text in area_text:
        hits = index.code_layers.get(str(text).strip().upper())
        if hits:
            coded += 1
            for layer, _ in hits:  # a code in several layers counts for each; the layer holding most codes wins
                code_counts[layer] = code_counts.get(layer, 0) + 1
            continue
        for layer in index.layers_for_name(text):
            name_counts[layer] = name_counts.get(layer, 0) + 1
    notes = []
    if code_counts and max(code_counts.values()) < coded:  # no one layer holds every code
        listed = ", ".join(f"{index.layer_label(k)}: {v}" for k, v in sorted(code_counts.items(), key=lambda kv: -kv[1]))
        notes.append(f"Mixed layers: the file holds codes from several layers ({listed}). One file must hold one "
                     "layer; rows of the other layers are rejected.")
    if wanted != AUTO:
        return wanted, notes
    scores = {layer: code_counts.get(layer, 0) + name_counts.get(layer, 0) for layer in set(code_counts) | set(name_counts)}
    if not scores:
        return None, notes
    best = max(scores.values())
    tied = [layer for layer in LAYER_PREFERENCE if scores.get(layer) == best]
    tied += [layer for layer in scores if scores[layer] == best and layer not in tied]
    chosen = tied[0]
    if len(tied) > 1:
        notes.append(f"The names fit several layers equally ({', '.join(index.layer_label(t) for t in tied)}); "
                     f"taken as {index.layer_label(chosen)}. Choose the layer if that is wrong.")
    return chosen, notes


def _resolve_area(text: str, layer: str, index: AreaIndex) -> tuple[str | None, str, str | None]:
    """(code, layer, None) for a cell in this layer or England and Wales, else (None, layer, the reason and suggestions)."""
    value = str(text).strip()
    label = index.layer_label(layer)
    if not value:
        return None, layer, "the area is blank"
    if value.upper() == ENGLAND_AND_WALES or normalise_name(value) == "england and wales":
        return ENGLAND_AND_WALES, NATIONAL_LAYER, None
    hits = index.code_layers.get(value.upper())
    if hits:
        mine = [code for hit_layer, code in hits if hit_layer == layer]
        if mine:
            return mine[0], layer, None
        return None, layer, (f"code of another layer ({index.layer_label(hits[0][0])}) in a file of {label}: "
                             "mixed layers are not accepted")
    code = index.names.get(layer, {}).get(normalise_name(value))
    if code:
        return code, layer, None
    if is_formula_like(value):
        return None, layer, "looks like a spreadsheet formula; kept as text, never evaluated, and not an area"
    if normalise_name(value) in TOTAL_NAMES:
        return None, layer, f"a total for a larger area, not one of the {label}: left out"
    suggestions = index.suggest(layer, value)
    hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else "; no close match"
    return None, layer, f"unknown area in {label}{hint}"


def _is_percent(definition: dict) -> bool:
    return definition["kind"] == "rate" and definition["unit"] == "%"


def _figures(row: dict, mapping: ColumnMapping, definition: dict) -> tuple[dict, list[tuple[str, str, str]]]:
    """Value, numerator and denominator of one row, or the reasons they cannot be accepted."""
    cols = mapping.columns
    percent = _is_percent(definition)
    parsed: dict[str, float | None] = {}
    reasons: list[tuple[str, str, str]] = []
    for role in ("value", "numerator", "denominator"):
        column = cols[role]
        if column is None:
            parsed[role] = None
            continue
        number, why = parse_number(row[column])
        if why == "blank":
            parsed[role] = None  # checked below: a count is optional beside a published rate, and vice versa
            continue
        if why:
            reasons.append((column, row[column], f"{role}: {why}"))
            continue
        if number < 0:
            reasons.append((column, row[column], f"{role}: negative values are not allowed"))
            continue
        parsed[role] = number
    if reasons:
        return {}, reasons
    value, numerator, denominator = parsed["value"], parsed["numerator"], parsed["denominator"]
    if value is None and (numerator is None or denominator is None):
        blank = [cols[r] for r in ("value", "numerator", "denominator") if cols[r] is not None and parsed[r] is None]
        return {}, [(column, "", "blank: no rate or value, and no numerator and denominator to compute it")
                    for column in blank]
    if value is not None and percent and mapping.rate_unit == "proportion":
        if value > 1:
            reasons.append((cols["value"], row[cols["value"]], "rate: above 1, but the unit chosen is 'proportion'"))
        value = value * 100
    if percent and value is not None and value > 100:
        reasons.append((cols["value"], row[cols["value"]], "rate: a percentage above 100"))
    if numerator is not None and denominator is not None:
        if denominator == 0:
            reasons.append((cols["denominator"], row[cols["denominator"]], "denominator: zero"))
        elif percent and numerator > denominator:
            reasons.append((cols["numerator"], row[cols["numerator"]],
                            f"numerator ({numerator:g}) is greater than the denominator ({denominator:g})"))
        elif definition["kind"] == "rate":
            ratio = numerator / denominator * definition["scale"]
            if value is None:
                value = ratio
            elif abs(value - ratio) > RATE_TOLERANCE:
                reasons.append((cols["value"], row[cols["value"]],
                                f"rate: {value:g} disagrees with numerator / denominator ({ratio:.1f})"))
        elif value is None:
            reasons.append((cols["value"] or cols["numerator"], "",
                            f"a {definition['kind']} needs a value column; numerator / denominator is only for rates"))
    if reasons:
        return {}, reasons
    nan = float("nan")
    return {"value": value, "numerator": nan if numerator is None else numerator,
            "denominator": nan if denominator is None else denominator}, []


def _drop_duplicates(candidates: list[dict], cols: dict) -> tuple[list[dict], list[tuple[int, str, str, str]]]:
    """Keep one of identical repeats; refuse every row of an area and period given conflicting figures."""
    groups: dict[tuple[str, str, str, str], list[dict]] = {}
    for candidate in candidates:
        key = (candidate["layer"], candidate["area_code"], candidate["period"], candidate["breakdown"])
        groups.setdefault(key, []).append(candidate)
    kept, reasons = [], []
    for (_, code, period, breakdown), rows in groups.items():
        if breakdown:
            period = f"{period}, {breakdown}"
        if len(rows) == 1:
            kept.append(rows[0])
            continue
        figures = {tuple(_same(r[k]) for k in ("value", "numerator", "denominator")) for r in rows}
        numbers = ", ".join(str(r["row"]) for r in rows)
        if len(figures) == 1:
            kept.append(rows[0])
            reasons.extend((r["row"], cols["area"], code, f"duplicate of row {rows[0]['row']} ({code}, {period}); "
                            "the first is kept") for r in rows[1:])
        else:
            reasons.extend((r["row"], cols["area"], code, f"conflicting figures for {code}, {period} in rows {numbers}; "
                            "none kept") for r in rows)
    kept.sort(key=lambda r: r["row"])
    return kept, reasons


def _same(number: float) -> float | str:
    return "nan" if isinstance(number, float) and math.isnan(number) else round(float(number), 9)


def source_entry(raw: RawTable, source_id: str, *, title: str = "", publisher: str = "", vintage: str = "") -> dict:
    """The source catalogue entry of an uploaded file (the user's title, publisher and vintage when given)."""
    return {"source_id": source_id, "title": (title.strip() or raw.file_name)[:200],
            "publisher": (publisher.strip() or "Uploaded by the user (publisher not stated)")[:200],
            "address": f"uploaded file {raw.file_name}", "vintage": (vintage.strip() or "not stated")[:100],
            "licence": "as supplied by the uploader", "caveats": "", "kind": "upload", "sha256": raw.sha256,
            "encoding": raw.encoding}



def _report_frame(rows: list[tuple[int, str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    frame["row"] = frame["row"].astype(int)
    frame["value"] = frame["value"].astype(str).str.slice(0, 120)
    return frame.sort_values("row", kind="stable").reset_index(drop=True)


def combine(existing: tuple[pd.DataFrame, list[dict]] | None, frame: pd.DataFrame,
            source: dict) -> tuple[pd.DataFrame, list[dict]]:
    """Add an accepted upload to what is loaded; an upload of the same file replaces its own rows only."""
    old_frame, old_sources = existing if existing else (empty_table(), [])
    sid = source["source_id"]
    kept = old_frame[old_frame["source_id"] != sid]
    parts = [part for part in (kept, frame) if len(part)]
    merged = pd.concat(parts, ignore_index=True) if parts else empty_table()
    sources = [entry for entry in old_sources if entry.get("source_id") != sid] + [dict(source)]
    return merged, sources


def empty_indicators() -> tuple[pd.DataFrame, list[dict]]:
    """An empty tidy table and source list (the starting point of a session)."""
    return empty_table(), []
