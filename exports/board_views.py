"""The views a board pack can hold: the built-in sequence (landscape to scenario), plus any that
other figure modules offer through a `board_views()` function."""
from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from exports.board_pack import LegendEntry, Slide
from figures import per_area
from figures.coterminosity import ranked_bodies, split_map, timeline_chart
from figures.indicators import choropleth, format_value, national_costs_figure
from figures.layer_styles import style_for
from figures.overlay_map import ATTRIBUTION, ENGLAND_AND_WALES_VIEW, overlay_figure, zoom_to_bounds
from figures.place_stack import stack_table
from figures.scenario import trajectory_figure, trajectory_table
from formatting.tables import format_table
from geo.atlas import Atlas
from geo.coterminosity import BOUNDARY_VINTAGE, atlas_measures, body_table
from geo.overlap import exact_overlap
from geo.reform_timeline import timeline
from geo.registry import get_layer
from geo.stack import resolve, stack
from indicators import bundled_custody, custody_cost, local_store
from indicators.catalogue import get_indicator
from indicators.periods import sort_periods
from indicators.store import IndicatorStore
from scenario.baseline import national_baseline
from scenario.model import run
from scenario.presets import BOARD_PRESET, PRESETS
from scenario.summary import summary

LANDSCAPE_LAYERS = ["police_force_area", "crc", "nps_division"]
CELL_LIMIT = 160  # characters of a printed table cell: a region's list of districts would fill the page
WOMEN_COUNT = "immediate_custody_sentences"
IMAGE_SIZE = (1000, 760)  # pixels of a board-pack figure: fills a landscape A4 page under the title


@dataclass(frozen=True)
class ViewContent:
    """What one view shows: a figure (or none), its table alternative, a takeaway, sources and alt text."""

    title: str
    takeaway: str
    figure: go.Figure | None
    table: pd.DataFrame
    sources: str
    alt_text: str
    legend: list[LegendEntry] = field(default_factory=list)
    print_table: bool = False  # the board pack prints the table beside the figure (short tables only)


@dataclass(frozen=True)
class BoardView:
    """A view the board pack can step through; `build(atlas, options)` makes its content.

    `options` holds the view state from the link (for example {"place": "Bournemouth"}); a view
    ignores what it does not use and raises ValueError with a readable message for bad values."""

    id: str
    title: str
    order: int
    build: Callable[[Atlas, dict], ViewContent]


def landscape_view(atlas: Atlas, options: dict) -> ViewContent:
    """The map of the landscape: force areas, CRCs and NPS divisions over the districts."""
    layer_ids = LANDSCAPE_LAYERS
    counts = [(get_layer(i), len(atlas.layer_areas(i))) for i in layer_ids]
    districts = len(atlas.layer_areas("district"))
    listed = ", ".join(f"{n} {layer.name.split(' (')[0].lower()}" for layer, n in counts[:-1])
    last_layer, last_n = counts[-1]
    takeaway = (f"{len(counts)} layers ({listed} and {last_n} {last_layer.name.split(' (')[0]}) "
                f"cover the same {districts} districts of 2013-19.")
    table = pd.DataFrame([{"Layer": layer.name, "Number of areas": n, "Era": ", ".join(layer.eras)}
                          for layer, n in counts])
    return ViewContent(
        title="The landscape: who covers where", takeaway=takeaway,
        figure=overlay_figure(atlas, layer_ids, fill_councils=True, height=IMAGE_SIZE[1],
                              view={**ENGLAND_AND_WALES_VIEW, "zoom": 5.5}), table=table,
        sources=ATTRIBUTION, legend=layer_legend(layer_ids),
        alt_text=("Map of England and Wales with the outlines of " + ", ".join(layer.name for layer, _ in counts)
                  + " drawn over councils shaded by type; each layer has its own line style."))


def place_view(atlas: Atlas, options: dict) -> ViewContent:
    """The place stack: every body that serves one place, with a zoomed map."""
    place = resolve(atlas, str(options.get("place") or "Bournemouth"))
    rows = stack(atlas, place)
    served = [row for row in rows if row["bodies"] and row["layer"] != "district"]
    bodies = sum(len(row["bodies"]) for row in served)
    takeaway = (f"{place.label} is served by {bodies} bodies across {len(served)} layers of "
                "offender management, policing, prosecution, courts and regional government (all eras).")
    boxes = atlas.areas[(atlas.areas["layer"] == "district") & atlas.areas["area_code"].isin(place.district_codes)]
    bounds = [json.loads(b) for b in boxes["bounds"]]
    view = zoom_to_bounds([min(b[0] for b in bounds), min(b[1] for b in bounds),
                           max(b[2] for b in bounds), max(b[3] for b in bounds)], width_px=IMAGE_SIZE[0], height_px=IMAGE_SIZE[1])
    view["zoom"] = max(view["zoom"] - 1.5, 5.0)  # show the neighbouring bodies' boundaries too
    figure = overlay_figure(atlas, ["police_force_area", "crc", "nps_division"], fill_councils=True,
                            highlight_codes=place.district_codes, point_bng=place.point, view=view, height=IMAGE_SIZE[1])
    return ViewContent(
        title=f"The place stack: {place.label}", takeaway=takeaway, figure=figure, table=stack_table(rows),
        sources=f"{ATTRIBUTION} Generalises IPPR (2016) Table 3.1.",
        legend=layer_legend(["police_force_area", "crc", "nps_division"]), print_table=True,
        alt_text=f"Map zoomed on {place.label}, highlighted, with the outlines of force areas, CRCs and NPS divisions.")


def coterminosity_view(atlas: Atlas, options: dict) -> ViewContent:
    """Coterminosity of CRCs with police force areas: the headline, the split-area map and the ranked bodies."""
    layer_a, layer_b = "crc", "police_force_area"
    bodies = body_table(exact_overlap(atlas, layer_a, layer_b), list(atlas.layer_areas(layer_a)["area_code"]))
    result = atlas_measures(atlas, layer_a, layer_b, with_population=False)
    return ViewContent(
        title="Coterminosity: CRCs against police force areas", takeaway=result["headline"].split("; ")[0] + ".",
        figure=split_map(atlas, bodies, layer_a, layer_b, height=IMAGE_SIZE[1]),
        table=ranked_bodies(atlas, bodies, layer_a, layer_b),
        sources=f"Counts of whole areas (unweighted). Boundaries: {BOUNDARY_VINTAGE}. {ATTRIBUTION}",
        alt_text="Map of the 21 CRCs marked by whether each sits inside one police force area or spans several.")


def reform_timeline_view(atlas: Atlas, options: dict) -> ViewContent:
    """The reform timeline: partners per probation body, era by era."""
    table = timeline(atlas)
    figure = timeline_chart(table)
    figure.update_layout(height=IMAGE_SIZE[1] // 2)
    return ViewContent(
        title="Reform timeline: partners per probation body", figure=figure, table=table,
        takeaway=("Each reform redrew probation on a different map: the number of police force areas and councils "
                  "each probation body must work with rose and fell with every era."),
        sources=(f"Counts of whole areas (unweighted). Boundaries: {BOUNDARY_VINTAGE}. Eras: the project's tables of "
                 "each reform's bodies (see About the data)."),
        alt_text="Bar chart of police force areas and councils per probation body for each era from 2005 to today.")


def _without_label(note: str) -> str:
    """A store source note without its 'Source: ' (the pack's page and PDF print their own)."""
    return note.removeprefix("Source: ")


def pack_store(viewer: str | None = "") -> IndicatorStore:
    """Bundled figures plus the saved ones `viewer` may see (default '': everyone's and those shared, never anyone's
    private figures); this session's uploads stay on the pages."""
    store = IndicatorStore.bundled()
    try:
        frame, sources = local_store.load_saved(viewer)
        if len(frame):
            store = store.with_extra(frame, sources)
    except (ValueError, OSError):
        pass  # a broken saved store must not take the pack down: the pages say what is wrong with it
    return store


def reoffending_view(atlas: Atlas, options: dict) -> ViewContent:
    """Reoffending by area: the most recent rate published for areas (proven reoffending first)."""
    store = pack_store(options["viewer"]) if "viewer" in options else pack_store()  # options["viewer"]: whose view
    rates = [i for i in per_area.reoffending_indicators(store) if get_indicator(i).kind == "rate"]
    found = store.latest_area_figure(rates)
    missing = ("" if per_area.has_area_figures(store, per_area.PROVEN_REOFFENDING)
               else per_area.proven_reoffending_pointer(markdown=False))
    if found is None:
        return ViewContent(
            title="Reoffending by area: no figures for areas", figure=None, table=pd.DataFrame(),
            takeaway="No reoffending rate for any area is loaded, so there is nothing to map.",
            sources=missing or "No source.", alt_text="No figure: no reoffending rate for any area is loaded.")
    indicator_id, breakdown, period = found
    layer = per_area.default_layer(store, indicator_id, period, breakdown, [per_area.FORCE_AREAS])
    figure = per_area.area_figure(store, atlas, indicator_id, period, layer, breakdown)
    indicator, shown = figure.indicator, figure.shown
    group = f" ({breakdown})" if breakdown else ""
    plural = get_layer(layer).singular.lower() + "s"
    numbers = per_area.area_summary(figure)
    if missing:
        takeaway = (f"No per-area proven reoffending figures are loaded: the most recent area figure is "
                    f"{indicator.label}{group}, {period}, published for {len(shown)} of {len(figure.table)} "
                    f"{plural}; the rest are shown as missing.")
    else:
        national = figure.national
        england = (f"; England and Wales {format_value(national.iloc[0]['value'], indicator)}" if len(national)
                   else "")
        spread = (f": highest {numbers['highest'][0]} ({numbers['highest'][1]}), lowest {numbers['lowest'][0]} "
                  f"({numbers['lowest'][1]})" if len(shown) > 1 else "")
        takeaway = (f"{indicator.label}{group}, {period}, published for {len(shown)} of {len(figure.table)} "
                    f"{plural}{spread}{england}.")
    return ViewContent(
        title=f"Reoffending by area: {indicator.label}{group}, {period}",
        figure=choropleth(atlas, figure.table, layer, indicator, figure.titles, height=IMAGE_SIZE[1]),
        table=figure.ranked, takeaway=takeaway,
        sources=(f"{_without_label(figure.note)}. Grey with a dashed edge: no data. {ATTRIBUTION}"
                 + (f" Missing: {missing}" if missing else "")),
        alt_text=(f"Map of {plural} shaded by {indicator.label.lower()}{group} ({period}); areas without a figure "
                  "grey."))


def women_custody_view(atlas: Atlas, options: dict) -> ViewContent:
    """Women sentenced to immediate custody by force area (bundled), latest year: map, ranked table, totals."""
    store = IndicatorStore.bundled()
    counts = store.select(WOMEN_COUNT, None, bundled_custody.BREAKDOWN)
    counts = counts[counts["source_id"] == bundled_custody.SOURCE_ID]
    sources = (f"{_without_label(store.source_note([bundled_custody.SOURCE_ID]))}. "
               f"{per_area.plain(per_area.WOMEN_CUSTODY_CAVEAT)}")
    if counts.empty:
        return ViewContent(
            title="Women sentenced to immediate custody by force area", figure=None, table=pd.DataFrame(),
            takeaway=("The women's custody compilation is not on this machine (it is read at run time from the "
                      "shared sources folder, custody_by_area), so no figure is shown."),
            sources=sources, alt_text="No figure: the source file is not available.")
    period = sort_periods(counts["period"])[-1]
    figure = per_area.area_figure(store, atlas, WOMEN_COUNT, period, per_area.FORCE_AREAS, bundled_custody.BREAKDOWN)
    shown = figure.shown
    total = float(shown["value"].sum())  # counts add up; the force areas cover England and Wales between them
    takeaway = (f"{total:,.0f} women were sentenced to immediate custody in {period} at courts in the "
                f"{len(shown)} force areas with a figure (the areas added up)")
    short = store.select("immediate_custody_under_6_months", period, bundled_custody.BREAKDOWN)
    short = short[(short["layer"] == per_area.FORCE_AREAS) & short["value"].notna()]
    if len(short) and set(short["area_code"]) == set(shown["area_code"]):  # a share only over the same areas
        takeaway += f"; {short['value'].sum():,.0f} of them ({short['value'].sum() / total:.0%}) for under 6 months"
    rates = store.layer_view(atlas, "immediate_custody_rate", period, per_area.FORCE_AREAS,
                             bundled_custody.BREAKDOWN).table.dropna(subset=["value"])
    if len(rates):
        top = rates.sort_values("value", ascending=False).iloc[0]
        takeaway += f". Highest rate: {top['area_name']}, {top['value']:,.1f} per 100,000 adult women"
    return ViewContent(
        title=f"Women sentenced to immediate custody by force area, {period}", takeaway=takeaway + ".",
        figure=choropleth(atlas, figure.table, per_area.FORCE_AREAS, figure.indicator, figure.titles,
                          height=IMAGE_SIZE[1]),
        table=figure.ranked, sources=f"{sources} Grey with a dashed edge: no data. {ATTRIBUTION}",
        alt_text=(f"Map of police force areas shaded by the number of women sentenced to immediate custody in "
                  f"{period}; City of London grey (its figure is inside the Metropolitan Police row)."))


def custody_cost_view(atlas: Atlas, options: dict) -> ViewContent:
    """Custody cost: national cost per place and per prisoner over the sourced years."""
    per_unit = custody_cost.per_unit_costs(custody_cost.national_costs())
    overall = per_unit[per_unit["measure"] == "Overall cost per prisoner"]
    latest = (overall if len(overall) else per_unit).sort_values("period").iloc[-1]
    flagged = per_unit[per_unit["year_flag"].astype(str).str.len() > 0]
    return ViewContent(
        title="Custody cost per place and per prisoner, England and Wales",
        figure=national_costs_figure(per_unit, height=IMAGE_SIZE[1] // 2), table=per_unit.drop(columns=["address"]),
        takeaway=(f"{latest['measure']}: £{latest['value_gbp']:,.0f} in {latest['period']} (cash terms"
                  + ("; secondary source, year label resolved ⚑" if str(latest["year_flag"]) else "") + ")."),
        sources=("Hansard written answers 1999 and 2008; HMPPS 2015-17 figures via a secondary source whose year labels "
                 f"conflict ({len(flagged)} figures with resolved or implied years, marked ⚑). Not adjusted for inflation."),
        alt_text="Line chart of national custody cost per place and per prisoner by financial year.")


# The what-if page's illustrative package: the project's lever settings (IPPR gives no numbers), not statistics.
BOARD_SCENARIO = (PRESETS[BOARD_PRESET].name, PRESETS[BOARD_PRESET].levers)


def scenario_view(atlas: Atlas, options: dict) -> ViewContent:
    """A scenario: the project's illustrative package on national totals, custody spend against the baseline."""
    name, levers = BOARD_SCENARIO
    result = run(national_baseline(), levers)
    lines = summary(result)
    takeaway = next(line for line in lines if line.startswith("Custody places in year"))
    net = next(line for line in lines if line.startswith("Net position"))
    figure = trajectory_figure({name: result}, "custody_spend", height=IMAGE_SIZE[1] // 2)
    return ViewContent(
        title="What if: devolved custody budgets (the project's illustration)", takeaway=takeaway, figure=figure,
        table=trajectory_table({name: result}),
        sources=(f"{net} Modelled: derived from {result.baseline.label} (data/scenario/national_baseline.csv: MoJ 2008 "
                 "receptions, Hansard 2008 cost per prisoner, NAO 2010 'around £300 million', PRT via IPPR 2016 "
                 "reoffending; time served derived) and the levers. Lever settings are the project's illustration, "
                 "not IPPR's; each assumption's status, range and reason: data/scenario/assumptions.csv. "
                 + " ".join(result.notes)).strip(),
        alt_text="Line chart of custody spend each year under the scenario against the baseline.")


def to_slide(content: ViewContent, image_png: bytes | None) -> Slide:
    """The printable slide of a view's content."""
    table = None
    if content.print_table:
        shown = format_table(content.table)  # the same words and numbers as the table on screen
        cells = shown.astype(str).map(lambda v: v if len(v) <= CELL_LIMIT else v[:CELL_LIMIT - 1] + "…")
        table = [list(map(str, shown.columns))] + cells.values.tolist()
    notes = [] if not content.print_table else [
        "Lines on the map: " + "; ".join(f"{e.label}: {e.dash_label}" for e in content.legend) + "."]
    return Slide(content.title, content.takeaway, image_png, content.sources, content.alt_text,
                 notes=notes if content.legend else [], legend=content.legend, table=table)


def layer_legend(layer_ids: list[str]) -> list[LegendEntry]:
    """Legend entries (name, colour, width, dash) for printing beside a map."""
    return [LegendEntry(get_layer(i).name, style_for(i).colour, style_for(i).width, style_for(i).dash,
                        style_for(i).dash_label) for i in layer_ids]


BUILT_IN = [BoardView("landscape", "Map of the landscape", 10, landscape_view),
            BoardView("place", "The place stack", 20, place_view),
            BoardView("coterminosity", "Coterminosity: CRCs and force areas", 30, coterminosity_view),
            BoardView("reform_timeline", "Reform timeline", 35, reform_timeline_view),
            BoardView("reoffending", "Reoffending by area", 50, reoffending_view),
            BoardView("women_custody", "Women sentenced to immediate custody by force area", 52, women_custody_view),
            BoardView("custody_cost", "Custody cost", 55, custody_cost_view),
            BoardView("scenario", "A scenario: devolved custody budgets", 70, scenario_view)]


# The caveat a presenter says with each built-in view (its speaker notes): the one thing a board must not misread.
CAVEATS = {
    "landscape": "This is the 2014-21 map: CRCs and NPS divisions ended in June 2021, when 12 probation regions "
                 "replaced them. Boundaries are drawn from 2013-19 districts.",
    "place": "Bodies of earlier eras (probation trusts, CRCs, NPS divisions) are listed as history beside today's.",
    "coterminosity": "Whole areas are counted: a CRC that reaches a sliver over a force boundary counts as spanning "
                     "both. The coterminosity page weighs by area or population.",
    "reform_timeline": "Means per body, counted on 2013-19 districts: older boundaries are matched to them, so earlier "
                       "eras are close approximations, not exact maps.",
    "reoffending": "Only the figures loaded are shown: an area without a published figure is missing, not zero; "
                   "small cohorts move by chance.",
    "women_custody": "Counted by the court's force area, not where the women live; City of London sits inside the "
                     "Metropolitan Police figure.",
    "custody_cost": "Cash terms, not adjusted for inflation; the 2015-17 figures come through a secondary source "
                    "whose year labels conflict (resolved and marked).",
    "scenario": "A model, not a forecast: the lever settings are the project's illustration, not IPPR's numbers; "
                "costs are national averages.",
}


def available_views() -> tuple[list[BoardView], list[str]]:
    """Built-in views plus those offered by figure modules (`board_views() -> list[BoardView]`), in order;
    returns (views, problems) so one broken module never hides the rest."""
    import figures

    views = list(BUILT_IN)
    problems: list[str] = []
    for module_info in pkgutil.iter_modules(figures.__path__):
        name = f"figures.{module_info.name}"
        try:
            module = importlib.import_module(name)
            offer = getattr(module, "board_views", None)
            if callable(offer):
                views.extend(offer())
        except Exception as error:  # noqa: BLE001 - a broken page must not take the board pack down
            problems.append(f"{name}: {type(error).__name__}: {error}")
    seen: dict[str, BoardView] = {}
    for view in sorted(views, key=lambda v: (v.order, v.id)):
        seen.setdefault(view.id, view)
    return list(seen.values()), problems
