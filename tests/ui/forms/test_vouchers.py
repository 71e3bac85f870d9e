"""An accountant's vouchers: a manual voucher keyed with the balance shown live, then review,
un-review, post and red reversal from the 记账凭证 view."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from interchange.importer import import_data
from storage.book import Book
from tests.rows import manual_voucher
from ui.forms.voucher_form import VoucherForm
from ui.forms.voucher_view import VoucherView
from ui.main_window import MainWindow

MASTER = Path(__file__).resolve().parents[2] / "storage" / "data" / "worked_master.json"


@pytest.fixture
def window(qtbot, book):
    import_data(book, json.loads(MASTER.read_text(encoding="utf-8")))
    w = MainWindow(book)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def test_manual_voucher_keyed_with_live_balance(qtbot, window):
    window.show_page("voucher_entry")
    form = window.current_page()
    assert isinstance(form, VoucherForm)
    form.summary.setFocus()
    event = QInputMethodEvent()
    event.setCommitString("提取备用金")
    QApplication.sendEvent(form.summary, event)
    key(qtbot, Qt.Key.Key_Return)  # → the first line's 摘要
    key(qtbot, Qt.Key.Key_Return)  # → 科目
    qtbot.keyClicks(QApplication.focusWidget(), "1001")
    key(qtbot, Qt.Key.Key_Return)  # → 客户/供应商
    key(qtbot, Qt.Key.Key_Return)  # → 借方
    qtbot.keyClicks(QApplication.focusWidget(), "5000")
    key(qtbot, Qt.Key.Key_Return)  # → 贷方
    assert form.balance.text() == "差额 5,000.00" and not form.balanced()
    key(qtbot, Qt.Key.Key_Return)  # → line 2
    key(qtbot, Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), "1002")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Return)  # 借方 left blank → 贷方
    qtbot.keyClicks(QApplication.focusWidget(), "5000")
    key(qtbot, Qt.Key.Key_Return)
    assert form.grid.text(0, "name") == "库存现金" and form.grid.text(0, "summary") == "提取备用金"
    assert form.balanced() and form.debit_total.text() == "5,000.00"
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    view = window.current_page()
    assert isinstance(view, VoucherView)
    assert view.v.summary == "提取备用金" and view.v.total == 5000
    assert view.table.item(2, 0).text() == "合计：伍仟元整"


def test_review_unreview_post_and_reverse(qtbot, window, book, book_path, monkeypatch):
    with Book.open(book_path, user="出纳") as other:  # prepared by someone else: tester may review
        v = manual_voucher(other, "2026-11-12", "支付手续费", [{"account": "5603", "debit": "35.00"},
                                                          {"account": "1002", "credit": "35.00"}])
    window.refresh()
    window.show_page("vouchers")
    page = window.current_page()
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    view = window.current_page()
    assert isinstance(view, VoucherView) and view.voucher_id == v.id
    qtbot.mouseClick(view.buttons["review"], Qt.MouseButton.LeftButton)
    assert view.status_label.text() == "状态：已审核" and view.reviewer.text() == "审核：tester"
    qtbot.mouseClick(view.buttons["unreview"], Qt.MouseButton.LeftButton)
    assert view.status_label.text() == "状态：未审核"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.buttons["post"], Qt.MouseButton.LeftButton)
    assert view.status_label.text() == "状态：已记账" and view.poster.text() == "记账：tester"
    qtbot.mouseClick(view.buttons["reverse"], Qt.MouseButton.LeftButton)
    red = window.current_page()
    assert isinstance(red, VoucherView) and red.voucher_id != v.id
    assert red.table.item(0, 3).text() == "-35.00" and "冲销" in red.status_label.text()


def test_reviewing_ones_own_voucher_is_refused_in_words(qtbot, window, book):
    v = manual_voucher(book, "2026-11-12", "支付手续费", [{"account": "5603", "debit": "35.00"},
                                                      {"account": "1002", "credit": "35.00"}])
    window.open_voucher(v.id)
    view = window.current_page()
    # nothing to click into a refusal: 审核 is disabled, and its tooltip says why (issue 30)
    assert not view.buttons["review"].isEnabled()
    assert "tester" in view.buttons["review"].toolTip() and "须由他人审核" in view.buttons["review"].toolTip()
    assert view.status_label.text() == "状态：未审核"
