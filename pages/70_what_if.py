"""What if: devolved custody budgets, diversion and reinvestment, scenario by scenario (IPPR 2016, ch.4)."""
from __future__ import annotations

import json
import time

import pandas as pd
import streamlit as st

from figures.overlay_map import ATTRIBUTION
from figures.scenario import (
    MAP_METRICS,
    TRAJECTORY_METRICS,
    area_values,
    comparison_table,
    scenario_map,
    trajectory_figure,
    trajectory_table,
)
from scenario.area_population import DEVOLUTION_UNIT, SHAREABLE_LAYERS, PopulationMissingError, force_area_units, layer_label
from scenario.baseline import COHORTS, FIELDS, KINDS, Baseline, BaselineError, national_figures
from scenario.choose import build_baseline
from scenario.model import METRIC_LABELS, run
from scenario.parameters import INTEGER_PARAMETERS, PARAMETERS, Levers, get_parameter, parameters_table
from scenario.persistence import Scenario, ScenarioFileError, clean_name, dumps, from_query, loads, to_query
from scenario.store import ScenarioStore, scenario_id
from scenario.summary import money, summary
from ui import resources

try:  # the indicator store (another engineer's package) adds per-area figures when present
    from ui.indicator_store import current_store
except ImportError:  # pragma: no cover - only while indicators/ is absent
    current_store = None
try:
    from indicators.csv_safety import safe_csv_bytes
except ImportError:  # pragma: no cover
    safe_csv_bytes = None

PERCENT = {p.name for p in PARAMETERS if p.name not in INTEGER_PARAMETERS and p.name != "community_cost_per_diversion"}
GROUPS = {
    "Policy levers": ("diversion_share", "community_cost_per_diversion", "reoffending_change", "time_served_change"),
    "Devolved funding formula (IPPR 2016, ch.4)": ("lag_years", "upfront_share", "clawback_threshold",
                                                   "clawback_review_year", "clawback_share", "reinvestment_share"),
    "Horizon and assumptions": ("horizon_years", "ramp_years", "receptions_reoffending_elasticity", "backfill_share",
                                "marginal_cost_share"),
}
PRESETS = {  # lever settings only (no statistics): illustrative packages to compare against
    "preset:ippr": ("IPPR devolution package (illustrative settings)",
                    Levers(diversion_share=0.2, reoffending_change=-0.1, lag_years=3, upfront_share=0.1)),
    "preset:nolag": ("Same diversion, no time lag (illustrative)", Levers(diversion_share=0.2, lag_years=0)),
    "preset:backfill": ("Diversion without sentencing reform: half backfilled (illustrative)",
                        Levers(diversion_share=0.2, backfill_share=0.5)),
}
store = ScenarioStore()
atlas = resources.atlas()


def csv(table: pd.DataFrame) -> bytes:
    """CSV with formula-like cells neutralised (names typed by users reach exports)."""
    if safe_csv_bytes is not None:
        return safe_csv_bytes(table)
    return table.map(lambda v: "'" + v if isinstance(v, str) and v[:1] in "=+-@" else v).to_csv(index=False).encode()


def to_widget(name: str, value: float):
    return round(value * 100) if name in PERCENT else (int(value) if name in INTEGER_PARAMETERS else float(value))


def apply_scenario(scenario: Scenario) -> None:
    """Put a scenario's values into the widgets (used on first load, after an upload, and when opening a saved one)."""
    rounded = []
    for name, value in scenario.levers.to_dict().items():
        st.session_state[f"lever_{name}"] = to_widget(name, value)
        if name in PERCENT and abs(value * 100 - round(value * 100)) > 1e-9:
            rounded.append(get_parameter(name).label.lower())
    if rounded:  # the sliders move in whole percentage points
        st.session_state["whatif_notices"] = [f"Rounded to whole percentage points: {', '.join(rounded)}."]
    st.session_state["whatif_name"] = scenario.name
    st.session_state["whatif_baseline"] = scenario.baseline_kind
    st.session_state["whatif_layer"] = scenario.layer
    st.session_state["own_name"] = scenario.own_area_name
    st.session_state["own_cohorts"] = list(scenario.own_area_figures) or ["short_sentence"]
    for cohort in COHORTS:
        for field in FIELDS:
            st.session_state[f"own_{cohort}_{field}"] = scenario.own_area_figures.get(cohort, {}).get(field)


def on_upload() -> None:
    upload = st.session_state.get("whatif_upload")
    if upload is None:
        return
    try:
        scenario = loads(upload.getvalue())
    except ScenarioFileError as error:
        st.session_state["whatif_message"] = ("error", f"'{upload.name}' was refused: {error}. "
                                              "The open scenario is unchanged.")
        return
    apply_scenario(scenario)
    st.session_state["whatif_message"] = ("success", f"Opened '{scenario.name}' from {upload.name}.")


def on_open_saved() -> None:
    key = st.session_state.get("whatif_open")
    if not key:
        return
    try:
        apply_scenario(store.load(key))
        st.session_state["whatif_saved_ids"].add(key)
        st.session_state["whatif_message"] = ("success", "Opened the saved scenario.")
    except (KeyError, ScenarioFileError) as error:
        st.session_state["whatif_message"] = ("error", f"Could not open it: {error}")


@st.cache_resource(show_spinner=False)
def cached_baseline(kind: str, layer: str, own_name: str, own_json: str) -> tuple[Baseline, list[str]]:
    """Baselines that hold no session's data (national, population share, typed figures): shared across sessions."""
    return build_baseline(Scenario("", Levers(), kind, layer, own_name, json.loads(own_json)), atlas)


def session_baseline(kind: str, layer: str, own_name: str, own_json: str) -> tuple[Baseline, list[str]]:
    """The indicator-store baseline is built per session: it may hold this session's uploaded figures."""
    if kind != "indicator_store":
        return cached_baseline(kind, layer, own_name, own_json)
    indicator_store, warnings = current_store() if current_store is not None else (None, [])
    baseline, notices = build_baseline(Scenario("", Levers(), kind, layer), atlas, indicator_store)
    return baseline, warnings + notices


# --- first run: the link (lever values or a saved scenario id) decides the starting scenario -----------------
if "whatif_seeded" not in st.session_state:
    st.session_state["whatif_saved_ids"] = set()
    params = {k: st.query_params.get(k) for k in st.query_params}
    start, notices = from_query(params)
    if params.get("scenario"):
        try:
            start = store.load(params["scenario"])
            st.session_state["whatif_saved_ids"].add(params["scenario"])
        except (KeyError, ScenarioFileError):
            notices.append("The link's saved scenario is not in this app's store; using the lever values in the link.")
    st.session_state["whatif_notices"] = []
    apply_scenario(start)
    st.session_state["whatif_notices"] = notices + st.session_state["whatif_notices"]
    st.session_state["whatif_seeded"] = True

st.title("What if? Devolved custody budgets, diversion and reinvestment")
st.caption("IPPR (2016, ch.4) proposes devolving the custody budget for short-sentence, women and young offenders to "
           "mayors or PCCs, charging them per bed night, funding them on a time-lagged formula with up-front money "
           "that can be clawed back, and reinvesting savings in diversion and community alternatives. Move the "
           "levers: every number below is recalculated at once and says which baseline it used.")
resources.show_notices(st.session_state.pop("whatif_notices", []))
message = st.session_state.pop("whatif_message", None)
if message:
    (st.error if message[0] == "error" else st.success)(message[1])

controls, results_column = st.columns([1, 2.2], gap="large")
with controls:
    st.header("Baseline")
    kind = st.radio("Run the model on", list(KINDS), key="whatif_baseline", format_func=lambda k: KINDS[k])
    if kind in ("population_share", "indicator_store"):
        st.selectbox("Areas", list(SHAREABLE_LAYERS), key="whatif_layer", format_func=layer_label,
                     help="IPPR (2016, ch.4) devolves custody budgets to city-region mayors, and to PCCs elsewhere: "
                          "the last choice. A force area joins a mayoral combined authority that holds over half "
                          "of its area.")
    own_figures: dict = {}
    if kind == "own_area":
        st.text_input("Your area's name", key="own_name", max_chars=80)
        cohorts = st.multiselect("Cohorts you have figures for", list(COHORTS), key="own_cohorts",
                                 format_func=lambda c: COHORTS[c])
        labels = {"receptions": "Receptions a year", "time_served_years": "Average time served (years)",
                  "cost_per_place": "Cost per place a year (£)", "reoffending_rate": "Reoffending rate (0-1)"}
        for cohort in cohorts:
            st.markdown(f"**{COHORTS[cohort]}**")
            left, right = st.columns(2)
            values = {}
            for i, field in enumerate(FIELDS):
                values[field] = (left if i % 2 == 0 else right).number_input(
                    labels[field], min_value=0.0, max_value=1.0 if field == "reoffending_rate" else 1e9,
                    value=None, key=f"own_{cohort}_{field}", placeholder="type your figure")
            if any(v is not None for v in values.values()):
                own_figures[cohort] = values
    for group, names in GROUPS.items():
        st.header(group)
        for name in names:
            p = get_parameter(name)
            helptext = f"{p.description} Default's source: {p.source}"
            if name == "community_cost_per_diversion":
                st.number_input(f"{p.label} ({p.unit})", min_value=0.0, max_value=p.maximum, step=p.step,
                                key=f"lever_{name}", help=helptext)
            elif name in PERCENT:
                st.slider(f"{p.label} (%)", int(p.minimum * 100), int(p.maximum * 100), step=max(int(p.step * 100), 1),
                          key=f"lever_{name}", help=helptext, format="%d%%")
            else:
                st.slider(f"{p.label} ({p.unit})", int(p.minimum), int(p.maximum), key=f"lever_{name}", help=helptext)

lever_values = {name: (st.session_state[f"lever_{name}"] / 100 if name in PERCENT else st.session_state[f"lever_{name}"])
                for name in Levers().to_dict()}
levers = Levers.from_dict(lever_values)
layer = st.session_state.get("whatif_layer", "police_force_area")
clean_own = {c: v for c, v in own_figures.items() if all(x is not None for x in v.values())}
incomplete = sorted(set(own_figures) - set(clean_own))

baseline_notices: list[str] = []
try:
    if kind == "own_area" and (not clean_own or incomplete):
        raise BaselineError("type in all four figures for each cohort you chose"
                            + (f" (missing for {', '.join(COHORTS[c] for c in incomplete)})" if incomplete else ""))
    baseline, baseline_notices = session_baseline(kind, layer, clean_name(st.session_state.get("own_name", "")),
                                                  json.dumps(clean_own, sort_keys=True))
except (BaselineError, PopulationMissingError) as error:
    with controls:
        st.warning(f"The chosen baseline cannot be used yet: {error}. Showing national totals meanwhile.")
    baseline, _ = cached_baseline("national", layer, "", "{}")
scenario = Scenario(clean_name(st.session_state.get("whatif_name") or "") or "Untitled scenario", levers, kind, layer,
                    clean_name(st.session_state.get("own_name", "")) if kind == "own_area" else "",
                    clean_own if kind == "own_area" else {})

started = time.perf_counter()
result = run(baseline, levers)
elapsed_ms = (time.perf_counter() - started) * 1000

# --- keep the link in step: lever values always; the saved id only while the levers still match it ------------
current_id = scenario_id(scenario)
wanted = to_query(scenario)
if current_id in st.session_state["whatif_saved_ids"]:
    wanted["scenario"] = current_id
if "present" in st.query_params:
    wanted["present"] = st.query_params["present"]
if {k: st.query_params.get(k) for k in st.query_params} != wanted:
    st.query_params.from_dict(wanted)

with results_column:
    resources.show_notices(baseline_notices)
    banner = f"**Baseline used:** {baseline.label}."
    if baseline.is_estimate:
        st.warning(banner + " These per-area figures are an ESTIMATE, not published statistics. Method: "
                   + baseline.method, icon="⚠️")
    else:
        st.info(banner + " " + baseline.method)
    totals = result.totals()
    years = levers.horizon_years
    m1, m2, m3, m4 = st.columns(4)
    base_places = float(totals["baseline_places"].iloc[-1])
    m1.metric(f"Custody places, year {years}", f"{totals['places'].iloc[-1]:,.0f}",
              f"{totals['places'].iloc[-1] - base_places:+,.0f} vs baseline", delta_color="inverse")
    m2.metric(f"Custody spend, {years} years", money(totals["custody_spend"].sum()),
              money(totals["custody_spend"].sum() - totals["baseline_custody_spend"].sum()) + " vs baseline",
              delta_color="inverse")
    m3.metric("Local net position", money(totals["local_net"].sum()))
    m4.metric("Centre net position", money(totals["centre_net"].sum()))
    st.caption(f"Recalculated in {elapsed_ms:.1f} ms for {len(baseline.area_codes)} area(s), "
               f"{len(baseline.cohorts)} cohort(s) and {years} years. Money in the prices of each source year "
               "(no uprating). Net positions are against today's arrangements.")

    st.header("What changed and why")
    st.markdown("\n".join(f"- {line}" for line in summary(result)))

    st.header("Side by side")
    saved_list = store.list()
    options = list(PRESETS) + [f"saved:{i}" for i in saved_list["id"]]
    saved_names = dict(zip(saved_list["id"], saved_list["name"]))
    compare = st.multiselect("Compare this scenario with", options, key="whatif_compare",
                             format_func=lambda o: PRESETS[o][0] if o in PRESETS else
                             f"Saved: {saved_names.get(o[6:], o[6:])}")
    results = {f"This scenario: {scenario.name}": result}
    for option in compare:
        if option in PRESETS:
            results[PRESETS[option][0]] = run(baseline, PRESETS[option][1])
        else:
            try:
                other = store.load(option[6:])
                results[f"Saved: {other.name}"] = run(baseline, other.levers)
            except (KeyError, ScenarioFileError) as error:
                st.warning(f"A saved scenario could not be compared: {error}")
    if len(results) > 1:
        st.caption("Compared scenarios run on this page's baseline with their own levers, so the comparison is like "
                   "for like.")
    st.dataframe(comparison_table(results), hide_index=True, width="stretch")

    metric = st.selectbox("Second chart shows", [m for m in TRAJECTORY_METRICS if m != "places"], key="whatif_metric",
                          format_func=lambda m: METRIC_LABELS[m], index=4)
    left, right = st.columns(2)
    left.plotly_chart(trajectory_figure(results, "places"), key="whatif_places_chart", theme=None, width="stretch")
    right.plotly_chart(trajectory_figure(results, metric), key="whatif_metric_chart", theme=None, width="stretch")
    st.caption("Each scenario has its own colour, dash and marker; the baseline is the black dotted line. "
               f"Baseline used: {baseline.label}.")

    if len(baseline.area_codes) > 1:
        st.header(f"By area: {layer_label(layer)}")
        map_metric = st.selectbox("Map shows", list(MAP_METRICS), key="whatif_map_metric",
                                  format_func=lambda m: MAP_METRICS[m][0])
        units = force_area_units(atlas, layer) if layer == DEVOLUTION_UNIT else None
        st.plotly_chart(scenario_map(atlas, layer, result, map_metric, units), key="whatif_map", theme=None,
                        config={"scrollZoom": True, "displaylogo": False}, width="stretch")
        st.caption(("ESTIMATE by population share: " if baseline.is_estimate else "") + "red = negative, blue = "
                   "positive, white = zero; hover for each area's value (the table below lists them). " + ATTRIBUTION)
    else:
        st.caption(f"One area ({baseline.area_names[0]}): no map. Choose a per-area baseline to map the result.")

    with st.expander("Tables and downloads (every chart's data, with the assumptions that produced it)"):
        comparison = comparison_table(results)
        st.download_button("Side-by-side table (CSV)", csv(comparison), "scenario_comparison.csv", "text/csv",
                           key="dl_comparison")
        yearly = trajectory_table(results)
        st.dataframe(yearly, hide_index=True, width="stretch")
        st.download_button("Year-by-year totals (CSV)", csv(yearly), "scenario_years.csv", "text/csv", key="dl_years")
        by_area = result.by_area()
        by_area["method"] = baseline.method
        by_area["levers"] = json.dumps(levers.to_dict(), sort_keys=True)
        st.dataframe(by_area.drop(columns=["method", "levers"]), hide_index=True, width="stretch")
        st.download_button("By area over the horizon (CSV)", csv(by_area), "scenario_by_area.csv", "text/csv",
                           key="dl_area")
        if len(baseline.area_codes) > 1:
            st.download_button("Map values (CSV)", csv(area_values(result, map_metric)), "scenario_map.csv",
                               "text/csv", key="dl_map")
        st.download_button("Every area x cohort x year (CSV)", csv(result.long_table()), "scenario_detail.csv",
                           "text/csv", key="dl_detail")
        bundle = {"scenario": scenario.to_document(), "assumptions": result.assumptions(),
                  "totals": result.totals().to_dict(orient="list")}
        st.download_button("Results with every assumption (JSON)", json.dumps(bundle, indent=1, default=float),
                           "scenario_results.json", "application/json", key="dl_bundle")

    with st.expander("Assumptions and sources"):
        st.markdown("Every lever and assumption, its default and where the default comes from:")
        assumptions = pd.DataFrame(parameters_table())
        assumptions["this scenario"] = [levers.to_dict()[n] for n in assumptions["name"]]
        st.dataframe(assumptions, hide_index=True, width="stretch")
        st.download_button("Assumptions (CSV)", csv(assumptions), "scenario_assumptions.csv", "text/csv",
                           key="dl_assumptions")
        st.markdown("National figures behind the national baseline (data/scenario/national_baseline.csv):")
        st.dataframe(national_figures(), hide_index=True, width="stretch")
        st.markdown("**Baseline sources:** " + "; ".join(baseline.sources))

with controls:
    st.header("Keep this scenario")
    st.text_input("Scenario name", key="whatif_name", max_chars=80)
    if st.button("Save scenario", key="whatif_save", icon=":material/save:"):
        saved = store.save(scenario)
        st.session_state["whatif_saved_ids"].add(saved)
        st.query_params["scenario"] = saved
        st.success(f"Saved '{scenario.name}'. The page link now reopens it (scenario={saved}).")
    st.download_button("Download scenario file (JSON)", dumps(scenario).encode(), "patchwork_scenario.json",
                       "application/json", key="whatif_download")
    st.file_uploader("Open a scenario file", type=["json"], key="whatif_upload", on_change=on_upload,
                     help="A file saved from this page. A broken or newer-version file is refused and the open "
                          "scenario stays.")
    saved_list = store.list()  # again: a scenario may have been saved in this run
    if not saved_list.empty:
        saved_names = dict(zip(saved_list["id"], saved_list["name"]))
        st.selectbox("Open a saved scenario", [""] + list(saved_list["id"]), key="whatif_open", on_change=on_open_saved,
                     format_func=lambda i: "choose…" if not i else f"{saved_names.get(i, i)} ({i})")
        chosen = st.session_state.get("whatif_open")
        if chosen and st.button(f"Delete '{saved_names.get(chosen, chosen)}' from the store", key="whatif_delete"):
            store.delete(chosen)
            st.session_state["whatif_saved_ids"].discard(chosen)
            st.session_state["whatif_message"] = ("success", f"Deleted '{saved_names.get(chosen, chosen)}' from the store.")
            del st.session_state["whatif_open"]
            st.rerun()
