"""A clerk keys the whole order-to-cash chain from the keyboard — order, 下推 outbound, invoice,
receipt — and the vouchers that appear carry the worked example's figures to the fen."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from interchange.importer import import_data
from storage.queries.pushdown import count_of
from tests.rows import sales
from ui.forms.document_view import DocumentView
from ui.forms.line_form import LineDocumentForm
from ui.forms.money_form import MoneyForm
from ui.forms.voucher_view import VoucherView
from ui.main_window import MainWindow

MASTER = Path(__file__).resolve().parents[2] / "storage" / "data" / "worked_master.json"


@pytest.fixture
def worked_book(book):
    import_data(book, json.loads(MASTER.read_text(encoding="utf-8")))
    return book


@pytest.fixture
def window(qtbot, worked_book):
    w = MainWindow(worked_book)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)  # shortcuts reach only the active window
    return w


def type_chinese(widget, text: str) -> None:
    """What an input method does: commit the composed text (QTest types ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), key, modifier)


def save(qtbot):
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def voucher_figures(view: VoucherView) -> dict[str, tuple[str, str]]:
    t = view.table
    return {t.item(r, 1).text().split()[0]: (t.item(r, 3).text(), t.item(r, 4).text())
            for r in range(t.rowCount() - 1)}


def open_voucher_of(qtbot, window) -> VoucherView:
    doc_view = window.current_page()
    qtbot.mouseClick(doc_view.voucher_button, Qt.MouseButton.LeftButton)
    view = window.current_page()
    assert isinstance(view, VoucherView)
    return view


def back_to(window, doc_view: DocumentView) -> DocumentView:
    window.tabs.setCurrentWidget(doc_view)
    return doc_view


def test_keyed_order_pushed_down_to_cash_writes_the_expected_vouchers(qtbot, window, worked_book):
    window.show_page("sales_order")
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.current_page()
    assert isinstance(form, LineDocumentForm) and focused() is form.party
    type_chinese(form.party, "华东机电")  # the customer by name, through the input method
    press(qtbot, Qt.Key.Key_Return)  # → date
    assert form.party.choice is not None and form.party.choice.code == "C001"
    press(qtbot, Qt.Key.Key_Return)  # → number
    press(qtbot, Qt.Key.Key_Return)  # → the first line's item cell, editing
    qtbot.keyClicks(focused(), "A001")
    press(qtbot, Qt.Key.Key_Return)  # → qty
    qtbot.keyClicks(focused(), "60")
    press(qtbot, Qt.Key.Key_Return)  # → price, filled from the item
    press(qtbot, Qt.Key.Key_Return)  # past the last cell: a new line
    assert form.grid.rowCount() == 2
    assert form.grid.text(0, "name") == "伺服电机"
    assert form.totals() == {"qty": "60", "net": "60,000.00", "tax": "7,800.00", "gross": "67,800.00"}
    save(qtbot)

    order = window.current_page()
    assert isinstance(order, DocumentView) and order.d.type == "sales_order"
    assert order.d.amount == 67800 and order.push_button.text() == "下推销售出库单"
    qtbot.mouseClick(order.push_button, Qt.MouseButton.LeftButton)
    outbound_form = window.current_page()
    assert isinstance(outbound_form, LineDocumentForm)
    assert outbound_form.grid.text(0, "qty") == "60"  # pre-filled with what is still open
    save(qtbot)
    outbound = window.current_page()
    assert outbound.d.type == "outbound" and outbound.d.upstream[0][2] == order.d.no
    assert voucher_figures(open_voucher_of(qtbot, window)) == {
        "1122": ("67,800.00", ""), "5001": ("", "60,000.00"), "222103": ("", "7,800.00"),
        "5401": ("36,000.00", ""), "1405": ("", "36,000.00")}

    back_to(window, outbound)
    qtbot.mouseClick(outbound.push_button, Qt.MouseButton.LeftButton)
    save(qtbot)
    invoice = window.current_page()
    assert invoice.d.type == "invoice" and invoice.d.amount == 67800
    assert voucher_figures(open_voucher_of(qtbot, window)) == {
        "222103": ("7,800.00", ""), "22210102": ("", "7,800.00")}

    back_to(window, invoice)
    qtbot.mouseClick(invoice.push_button, Qt.MouseButton.LeftButton)
    receipt_form = window.current_page()
    assert isinstance(receipt_form, MoneyForm) and receipt_form.amount.text() == "67,800.00"
    receipt_form.amount.selectAll()
    qtbot.keyClicks(receipt_form.amount, "50000")
    receipt_form.account.setFocus()
    qtbot.keyClicks(receipt_form.account, "1002")
    save(qtbot)
    receipt = window.current_page()
    assert receipt.d.type == "receipt" and receipt.d.upstream[0][2] == invoice.d.no
    assert voucher_figures(open_voucher_of(qtbot, window)) == {"1002": ("50,000.00", ""), "1122": ("", "50,000.00")}


def outbound_form(qtbot, window, worked_book):
    """An order of 60 × A001 pushed down to its outbound form (下推出库), nothing typed yet."""
    order = sales.create_sales_order(worked_book, None, "2026-11-05", "C001", [{"item": "A001", "qty": "60"}])
    window.open_document(order.id)
    qtbot.mouseClick(window.current_page().push_button, Qt.MouseButton.LeftButton)
    return window.current_page()


def test_over_shipment_is_refused_beside_the_quantity_and_saves_nothing(qtbot, window, worked_book):
    form = outbound_form(qtbot, window, worked_book)
    qty = form.grid.col("qty")
    form.grid.setFocus()
    form.grid.setCurrentCell(0, qty)
    qtbot.keyClick(form.grid, Qt.Key.Key_F2)
    focused().selectAll()
    qtbot.keyClicks(focused(), "61")
    press(qtbot, Qt.Key.Key_Return)
    save(qtbot)
    assert window.current_page() is form  # still entering: nothing was saved
    error = form.grid.error(0, "qty")
    assert error is not None and "61" in error and "60" in error and "数量" in error
    assert form.line_errors.isVisible() and "第 1 行" in form.line_errors.text()
    assert count_of(worked_book, "outbound") == 0


def test_an_unknown_customer_is_shown_beside_the_customer_field(qtbot, window, worked_book):
    form = window.new_document("sales_order")
    qtbot.keyClicks(form.party, "C999")
    form.grid.set_text(0, "item", "A001")
    form.grid.set_text(0, "qty", "1")
    save(qtbot)
    assert form.errors["customer"].isVisible() and "C999" in form.errors["customer"].text()
    assert count_of(worked_book, "sales_order") == 0


def test_purchase_mirror_pushes_down_order_to_inbound_to_invoice(qtbot, window, worked_book):
    from domain.master import parse_supplier
    from tests.rows import purchases
    from usecases.master import add_supplier
    add_supplier(worked_book, parse_supplier({"code": "S001", "name": "苏州精工部件厂"}))
    po = purchases.create_purchase_order(worked_book, None, "2026-11-03", "S001",
                                         [{"item": "A001", "qty": "10", "price": "678"}])
    window.open_document(po.id)
    qtbot.mouseClick(window.current_page().push_button, Qt.MouseButton.LeftButton)
    inbound_form = window.current_page()
    assert focused() is inbound_form.warehouse  # the first field to type in
    assert inbound_form.grid.text(0, "qty") == "10"
    save(qtbot)
    inbound = window.current_page()
    assert inbound.d.type == "inbound"
    assert voucher_figures(open_voucher_of(qtbot, window)) == {"1405": ("6,000.00", ""), "220202": ("", "6,000.00")}
    back_to(window, inbound)
    qtbot.mouseClick(inbound.push_button, Qt.MouseButton.LeftButton)
    save(qtbot)
    invoice = window.current_page()
    assert invoice.d.type == "purchase_invoice" and invoice.d.amount == 6780
    assert invoice.push_button.text() == "下推付款单"


def test_credit_check_before_saving_asks_for_a_managers_approval(qtbot, window, worked_book, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from domain.master import parse_customer
    from usecases.master import add_customer
    add_customer(worked_book, parse_customer({"code": "C002", "name": "杭州启明贸易有限公司", "credit_limit": "1000"}))
    form = window.new_document("sales_order")
    qtbot.keyClicks(form.party, "C002")
    form.grid.set_text(0, "item", "A001")
    form.grid.set_text(0, "qty", "1")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))  # the clerk cancels
    save(qtbot)
    assert "超出信用额度 1,000.00" in form.errors["customer"].text()
    assert count_of(worked_book, "sales_order") == 0
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("王经理", True))
    save(qtbot)
    order = window.current_page()
    assert isinstance(order, DocumentView) and order.d.approved_by == "王经理"


def test_a_return_is_pushed_down_from_its_outbound_with_the_quantity_typed(qtbot, window, worked_book):
    order = sales.create_sales_order(worked_book, None, "2026-11-05", "C001", [{"item": "A001", "qty": "10"}])
    out = sales.ship(worked_book, None, "2026-11-06", order.no, "W01", [{"item": "A001", "qty": "10"}])
    window.open_document(out.id)
    view = window.current_page()
    assert view.return_button.text() == "下推销售退货单"
    qtbot.mouseClick(view.return_button, Qt.MouseButton.LeftButton)
    form = window.current_page()
    assert form.grid.text(0, "open") == "10" and form.grid.text(0, "qty") == ""
    form.grid.set_text(0, "qty", "3")
    save(qtbot)
    ret = window.current_page()
    assert ret.d.type == "sales_return" and ret.d.amount == 3390
    assert ret.d.upstream[0][2] == out.no


def test_an_allowance_is_pushed_down_from_its_invoice_as_a_red_invoice(qtbot, window, worked_book):
    order = sales.create_sales_order(worked_book, None, "2026-11-05", "C001", [{"item": "A001", "qty": "10"}])
    out = sales.ship(worked_book, None, "2026-11-06", order.no, "W01", [{"item": "A001", "qty": "10"}])
    inv = sales.invoice(worked_book, None, "2026-11-07", outbounds=[out.no])
    window.open_document(inv.id)
    qtbot.mouseClick(window.current_page().return_button, Qt.MouseButton.LeftButton)
    form = window.current_page()
    form.grid.set_text(0, "qty", "1")  # nothing was returned: refused beside the quantity
    save(qtbot)
    assert form.grid.error(0, "qty") is not None and count_of(worked_book, "credit_note") == 0
    form.grid.set_text(0, "qty", "")
    form.grid.set_text(0, "amount", "113.00")
    save(qtbot)
    red = window.current_page()
    assert red.d.type == "credit_note" and red.d.amount == 113
    assert voucher_figures(open_voucher_of(qtbot, window)) == {
        "1122": ("-113.00", ""), "5001": ("", "-100.00"), "22210102": ("", "-13.00")}


def test_goods_sent_back_after_the_suppliers_invoice_are_credited_by_its_red_invoice(qtbot, window, worked_book):
    # the purchase mirror: receive, invoice, send 2 back, then 下推采购红字发票 from the supplier's invoice
    from domain.master import parse_supplier
    from tests.rows import purchases
    from usecases.master import add_supplier
    add_supplier(worked_book, parse_supplier({"code": "S001", "name": "苏州精工部件厂"}))
    po = purchases.create_purchase_order(worked_book, None, "2026-11-03", "S001",
                                         [{"item": "A001", "qty": "10", "price": "678"}])
    inbound = purchases.receive(worked_book, None, "2026-11-04", po.no, "W01", [{"item": "A001", "qty": "10"}])
    inv = purchases.purchase_invoice(worked_book, None, "2026-11-05", inbounds=[inbound.no])
    purchases.purchase_return(worked_book, None, "2026-11-06", inbound.no, "W01", [{"item": "A001", "qty": "2"}])
    window.open_document(inv.id)
    view = window.current_page()
    assert view.return_button.text() == "下推采购红字发票"
    qtbot.mouseClick(view.return_button, Qt.MouseButton.LeftButton)
    form = window.current_page()
    form.grid.set_text(0, "qty", "3")  # only 2 went back: refused beside the quantity
    save(qtbot)
    assert form.grid.error(0, "qty") is not None and count_of(worked_book, "purchase_credit_note") == 0
    form.grid.set_text(0, "qty", "2")
    save(qtbot)
    red = window.current_page()
    assert red.d.type == "purchase_credit_note" and red.d.amount == 1356
    # 2 × 678.00 = 1,356.00: 220202 cleared by −1,200.00 net, the input VAT given back (−156.00)
    assert voucher_figures(open_voucher_of(qtbot, window)) == {
        "220202": ("-1,200.00", ""), "22210101": ("-156.00", ""), "220201": ("", "-1,356.00")}


@pytest.mark.parametrize("typed, words", [("-2", "必须大于零"), ("两个", "不是数字")])
def test_a_quantity_that_does_not_read_is_refused_beside_its_cell(qtbot, window, worked_book, typed, words):
    """The form reads its grid into the same typed command an import builds; what does not read is
    placed beside the cell it came from, before anything reaches the book."""
    form = outbound_form(qtbot, window, worked_book)
    form.grid.set_text(0, "qty", typed)
    save(qtbot)
    assert window.current_page() is form
    error = form.grid.error(0, "qty")
    assert error is not None and words in error
    assert count_of(worked_book, "outbound") == 0
