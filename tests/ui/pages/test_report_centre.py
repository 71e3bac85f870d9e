"""报表中心: a preview shows the report's pages, a bad parameter says why, saving writes the file."""
from __future__ import annotations

import openpyxl
import pytest

from storage.book import Book
from tests.reports.conftest import header_row, worked_example
from ui.pages.report_centre import ReportCentre


@pytest.fixture
def centre(qtbot, tmp_path):
    path = worked_example(tmp_path / "worked.sqlite")
    page = ReportCentre(lambda: Book.open(path, "会计"))
    qtbot.addWidget(page)
    page.show()
    return page


def test_preview_shows_every_page_of_the_trial_balance(centre, qtbot):
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
    assert "期间" in centre.error.text() and centre.pages == []


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
    assert any(r[6] == 29100 for r in ws.iter_rows(min_row=header_row(ws) + 1, values_only=True))


def test_the_books_current_period_is_previewed_as_soon_as_the_page_opens(centre, qtbot):
    # the worked example works in 2026-11, whatever month today is
    assert centre.report_name() == "balance-sheet"
    assert centre.fields["period"].text() == "2026-11"
    assert centre.fields["first_day"].text() == "2026-11-01"
    qtbot.waitUntil(lambda: bool(centre.pages), timeout=60_000)  # nobody pressed 预览
    assert centre.error.text() == "" and centre.status.text().startswith("共 ")


def test_the_preview_renders_in_process_without_pdftoppm(centre, qtbot, monkeypatch):
    import subprocess

    def refuse(*a, **k):
        raise AssertionError("no external program renders the preview")
    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    centre.select("income-statement")
    centre.preview()
    qtbot.waitUntil(lambda: not centre.busy(), timeout=60_000)
    assert centre.error.text() == "" and len(centre.pages) == 1
    assert centre.pages[0].height() > centre.pages[0].width()  # 利润表, portrait


def test_print_goes_through_qprinter_with_the_page_range_chosen(centre, qtbot, tmp_path):
    import pypdfium2 as pdfium
    from PySide6.QtPrintSupport import QPrinter
    centre.select("ledger")
    centre.set_param("account", "1122")
    centre.set_param("first", "2026-11")
    centre.set_param("last", "2026-11")
    centre.preview()
    qtbot.waitUntil(lambda: not centre.busy(), timeout=60_000)
    assert centre.pages
    printer = centre._printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 1)
    assert centre.print_to(printer) == 1
    printed = pdfium.PdfDocument(str(tmp_path / "printed.pdf"))
    assert len(printed) == 1
    w, h = printed[0].get_size()
    assert round(w / 72 * 25.4) == 210 and round(h / 72 * 25.4) == 297  # the report's A4 page, not the window


def test_customer_and_account_fields_complete_on_mnemonics(centre):
    from ui.widgets.lookup import LookupEdit
    centre.select("ledger")
    field = centre.fields["customer"]
    assert isinstance(field, LookupEdit) and isinstance(centre.fields["account"], LookupEdit)
    field.setText("hdjd")
    field.settle()
    assert field.choice is not None and field.choice.code == "C001"
    assert centre.args().customer == "C001"
    centre.set_param("account", "1122")
    assert centre.args().account == "1122"


def test_the_range_carries_over_when_the_report_changes(centre):
    centre.select("trial-balance")
    centre.set_param("first", "2026-10")
    centre.set_param("last", "2026-11")
    centre.select("statement")
    assert centre.param("first_day") == "2026-10-01" and centre.param("last_day") == "2026-11-30"
    centre.set_param("first_day", "2026-09-01")
    centre.select("income-statement")
    assert (centre.param("first"), centre.param("last")) == ("2026-09", "2026-11")
    centre.select("balance-sheet")
    assert centre.param("period") == "2026-11"


def test_an_error_takes_the_place_of_the_old_preview(centre, qtbot):
    qtbot.waitUntil(lambda: bool(centre.pages) and not centre.busy(), timeout=60_000)
    centre.set_param("period", "2026-13")
    centre.preview()
    qtbot.waitUntil(lambda: not centre.busy(), timeout=60_000)
    assert centre.pages == [] and centre.pdf is None
    assert centre.message.isVisibleTo(centre) and "期间" in centre.message.text()


def test_each_reports_last_settings_are_remembered(centre, qtbot, tmp_path):
    centre.select("statement")
    centre.set_param("customer", "C001")
    centre.preview()
    qtbot.waitUntil(lambda: not centre.busy(), timeout=60_000)
    centre.select("vouchers")
    centre.set_param("per_page", "3")
    centre.select("ledger")
    centre.set_param("account", "1002")
    centre.select("balance-sheet")
    again = ReportCentre(centre.open_book)  # another session
    qtbot.addWidget(again)
    again.select("statement")
    assert again.param("customer") == "C001"
    again.select("vouchers")
    assert again.param("per_page") == "3"
    again.select("ledger")
    assert again.param("account") == "1002"
