"""`gui --screenshot`'s pictures of setting up a company (issue 30): the first-start choice, each page
of the 新建账套 wizard filled as a clerk would, and 设置 → 期初余额 — in a temporary folder, so taking
screenshots never changes a book."""
from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QWizard


def take(shot) -> None:
    """`shot` is ui/screenshots.Shooter: `as_is(widget, name)` saves a dialog at its own size."""
    from ui.setup.first_start import FirstStartDialog
    from ui.setup.new_book_wizard import NewBookWizard
    dialog = FirstStartDialog()
    shot.as_is(dialog, "first-start")
    dialog.close()
    dialog.deleteLater()
    with tempfile.TemporaryDirectory() as tmp:
        w = NewBookWizard(Path(tmp) / "新公司.sqlite")
        try:
            _walk(w, shot, Path(tmp))
        finally:
            w.done(QWizard.DialogCode.Rejected.value)
            w.deleteLater()
            shot.app.processEvents()


def _walk(w, shot, tmp: Path) -> None:
    w.company.company.setText("上海华东机电有限公司")
    w.company.tax_id.setText("91310000MA1K000018")  # one digit off: the hint says which it should be
    shot.as_is(w, "new-book-1-company")
    w.company.tax_id.setText("91310000MA1K000019")
    w.next()
    w.tax.start.setText("2026-07")
    shot.as_is(w, "new-book-2-tax")
    w.next()
    first = w.bank.rows[0]
    for edit, text in zip(first, ("工商银行基本户", "1001234567890123456", "中国工商银行上海张江支行"), strict=True):
        edit.setText(text)
    for edit, text in zip(w.bank.add_row(), ("建设银行一般户", "31050161393600000123", "中国建设银行上海浦东分行"),
                          strict=True):
        edit.setText(text)
    shot.as_is(w, "new-book-3-banks")
    w.next()
    panel = w.master.panel
    template = panel.save_template(tmp / "基础资料.xlsx")
    good = [("C001", "华东机电有限公司", "91310000MA1K000019", 200000, 30),
            ("C003", "南方贸易有限公司", None, None, 15)]
    _customers(template, [good[0], ("C002", "", None, "abc", 30), good[1]])  # a row with two mistakes
    panel.import_path(template)
    shot.as_is(w, "new-book-4-master-errors")
    _customers(template, good)
    panel.import_path(template)
    w.next()
    editor = w.openings.editor
    for account, party, col, text in (("100201", None, "期初余额", "300000"), ("100202", None, "期初余额", "50000"),
                                      ("1122", "C001", "期初余额", "11300"), ("3001", None, "期初余额", "300000"),
                                      ("3103", None, "期初余额", "40000")):
        editor.set_amount(account, party, col, text)
    shot.as_is(w, "new-book-5-openings-unbalanced")
    editor.set_amount("3103", None, "期初余额", "61300")
    editor.set_amount("5001", None, "本年累计贷方", "450000")
    shot.as_is(w, "new-book-5-openings")


def _customers(path: Path, rows: list[tuple]) -> None:
    """The template with these customers and its warehouse example; the other examples left out."""
    wb = openpyxl.load_workbook(path)
    for name in ("客户", "供应商", "商品"):
        ws = wb[name]
        for r in range(2, ws.max_row + 1):
            for c in range(1, ws.max_column + 1):
                ws.cell(r, c).value = None
    for i, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            wb["客户"].cell(i, c).value = value
    wb.save(path)
