"""Board number formatting: money in bn/m, counts with separators, no change shown without an arrow."""
from __future__ import annotations

import math

from formatting.numbers import change_or_none, count, money, money_ticks, signed_money


def test_money_reads_as_a_board_reads_it():
    assert money(2_862_000_000) == "£2.9bn"
    assert money(430_400_000) == "£430m"
    assert money(43_200_000) == "£43m"
    assert money(4_340_000) == "£4.3m"
    assert money(4_200) == "£4,200"
    assert money(39_000) == "£39,000"
    assert money(-1_200_000) == "-£1.2m"
    assert money(float("nan")) == "no data"
    assert money(None) == "no data"


def test_changes_carry_a_sign_and_no_change_carries_none():
    assert signed_money(430e6) == "+£430m"
    assert signed_money(-2.9e9) == "-£2.9bn"
    assert signed_money(0.2) == "£0"
    assert change_or_none(0.0, "places") is None
    assert change_or_none(-0.3) is None
    assert change_or_none(120.4, "places") == "+120 places"
    assert count(7333.2, "places") == "7,333 places"
    assert count(math.nan) == "no data"


def test_money_ticks_are_round_and_never_si_prefixed():
    ticks, labels = money_ticks(2.80e9, 2.95e9)
    assert ticks[0] >= 2.80e9 and ticks[-1] <= 2.95e9
    steps = {round(b - a, 3) for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1
    assert all(label.endswith("bn") and "G" not in label for label in labels)
    assert len(set(labels)) == len(labels), labels
    ticks, labels = money_ticks(0, 430e6)
    assert labels[0] == "£0m" and labels[-1] in ("£400m", "£430m")
    assert money_ticks(5.0, 5.0) == ([5.0], ["£5"])


def test_chart_number_formats_match_the_words():
    from formatting.numbers import money_number_format

    assert money_number_format(2.86e9) == '£#,##0.0,,,"bn"'
    assert money_number_format(-430e6) == '£#,##0,,"m"'
    assert money_number_format(4.3e6) == '£#,##0.0,,"m"'
    assert money_number_format(39_000) == "£#,##0"
    assert money_number_format(float("nan")) == "£#,##0"
