"""Parts of the what-if page that redraw alone when their own control changes (st.fragment): choosing which
headline the sensitivity strip shows, or what the second comparison chart shows, changes nothing else, so
the rest of the page (levers, model, every other chart) is not rerun for it."""
from __future__ import annotations

import streamlit as st

from figures.scenario import TRAJECTORY_METRICS
from scenario.model import METRIC_LABELS
from scenario.sensitivity import HEADLINES
from ui import what_if_view
from ui.state_keys import WHATIF_METRIC, WHATIF_STRIP_HEADLINE


@st.fragment
def sensitivity_strip(baseline_key: tuple, levers_key: str, core: what_if_view.CoreView) -> None:
    """The headline picker and the strip for it."""
    headline = st.radio("Headline", list(HEADLINES), key=WHATIF_STRIP_HEADLINE, horizontal=True,
                        format_func=lambda h: HEADLINES[h].replace(" over the horizon", ""))
    st.plotly_chart(what_if_view.strip_figure(baseline_key, levers_key, headline, False, core),
                    key="whatif_sensitivity", theme=None, width="stretch")


@st.fragment
def comparison_charts(baseline_key: tuple, levers_key: str, name: str, others: tuple,
                      comparison: what_if_view.ComparisonView, baseline_label: str) -> None:
    """Places in use beside a second measure of the reader's choosing, for every scenario compared."""
    choices = [m for m in TRAJECTORY_METRICS if m != "places_in_use"]
    metric = st.selectbox("Second chart shows", choices, key=WHATIF_METRIC, format_func=METRIC_LABELS.get,
                          index=choices.index("local_net"))
    left, right = st.columns(2)
    left.plotly_chart(comparison.places_figure, key="whatif_places_chart", theme=None, width="stretch")
    right.plotly_chart(what_if_view.metric_figure(baseline_key, levers_key, name, others, metric, False, comparison),
                       key="whatif_metric_chart", theme=None, width="stretch")
    st.caption("Each scenario has its own colour, dash and marker; the baseline is the black dotted line. "
               f"Baseline used: {baseline_label}. Modelled figures.")
