"""The views a board pack can hold: the built-in sequence (landscape to scenario), plus any that
other figure modules offer through a `board_views()` function."""
from __future__ import annotations

import importlib
import json
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from exports.board_pack import LegendEntry, Slide
from figures import per_area
from figures.coterminosity import ranked_bodies, split_map, timeline_chart
from figures.indicators import choropleth, format_value, national_costs_figure
from figures.layer_styles import style_for
from figures.overlay_map import ATTRIBUTION, ENGLAND_AND_WALES_VIEW, overlay_figure, zoom_to_bounds
from figures.place_stack import stack_table
from figures.scenario import fan_figure
from formatting.numbers import signed_money
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
from scenario.area_population import area_words
from scenario.baseline import STORE_KINDS
from scenario.choose import build_baseline
from scenario.coverage import coverage_line
from scenario.headline import headline_sentence, net_positions
from scenario.model import run
from scenario.parameters import Levers
from scenario.persistence import Scenario, loads
from scenario.presets import matching_preset, opening_scenario, preset_statement
from scenario.uncertainty import band, breakeven

# Today's bodies; councils are the fill. The 2005-21 eras are in the reform timeline slide and one click away in the app.
LANDSCAPE_LAYERS = ["police_force_area", "probation_region", "lcjb_area", "cps_area", "combined_authority"]
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


# Each of today's layers in a board's words, and the vintage of the boundaries drawn.
LANDSCAPE_WORDS = {"police_force_area": ("police force areas", "the same 43 in every year 2013-2025"),
                   "probation_region": ("probation regions", "June 2021"),
                   "lcjb_area": ("Local Criminal Justice Board areas", "MoJ, Nov 2022"),
                   "cps_area": ("CPS areas", "MoJ, Nov 2022"),
                   "combined_authority": ("combined authorities", "ONS, 2025")}


def landscape_view(atlas: Atlas, options: dict) -> ViewContent:
    """The map of the landscape today: force areas, probation regions, LCJB and CPS areas, combined authorities."""
    layer_ids = LANDSCAPE_LAYERS
    counts = {i: len(atlas.layer_areas(i)) for i in layer_ids}
    councils, upper = len(atlas.layer_areas("council")), len(atlas.layer_areas("upper_tier_council"))
    words = [f"{counts[i]} {LANDSCAPE_WORDS[i][0]}" for i in layer_ids if i != "combined_authority"]
    authorities = counts["combined_authority"] - 1  # the GLA is counted with them on the map
    takeaway = (f"Today {', '.join(words)}, {authorities} combined authorities and the GLA overlay {councils} councils "
                f"({upper} counties and unitaries at the upper tier) in England and Wales.")
    table = pd.DataFrame([{"Layer": get_layer(i).name, "Number of areas": counts[i], "As of": LANDSCAPE_WORDS[i][1]}
                          for i in layer_ids]
                         + [{"Layer": get_layer("council").name, "Number of areas": councils, "As of": "ONS, 2023-2025"}])
    return ViewContent(
        title="The landscape: who covers where", takeaway=takeaway,
        figure=overlay_figure(atlas, layer_ids, fill_councils=True, height=IMAGE_SIZE[1],
                              view={**ENGLAND_AND_WALES_VIEW, "zoom": 5.5}), table=table,
        sources=(f"{ATTRIBUTION} Councils as of 2023-2025 and combined authorities as of 2025 (ONS boundaries); LCJB "
                 "and CPS areas: MoJ CJS dashboard data note, Nov 2022."), legend=layer_legend(layer_ids),
        alt_text=("Map of England and Wales with the outlines of " + ", ".join(get_layer(i).name for i in layer_ids)
                  + " drawn over today's councils shaded by type; each layer has its own line style."))


def place_view(atlas: Atlas, options: dict) -> ViewContent:
    """The place stack: every body that serves one place, with a zoomed map."""
    place = resolve(atlas, str(options.get("place") or "Bournemouth, Christchurch and Poole"))
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


# A file a user imported or uploaded, as the catalogue's title quotes it: "(PRSQ_Geographic_data_....csv)" after
# the publication's name, or "sentence_outcomes.csv: " before it. A board reads the publication, not the file.
FILE_END = r"\.(?:csv|tsv|xlsx|xlsm|ods|zip)"
QUOTED_FILE = re.compile(rf"\s*\([^()]*{FILE_END}\)|^[^:]*{FILE_END}\s*(?::\s*|$)", re.IGNORECASE)


def board_sources(store: IndicatorStore, source_ids) -> str:
    """Each source as a board reads it: publication, publisher and vintage in words (no file name, no code); one the
    catalogue no longer holds is said to be so, without its code."""
    parts = []
    for source_id in dict.fromkeys(s.strip() for ids in source_ids for s in str(ids).split(",") if s.strip()):
        try:
            entry = store.source(source_id)
        except KeyError:
            parts.append("figures whose source is no longer loaded")
            continue
        title = QUOTED_FILE.sub("", str(entry["title"])).strip() or "Figures uploaded by a user"
        parts.append(f"{title} — {entry['publisher']}, {entry['vintage']}; {entry['licence']}")
    return " | ".join(parts) if parts else "none"


class SavedFiguresUnreadable(OSError):
    """The saved figures cannot be read (the store is down or damaged): the message says so for the pack."""


def pack_store(viewer: str | None = "") -> IndicatorStore:
    """Bundled figures plus the saved ones `viewer` may see (default '': everyone's and those shared, never anyone's
    private figures); this session's uploads stay on the pages. SavedFiguresUnreadable when they cannot be read."""
    store = IndicatorStore.bundled()
    try:
        frame, sources = local_store.load_saved(viewer)
    except (ValueError, OSError) as error:
        raise SavedFiguresUnreadable(f"Saved figures could not be read ({error}), so this view shows only the bundled "
                                     "figures.") from None
    return store.with_extra(frame, sources) if len(frame) else store


def reoffending_view(atlas: Atlas, options: dict) -> ViewContent:
    """Reoffending by area: the most recent rate covering most of its layer (proven reoffending first); fragments
    (the 1992 table, Cambridgeshire 2008) are never a slide. It says so when the saved figures cannot be read, never
    dropping them silently."""
    try:
        store = pack_store(options["viewer"]) if "viewer" in options else pack_store()  # options["viewer"]: whose
        unreadable = ""
    except SavedFiguresUnreadable as error:
        store, unreadable = IndicatorStore.bundled(), str(error)
    content = _reoffending(atlas, store)
    return replace(content, takeaway=f"{content.takeaway} {unreadable}") if unreadable else content


def _reoffending(atlas: Atlas, store: IndicatorStore) -> ViewContent:
    """The reoffending view's content from one store."""
    rates = [i for i in per_area.reoffending_indicators(store) if get_indicator(i).kind == "rate"]
    found = per_area.opening_figure(store, atlas, rates)
    if found is None:
        return ViewContent(
            title="Reoffending by area: no figures covering the areas", figure=None, table=pd.DataFrame(),
            takeaway=("No reoffending rate covering most areas of any layer is loaded (only historical fragments), "
                      "so there is nothing to map."),
            sources="No source.", alt_text="No figure: no reoffending rate covering the areas is loaded.")
    indicator_id, breakdown, period, layer = found
    figure = per_area.area_figure(store, atlas, indicator_id, period, layer, breakdown)
    indicator, shown = figure.indicator, figure.shown
    group = f" ({per_area.HEADLINE_GROUPS.get(breakdown, breakdown)})" if breakdown else ""
    plural = get_layer(layer).singular.lower() + "s"
    numbers = per_area.area_summary(figure)
    national = figure.national
    england = (f"; England and Wales {format_value(national.iloc[0]['value'], indicator)}" if len(national) else "")
    spread = (f": highest {numbers['highest'][0]} ({numbers['highest'][1]}), lowest {numbers['lowest'][0]} "
              f"({numbers['lowest'][1]})" if len(shown) > 1 else "")
    takeaway = (f"{indicator.label}{group}, {period}, published for {len(shown)} of {len(figure.table)} "
                f"{plural}{spread}{england}.")
    if layer == "region" and "W92000004" not in set(shown["area_code"]):
        takeaway += " English regions only: Wales is not in the source, and the regions are not a national total."
    return ViewContent(
        title=f"Reoffending by area: {indicator.label}{group}, {period}",
        figure=choropleth(atlas, figure.table, layer, indicator, figure.titles, height=IMAGE_SIZE[1]),
        table=figure.ranked, takeaway=takeaway,
        sources=f"{board_sources(store, figure.used_sources)}. Grey with a dashed edge: no data. {ATTRIBUTION}",
        alt_text=(f"Map of {plural} shaded by {indicator.label.lower()}{group} ({period}); areas without a figure "
                  "grey."))


def women_custody_view(atlas: Atlas, options: dict) -> ViewContent:
    """Women sentenced to immediate custody by force area (bundled), latest year: map, ranked table, totals."""
    store = IndicatorStore.bundled()
    counts = store.select(WOMEN_COUNT, None, bundled_custody.BREAKDOWN)
    counts = counts[counts["source_id"] == bundled_custody.SOURCE_ID]
    sources = (f"{board_sources(store, [bundled_custody.SOURCE_ID])}. "
               f"{per_area.plain(per_area.WOMEN_CUSTODY_CAVEAT)}")
    if counts.empty:
        return ViewContent(
            title="Women sentenced to immediate custody by force area", figure=None, table=pd.DataFrame(),
            takeaway=("The women's custody compilation is not on this machine (it is read at run time from the "
                      "shared sources folder), so no figure is shown."),
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


def scenario_of(options: dict) -> Scenario:
    """The scenario the slide shows: the one handed in (a scenario file's text, as the What if page saves it), else the
    page's opening scenario (the project's illustrative package)."""
    text = options.get("scenario")
    return loads(text) if text else opening_scenario()


def scenario_view(atlas: Atlas, options: dict) -> ViewContent:
    """The user's scenario (current or saved; by default the page's opening one), run as the What if page runs it:
    net positions first with their intervals, what the run covers, the public purse's path with its band."""
    scenario = scenario_of(options)
    store = options.get("store") or (pack_store() if scenario.baseline_kind in STORE_KINDS else None)
    baseline, notices = build_baseline(scenario, atlas, store)
    result = run(baseline, scenario.levers, scenario.devolution)
    found = band(baseline, scenario.levers, scenario.devolution)
    positions = net_positions(result, found)
    preset = matching_preset(scenario.levers, scenario.devolution)
    illustrative = preset is not None and scenario.levers != Levers()
    low, high = found.fan("system_saving")
    years = scenario.levers.horizon_years
    table = pd.DataFrame([{"Net position": p.label, f"Over {years} years": p.shown,
                           "80% of uncertainty draws between": f"{signed_money(p.low)} and {signed_money(p.high)}"}
                          for p in positions])
    turns = breakeven(baseline, scenario.levers, scenario.devolution, found)
    words = [coverage_line(result, area_words(scenario.layer)), *notices, *turns,
             f"Modelled from {baseline.label}; against today's arrangements; local + centre = the public purse."]
    if illustrative:
        words.append(preset_statement(preset))
    return ViewContent(
        title=f"What if: {scenario.name}" + (" (the project's illustration)" if illustrative and "illustrat" not in
                                             scenario.name.lower() else ""),
        takeaway=headline_sentence(result, found), figure=fan_figure(result, low.tolist(), high.tolist(),
                                                                     height=IMAGE_SIZE[1] // 2),
        table=table, sources=" ".join(words), print_table=True,
        alt_text="Line chart of the saving to the public purse each year, with the band holding 80% of the "
                 "uncertainty draws.")


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
            BoardView("scenario", "What if: your scenario (devolved custody budgets)", 70, scenario_view)]


# The caveat a presenter says with each built-in view (its speaker notes): the one thing a board must not misread.
CAVEATS = {
    "landscape": "Today's bodies: force areas, the 12 probation regions of 2021, LCJB and CPS areas (MoJ lookup, "
                 "Nov 2022), councils and combined authorities as of 2025. Earlier eras are history, on the map page.",
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
    "scenario": "A model, not a forecast: the levers are the scenario's settings, not IPPR's numbers; costs are "
                "national averages and the interval covers 80% of draws over the uncertain inputs.",
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
