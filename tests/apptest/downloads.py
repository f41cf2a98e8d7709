"""Every download a page offers, caught where Streamlit registers it (bytes now, or a function run on click)."""
from __future__ import annotations

import io

import pandas as pd
from streamlit.runtime.media_file_manager import MediaFileManager

CRAFTED_TITLE = '=HYPERLINK("http://evil.example/x","Open")'  # a title a person could type for an upload
FORMULA_START = ("=", "+", "@")  # a cell starting so runs as a formula (a minus is a negative number here)


def catch_downloads(monkeypatch) -> dict[str, object]:
    """A dict that fills, file name -> bytes or the function making them, as the page registers downloads."""
    made: dict[str, object] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def keep(self, data, mimetype, coordinates, file_name=None, **options):
        made[file_name] = data
        return add(self, data, mimetype, coordinates, file_name=file_name, **options)

    def keep_deferred(self, data_callable, mimetype, coordinates, file_name=None, **options):
        made[file_name] = data_callable
        return add_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **options)

    monkeypatch.setattr(MediaFileManager, "add", keep)
    monkeypatch.setattr(MediaFileManager, "add_deferred", keep_deferred)
    return made


def csv_downloads(made: dict[str, object]) -> dict[str, pd.DataFrame]:
    """Each caught CSV, made (as a click would) and read as a spreadsheet would read it: every cell as text."""
    return {name: pd.read_csv(io.BytesIO(data() if callable(data) else data), dtype=str, keep_default_na=False)
            for name, data in made.items() if str(name).endswith(".csv")}


def formula_cells(table: pd.DataFrame) -> list[str]:
    """Column names and cells a spreadsheet would run as formulas."""
    cells = [str(c) for c in table.columns] + [v for column in table.columns for v in table[column]]
    return [cell for cell in cells if cell.startswith(FORMULA_START)]
