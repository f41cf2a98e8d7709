"""AppTest helpers for the overlay map widget: read what the page sent it, and answer as the browser would."""
from __future__ import annotations

import json

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetStates


def map_node(at):
    """The overlay map's component element (AppTest knows it only as an unknown element)."""
    return next(e for e in at.main if type(e).__name__ == "UnknownElement"
                and getattr(e.proto, "component_name", "") == "patchwork_overlay_map")


def map_data(at) -> dict:
    """The drawing and starting choices the page sent to the browser."""
    return json.loads(map_node(at).proto.json)


def run_with_browser_state(at, state: dict, event: tuple[str, object] | None = None):
    """Rerun as if the browser had reported `state` (layers, fill, view): what a tick in the legend sends.

    `event`, a (name, value) pair, is sent as well, as a one-off trigger (e.g. ("open_place", "E06000028"))."""
    widget_id = map_node(at).proto.id
    tree = at._tree
    collect = tree.get_widget_states

    def with_map_state() -> WidgetStates:
        states = collect()
        widget = states.widgets.add()
        widget.id = widget_id
        widget.json_value = json.dumps(state)
        if event is not None:
            trigger = states.widgets.add()
            trigger.id = _make_trigger_id(widget_id, "events")
            trigger.json_trigger_value = json.dumps([{"event": event[0], "value": event[1]}])
        return states

    tree.get_widget_states = with_map_state
    return at.run()
