"""Issue 30, item 5: an action with nothing to do is disabled and its tooltip says why."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from storage.book import Book
from storage.models import Document, Voucher
from tests.ui.books import worked_book
from ui.context import AppContext
from ui.forms.document_view import DocumentView
from ui.forms.voucher_view import VoucherView
from usecases import vouchers


@pytest.fixture
def ctx(qapp, tmp_path):
    with Book.open(worked_book(tmp_path / "w.sqlite"), user="会计甲") as book:
        yield AppContext(book)


def _doc(ctx, no):
    return ctx.book.session.scalar(select(Document).where(Document.no == no))


def test_a_fully_invoiced_outbound_cannot_be_pushed_to_an_invoice(ctx, qtbot):
    view = DocumentView(ctx, _doc(ctx, "OUT-0001").id)
    qtbot.addWidget(view)
    assert view.push_button.text() == "下推销售发票"
    assert not view.push_button.isEnabled()
    assert "全部数量已开票" in view.push_button.toolTip()


def test_an_order_has_no_voucher_and_says_so(ctx, qtbot):
    view = DocumentView(ctx, _doc(ctx, "SO-0001").id)
    qtbot.addWidget(view)
    assert not view.voucher_button.isEnabled() and view.voucher_button.toolTip() == "销售订单不生成凭证"


def test_a_reviewed_voucher_cannot_be_reviewed_again(ctx, qtbot):
    voucher = ctx.book.session.scalar(select(Voucher).order_by(Voucher.id).limit(1))
    other = ctx.book.acting("审核员乙")
    try:
        vouchers.review(other, voucher.id)
    finally:
        other.close()
    ctx.book.refresh()
    view = VoucherView(ctx, voucher.id)
    qtbot.addWidget(view)
    assert not view.buttons["review"].isEnabled() and "已审核" in view.buttons["review"].toolTip()
    assert view.buttons["unreview"].isEnabled()
    # made by a document: corrected on the document, not reversed by hand
    assert not view.buttons["reverse"].isEnabled() and "由单据生成" in view.buttons["reverse"].toolTip()


def test_every_disabled_button_on_every_document_and_voucher_says_why(ctx, qtbot):
    views = [DocumentView(ctx, d) for d in ctx.book.session.scalars(select(Document.id))]
    views += [VoucherView(ctx, v) for v in ctx.book.session.scalars(select(Voucher.id))]
    silent = []
    for view in views:
        qtbot.addWidget(view)
        for button in view.findChildren(QPushButton):
            if not button.isHidden() and not button.isEnabled() and not button.toolTip():
                silent.append(f"{view.tab_title()}: {button.text()}")
    assert silent == []
