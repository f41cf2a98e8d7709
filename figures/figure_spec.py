"""A Plotly figure from a finished spec: Plotly's validators check it in the tests, the server trusts it."""
from __future__ import annotations

import os

import plotly.graph_objects as go

# Plotly validates every property as a figure is built: about 10 of the 12 ms of the what-if sensitivity strip,
# which is built anew for every new lever value. The specs are fixed in code, so the test command sets
# PATCHWORK_CHECK_FIGURES=1 (tests/conftest.py) and every figure built in a test is validated; a running
# server does not repeat the check on every click.
CHECK = os.environ.get("PATCHWORK_CHECK_FIGURES") == "1"


def figure_from_spec(spec: dict) -> go.Figure:
    """go.Figure(spec), validated when checking (the tests), taken as it is otherwise (identical output)."""
    return go.Figure(spec, _validate=CHECK)
