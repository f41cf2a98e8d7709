"""End to end in headless Chromium: a malformed upload gets its rejection report; a good one is added and kept."""
from __future__ import annotations

import pytest

from tests.unit import upload_files as files

pytestmark = pytest.mark.browser

FILE_INPUT = '[data-testid="stFileUploader"] input[type="file"]'


def _upload(page, name: str, data: bytes) -> None:
    page.set_input_files(FILE_INPUT, files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def test_malformed_upload_is_reported_and_a_good_one_accepted_without_loss(page, app_url, artifacts):
    page.goto(app_url + "/bring_your_own_figures")
    page.get_by_text("No uploaded figures in this session yet.").wait_for()

    _upload(page, "malformed.csv", files.bad_numbers_csv())
    page.get_by_text("Rejected: row, column, value and reason").wait_for()
    report = page.locator('[data-testid="stTable"]').first
    assert "numerator (4000) is greater than the denominator (3000)" in report.inner_text()
    assert "denominator: not a number" in report.inner_text()
    page.get_by_text("1 figure(s) accepted, 7 row(s) rejected.").wait_for()
    page.screenshot(path=str(artifacts / "upload_rejection_report.png"), full_page=True)

    _upload(page, "pfa.csv", files.good_pfa_csv())
    add = page.get_by_role("button", name="Add 4 figure(s) to this session")
    add.wait_for()
    # keep the test's layout out of the machine's remembered mappings
    page.get_by_text("Remember these columns for files with the same header row").last.click()
    add.click()
    page.get_by_text("Added 4 figure(s) from pfa.csv").wait_for()
    session_table = page.locator('[data-testid="stTable"]', has_text="upload:pfa.csv:")
    session_table.wait_for()  # the page may still be drawing the rest of the run

    _upload(page, "empty.csv", b"")
    page.get_by_text("'empty.csv' is empty").wait_for()
    assert any("figures already loaded are unchanged" in text
               for text in page.locator('[data-testid="stAlert"]').all_inner_texts())
    page.get_by_text("Figures loaded in this session").wait_for()
    session_table.wait_for()
    row = session_table.locator("tr", has_text="upload:pfa.csv:")
    cells = [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
    assert row.count() == 1 and cells[:4] == ["pfa.csv", "Uploaded by the user (publisher not stated)", "not stated", "4"]
    assert page.get_by_text("Traceback").count() == 0
    page.screenshot(path=str(artifacts / "upload_accepted.png"), full_page=True)
    assert page.external_requests == []
