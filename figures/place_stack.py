"""The place stack as a table: the generalised form of IPPR (2016) Table 3.1."""
from __future__ import annotations

import pandas as pd


def stack_table(stack: list[dict]) -> pd.DataFrame:
    """One row per layer: the body (or bodies, with how many districts each) serving the place."""
    rows = []
    for row in stack:
        if row["bodies"]:
            several = len(row["bodies"]) > 1
            bodies = "; ".join(b["name"] + (f" ({b['districts']} districts)" if several else "") for b in row["bodies"])
        else:
            bodies = "— not covered"
        if row["districts_not_covered"] and row["bodies"]:
            bodies += f"; {row['districts_not_covered']} district(s) not covered"
        rows.append({"Layer": row["layer_name"], "Body or bodies": bodies, "Number of bodies": len(row["bodies"]),
                     "Era": "today" if row.get("today", True) else "history"})
    return pd.DataFrame(rows)
