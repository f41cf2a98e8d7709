"""Money, counts and changes in the words a board reads: £2.9bn, £430m, £4,200, 7,333 places, no arrow for no change."""
from __future__ import annotations

import math

# Below this a change is rounding noise in the model's own arithmetic, not a result to show with an arrow.
NO_CHANGE_TOLERANCE = 0.5


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value: float | None) -> str:
    """£ in board style: '£2.9bn', '£430m', '£43m', '£4.3m', '£286,000', '-£1.2m'; 'no data' when missing.

    Billions keep one decimal, millions keep two significant figures below £10m and none above, and anything
    under a million is written out in full, so unit costs (£4,200, £39,000) read as the sources print them."""
    if _missing(value):
        return "no data"
    sign = "-" if value < 0 else ""
    size = abs(value)
    if size >= 1e9:
        return f"{sign}£{size / 1e9:,.1f}bn"
    if size >= 1e7:
        return f"{sign}£{size / 1e6:,.0f}m"
    if size >= 1e6:
        return f"{sign}£{size / 1e6:,.1f}m"
    return f"{sign}£{size:,.0f}"


def signed_money(value: float) -> str:
    """A change in money with its sign: '+£430m', '-£2.9bn', and '£0' (no sign) where nothing changed."""
    if abs(value) < NO_CHANGE_TOLERANCE:
        return "£0"
    return ("+" if value > 0 else "") + money(value)


def count(value: float | None, unit: str = "") -> str:
    """A whole count with thousands separators and an optional unit: '7,333 places'; 'no data' when missing."""
    if _missing(value):
        return "no data"
    text = f"{value:,.0f}"
    return f"{text} {unit}" if unit else text


def change_or_none(value: float, unit: str = "") -> str | None:
    """A change as a signed count ('+120 places'), or None where nothing changed, so no delta arrow is drawn."""
    if abs(value) < NO_CHANGE_TOLERANCE:
        return None
    text = f"{value:+,.0f}"
    return f"{text} {unit}" if unit else text


def money_ticks(low: float, high: float, wanted: int = 5) -> tuple[list[float], list[str]]:
    """Axis ticks over [low, high] at round steps, labelled in board style (never '£2.86G')."""
    if _missing(low) or _missing(high) or high <= low:
        value = 0.0 if _missing(low) else low
        return [value], [money(value)]
    raw = (high - low) / max(wanted - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    tick = first
    while tick <= high + step * 1e-9:
        ticks.append(round(tick, 6))
        tick += step
    return ticks, [_tick_money(t, step) for t in ticks]


def _tick_money(value: float, step: float) -> str:
    """A tick label with just enough decimals that neighbouring ticks differ (£2.85bn, £2.90bn)."""
    sign = "-" if value < 0 else ""
    size = abs(value)
    for scale, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if size >= scale or step >= scale:
            decimals = max(0, -math.floor(math.log10(step / scale) + 1e-9)) if step < scale else 0
            return f"{sign}£{size / scale:,.{decimals}f}{suffix}"
    return f"{sign}£{size:,.0f}"


def money_number_format(largest: float) -> str:
    """The spreadsheet (PowerPoint chart) number format that prints money as money() does for values up to
    `largest` in size: '£#,##0.0,,,"bn"' shows 2,862,000,000 as £2.9bn (each trailing comma divides by 1,000)."""
    size = 0.0 if _missing(largest) else abs(largest)
    if size >= 1e9:
        return '£#,##0.0,,,"bn"'
    if size >= 1e7:
        return '£#,##0,,"m"'
    if size >= 1e6:
        return '£#,##0.0,,"m"'
    return "£#,##0"
