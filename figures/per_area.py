"""Per-area views of the indicator store for the reoffending and custody pages and the board pack (no Streamlit):
which figure to open on, the map's table, trends split at the October 2017 change, and what to load when missing."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from figures.indicators import SERIES_PART, format_value, funnel, ranked_table
from geo.atlas import Atlas
from indicators import bundled_custody
from indicators.aggregate import LayerView
from indicators.catalogue import CUSTODY_COHORT_INDICATORS, SENTENCING_INDICATORS, IndicatorDef, get_indicator
from indicators.funnel import Overdispersion, classify, overdispersion
from indicators.periods import cohort_method, period_sort_key
from indicators.profiles.registry import describe
from indicators.schema import NATIONAL_LAYER
from indicators.store import IndicatorStore

PROVEN_REOFFENDING = "proven_reoffending_rate"
SENTENCING_DEFAULT = "immediate_custody_sentences"
EVERYONE = "Everyone"
FORCE_AREAS = "police_force_area"
CITY_OF_LONDON = "E23000034"
CITY_OF_LONDON_NOTE = "no figure of its own: included in the Metropolitan Police row of the source"
HEADLINE_IDS = (PROVEN_REOFFENDING, "short_sentence_reoffending_rate", "community_order_reoffending_rate",
                "suspended_sentence_reoffending_rate")
# Proven reoffending's breakdowns in words for the national headlines ('' = adults and juveniles together).
HEADLINE_GROUPS = {"": "adults and juveniles", "Adult": "adults", "Juvenile": "juveniles"}
WOMEN_CUSTODY_CAVEAT = (
    "Women (18+) sentenced at court, by the police force area of the **sentencing court**, not their home "
    "address. **2017 is flagged as suspect** (⚑) and shown as published, not smoothed. Only the December 2024 "
    "edition of the compilation is used: the two editions map courts to force areas differently and are never "
    "mixed. **City of London** has no figure of its own: it is inside the Metropolitan Police row.")
LOAD_HOW = "load it on the Bring your own figures page or run {command}"
COMMAND = "python -m indicators import PATH"


def breakdown_label(breakdown: str) -> str:
    """A breakdown in words: '' is everyone."""
    return breakdown if breakdown else EVERYONE


def plain(text: str) -> str:
    """Markdown emphasis and code marks removed (for the PDF board pack)."""
    return text.replace("**", "").replace("`", "")


def reoffending_indicators(store: IndicatorStore) -> list[str]:
    """Rate and count indicators with area figures other than sentencing and custody inputs, proven reoffending
    first (it is the current official measure), then in the order they arrived."""
    skip = set(SENTENCING_INDICATORS) | set(CUSTODY_COHORT_INDICATORS)
    found = [i for i in store.indicators() if i not in skip and get_indicator(i).kind in ("rate", "count")]
    return sorted(found, key=lambda i: i != PROVEN_REOFFENDING)


def sentencing_indicators(store: IndicatorStore) -> list[str]:
    """Sentencing indicators with area figures in the store, in a fixed order (counts, bands, rates, others)."""
    present = set(store.indicators())
    return [i for i in SENTENCING_INDICATORS if i in present]


def has_area_figures(store: IndicatorStore, indicator: str, exclude_source: str | None = None) -> bool:
    """True when some area (not England and Wales) has a value for the indicator (from another source)."""
    rows = store.rows[(store.rows["indicator"] == indicator) & (store.rows["layer"] != NATIONAL_LAYER)
                      & store.rows["value"].notna()]
    if exclude_source is not None:
        rows = rows[rows["source_id"] != exclude_source]
    return not rows.empty


def has_sentencing_beyond_bundled(store: IndicatorStore) -> bool:
    """True when any sentencing figure for an area comes from somewhere other than the bundled women's series."""
    return any(has_area_figures(store, i, bundled_custody.SOURCE_ID) for i in SENTENCING_INDICATORS)


def default_layer(store: IndicatorStore, indicator: str, period: str, breakdown: str, layers: list[str]) -> str:
    """Police force areas when the figure is published there, else the layer with the most published areas."""
    rows = store.select(indicator, period, breakdown)
    rows = rows[(rows["layer"] != NATIONAL_LAYER) & rows["value"].notna()]
    counts = rows["layer"].value_counts()
    if FORCE_AREAS in counts.index or counts.empty:
        return FORCE_AREAS
    return next((layer for layer in counts.index if layer in layers), FORCE_AREAS)


COVERAGE_TO_OPEN = 0.75  # a figure opens a page only when it covers at least this share of its layer's areas
# Among figures of one period: proven reoffending's adults first (MoJ's headline groups are adults and juveniles;
# adults are the bulk), then everyone, then the other breakdowns (fewest parts first).
OPENING_BREAKDOWNS = ("Adult", "")


def layer_sizes(atlas: Atlas) -> dict[str, int]:
    """How many areas each layer has."""
    return atlas.areas.groupby("layer")["area_code"].nunique().to_dict()


def coverage(store: IndicatorStore, indicators: list[str], sizes: dict[str, int]) -> pd.DataFrame:
    """Per indicator, breakdown, period and layer: how many areas have a figure and what share of the layer."""
    rows = store.rows[store.rows["indicator"].isin(indicators) & (store.rows["layer"] != NATIONAL_LAYER)
                      & store.rows["value"].notna()]
    counts = rows.groupby(["indicator", "breakdown", "period", "layer"])["area_code"].nunique().rename("areas")
    table = counts.reset_index()
    table["share"] = table["areas"] / table["layer"].map(sizes).fillna(float("inf"))
    return table


def opening_figure(store: IndicatorStore, atlas: Atlas, indicators: list[str]) -> tuple[str, str, str, str] | None:
    """(indicator, breakdown, period, layer) a per-area page opens on: the most recent figure covering at least
    three quarters of its layer's areas (indicators in the order given); fragments (the 1992 table, Cambridgeshire
    2008) never open a page. None when no figure covers that much (the caller falls back and labels it)."""
    table = coverage(store, indicators, layer_sizes(atlas))
    table = table[table["share"] >= COVERAGE_TO_OPEN]
    if table.empty:
        return None
    table = table.assign(
        when=table["period"].map(period_sort_key), order=table["indicator"].map({i: n for n, i in enumerate(indicators)}),
        group=table["breakdown"].map(lambda b: OPENING_BREAKDOWNS.index(b) if b in OPENING_BREAKDOWNS
                                     else len(OPENING_BREAKDOWNS) + b.count("·")))
    best = table.sort_values(["when", "order", "group", "share"], ascending=[False, True, True, False],
                             kind="stable").iloc[0]
    return str(best["indicator"]), str(best["breakdown"]), str(best["period"]), str(best["layer"])


def is_fragment(figure: AreaFigure) -> bool:
    """True when a figure covers less than three quarters of its layer: shown labelled as historical, never opened."""
    return len(figure.shown) < COVERAGE_TO_OPEN * len(figure.table)


def fragment_note(figure: AreaFigure) -> str:
    """The label on a fragment: how many areas, historical when it is, not a comparison of all areas."""
    historical = "historical " if _year_of(figure.period) < HISTORICAL_BEFORE else ""
    return (f"A {historical}fragment: published for {len(figure.shown)} of {len(figure.table)} areas only "
            f"({figure.period}). Shown as the source gives it; not a comparison across all areas.")


HISTORICAL_BEFORE = 2015  # figures older than this are history: other boundaries, other measures


def _year_of(period: str) -> int:
    """The last year a period names (0 when it names none)."""
    return period_sort_key(period)[0]


def sentencing_default(store: IndicatorStore, indicators: list[str]) -> tuple[str, str, str] | None:
    """(indicator, breakdown, period) to open the custody page on: the bundled women's count, latest year."""
    if not indicators:
        return None
    indicator = SENTENCING_DEFAULT if SENTENCING_DEFAULT in indicators else indicators[0]
    breakdowns = store.breakdowns(indicator)
    breakdown = bundled_custody.BREAKDOWN if bundled_custody.BREAKDOWN in breakdowns else breakdowns[0]
    periods = store.periods(indicator, breakdown=breakdown)
    return indicator, breakdown, periods[-1]


def importable_layouts() -> list[dict]:
    """Each layout the importer reads: label, official file names and where they are published."""
    return describe()


def layout_about(*words: str) -> dict | None:
    """The first importable layout whose name holds one of the words, or None."""
    return next((layout for layout in importable_layouts() if any(w in layout["name"] for w in words)), None)


def _files(layout: dict) -> str:
    """A layout's official file names, then where they are published."""
    files = [str(f) for f in layout["files"]]
    where = f" {layout['where']}" if layout.get("where") else ""
    return files[0] + (" (or " + "; or ".join(files[1:]) + ")" if len(files) > 1 else "") + where


def proven_reoffending_pointer(markdown: bool = True) -> str:
    """Which official file fills per-area proven reoffending, where it is and how to load it."""
    layout = layout_about("reoffending")
    what = (f"{_files(layout)}, read as the {layout['label']}" if layout else
            "the PRSQ_Geographic_data CSV in the 'CSV format of data tools' ZIP of a quarterly 'Proven reoffending "
            "statistics' release on gov.uk (the MoJ proven reoffending geographic data tool)")
    text = ("No per-area proven reoffending figures are loaded: the only area figures are the bundled Hansard "
            "fragments (1992 reconviction rates for 12 police authorities; Cambridgeshire 2008). The official "
            f"file that fills this map is {what}. Download it from gov.uk, then "
            + LOAD_HOW.format(command=f"`{COMMAND}`") + ".")
    return text if markdown else plain(text)


def sentencing_pointer(markdown: bool = True) -> str:
    """One line on the official file that brings sentencing figures beyond the bundled women's series."""
    layout = layout_about("sentencing", "outcome")
    what = (f"{_files(layout)}, read as the {layout['label']}" if layout else
            "MoJ's 'Outcomes by offence' CSV (Criminal Justice System statistics quarterly, gov.uk)")
    text = ("Only the bundled women's series is loaded. Everyone sentenced, men, sentences under 12 and 24 "
            f"months and shares of those sentenced come from {what}; "
            + LOAD_HOW.format(command=f"`{COMMAND}`") + ".")
    return text if markdown else plain(text)


@dataclass(frozen=True)
class AreaFigure:
    """One indicator, breakdown and period on one layer: the map's table, its ranking, sources and comparator."""

    indicator: IndicatorDef
    period: str
    layer: str
    breakdown: str
    view: LayerView
    table: pd.DataFrame  # a row per area of the layer (missing ones 'no data')
    ranked: pd.DataFrame
    titles: dict[str, str]
    used_sources: list[str]
    note: str  # "Source: ..." for the caption under the figure
    national: pd.DataFrame  # England and Wales rows of the same indicator, breakdown and period
    p0: float | None  # the funnel's reference proportion (0-1), when there is one
    reference: str
    has_denominators: bool
    flags: dict[str, str] = field(default_factory=dict)  # period -> why it is flagged (⚑)

    @property
    def shown(self) -> pd.DataFrame:
        """The areas with a figure."""
        return self.table[self.table["value"].notna()]


def flagged_periods(store: IndicatorStore, indicator: str, breakdown: str) -> dict[str, str]:
    """Periods the source flags as suspect (read from the rows' notes), with the reason."""
    rows = store.select(indicator, None, breakdown)
    flags = {}
    for period, note in zip(rows["period"], rows["note"].astype(str)):
        if bundled_custody.SUSPECT_NOTE in note:
            flags[period] = bundled_custody.SUSPECT_NOTE
        elif "suspect" in note.lower():
            flags.setdefault(period, "flagged as suspect in the source")
    return flags


def area_figure(store: IndicatorStore, atlas: Atlas, indicator_id: str, period: str, layer: str,
                breakdown: str = "") -> AreaFigure:
    """Everything the map, the ranked table and the funnel plot of one figure need."""
    indicator = get_indicator(indicator_id)
    view = store.layer_view(atlas, indicator_id, period, layer, breakdown)
    table = view.table.copy()
    if layer == FORCE_AREAS and table["note"].astype(str).str.contains(bundled_custody.MET_NOTE, regex=False).any():
        # The source folds the City into the Met row: say so on the City's own row instead of a bare 'no data'.
        city = (table["area_code"] == CITY_OF_LONDON) & table["value"].isna()
        table.loc[city, "note"] = CITY_OF_LONDON_NOTE
    titles = dict(zip(store.catalogue["source_id"], store.catalogue["title"]))
    used = sorted({s.strip() for ids in table["source_ids"] for s in str(ids).split(",") if s.strip()})
    national = store.national(indicator_id, period, breakdown)
    shown = table[table["value"].notna()]
    has_denominators = indicator.kind == "rate" and shown["denominator"].notna().any()
    group = f", {breakdown}" if breakdown else ""
    if not national.empty and not pd.isna(national.iloc[0]["value"]):
        p0, reference = national.iloc[0]["value"] / indicator.scale, f"England and Wales ({period}{group})"
    elif has_denominators and len(shown) >= 2:  # one area's own rate is no reference for it
        p0 = shown["numerator"].sum() / shown["denominator"].sum()
        reference = f"Pooled rate of the {len(shown)} areas shown (no England and Wales figure)"
    else:
        p0, reference = None, ""
    ranked = ranked_table(table, indicator, p0 if has_denominators else None, titles)
    if indicator.kind == "count":  # a count has no numerator, denominator or cohort: empty columns only confuse
        ranked = ranked.drop(columns=[c for c in ("Numerator", "Denominator", "Small cohort") if c in ranked])
    return AreaFigure(indicator, period, layer, breakdown, view, table, ranked, titles, used,
                      store.source_note(used), national, p0, reference, bool(has_denominators),
                      flagged_periods(store, indicator_id, breakdown))


def sub_breakdowns(store: IndicatorStore, indicator_id: str, breakdown: str) -> list[str]:
    """The groups within a breakdown ('Adult · aged 18 to 20' ... within 'Adult'), in the store's order."""
    if not breakdown:
        return []
    prefix = f"{breakdown} · "
    return [b for b in store.breakdowns(indicator_id) if b.startswith(prefix) and "·" not in b[len(prefix):]]


def breakdown_table(store: IndicatorStore, atlas: Atlas, indicator_id: str, period: str, layer: str,
                    breakdown: str) -> pd.DataFrame:
    """Areas with a figure (rows, by name) by the groups within the breakdown (columns): e.g. adults' age bands."""
    groups = sub_breakdowns(store, indicator_id, breakdown)
    columns = {}
    for group in groups:
        view = store.layer_view(atlas, indicator_id, period, layer, group).table
        columns[group.split(" · ", 1)[1]] = view.set_index("area_name")["value"]
    table = pd.DataFrame(columns)
    return table.dropna(how="all")


def split_by_method(name: str, periods: pd.Series) -> list[str]:
    """Series names: one per side of the October 2017 change for cohort periods, so the two are never joined."""
    return [f"{name}{SERIES_PART}{cohort_method(p)}" if cohort_method(p) else name for p in periods]


def trend_lines(store: IndicatorStore, atlas: Atlas, indicator_id: str, layer: str, breakdown: str,
                area: str | None, split_sources: bool = False) -> pd.DataFrame:
    """England and Wales and one area over every period (columns series, period, value, note, source_ids),
    split at 2017; with split_sources, an area's years from different sources are separate lines too (two
    editions or compilations of a count are never joined into one series)."""
    national = store.national(indicator_id, breakdown=breakdown)
    area_sources = set(store.rows.loc[(store.rows["indicator"] == indicator_id) & (store.rows["layer"] == layer)
                                      & (store.rows["breakdown"] == breakdown), "source_id"])
    if area_sources and set(national["source_id"]) - area_sources:
        # England and Wales only from the areas' own sources: another source may measure it another way (the old
        # and the current proven reoffending measure differ by a tenth for the same cohort)
        national = national[national["source_id"].isin(area_sources)]
    lines = [pd.DataFrame({"series": split_by_method("England and Wales", national["period"]),
                           "period": national["period"], "value": national["value"], "note": national["note"],
                           "source_ids": national["source_id"]})]
    if national.empty and layer == FORCE_AREAS:
        lines = [added_up_force_areas(store, atlas, indicator_id, breakdown)]
    if area:
        name = atlas.area_name(layer, area) or area
        values = []
        for period in store.periods(indicator_id, breakdown=breakdown):
            row = store.layer_view(atlas, indicator_id, period, layer, breakdown).table.set_index("area_code")
            if area in row.index and not pd.isna(row.at[area, "value"]):
                values.append((period, row.at[area, "value"], row.at[area, "note"], row.at[area, "source_ids"]))
        if values:
            periods = pd.Series([v[0] for v in values])
            names = split_by_method(name, periods)
            sources = [v[3] for v in values]
            if split_sources and len(set(sources)) > 1:
                titles = dict(zip(store.catalogue["source_id"], store.catalogue["title"]))
                names = [f"{n}{SERIES_PART}{titles.get(s, s)}" for n, s in zip(names, sources)]
            lines.append(pd.DataFrame({"series": names, "period": periods, "value": [v[1] for v in values],
                                       "note": [v[2] for v in values], "source_ids": sources}))
    out = pd.concat(lines, ignore_index=True).dropna(subset=["value"])
    return out.sort_values("period", key=lambda s: s.map(period_sort_key), kind="stable").reset_index(drop=True)


ADDED_UP = "England and Wales (force areas added up)"
ADDED_UP_SHARE = 0.95  # years where fewer force areas have a figure get no line (a sum of some is not a total)


def added_up_force_areas(store: IndicatorStore, atlas: Atlas, indicator_id: str, breakdown: str) -> pd.DataFrame:
    """England and Wales derived for a rate by pooling the force areas' numerators and denominators (they tile it),
    only in years where nearly every force area has a figure; never for regions (English only) and never for counts
    (a national count on one axis with an area's flattens the area's line: the page gives the sum as a number)."""
    indicator = get_indicator(indicator_id)
    size = len(atlas.layer_areas(FORCE_AREAS))
    out = []
    for period in store.periods(indicator_id, breakdown=breakdown):
        table = store.layer_view(atlas, indicator_id, period, FORCE_AREAS, breakdown).table
        shown = table[table["value"].notna()]
        if len(shown) < ADDED_UP_SHARE * size:
            continue
        if indicator.kind == "rate" and shown["denominator"].notna().all() and shown["denominator"].sum() > 0:
            value = float(shown["numerator"].sum() / shown["denominator"].sum() * indicator.scale)
        else:
            continue
        out.append({"series": ADDED_UP, "period": period, "value": value,
                    "note": f"derived: the {len(shown)} force areas with a figure added up",
                    "source_ids": ",".join(sorted({s for ids in shown["source_ids"] for s in str(ids).split(",") if s}))})
    return pd.DataFrame(out, columns=["series", "period", "value", "note", "source_ids"])


def headline_measure(indicator_id: str, breakdown: str) -> str:
    """A national headline's name: the indicator and, for proven reoffending, who is in the cohort."""
    label = get_indicator(indicator_id).label
    if indicator_id == PROVEN_REOFFENDING:
        return f"{label} ({HEADLINE_GROUPS.get(breakdown, breakdown)})"
    return f"{label} ({breakdown})" if breakdown else label


def national_headlines(store: IndicatorStore) -> pd.DataFrame:
    """Every England and Wales reoffending headline: measure, breakdown, period, value, counts, source, note,
    method (side of the October 2017 change, '' when the period names no cohort) and series for the chart."""
    parts = []
    for indicator_id in HEADLINE_IDS:
        for breakdown in store.breakdowns(indicator_id, area_only=False):
            rows = store.national(indicator_id, breakdown=breakdown)
            if len(rows):
                parts.append(rows.assign(measure=headline_measure(indicator_id, breakdown)))
    if not parts:
        return pd.DataFrame(columns=["measure", "breakdown", "period", "value", "numerator", "denominator",
                                     "source_id", "note", "method", "series"])
    table = pd.concat(parts, ignore_index=True)
    table["method"] = table["period"].map(cohort_method)
    table["series"] = [f"{m}{SERIES_PART}{method}" if method else m for m, method in zip(table["measure"], table["method"])]
    table = table.sort_values("period", key=lambda s: s.map(period_sort_key), kind="stable")
    return table[["measure", "breakdown", "period", "value", "numerator", "denominator", "source_id", "note",
                  "method", "series"]].reset_index(drop=True)


def area_summary(figure: AreaFigure) -> dict:
    """Headline numbers of a figure: areas with a figure, the sum of counts (never of rates), highest and lowest."""
    shown = figure.shown.sort_values("value", ascending=False)
    out = {"areas": len(shown), "of": len(figure.table), "total": math.nan, "highest": None, "lowest": None}
    if figure.indicator.kind == "count" and len(shown):
        out["total"] = float(shown["value"].sum())  # counts add; rates are never summed
    if len(shown):
        top, bottom = shown.iloc[0], shown.iloc[-1]
        out["highest"] = (str(top["area_name"]), format_value(top["value"], figure.indicator))
        out["lowest"] = (str(bottom["area_name"]), format_value(bottom["value"], figure.indicator))
    return out


@dataclass(frozen=True)
class FunnelParts:
    """A figure's funnel plot, its table, how overdispersed the areas are, and the limits used."""

    figure: go.Figure | None  # None when under two areas, no cohort sizes or no reference
    table: pd.DataFrame | None
    dispersion: Overdispersion | None
    adjusted: bool  # the limits allow for overdispersion (tau^2 added)


def funnel_parts(figure: AreaFigure, allow_overdispersion: bool = False,
                 highlight: frozenset[str] = frozenset()) -> FunnelParts:
    """The funnel of a rate with cohort sizes against its reference, optionally widened for overdispersion
    (Spiegelhalter 2005); `highlight` rings chosen areas (e.g. an area and its similar areas)."""
    indicator, p0, shown = figure.indicator, figure.p0, figure.shown
    plotted = figure.has_denominators and p0 is not None and 0 < p0 < 1 and indicator.kind == "rate"
    if len(shown) < 2 or not plotted:
        return FunnelParts(None, None, None, False)
    dispersion = overdispersion(shown["value"] / indicator.scale, shown["denominator"], p0)
    tau2 = dispersion.tau2 if allow_overdispersion else 0.0
    drawn = funnel(figure.table, indicator, p0, figure.reference, tau2=tau2, highlight=highlight)
    ranked = figure.ranked
    table = ranked[["Area", "Value", ranked.columns[5]]].copy()
    by_code = figure.table.set_index("area_code")
    table["Against the funnel limits"] = [
        classify(by_code.at[c, "value"], by_code.at[c, "denominator"], p0, indicator.scale, tau2) for c in ranked["Code"]]
    table["Small cohort"] = ranked["Small cohort"]
    return FunnelParts(drawn, table, dispersion, allow_overdispersion)


def dispersion_note(parts: FunnelParts) -> str:
    """One line on overdispersion: whether the areas spread more than chance allows and what the option does."""
    found = parts.dispersion
    if found is None or math.isnan(found.phi):
        return ""
    if not found.overdispersed:
        return (f"The {found.areas} areas spread no more than chance allows (dispersion φ = {found.phi:.1f}): the "
                "plain limits are fair.")
    if parts.adjusted:
        return (f"Limits widened for overdispersion (Spiegelhalter 2005, random effects): the {found.areas} areas "
                f"spread {found.phi:.1f} times as much as chance allows, so differences between areas beyond chance "
                "are expected; areas outside these wider limits stand out even allowing for that.")
    return (f"Overdispersed: the {found.areas} areas spread {found.phi:.1f} times as much as chance allows, so many "
            "fall outside the plain limits. Tick 'Allow for overdispersion' to widen them (Spiegelhalter 2005).")


def mark_similar(ranked: pd.DataFrame, highlight: tuple[str, ...]) -> pd.DataFrame:
    """The ranked table with a 'Similar areas' column (the chosen area, then its neighbours by ONS rank), the
    highlighted rows first in their rank order; unchanged when nothing is highlighted."""
    if not highlight:
        return ranked
    role = {code: "chosen area" if n == 0 else f"similar area {n}" for n, code in enumerate(highlight)}
    out = ranked.copy()
    out.insert(2, "Similar areas", out["Code"].map(role).fillna(""))
    chosen = out["Similar areas"] != ""
    return pd.concat([out[chosen], out[~chosen]]).reset_index(drop=True)
