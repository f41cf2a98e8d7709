"""The column-mapping step of the upload page: which column holds what, the indicator, layer, units and period."""
from __future__ import annotations

import streamlit as st

from indicators.column_mapping import AUTO, ROLE_LABELS, ROLES, ColumnMapping, upload_indicators
from ui.upload_reading import LAYER_NAMES

NONE = "(none)"


def _role_columns(key: str, header: list[str], start: ColumnMapping) -> tuple[dict[str, str | None], list[str], list[str]]:
    """One choice per role, the period columns of a wide table and the breakdown columns."""
    options = [NONE, *header]
    columns = {}
    for role in ROLES:
        chosen = start.columns.get(role)
        columns[role] = st.selectbox(ROLE_LABELS[role], options, key=f"{key}_{role}",
                                     index=options.index(chosen) if chosen in options else 0)
    columns = {role: (None if value == NONE else value) for role, value in columns.items()}
    wide = st.multiselect("Or, when each period is a column: the period columns (header = period, cells = values)",
                          [name for name in header if name != columns["area"]], key=f"{key}_wide",
                          default=[name for name in start.wide_columns if name in header and name != columns["area"]])
    if wide:
        columns = {role: (columns["area"] if role == "area" else None) for role in ROLES}
        st.caption("Periods are columns: the period, rate, numerator and denominator choices above are not used.")
    chosen = {name for name in columns.values() if name} | set(wide)
    breakdown = st.multiselect("Columns of categories kept apart as breakdowns (e.g. Adult / Juvenile; left "
                               "empty, they are found from the data)", [n for n in header if n not in chosen],
                               key=f"{key}_breakdown",
                               default=[n for n in start.breakdown_columns if n in header and n not in chosen])
    return columns, wide, breakdown


def mapping_widgets(key: str, header: list[str], start: ColumnMapping) -> ColumnMapping:
    """The column-mapping step: one choice per role, the indicator, layer, units and a fixed period."""
    indicators = upload_indicators()
    left, right = st.columns(2)
    with left:
        columns, wide, breakdown = _role_columns(key, header, start)
    with right:
        ids = list(indicators)
        indicator = st.selectbox("Indicator", ids, key=f"{key}_indicator",
                                 index=ids.index(start.indicator) if start.indicator in ids else 0,
                                 format_func=lambda i: indicators[i]["label"])
        layer_options = [AUTO, *LAYER_NAMES]
        layer = st.selectbox("Layer of the areas", layer_options, key=f"{key}_layer",
                             index=layer_options.index(start.layer) if start.layer in layer_options else 0,
                             format_func=lambda i: "Detect from the codes and names" if i == AUTO else LAYER_NAMES[i])
        rate_unit = start.rate_unit
        if indicators[indicator]["unit"] == "%":
            rate_unit = st.radio("The rate column holds", ["percent", "proportion"], key=f"{key}_unit", horizontal=True,
                                 index=0 if start.rate_unit == "percent" else 1,
                                 format_func=lambda u: "percentages (25 = 25%)" if u == "percent" else "proportions (0.25)")
        fixed_period = ""
        if columns["period"] is None and not wide:
            fixed_period = st.text_input("Period every row covers (no period column)", value=start.fixed_period,
                                         key=f"{key}_period_text", max_chars=40, placeholder="e.g. 2019 or Jan-Dec 2019")
    return ColumnMapping(columns, indicator, layer, rate_unit, fixed_period, wide, breakdown)
