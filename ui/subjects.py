"""Open what a finding or an alert names ({"type", "no"}) in the window: a voucher by its 字-号
within a period, a document by its type and number. Unknown subjects (a period, a customer) are
ignored: the finding's sentence already says what to do."""
from __future__ import annotations

from sqlalchemy import select

from storage.models import Document, Voucher
from ui.context import AppContext


def open_subject(ctx: AppContext, subject: dict, period: str | None = None) -> bool:
    kind, no = subject.get("type"), str(subject.get("no") or "")
    if kind in ("bank_account", "bank_line"):  # the close waits for the bank: 银行对账 is where lines are decided
        ctx.show_page("matching")
        return True
    book = ctx.book
    with book.reading():
        if kind == "voucher":
            word, _, number = no.rpartition("-")
            if not number.isdigit() or period is None:
                return False
            found = book.session.scalar(select(Voucher.id).where(
                Voucher.period == period, Voucher.word == (word or "记"), Voucher.number == int(number)))
            if found is not None:
                ctx.open_voucher(found)
                return True
            return False
        found = book.session.scalar(select(Document.id).where(Document.type == kind, Document.no == no))
    if found is None:
        return False
    ctx.open_document(found)
    return True
