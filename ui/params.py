"""Parse and check view state carried in the URL (pure functions: no Streamlit here)."""
from __future__ import annotations

import re
from collections.abc import Iterable

SAFE_TEXT = re.compile(r"^[\w\s,.'&()/-]{0,100}$")


def parse_choices(raw: str | None, allowed: Iterable[str], default: list[str],
                  name: str) -> tuple[list[str], list[str]]:
    """Comma-separated ids from a URL parameter, keeping known ones; returns (values, notices)."""
    if raw is None or raw == "":
        return list(default), []
    allowed = list(allowed)
    wanted = [part.strip() for part in str(raw).split(",") if part.strip()]
    kept = [value for value in wanted if value in allowed]
    kept = list(dict.fromkeys(kept))
    unknown = [value for value in wanted if value not in allowed]
    notices = []
    if unknown:
        shown = ", ".join(_display(value) for value in unknown[:5])
        notices.append(f"The link asked for unknown {name} ({shown}); ignored.")
    if not kept:
        notices.append(f"No known {name} left in the link: showing the defaults.")
        return list(default), notices
    return kept, notices


def parse_choice(raw: str | None, allowed: Iterable[str], default: str, name: str) -> tuple[str, list[str]]:
    """One id from a URL parameter, or the default with a notice when it is unknown."""
    allowed = list(allowed)
    if raw is None or raw == "":
        return default, []
    if raw in allowed:
        return raw, []
    return default, [f"The link asked for an unknown {name} ({_display(raw)}); showing {default} instead."]


def parse_flag(raw: str | None, default: bool) -> bool:
    """'1'/'true'/'yes' or '0'/'false'/'no' from a URL parameter; anything else keeps the default."""
    if raw is None:
        return default
    value = str(raw).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    return default


def parse_text(raw: str | None, name: str) -> tuple[str, list[str]]:
    """Free text (a place) from a URL parameter, refused if it holds markup or is too long."""
    if raw is None:
        return "", []
    if SAFE_TEXT.match(raw):
        return raw.strip(), []
    return "", [f"The link's {name} held characters that are not allowed ({_display(raw)}); ignored."]


def _display(value: str) -> str:
    """A short, harmless rendering of untrusted text for a notice."""
    cleaned = re.sub(r"[^\w\s,.'&()/-]", "?", str(value))
    return f"'{cleaned[:40]}{'…' if len(cleaned) > 40 else ''}'"


def parse_view(raw: str | None) -> tuple[list[float] | None, list[str]]:
    """A map view 'x,y,zoom' from a URL parameter (SVG units and a zoom of 1-40), or None with a notice."""
    if raw is None or raw == "":
        return None, []
    try:
        x, y, zoom = (float(part) for part in str(raw).split(","))
    except ValueError:
        return None, [f"The link's map view ({_display(raw)}) is not three numbers 'x,y,zoom'; showing the whole map."]
    if not (1 <= zoom <= 40 and all(abs(v) <= 1e6 for v in (x, y))):
        return None, [f"The link's map view ({_display(raw)}) is out of range; showing the whole map."]
    return [x, y, zoom], []


def clean_map_state(state: dict, known: Iterable[str], layers: list[str], fill: bool,
                    view: list[float] | None) -> dict:
    """What a browser map sent back, keeping only known layers, a true/false fill and a sane view.

    Anything malformed falls back to what the page asked for (`layers`, `fill`); a bad view to the whole map."""
    known = set(known)
    sent = state.get("layers", layers)
    chosen = ([i for i in dict.fromkeys(v for v in sent if isinstance(v, str)) if i in known]
              if isinstance(sent, list) else list(layers))
    sent_fill = state.get("fill", fill)
    sent_view = state.get("view", view)
    numbers = isinstance(sent_view, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                  for v in sent_view)
    sent_view = parse_view(",".join(str(v) for v in sent_view))[0] if numbers else None
    return {"layers": chosen, "fill": sent_fill if isinstance(sent_fill, bool) else fill,
            "view": sent_view if isinstance(sent_view, list) else None}
