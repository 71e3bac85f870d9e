"""Issue 30: the whole day by keyboard — order → outbound → invoice → receipt → review → post with key
events only (no mouse, no method called to save), and the vouchers carry the right figures."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from interchange.importer import import_data
from ui.forms.document_view import DocumentView
from ui.forms.line_form import LineDocumentForm
from ui.forms.money_form import MoneyForm
from ui.forms.voucher_view import VoucherView
from ui.main_window import MainWindow
from usecases.setup import set_review_by_other

MASTER = Path(__file__).resolve().parents[1] / "storage" / "data" / "worked_master.json"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, book):
    import_data(book, json.loads(MASTER.read_text(encoding="utf-8")))
    set_review_by_other(book, False)  # a one-person office: the clerk reviews too
    w = MainWindow(book)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)  # shortcuts reach only the active window
    return w


def focused():
    return QApplication.focusWidget()


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), k, modifier)


def enter(qtbot, times: int = 1):
    for _ in range(times):
        key(qtbot, Qt.Key.Key_Return)


def answer_with_key(k) -> None:
    """Press `k` in the message box about to open (the question before 记账)."""
    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        from PySide6.QtTest import QTest
        QTest.keyClick(box, k)
    QTimer.singleShot(0, press)


def figures(view: VoucherView) -> dict[str, tuple[str, str]]:
    t = view.table
    return {t.item(r, 1).text().split()[0]: (t.item(r, 3).text(), t.item(r, 4).text())
            for r in range(t.rowCount() - 1)}


def test_order_to_posted_voucher_with_keys_only(qtbot, window):
    key(qtbot, Qt.Key.Key_N, CTRL)  # 工作台: Ctrl+N starts a sales order
    order_form = window.current_page()
    assert isinstance(order_form, LineDocumentForm) and focused() is order_form.party
    qtbot.keyClicks(focused(), "C001")
    enter(qtbot)  # → 日期
    assert order_form.party.choice is not None and order_form.party.choice.code == "C001"
    enter(qtbot, 2)  # → 单号 → the first line's 商品编码
    qtbot.keyClicks(focused(), "A001")
    enter(qtbot)  # → 数量
    qtbot.keyClicks(focused(), "60")
    enter(qtbot)  # → 含税单价, filled from the item
    assert order_form.totals()["gross"] == "67,800.00"
    key(qtbot, Qt.Key.Key_S, CTRL)

    order = window.current_page()
    assert isinstance(order, DocumentView) and order.d.type == "sales_order"
    key(qtbot, Qt.Key.Key_D, CTRL)  # 下推 出库
    outbound_form = window.current_page()
    assert isinstance(outbound_form, LineDocumentForm) and outbound_form.doc_type == "outbound"
    assert focused() is outbound_form.warehouse
    key(qtbot, Qt.Key.Key_S, CTRL)
    outbound = window.current_page()
    assert isinstance(outbound, DocumentView) and outbound.d.type == "outbound"

    key(qtbot, Qt.Key.Key_D, CTRL)  # 下推 发票
    assert window.current_page().doc_type == "invoice"
    key(qtbot, Qt.Key.Key_S, CTRL)
    invoice = window.current_page()
    assert invoice.d.type == "invoice" and invoice.d.amount == 67800

    key(qtbot, Qt.Key.Key_D, CTRL)  # 下推 收款: Enter through the fields; the last one saves
    receipt_form = window.current_page()
    assert isinstance(receipt_form, MoneyForm) and focused() is receipt_form.party
    enter(qtbot, 4)  # 客户 → 日期 → 单号 → 金额 → 结算账户
    assert focused() is receipt_form.account and window.current_page() is receipt_form  # not saved yet
    qtbot.keyClicks(focused(), "1002")  # 银行存款
    enter(qtbot)  # the last field: saved
    receipt = window.current_page()
    assert isinstance(receipt, DocumentView) and receipt.d.type == "receipt"
    assert receipt.d.amount == 67800

    key(qtbot, Qt.Key.Key_J, CTRL)  # 联查凭证
    voucher = window.current_page()
    assert isinstance(voucher, VoucherView)
    assert figures(voucher) == {"1002": ("67,800.00", ""), "1122": ("", "67,800.00")}
    key(qtbot, Qt.Key.Key_F7)  # 审核
    assert voucher.v.status == "reviewed"
    answer_with_key(Qt.Key.Key_Return)  # 审核并记账 the period? — Enter is 是
    key(qtbot, Qt.Key.Key_F8)
    assert voucher.v.status == "posted"
    assert "已记账" in voucher.status_label.text()
    assert figures(voucher) == {"1002": ("67,800.00", ""), "1122": ("", "67,800.00")}
