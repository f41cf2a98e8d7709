"""Figures made once and drawn on every rerun: their dict is made once too, since each draw would deep-copy it."""
from __future__ import annotations

import plotly.graph_objects as go


def frozen(figure: go.Figure) -> go.Figure:
    """The finished figure, its dict made now and handed out on every draw; never change the figure afterwards.

    st.plotly_chart (and plotly.io, kaleido) read a figure through `to_dict`, a deep copy of every trace: about
    60 ms a rerun for one map's GeoJSON. A cached figure is shared by every session and only ever read, so one
    copy made here serves them all."""
    spec = figure.to_dict()
    # BaseFigure lets an existing attribute be set on the instance; this shadows the method for this figure only.
    figure.to_dict = lambda: spec
    return figure


def maybe_frozen(figure: go.Figure | None) -> go.Figure | None:
    """frozen() for a figure that may be missing (a view with only a table)."""
    return frozen(figure) if figure is not None else None
