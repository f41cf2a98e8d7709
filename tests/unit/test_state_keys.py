"""Session-state keys named once (ui.state_keys): no literal key in the modules that adopted them, none named twice."""
from __future__ import annotations

import re
from pathlib import Path

from ui import state_keys

REPO = Path(__file__).resolve().parents[2]
# Pages and ui modules that take every session-state key from ui.state_keys (others adopt it as they are reworked).
ADOPTED = ["pages/10_overlay_map.py", "pages/20_place_explorer.py", "pages/30_coterminosity.py",
           "pages/35_reform_timeline.py", "pages/50_reoffending.py", "pages/60_bring_your_own_figures.py",
           "pages/90_board_pack.py", "pages/95_about_the_data.py", "ui/indicator_store.py", "ui/official_import.py",
           *sorted(str(p.relative_to(REPO)) for p in (REPO / "ui").glob("upload_*.py")),
           *sorted(str(p.relative_to(REPO)) for p in (REPO / "ui").glob("*_view.py"))]
LITERAL = re.compile(r"session_state(\.(get|pop|setdefault)\(|\[)\s*f?[\"']|session_state\.update\(\w+=")


def test_adopted_modules_use_no_literal_session_state_key():
    found = [f"{name}:{number}: {line.strip()}" for name in ADOPTED
             for number, line in enumerate((REPO / name).read_text(encoding="utf-8").splitlines(), start=1)
             if LITERAL.search(line)]
    assert found == [], "session-state keys belong in ui/state_keys.py:\n" + "\n".join(found)


def test_every_key_is_named_once():
    keys = {name: value for name, value in vars(state_keys).items() if name.isupper() and isinstance(value, str)}
    assert len(set(keys.values())) == len(keys), keys
    assert state_keys.upload_key("abc123") == "up_abc123"
