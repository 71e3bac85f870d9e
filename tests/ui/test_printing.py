"""Ctrl+P on a voucher: the PDF holds its summary, figures and 大写 as text."""
import shutil
import subprocess

import pytest
from PySide6.QtPrintSupport import QPrinter

from tests.rows import manual_voucher
from ui.forms.voucher_view import VoucherView
from ui.printing import html_to, voucher_html


def test_a_voucher_prints_to_a_pdf(qtbot, ctx, book, tmp_path):
    v = manual_voucher(book, "2026-11-12", "支付手续费", [{"account": "5603", "debit": "35.00"},
                                                      {"account": "1002", "credit": "35.00"}])
    view = VoucherView(ctx, v.id)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "v.pdf"))
    html_to(printer, voucher_html(view.v))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", str(tmp_path / "v.pdf"), "-"], capture_output=True, text=True).stdout
    assert "支付手续费" in text and "35.00" in text and "叁拾伍元整" in text
