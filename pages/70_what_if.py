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
    sensitivity_figure,
    sensitivity_table,
    trajectory_figure,
    trajectory_table,
)
from formatting.numbers import money
from indicators.csv_safety import safe_csv_bytes
from scenario.area_population import DEVOLUTION_UNIT, SHAREABLE_LAYERS, PopulationMissingError, force_area_units, layer_label
from scenario.assumptions import assumptions_log, entry, not_modelled
from scenario.baseline import (
    COHORTS,
    FIELD_LABELS,
    FIELDS,
    KINDS,
    MAX_TIME_SERVED_YEARS,
    SHORT_SENTENCE_BANDS,
    Baseline,
    BaselineError,
    national_figures,
)
from scenario.checks import result_warnings
from scenario.choose import build_baseline
from scenario.devolution import Devolution
from scenario.model import METRIC_LABELS, OUTPUT_STATUS, run
from scenario.parameters import INTEGER_PARAMETERS, PARAMETERS, Levers, get_parameter, parameters_table
from scenario.persistence import Scenario, ScenarioFileError, clean_name, dumps, from_query, loads_with_notices, to_query
from scenario.presets import PRESETS
from scenario.sensitivity import HEADLINES, formula_results, sensitivity
from scenario.store import ScenarioStore, scenario_id
from scenario.summary import summary
from ui import resources
from ui.indicator_store import current_store

ELASTICITIES = {"receptions_reoffending_elasticity", "reinvestment_feedback"}
PERCENT = {p.name for p in PARAMETERS if p.name not in INTEGER_PARAMETERS and p.name not in ELASTICITIES
           and p.name != "community_cost_per_diversion"}
TOGGLES = {"youth_places_commissioned"}
GROUPS = {
    "Policy levers": ("diversion_share", "community_cost_per_diversion", "reoffending_change", "time_served_change"),
    "Devolved funding formula (IPPR 2016, ch.4)": ("lag_years", "average_years", "review_years", "upfront_share",
                                                   "clawback_threshold", "clawback_review_year", "clawback_share",
                                                   "reinvestment_share"),
    "Young offenders: secure schools (IPPR 2016, ch.4)": ("youth_places_commissioned", "secure_school_block"),
    "Horizon and assumptions": ("horizon_years", "ramp_years", "receptions_reoffending_elasticity",
                                "reinvestment_feedback", "backfill_share", "marginal_cost_share"),
}
BANDS = {"under_24": "Under 24 months (IPPR's cohort)", "under_12": "Under 12 months (MoJ's short-sentence line)"}
store = ScenarioStore()
atlas = resources.atlas()


def csv(table: pd.DataFrame) -> bytes:
    """CSV with formula-like cells neutralised (names typed by users reach exports)."""
    return safe_csv_bytes(table)


def to_widget(name: str, value: float):
    """A lever's value as its widget holds it (whole percentage points, a toggle, or the number)."""
    if name in TOGGLES:
        return bool(value)
    return round(value * 100) if name in PERCENT else (int(value) if name in INTEGER_PARAMETERS else float(value))


def from_widget(name: str):
    """A lever's value read back from its widget, in the model's units."""
    value = st.session_state[f"lever_{name}"]
    if name in TOGGLES:
        return int(bool(value))
    return value / 100 if name in PERCENT else value


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
    st.session_state["whatif_band"] = scenario.short_sentence_band
    st.session_state["own_name"] = scenario.own_area_name
    st.session_state["own_cohorts"] = list(scenario.own_area_figures) or ["short_sentence"]
    for cohort in COHORTS:
        for field in FIELDS:
            st.session_state[f"own_{cohort}_{field}"] = scenario.own_area_figures.get(cohort, {}).get(field)
    devolution = scenario.devolution
    st.session_state["whatif_devolve_cohorts"] = list(devolution.cohorts if devolution.cohorts is not None else COHORTS)
    st.session_state["whatif_devolve_mode"] = "all" if devolution.areas is None else "chosen"
    st.session_state["whatif_devolve_areas"] = list(devolution.areas or ())


def on_upload() -> None:
    """Open an uploaded scenario file, or say why it was refused (the open scenario stays)."""
    upload = st.session_state.get("whatif_upload")
    if upload is None:
        return
    try:
        scenario, notices = loads_with_notices(upload.getvalue())
    except ScenarioFileError as error:
        st.session_state["whatif_message"] = ("error", f"'{upload.name}' was refused: {error}. "
                                              "The open scenario is unchanged.")
        return
    apply_scenario(scenario)
    st.session_state["whatif_notices"] = st.session_state.get("whatif_notices", []) + notices
    st.session_state["whatif_message"] = ("success", f"Opened '{scenario.name}' from {upload.name}.")


def on_open_saved() -> None:
    """Open the scenario chosen from the store."""
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


def session_baseline(kind: str, layer: str, own_name: str, own_json: str, band: str) -> tuple[Baseline, list[str]]:
    """The indicator-store baseline is built per session: it may hold this session's uploaded figures."""
    if kind != "indicator_store":
        return cached_baseline(kind, layer, own_name, own_json)
    indicator_store, warnings = current_store()
    baseline, notices = build_baseline(Scenario("", Levers(), kind, layer, short_sentence_band=band), atlas,
                                       indicator_store)
    return baseline, warnings + notices


def lever_widget(name: str) -> None:
    """One lever's widget, its label saying the status (sourced, derived or the project's assumption)."""
    p = get_parameter(name)
    status = p.status
    tag = "" if status == "policy lever" else f" — {status}"
    helptext = f"{p.description} {p.source}"
    if name == "community_cost_per_diversion":
        st.number_input(f"{p.label} ({p.unit}){tag}", min_value=0.0, max_value=p.maximum, step=p.step,
                        key=f"lever_{name}", help=helptext)
        source = entry(name)
        st.caption(f"Default £{p.default:,.0f}: {source['source']} ([report]({source['address']})).")
    elif name in TOGGLES:
        st.toggle(f"{p.label}{tag}", key=f"lever_{name}", help=helptext)
    elif name in PERCENT:
        st.slider(f"{p.label} (%){tag}", int(p.minimum * 100), int(p.maximum * 100), step=max(int(p.step * 100), 1),
                  key=f"lever_{name}", help=helptext, format="%d%%")
    elif name in ELASTICITIES:
        st.slider(f"{p.label} ({p.unit}){tag}", float(p.minimum), float(p.maximum), step=float(p.step),
                  key=f"lever_{name}", help=helptext)
    else:
        st.slider(f"{p.label} ({p.unit}){tag}", int(p.minimum), int(p.maximum), key=f"lever_{name}", help=helptext)


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
st.caption("IPPR (2016, ch.4) proposes devolving the custody budget for offenders on short sentences (under 24 months), "
           "women and young offenders (under 18) to mayors or PCCs: charging them per bed night for adults, letting "
           "them commission secure-school places for young offenders, funding them on a time-lagged formula with "
           "up-front money that can be clawed back, and devolving in stages to areas that bid. Move the levers: every "
           "number below is recalculated at once and says which baseline it used; every input says whether it is "
           "sourced, derived or the project's assumption.")
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
    if kind == "indicator_store":
        st.radio("Short-sentence cohort", list(SHORT_SENTENCE_BANDS), key="whatif_band", format_func=BANDS.get,
                 help="IPPR devolves sentences under 24 months; under 12 months is MoJ's short-sentence line, kept as a "
                      "sub-view. Without imported under-24-month counts the page falls back to under 12 and says so.")
    own_figures: dict = {}
    if kind == "own_area":
        st.text_input("Your area's name", key="own_name", max_chars=80)
        cohorts = st.multiselect("Cohorts you have figures for", list(COHORTS), key="own_cohorts",
                                 format_func=lambda c: COHORTS[c],
                                 help="Choose one short-sentence cohort: under 12 months is part of under 24 months.")
        for cohort in cohorts:
            st.markdown(f"**{COHORTS[cohort]}**")
            left, right = st.columns(2)
            values = {}
            for i, field in enumerate(FIELDS):
                top = {"reoffending_rate": 1.0, "time_served_years": MAX_TIME_SERVED_YEARS.get(cohort, 60.0)}
                values[field] = (left if i % 2 == 0 else right).number_input(
                    FIELD_LABELS[field], min_value=0.0, max_value=top.get(field, 1e9), value=None,
                    key=f"own_{cohort}_{field}", placeholder="type your figure",
                    help=("A sentence in this cohort is shorter than this, so nobody serves longer."
                          if field == "time_served_years" and cohort in MAX_TIME_SERVED_YEARS else None))
            if any(v is not None for v in values.values()):
                own_figures[cohort] = values

layer = st.session_state.get("whatif_layer", "police_force_area")
band = st.session_state.get("whatif_band", "under_24")
clean_own = {c: v for c, v in own_figures.items() if all(x is not None for x in v.values())}
incomplete = sorted(set(own_figures) - set(clean_own))
baseline_notices: list[str] = []
try:
    if kind == "own_area" and (not clean_own or incomplete):
        raise BaselineError("type in all four figures for each cohort you chose"
                            + (f" (missing for {', '.join(COHORTS[c] for c in incomplete)})" if incomplete else ""))
    baseline, baseline_notices = session_baseline(kind, layer, clean_name(st.session_state.get("own_name", "")),
                                                  json.dumps(clean_own, sort_keys=True), band)
except (BaselineError, PopulationMissingError) as error:
    with controls:
        st.warning(f"The chosen baseline cannot be used yet: {error}. Showing national totals meanwhile.")
    baseline, _ = cached_baseline("national", layer, "", "{}")

with controls:
    st.header("Staged devolution (IPPR 2016, ch.4)")
    st.multiselect("Cohorts devolved", list(COHORTS), key="whatif_devolve_cohorts", format_func=lambda c: COHORTS[c],
                   help="IPPR expects some areas not to want the women's cohort (footnote 9). A cohort not devolved "
                        "stays with the centre as today.")
    if len(baseline.area_codes) > 1:
        st.radio("Areas that take the powers", ["all", "chosen"], key="whatif_devolve_mode", horizontal=True,
                 format_func={"all": "Every area", "chosen": "Only the areas I choose"}.get,
                 help="IPPR: areas bid for the powers and devolution is 'delivered in stages'.")
        if st.session_state.get("whatif_devolve_mode") == "chosen":
            names = dict(zip(baseline.area_codes, baseline.area_names))
            st.session_state["whatif_devolve_areas"] = [a for a in st.session_state.get("whatif_devolve_areas", [])
                                                        if a in names]
            st.multiselect("Areas", list(baseline.area_codes), key="whatif_devolve_areas", format_func=names.get)
    for group, names_in_group in GROUPS.items():
        st.header(group)
        for name in names_in_group:
            lever_widget(name)

levers = Levers.from_dict({name: from_widget(name) for name in Levers().to_dict()})
chosen_cohorts = tuple(c for c in COHORTS if c in st.session_state.get("whatif_devolve_cohorts", list(COHORTS)))
areas_mode = st.session_state.get("whatif_devolve_mode", "all") if len(baseline.area_codes) > 1 else "all"
devolution = Devolution(None if set(chosen_cohorts) == set(COHORTS) else chosen_cohorts,
                        tuple(st.session_state.get("whatif_devolve_areas", [])) if areas_mode == "chosen" else None)
scenario = Scenario(clean_name(st.session_state.get("whatif_name") or "") or "Untitled scenario", levers, kind, layer,
                    clean_name(st.session_state.get("own_name", "")) if kind == "own_area" else "",
                    clean_own if kind == "own_area" else {}, band, devolution)

started = time.perf_counter()
result = run(baseline, levers, devolution)
elapsed_ms = (time.perf_counter() - started) * 1000
strip = sensitivity(baseline, levers, devolution, current=result)
formulas = formula_results(baseline, levers, devolution, current=result)

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
    resources.show_notices(baseline_notices + list(baseline.notes))
    banner = f"**Baseline used:** {baseline.label}."
    if baseline.is_estimate:
        st.warning(banner + " These per-area figures are an ESTIMATE, not published statistics. Method: "
                   + baseline.method, icon="⚠️")
    else:
        st.info(banner + " " + baseline.method)
    for warning in result_warnings(result):
        st.warning(warning, icon="⚠️")
    totals = result.totals()
    years = levers.horizon_years
    m1, m2, m3, m4 = st.columns(4)
    base_places = float(totals["baseline_places"].iloc[-1])
    m1.metric(f"Custody places in use, year {years}", f"{totals['places_in_use'].iloc[-1]:,.0f}",
              f"{totals['places_in_use'].iloc[-1] - base_places:+,.0f} vs baseline", delta_color="inverse")
    m2.metric(f"Custody spend, {years} years", money(totals["custody_spend"].sum()),
              money(totals["custody_spend"].sum() - totals["baseline_custody_spend"].sum()) + " vs baseline",
              delta_color="inverse")
    m3.metric("Local net position", money(totals["local_net"].sum()))
    m4.metric("Centre net position", money(totals["centre_net"].sum()))
    st.caption(f"All four are MODELLED (derived from the baseline's sources above and the levers; each input's status "
               f"is in the assumptions log below). Local + centre = the saving to the public purse, "
               f"{money(totals['system_saving'].sum())}. Recalculated in {elapsed_ms:.1f} ms for "
               f"{len(baseline.area_codes)} area(s), {len(baseline.cohorts)} cohort(s) and {years} years. Money in the "
               "prices of each source year (no uprating). Net positions are against today's arrangements.")

    st.header("What changed and why")
    st.markdown("\n".join(f"- {line}" for line in summary(result)))

    st.header("How sure? The headline at low, middle and high settings of each assumption")
    headline = st.radio("Headline", list(HEADLINES), key="whatif_strip_headline", horizontal=True,
                        format_func=lambda h: HEADLINES[h].replace(" over the horizon", ""))
    st.plotly_chart(sensitivity_figure(strip, headline), key="whatif_sensitivity", theme=None, width="stretch")
    st.caption("Each line runs this scenario again with one assumption at the settings the assumptions log gives "
               "(the others as set); ◆ = the setting shown above. Settings and why each default is what it is: "
               "data/scenario/assumptions.csv (below). The 12-24-month time served (a baseline assumption) is not in "
               "the strip: it changes only the under-24-month cohort from imported counts.")
    with st.expander("Table: the sensitivity strip"):
        st.dataframe(sensitivity_table(strip), hide_index=True, width="stretch")

    st.header("The funding formula: what each choice does to the local position")
    st.plotly_chart(trajectory_figure(formulas, "local_net"), key="whatif_formula_chart", theme=None, width="stretch")
    formula_totals = pd.DataFrame([{"Formula": name, "Local net": money(r.area["local_net"].sum()),
                                    "Centre net": money(r.area["centre_net"].sum()),
                                    "Lag": r.levers.lag_years, "Years averaged": r.levers.average_years,
                                    "Reviewed every": r.levers.review_years} for name, r in formulas.items()])
    st.dataframe(formula_totals, hide_index=True, width="stretch")
    st.caption("IPPR (2016, ch.4) asks for a 'time lag' that 'factors in historical custody rates' and a formula "
               "'under regular review'; it gives no numbers. A pure shift hands a saving back after the lag; an "
               "average of past years fades it out; a review every N years holds the budget in between. Same levers, "
               "baseline and devolution in every line.")

    st.header("Side by side")
    saved_list = store.list()
    options = list(PRESETS) + [f"saved:{i}" for i in saved_list["id"]]
    if not devolution.is_full:
        options.insert(0, "same:full")
    saved_names = dict(zip(saved_list["id"], saved_list["name"]))
    if any(o not in options for o in st.session_state.get("whatif_compare", [])):
        st.session_state["whatif_compare"] = [o for o in st.session_state["whatif_compare"] if o in options]
    compare = st.multiselect("Compare this scenario with", options, key="whatif_compare",
                             format_func=lambda o: PRESETS[o].name if o in PRESETS else
                             "Same levers, every cohort devolved to every area" if o == "same:full" else
                             f"Saved: {saved_names.get(o[6:], o[6:])}")
    results = {f"This scenario: {scenario.name}": result}
    for option in compare:
        if option in PRESETS:
            results[PRESETS[option].name] = run(baseline, PRESETS[option].levers, PRESETS[option].devolution)
        elif option == "same:full":
            results["Same levers, every cohort devolved to every area"] = run(baseline, levers)
        else:
            try:
                other = store.load(option[6:])
                results[f"Saved: {other.name}"] = run(baseline, other.levers, other.devolution)
            except (KeyError, ScenarioFileError) as error:
                st.warning(f"A saved scenario could not be compared: {error}")
    if len(results) > 1:
        st.caption("Compared scenarios run on this page's baseline with their own levers, so the comparison is like "
                   "for like. The presets' lever settings are the project's illustrations, not IPPR's numbers.")
    st.dataframe(comparison_table(results), hide_index=True, width="stretch")

    choices = [m for m in TRAJECTORY_METRICS if m != "places_in_use"]
    metric = st.selectbox("Second chart shows", choices, key="whatif_metric", format_func=lambda m: METRIC_LABELS[m],
                          index=choices.index("local_net"))
    left, right = st.columns(2)
    left.plotly_chart(trajectory_figure(results, "places_in_use"), key="whatif_places_chart", theme=None,
                      width="stretch")
    right.plotly_chart(trajectory_figure(results, metric), key="whatif_metric_chart", theme=None, width="stretch")
    st.caption("Each scenario has its own colour, dash and marker; the baseline is the black dotted line. "
               f"Baseline used: {baseline.label}. Modelled figures.")

    map_metric = None
    if len(baseline.area_codes) > 1:
        st.header(f"By area: {layer_label(layer)}")
        map_metric = st.selectbox("Map shows", list(MAP_METRICS), key="whatif_map_metric",
                                  format_func=lambda m: MAP_METRICS[m][0])
        units = force_area_units(atlas, layer) if layer == DEVOLUTION_UNIT else None
        st.plotly_chart(scenario_map(atlas, layer, result, map_metric, units), key="whatif_map", theme=None,
                        config={"scrollZoom": True, "displaylogo": False}, width="stretch")
        st.caption(("ESTIMATE by population share: " if baseline.is_estimate else "") + "red = negative, blue = "
                   "positive, white = zero; hover for each area's value (the table below lists them). Modelled. "
                   + ATTRIBUTION)
    else:
        st.caption(f"One area ({baseline.area_names[0]}): no map. Choose a per-area baseline to map the result.")

    st.header("What the model leaves out")
    st.markdown("\n".join(f"- **{row.label}** ({row.source}): {row.why}" for row in not_modelled().itertuples()))

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
        st.dataframe(by_area.drop(columns=["method", "levers", "status"]), hide_index=True, width="stretch")
        st.download_button("By area over the horizon (CSV)", csv(by_area), "scenario_by_area.csv", "text/csv",
                           key="dl_area")
        if map_metric is not None:
            st.download_button("Map values (CSV)", csv(area_values(result, map_metric)), "scenario_map.csv",
                               "text/csv", key="dl_map")
        st.download_button("Every area x cohort x year (CSV)", csv(result.long_table()), "scenario_detail.csv",
                           "text/csv", key="dl_detail")
        st.download_button("Sensitivity strip (CSV)", csv(strip.assign(status_of_outputs=OUTPUT_STATUS)),
                           "scenario_sensitivity.csv", "text/csv", key="dl_sensitivity")
        st.download_button("Funding formula variants (CSV)", csv(trajectory_table(formulas)),
                           "scenario_formula_variants.csv", "text/csv", key="dl_formulas")
        bundle = {"scenario": scenario.to_document(), "assumptions": result.assumptions(),
                  "totals": result.totals().to_dict(orient="list"), "sensitivity": strip.to_dict(orient="records")}
        st.download_button("Results with every assumption (JSON)", json.dumps(bundle, indent=1, default=float),
                           "scenario_results.json", "application/json", key="dl_bundle")

    with st.expander("Assumptions and sources (the assumptions log)"):
        st.markdown("Every lever and assumption: its status (sourced, derived, the project's assumption), range, "
                    "source and why its default is what it is (data/scenario/assumptions.csv):")
        assumptions = pd.DataFrame(parameters_table())
        assumptions["this scenario"] = [levers.to_dict()[n] for n in assumptions["name"]]
        st.dataframe(assumptions, hide_index=True, width="stretch")
        st.download_button("Levers and assumptions (CSV)", csv(assumptions), "scenario_assumptions.csv", "text/csv",
                           key="dl_assumptions")
        log = assumptions_log()
        st.markdown("The whole log, including the baseline's assumptions and what is not modelled:")
        st.dataframe(log, hide_index=True, width="stretch")
        st.download_button("Assumptions log (CSV)", csv(log), "scenario_assumptions_log.csv", "text/csv",
                           key="dl_log")
        st.markdown("National figures behind the national baseline (data/scenario/national_baseline.csv), each with "
                    "its status:")
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
                     help="A file saved from this page (older formats open too: cost per place is read as cost per "
                          "prisoner). A broken or newer-version file is refused and the open scenario stays.")
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
