"""报表中心: a preview shows the report's pages, a bad parameter says why, saving writes the file."""
from __future__ import annotations

import shutil

import openpyxl
import pytest

from storage.book import Book
from tests.reports.conftest import worked_example
from ui.pages.report_centre import ReportCentre


@pytest.fixture
def centre(qtbot, tmp_path):
    path = worked_example(tmp_path / "worked.sqlite")
    page = ReportCentre(lambda: Book.open(path, "会计"))
    qtbot.addWidget(page)
    page.show()
    return page


def test_preview_shows_every_page_of_the_trial_balance(centre, qtbot):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    centre.select("trial-balance")
    centre.set_param("first", "2026-11")
    centre.set_param("last", "2026-11")
    centre.preview()
    qtbot.waitUntil(lambda: not centre.busy(), timeout=60_000)
    assert centre.error.text() == ""
    assert len(centre.pages) == 1 and centre.status.text() == "共 1 页"
    assert centre.pages[0].width() > centre.pages[0].height()  # the trial balance is printed landscape


def test_a_bad_period_is_shown_not_raised(centre, qtbot):
    centre.select("balance-sheet")
    centre.set_param("period", "2026-13")
    centre.preview()
    qtbot.waitUntil(lambda: not centre.busy(), timeout=60_000)
    assert "--period" in centre.error.text() and centre.pages == []


def test_save_as_excel_writes_the_statement(centre, qtbot, tmp_path):
    centre.select("statement")
    assert not centre.fields["period"].isVisibleTo(centre) and centre.fields["customer"].isVisibleTo(centre)
    centre.set_param("customer", "C001")
    centre.set_param("first_day", "2026-11-01")
    centre.set_param("last_day", "2026-11-30")
    out = tmp_path / "对账单.xlsx"
    centre.save("xlsx", out)
    qtbot.waitUntil(lambda: not centre.busy(), timeout=60_000)
    assert centre.error.text() == ""
    ws = openpyxl.load_workbook(out).active
    assert any(r[6] == 29100 for r in ws.iter_rows(min_row=3, values_only=True))


def test_the_books_current_period_is_previewed_as_soon_as_the_page_opens(centre, qtbot):
    # the worked example works in 2026-11, whatever month today is
    assert centre.report_name() == "balance-sheet"
    assert centre.fields["period"].text() == "2026-11"
    assert centre.fields["first_day"].text() == "2026-11-01"
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    qtbot.waitUntil(lambda: bool(centre.pages), timeout=60_000)  # nobody pressed 预览
    assert centre.error.text() == "" and centre.status.text().startswith("共 ")
