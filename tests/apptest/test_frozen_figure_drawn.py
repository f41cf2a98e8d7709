"""st.plotly_chart draws a frozen figure (its JSON made once) exactly as the figure it was made from."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def test_streamlit_draws_a_frozen_figure_exactly_as_the_figure_it_was_made_from():
    def page() -> None:
        import plotly.graph_objects as go
        import streamlit as st

        from ui.figure_view import frozen

        made = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], name="bars"))
        made.update_layout(title={"text": "Made up"}, height=300)
        st.plotly_chart(frozen(made), key="frozen")
        st.plotly_chart(go.Figure(made.to_dict()), key="plain")

    app = AppTest.from_function(page).run()
    frozen_chart, plain_chart = app.get("plotly_chart")
    assert json.loads(frozen_chart.proto.spec) == json.loads(plain_chart.proto.spec)
    assert json.loads(frozen_chart.proto.spec)["layout"]["title"]["text"] == "Made up"
