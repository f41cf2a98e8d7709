"""The formatting layer for tables: headers in words with units, numbers as a board reads them, missing said."""
from __future__ import annotations

import numpy as np
import pandas as pd

from formatting.tables import format_table, header, reading_order, wide_text_columns


def test_headers_are_words_with_units():
    assert header("local_net") == "Local net (£)"
    assert header("rise_pct") == "Rise (%)"
    assert header("men_crc_km") == "Men crc (km)"
    assert header("reoffenders (derived)") == "Reoffenders (derived)"
    assert header("Area (km²)") == "Area (km²)"


def test_numbers_money_shares_years_and_missing():
    table = pd.DataFrame({"custody_spend": [2363666666.67, np.nan], "Share of the CRC (area-weighted)": [0.58, 1.0],
                          "year": [2015, 2016], "places": [5846, 60000], "rate": [11.0149, 0.5],
                          "moved": [np.False_, True], "count": [3, 12]})
    shown = format_table(table)
    assert shown["Custody spend (£)"].tolist() == ["£2.4bn", "no data"]
    assert shown["Share of the CRC (area-weighted)"].tolist() == ["58%", "100%"]
    assert shown["Year"].tolist() == ["2015", "2016"]  # no thousands separator in a year
    assert shown["Places"].tolist() == ["5,846", "60,000"]
    assert shown["Rate"].tolist() == ["11.0", "0.50"]
    assert shown["Moved"].tolist() == ["no", "yes"]
    assert shown["Count"].dtype == "int64"  # small whole numbers stay numbers, so they sort as numbers
    assert list(table.columns)[0] == "custody_spend"  # the table given is not changed


def test_figures_come_before_codes_and_long_text():
    table = pd.DataFrame({"CRC": ["Wales CRC"], "Code": ["CPA11"], "All police force areas": ["Dyfed-Powys; " * 5],
                          "% outside the main one": ["47.2"]})
    ordered = reading_order(table)
    assert list(ordered.columns) == ["CRC", "% outside the main one", "Code", "All police force areas"]
    assert wide_text_columns(ordered) == ["All police force areas"]


def test_a_column_of_code_names_reads_in_words_even_where_some_are_one_word():
    # a layer column: 'district' and 'national' beside 'police_force_area' (one word each, but code names all)
    shown = format_table(pd.DataFrame({"layer": ["district", "police_force_area", "national"]}))
    assert shown["Layer"].tolist() == ["District", "Police force area", "National"]
    # words a person wrote stay as written, lower case or not
    kept = format_table(pd.DataFrame({"breakdown": ["everyone", "Adult", "Juvenile"]}))
    assert kept["Breakdown"].tolist() == ["everyone", "Adult", "Juvenile"]
    plain_words = format_table(pd.DataFrame({"note": ["estimate", "published"]}))
    assert plain_words["Note"].tolist() == ["estimate", "published"]  # no code name among them: left alone
