"""The matching screen as an accountant uses it: a proposal beside each waiting line, confirm with
a split, reassign to another customer, book a line as interest."""
from __future__ import annotations

import json
import re
from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import select

from interchange.importer import import_data
from storage.book import Book
from storage.models import BankLine, Document, PartyEvidence
from tests.cli.helpers import DOCUMENTS, MASTER
from ui.pages.matching_page import MatchingPage

STATEMENT = {"format": "zhangfang-interchange/1", "documents": [{"type": "bank_statement", "account": "1002", "lines": [
    {"date": "2026-11-25", "amount": "20000.00", "counterparty": "华东机电有限公司", "bank_ref": "B1"},
    {"date": "2026-11-26", "amount": "3.21", "counterparty": "中国工商银行", "reference": "结息", "bank_ref": "B2"}]}]}


def page_on(qtbot, book_path):
    page = MatchingPage(lambda: Book.open(book_path, user="会计"))
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    return page


def load(book: Book) -> None:
    for path in (MASTER, DOCUMENTS):
        import_data(book, json.loads(path.read_text(encoding="utf-8")))
    import_data(book, STATEMENT)


def cell(page, row, col):
    return page.model.index(row, col).data()


def test_confirm_a_partial_payment_split_and_learned(qtbot, book_path, book):
    load(book)
    page = page_on(qtbot, book_path)
    assert page.account.currentData() == "1002"
    assert [cell(page, r, 2) for r in range(2)] == ["华东机电有限公司", "中国工商银行"]
    assert cell(page, 0, 4) == "待确认"  # 20000.00 is part of the 29100.00 open on INV-0001
    assert page.party.text() == "C001" and "部分付款" in page.reason.text()
    assert not re.search(r"[A-Za-z]{4,}", page.reason.text())  # the CLI's English glosses stay in the JSON
    assert page.allocations.item(0, 0).text() == "INV-0001"
    assert page.allocations.item(0, 3).text() == "20,000.00"  # read back with its separators
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert page.error.text() == ""
    assert [cell(page, r, 2) for r in range(page.model.rowCount())] == ["中国工商银行"]
    book.refresh()
    receipt = book.session.scalars(select(Document).where(Document.type == "receipt").order_by(Document.id)).all()[-1]
    assert receipt.amount == Decimal("20000.00")
    assert book.session.scalar(select(BankLine.status).where(BankLine.bank_ref == "B1")) == "matched"
    assert book.session.scalar(select(PartyEvidence.kind)) is None  # same name, no account: nothing new to learn


def test_a_wrong_split_shows_its_error_and_interest_is_booked(qtbot, book_path, book):
    load(book)
    page = page_on(qtbot, book_path)
    page.allocations.item(0, 3).setText("99999.00")
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert "超过" in page.error.text()
    page.table.selectRow(1)
    assert "利息" in page.reason.text()
    qtbot.mouseClick(page.book_buttons["interest"], Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    book.refresh()
    assert book.session.scalar(select(BankLine.status).where(BankLine.bank_ref == "B2")) == "booked"


def test_reassign_to_an_unknown_code_says_so(qtbot, book_path, book):
    load(book)
    page = page_on(qtbot, book_path)
    page.party.setText("C999")
    qtbot.mouseClick(page.reassign_button, Qt.MouseButton.LeftButton)
    assert page.party_name.text() == "C999 不存在" and page.allocations.rowCount() == 0
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert "C999" in page.error.text()


def test_every_bank_account_is_offered_and_an_empty_one_says_how_to_import(qtbot, book_path, book):
    import_data(book, json.loads(MASTER.read_text(encoding="utf-8")))  # accounts, no statement yet
    page = page_on(qtbot, book_path)
    offered = [page.account.itemText(i) for i in range(page.account.count())]
    assert offered and all("（0 笔待处理）" in text for text in offered)
    assert page.account.currentIndex() == 0 and page.account.currentText() == offered[0]
    assert page.message.text().startswith("尚未导入银行流水：用 main.py import 文件 --bank-account ")
    assert page.message.text().endswith(" 导入")


def test_an_account_with_lines_waiting_is_offered_first(qtbot, book_path, book):
    load(book)
    page = page_on(qtbot, book_path)
    assert page.account.currentText().startswith("1002 ") and "（2 笔待处理）" in page.account.currentText()
    assert page.message.text() == "待处理 2 笔"


def test_each_waiting_line_says_why_and_a_confirmed_payer_is_shown(qtbot, book_path, book):
    load(book)
    page = page_on(qtbot, book_path)
    assert cell(page, 0, 6) == "部分付款"  # why it is not booked automatically
    assert cell(page, 1, 6) == "非客户款项，建议记 5603"  # interest: proposed to its account
    assert page.model.index(1, 6).data(Qt.ItemDataRole.ToolTipRole).startswith("“结息”")
    assert page.reconciliation.text().startswith("余额调节表 2026-11：账面 ")
    import_data(book, {"format": "zhangfang-interchange/1", "documents": [{"type": "bank_statement", "account": "1002",
                       "lines": [{"date": "2026-11-27", "amount": "100.00", "counterparty": "张建国", "bank_ref": "B3"}]}]})
    page.reload()
    row = next(r for r in range(page.model.rowCount()) if cell(page, r, 2) == "张建国")
    page.table.selectRow(row)
    page.party.setText("C001")
    qtbot.mouseClick(page.reassign_button, Qt.MouseButton.LeftButton)
    assert page.payers.text() == ""
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert page.error.text() == ""
    page.table.selectRow(0)
    page.party.setText("C001")
    qtbot.mouseClick(page.reassign_button, Qt.MouseButton.LeftButton)
    assert page.payers.text() == "已确认付款人：张建国（1 次）"


def test_a_line_of_a_closed_month_says_how_to_proceed_and_is_booked_in_the_open_one(qtbot, book_path, book):
    from usecases.closing import close_period
    from usecases.matching import book_as
    from usecases.vouchers import post_period
    load(book)
    for ln in book.session.scalars(select(BankLine)).all():
        book_as(book, ln.id, "ignore")
    post_period(book.acting("审核人"), "2026-11")
    close_period(book.acting("审核人"), "2026-11")
    import_data(book, {"format": "zhangfang-interchange/1", "documents": [{"type": "bank_statement", "account": "1002",
                       "lines": [{"date": "2026-11-28", "amount": "29100.00", "counterparty": "华东机电有限公司",
                                  "bank_ref": "L1"}]}]})
    page = page_on(qtbot, book_path)
    assert (cell(page, 0, 4), cell(page, 0, 6)) == ("待确认", "所属期间已结账")
    assert "反结账" in page.reason.text() and "保留银行日期" in page.reason.text()
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert "已结账" in page.error.text()
    page.book_open.setChecked(True)
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert page.error.text() == "" and page.model.rowCount() == 0
    book.refresh()
    receipt = book.session.scalars(select(Document).where(Document.type == "receipt").order_by(Document.id)).all()[-1]
    assert str(receipt.date) == "2026-12-01" and "2026-11-28" in receipt.memo


def test_automatic_booking_says_what_it_left_and_why(qtbot, book_path, book):
    load(book)
    page = page_on(qtbot, book_path)
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert page.message.text().startswith("自动入账 0 笔；其余 2 笔需人工处理，原因见“原因”列")
    assert [cell(page, r, 6) for r in range(2)] == ["部分付款", "非客户款项，建议记 5603"]
