"""Figures made once and drawn on every rerun: their dict and their JSON are made once too, not on every draw."""
from __future__ import annotations

import orjson
import plotly.graph_objects as go
import plotly.io as pio


class SerialisedSpec(dict):
    """A frozen figure's dict, carrying the JSON made from it once.

    plotly.io.to_json, which st.plotly_chart calls on every draw, asks the figure's dict for `to_plotly_json`
    before serialising it, and embeds an orjson Fragment as it is: about a tenth of the server's time under the
    load test went to serialising the same cached figures again (py-spy)."""

    fragment: orjson.Fragment

    def to_plotly_json(self) -> orjson.Fragment:
        """The figure's JSON, made when it was frozen."""
        return self.fragment


def frozen(figure: go.Figure) -> go.Figure:
    """The finished figure, its dict and JSON made now and handed out on every draw; never change it afterwards.

    st.plotly_chart (and plotly.io, kaleido) read a figure through `to_dict`, a deep copy of every trace: about
    60 ms a rerun for one map's GeoJSON. A cached figure is shared by every session and only ever read, so one
    copy made here serves them all."""
    plain = figure.to_dict()
    spec = SerialisedSpec(plain)
    spec.fragment = orjson.Fragment(pio.to_json(plain, validate=False))
    # BaseFigure lets an existing attribute be set on the instance; this shadows the method for this figure only.
    figure.to_dict = lambda: spec
    return figure


def maybe_frozen(figure: go.Figure | None) -> go.Figure | None:
    """frozen() for a figure that may be missing (a view with only a table)."""
    return frozen(figure) if figure is not None else None
