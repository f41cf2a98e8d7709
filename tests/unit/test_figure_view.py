"""A frozen figure: its dict made once, drawn and exported exactly as the figure it was made from."""
from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from ui.figure_view import frozen, maybe_frozen


def _figure() -> go.Figure:
    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], name="bars"))
    figure.update_layout(title={"text": "Made up"}, height=300)
    return figure


def test_a_frozen_figure_gives_the_same_spec_every_time_without_copying_it_again():
    spec = _figure().to_dict()
    figure = frozen(_figure())
    assert figure.to_dict() == spec
    assert figure.to_dict() is figure.to_dict()  # one dict, handed out on every draw
    assert json.loads(pio.to_json(figure, validate=False)) == json.loads(pio.to_json(_figure(), validate=False))


def test_a_frozen_figure_is_drawn_from_the_json_made_once_identical_to_the_figure_s_own():
    figure = frozen(_figure())
    drawn = pio.to_json(figure, validate=False)  # what st.plotly_chart sends on every draw
    assert drawn == pio.to_json(_figure(), validate=False)
    figure.to_dict()["layout"]["title"]["text"] = "changed after freezing"  # the contract: never change it
    assert pio.to_json(figure, validate=False) == drawn  # so the JSON made once is what is drawn


def test_freezing_touches_only_that_figure_and_a_missing_figure_stays_missing():
    frozen(_figure())
    assert _figure().to_dict() is not _figure().to_dict()
    assert maybe_frozen(None) is None

