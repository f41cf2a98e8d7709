"""One safe export path: every CSV a person downloads goes through the formula-safe writer."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WRITER = REPO / "indicators" / "csv_safety.py"


def test_no_page_or_widget_writes_csv_except_through_the_formula_safe_writer():
    direct = []
    for folder in ("pages", "ui", "exports", "figures"):
        for path in sorted((REPO / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if re.search(r"\.to_csv\(", line):
                    direct.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert direct == [], "CSV written without indicators.csv_safety.safe_csv_bytes:\n" + "\n".join(direct)
    assert ".to_csv(" in WRITER.read_text(encoding="utf-8")  # the one writer the rest go through
