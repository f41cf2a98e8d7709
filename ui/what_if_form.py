"""The what-if's form: baseline choice, staged devolution and lever widgets, put into and read back from the session."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import streamlit as st

from scenario.area_population import SHAREABLE_LAYERS, layer_label
from scenario.assumptions import entry
from scenario.baseline import (
    COHORTS,
    FIELD_LABELS,
    FIELDS,
    KINDS,
    LAYER_KINDS,
    MAX_TIME_SERVED_YEARS,
    SHORT_SENTENCE_BANDS,
    STORE_KINDS,
)
from scenario.devolution import Devolution
from scenario.parameters import INTEGER_PARAMETERS, PARAMETERS, Levers, get_parameter
from scenario.persistence import Scenario, clean_name
from ui.state_keys import (
    WHATIF_BAND,
    WHATIF_BASELINE,
    WHATIF_DEVOLVE_AREAS,
    WHATIF_DEVOLVE_COHORTS,
    WHATIF_DEVOLVE_MODE,
    WHATIF_LAYER,
    WHATIF_NAME_DEFAULT,
    WHATIF_NAME_GENERATION,
    WHATIF_NOTICES,
    WHATIF_OWN_COHORTS,
    WHATIF_OWN_NAME,
)

ELASTICITIES = {"receptions_reoffending_elasticity", "reinvestment_feedback"}
MONEY = {"community_cost_per_diversion", "youth_place_cost"}
PERCENT = {p.name for p in PARAMETERS if p.name not in INTEGER_PARAMETERS and p.name not in ELASTICITIES
           and p.name not in MONEY}
TOGGLES = {"youth_places_commissioned"}
CHOICES = {"alternatives_paid_locally": {0: "The centre: probation not devolved (IPPR's package for this parliament)",
                                         1: "The local area, from its budget (IPPR's long-term model)"},
           "budget_rule": {0: "Follows the area's charged spend (IPPR's time lag)", 1: "Held at today's budget",
                           2: "Savings share (local justice reinvestment pilot)"}}
GROUPS = {
    "Policy levers": ("diversion_share", "community_cost_per_diversion", "reoffending_change", "time_served_change"),
    "Who pays, and what the budget does (IPPR 2016, ch.4)": ("alternatives_paid_locally", "budget_rule",
                                                             "savings_share", "savings_threshold", "savings_cap"),
    "Devolved funding formula (IPPR 2016, ch.4)": ("lag_years", "average_years", "review_years", "upfront_share",
                                                   "clawback_threshold", "clawback_review_year", "clawback_share",
                                                   "reinvestment_share"),
    "Young offenders (IPPR 2016, ch.4)": ("youth_place_cost", "youth_places_commissioned", "secure_school_block"),
    "Horizon and assumptions": ("horizon_years", "ramp_years", "receptions_reoffending_elasticity",
                                "reinvestment_feedback", "backfill_share", "marginal_cost_share", "time_served_scale",
                                "receptions_scale"),
}
BANDS = {"under_24": "Under 24 months (IPPR's cohort)", "under_12": "Under 12 months (MoJ's short-sentence line)"}


@dataclass(frozen=True)
class BaselineChoice:
    """What the baseline controls say: the kind, layer, band and any typed figures (complete cohorts only)."""

    kind: str
    layer: str
    band: str
    own_name: str
    own_figures: dict  # cohort -> its four figures, for cohorts typed in full
    incomplete: tuple[str, ...]  # cohorts chosen with a figure missing


def lever_key(name: str) -> str:
    """The session key of one lever's widget."""
    return f"lever_{name}"


def own_key(cohort: str, field: str) -> str:
    """The session key of one typed own-area figure."""
    return f"own_{cohort}_{field}"


def to_widget(name: str, value: float):
    """A lever's value as its widget holds it (whole percentage points, a toggle, or the number)."""
    if name in TOGGLES:
        return bool(value)
    return round(value * 100) if name in PERCENT else (int(value) if name in INTEGER_PARAMETERS else float(value))


def from_widget(name: str, value) -> float:
    """A lever's widget value in the model's units."""
    if name in TOGGLES:
        return int(bool(value))
    return value / 100 if name in PERCENT else value


def apply_scenario(scenario: Scenario) -> None:
    """Put a scenario into the form (first load, an upload, a saved one opened); the name field starts afresh."""
    rounded = []
    for name, value in scenario.levers.to_dict().items():
        st.session_state[lever_key(name)] = to_widget(name, value)
        if name in PERCENT and abs(value * 100 - round(value * 100)) > 1e-9:
            rounded.append(get_parameter(name).label.lower())
    if rounded:  # the sliders move in whole percentage points
        st.session_state[WHATIF_NOTICES] = (st.session_state.get(WHATIF_NOTICES, [])
                                            + [f"Rounded to whole percentage points: {', '.join(rounded)}."])
    # The name is the field's own default under a new key, so the field is drawn with it from its first paint
    # (a value set through the session is applied by the browser only after the empty field has been shown).
    st.session_state[WHATIF_NAME_DEFAULT] = scenario.name
    st.session_state[WHATIF_NAME_GENERATION] = st.session_state.get(WHATIF_NAME_GENERATION, 0) + 1
    st.session_state[WHATIF_BASELINE] = scenario.baseline_kind
    st.session_state[WHATIF_LAYER] = scenario.layer
    st.session_state[WHATIF_BAND] = scenario.short_sentence_band
    st.session_state[WHATIF_OWN_NAME] = scenario.own_area_name
    st.session_state[WHATIF_OWN_COHORTS] = list(scenario.own_area_figures) or ["short_sentence"]
    for cohort in COHORTS:
        for field in FIELDS:
            st.session_state[own_key(cohort, field)] = scenario.own_area_figures.get(cohort, {}).get(field)
    devolution = scenario.devolution
    st.session_state[WHATIF_DEVOLVE_COHORTS] = list(devolution.cohorts if devolution.cohorts is not None else COHORTS)
    st.session_state[WHATIF_DEVOLVE_MODE] = "all" if devolution.areas is None else "chosen"
    st.session_state[WHATIF_DEVOLVE_AREAS] = list(devolution.areas or ())


def baseline_controls() -> BaselineChoice:
    """The baseline's widgets; what they say."""
    st.header("Baseline")
    kind = st.radio("Run the model on", list(KINDS), key=WHATIF_BASELINE, format_func=KINDS.get)
    if kind in LAYER_KINDS:
        st.selectbox("Areas", list(SHAREABLE_LAYERS), key=WHATIF_LAYER, format_func=layer_label,
                     help="IPPR (2016, ch.4) devolves custody budgets to city-region mayors, and to PCCs elsewhere: "
                          "the last choice. A force area joins a mayoral combined authority that holds over half "
                          "of its area.")
    if kind in STORE_KINDS:
        st.radio("Short-sentence cohort", list(SHORT_SENTENCE_BANDS), key=WHATIF_BAND, format_func=BANDS.get,
                 help="IPPR devolves sentences under 24 months; under 12 months is MoJ's short-sentence line, kept as a "
                      "sub-view. Without imported under-24-month counts the page falls back to under 12 and says so.")
    typed: dict = {}
    if kind == "own_area":
        st.text_input("Your area's name", key=WHATIF_OWN_NAME, max_chars=80)
        cohorts = st.multiselect("Cohorts you have figures for", list(COHORTS), key=WHATIF_OWN_COHORTS,
                                 format_func=COHORTS.get,
                                 help="Choose one short-sentence cohort: under 12 months is part of under 24 months.")
        for cohort in cohorts:
            st.markdown(f"**{COHORTS[cohort]}**")
            left, right = st.columns(2)
            values = {}
            for i, field in enumerate(FIELDS):
                top = {"reoffending_rate": 1.0, "time_served_years": MAX_TIME_SERVED_YEARS.get(cohort, 60.0)}
                values[field] = (left if i % 2 == 0 else right).number_input(
                    FIELD_LABELS[field], min_value=0.0, max_value=top.get(field, 1e9), value=None,
                    key=own_key(cohort, field), placeholder="type your figure",
                    help=("A sentence in this cohort is shorter than this, so nobody serves longer."
                          if field == "time_served_years" and cohort in MAX_TIME_SERVED_YEARS else None))
            if any(v is not None for v in values.values()):
                typed[cohort] = values
    complete = {c: v for c, v in typed.items() if all(x is not None for x in v.values())}
    return BaselineChoice(kind, st.session_state.get(WHATIF_LAYER, "police_force_area"),
                          st.session_state.get(WHATIF_BAND, "under_24"),
                          clean_name(st.session_state.get(WHATIF_OWN_NAME, "")) if kind == "own_area" else "",
                          complete if kind == "own_area" else {}, tuple(sorted(set(typed) - set(complete))))


def devolution_controls(area_codes: tuple[str, ...], area_names: tuple[str, ...],
                        cohorts: tuple[str, ...] = tuple(COHORTS)) -> Devolution:
    """Staged devolution's widgets (which of the baseline's cohorts, which areas); the devolution they say."""
    st.header("Staged devolution (IPPR 2016, ch.4)")
    held = st.session_state.get(WHATIF_DEVOLVE_COHORTS, list(cohorts))
    if any(c not in cohorts for c in held):  # the baseline has the other short-sentence band: keep what fits
        st.session_state[WHATIF_DEVOLVE_COHORTS] = [c for c in cohorts if c in held or (
            c in ("short_sentence", "short_sentence_under_12")
            and {"short_sentence", "short_sentence_under_12"} & set(held))]
    st.multiselect("Cohorts devolved", list(cohorts), key=WHATIF_DEVOLVE_COHORTS, format_func=COHORTS.get,
                   help="IPPR expects some areas not to want the women's cohort (footnote 9). A cohort not devolved "
                        "stays with the centre as today.")
    mode = "all"
    if len(area_codes) > 1:
        mode = st.radio("Areas that take the powers", ["all", "chosen"], key=WHATIF_DEVOLVE_MODE, horizontal=True,
                        format_func={"all": "Every area", "chosen": "Only the areas I choose"}.get,
                        help="IPPR: areas bid for the powers and devolution is 'delivered in stages'.")
        if mode == "chosen":
            names = dict(zip(area_codes, area_names))
            kept = [a for a in st.session_state.get(WHATIF_DEVOLVE_AREAS, []) if a in names]
            if kept != st.session_state.get(WHATIF_DEVOLVE_AREAS):
                st.session_state[WHATIF_DEVOLVE_AREAS] = kept
            st.multiselect("Areas", list(area_codes), key=WHATIF_DEVOLVE_AREAS, format_func=names.get)
    chosen = tuple(c for c in cohorts if c in st.session_state.get(WHATIF_DEVOLVE_COHORTS, list(cohorts)))
    return Devolution(None if set(chosen) == set(cohorts) else chosen,
                      tuple(st.session_state.get(WHATIF_DEVOLVE_AREAS, [])) if mode == "chosen" else None)


@cache
def lever_text(name: str) -> tuple[str, str, str]:
    """A lever's label (with its status: sourced, derived or the project's assumption), help and source caption,
    read from the assumptions log once per process."""
    p = get_parameter(name)
    tag = "" if p.status == "policy lever" else f" — {p.status}"
    unit = "%" if name in PERCENT else p.unit
    label = f"{p.label}{tag}" if name in TOGGLES or name in CHOICES else f"{p.label} ({unit}){tag}"
    caption = ""
    if name in MONEY:
        source = entry(name)
        caption = f"Default £{p.default:,.0f}: {source['source']}."
    return label, f"{p.description} {p.source}", caption


def lever_widget(name: str) -> None:
    """One lever's widget, labelled with its status."""
    p = get_parameter(name)
    label, helptext, caption = lever_text(name)
    key = lever_key(name)
    if name in MONEY:
        st.number_input(label, min_value=0.0 if name == "community_cost_per_diversion" else p.minimum,
                        max_value=p.maximum, step=p.step, key=key, help=helptext)
        st.caption(caption)
    elif name in CHOICES:
        st.radio(label, list(CHOICES[name]), key=key, help=helptext, format_func=CHOICES[name].get)
    elif name in TOGGLES:
        st.toggle(label, key=key, help=helptext)
    elif name in PERCENT:
        st.slider(label, int(p.minimum * 100), int(p.maximum * 100), step=max(int(p.step * 100), 1), key=key,
                  help=helptext, format="%d%%")
    elif name in ELASTICITIES:
        st.slider(label, float(p.minimum), float(p.maximum), step=float(p.step), key=key, help=helptext)
    else:
        st.slider(label, int(p.minimum), int(p.maximum), key=key, help=helptext)


def lever_controls() -> Levers:
    """Every lever's widget, group by group; the levers they say."""
    for group, names in GROUPS.items():
        st.header(group)
        for name in names:
            lever_widget(name)
    return read_levers()


def read_levers() -> Levers:
    """The levers as the form holds them."""
    return Levers.from_dict({name: from_widget(name, st.session_state[lever_key(name)]) for name in Levers().to_dict()})
