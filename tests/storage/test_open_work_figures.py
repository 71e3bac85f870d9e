"""The figures a click reads from what is open (issue 32) are the figures the whole book gives: the
indexed queries of alerts, aging and shipped-not-invoiced, and the aggregated 1406 check, held against
straightforward whole-book computations (the code before issue 32) on a demo book with returns and red
invoices, at several dates, before and after closed months are reopened (the close's vouchers reversed)
and closed again."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

import storage.queries.receivables as receivables
from demo import generate
from reports.aging import aging
from storage.models import Period
from storage.queries import alerts as fast_alerts
from storage.queries.checks_v2 import goods_shipped_findings
from storage.queries.receivables import ZERO, OpenAsOf
from storage.sql import total
from tests import engines
from tests.storage import whole_book_alerts
from usecases import closing
from usecases.closing import close_period, preview_close, reopen_period
from usecases.setup import init_book

DAYS = (dt.date(2026, 3, 15), dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2026, 10, 31),
        dt.date(2026, 12, 31))


def whole_book_order_to_cash_days(book, first: dt.date, last: dt.date):
    """Every order of the book with its invoices and their last allocation (before issue 32)."""
    from sqlalchemy import func
    from sqlalchemy.orm import aliased

    from storage.models import Allocation, Document, DocumentLine, OpenItem
    from storage.queries.kpi import _days, _median, _raw
    so_line, out_line, inv_line = aliased(DocumentLine), aliased(DocumentLine), aliased(DocumentLine)
    order = aliased(Document)
    invoices = (select(order.id.label("order_id"), order.date.label("ordered"), inv_line.doc_id.label("invoice_id"))
                .join(so_line, so_line.doc_id == order.id).join(out_line, out_line.src_line_id == so_line.id)
                .join(inv_line, inv_line.src_line_id == out_line.id)
                .where(order.type == "sales_order", order.status.in_(("done", "closed"))).distinct()).subquery()
    paid = (select(OpenItem.doc_id.label("invoice_id"), _raw(OpenItem.open).label("open"),
                   func.max(Allocation.date).label("last"))
            .join(Allocation, Allocation.charge_id == OpenItem.id)
            .where(OpenItem.side == "charge", OpenItem.kind == "invoice", OpenItem.party == "customer")
            .group_by(OpenItem.id)).subquery()
    q = (select(invoices.c.order_id, invoices.c.ordered, func.sum(func.coalesce(paid.c.open, 1)), func.max(paid.c.last))
         .outerjoin(paid, paid.c.invoice_id == invoices.c.invoice_id).group_by(invoices.c.order_id, invoices.c.ordered))
    return _median((_days(lp) - _days(o)).days for _, o, left, lp in book.session.execute(q)
                   if not left and lp is not None and first <= _days(lp) <= last)


def whole_book_open_items(book, side: str, day: dt.date, customer_id: int | None = None) -> list[OpenAsOf]:
    """Every customer item up to the day, less the allocations dated up to it (before issue 32)."""
    from storage.models import Allocation, OpenItem
    link = Allocation.charge_id if side == "charge" else Allocation.credit_id
    applied = (select(link.label("item_id"), total(Allocation.amount).label("applied"))
               .where(Allocation.date <= day).group_by(link).subquery())
    q = (select(OpenItem.party_id, OpenItem.ref, OpenItem.kind, OpenItem.date, OpenItem.amount, applied.c.applied,
                OpenItem.due)
         .outerjoin(applied, applied.c.item_id == OpenItem.id)
         .where(OpenItem.party == "customer", OpenItem.side == side, OpenItem.date <= day)
         .order_by(OpenItem.date, OpenItem.id))
    if customer_id is not None:
        q = q.where(OpenItem.party_id == customer_id)
    out = []
    for pid, ref, kind, date, amount, done, due in book.session.execute(q):
        if amount - (done or ZERO):
            out.append(OpenAsOf(pid, ref, kind, date, amount, amount - (done or ZERO), due))
    return out


_GOODS_SHIPPED_PER_ITEM = """
SELECT i.code, CAST(
  COALESCE((SELECT SUM(l.cost) FROM document_lines l JOIN documents d ON d.id = l.doc_id
            WHERE d.type = 'outbound' AND l.item_id = i.id), 0)
  - COALESCE((SELECT SUM(l.cost) FROM document_lines l JOIN documents d ON d.id = l.doc_id
              WHERE d.type = 'invoice' AND l.item_id = i.id), 0)
  - COALESCE((SELECT SUM(l.part_cost) FROM document_lines l JOIN documents d ON d.id = l.doc_id
              WHERE d.type = 'sales_return' AND l.item_id = i.id), 0) AS BIGINT) AS expected, CAST(
  COALESCE((SELECT SUM(b.debit - b.credit) FROM balances b WHERE b.account_id = a.id AND b.item_id = i.id), 0)
  + COALESCE((SELECT SUM(o.debit - o.credit) FROM opening_balances o WHERE o.account_id = a.id AND o.item_id = i.id), 0) AS BIGINT)
  AS ledger
FROM items i, accounts a WHERE a.code = '1406' ORDER BY i.id"""


def whole_book_1406(book) -> list[tuple]:
    return [(code, expected if book.revenue_mode == "invoice" else 0, ledger)
            for code, expected, ledger in book.session.execute(text(_GOODS_SHIPPED_PER_ITEM))]


@pytest.fixture(scope="module")
def demo_books(tmp_path_factory):
    """Two demo books (revenue at shipment and at invoice): returns, red invoices, part shipments."""
    folder = tmp_path_factory.mktemp("open_work")
    books, targets = [], []
    for revenue, seed in (("shipment", 7), ("invoice", 11)):
        targets.append(engines.new(folder, f"{revenue}.sqlite"))  # a file, or a PostgreSQL database
        book = init_book(targets[-1], "演示公司", "2026-01", revenue=revenue, user="主管")
        generate(book, orders=160, seed=seed)
        books.append(book)
    yield books
    for book in books:
        book.close()
    engines.discard(*targets)


def same_figures(book, monkeypatch) -> None:
    """Every figure by the indexed path equals the whole-book one, at every day of DAYS."""
    book.refresh()
    for day in DAYS:
        for side in ("charge", "credit"):
            assert receivables.open_items_as_of(book, side, day) == whole_book_open_items(book, side, day)
        fast = {name: [a.as_json() for a in kind(book, day)] for name, kind in fast_alerts.KINDS.items()}
        full = {name: [a.as_json() for a in kind(book, day)] for name, kind in whole_book_alerts.KINDS.items()}
        assert fast == full, day
        for src in ("outbound", "inbound"):
            quick = receivables.unbilled(book, src, None, day)
            with monkeypatch.context() as m:
                m.setattr(receivables, "maybe_unbilled", lambda *_: None)  # every line of the book, as before
                assert quick == receivables.unbilled(book, src, None, day), (src, day)
        quick_aging = aging(book, day)
        with monkeypatch.context() as m:
            import reports.aging as aging_module
            m.setattr(aging_module, "open_items_as_of", whole_book_open_items)
            m.setattr(receivables, "maybe_unbilled", lambda *_: None)
            assert quick_aging == aging(book, day), day
    assert goods_shipped_findings(book) == whole_book_1406_findings(book)
    from domain.periods import period_end, period_start
    from storage.queries.kpi import order_to_cash_days
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    quick_days = [order_to_cash_days(book, period_start(m), period_end(m)) for m in months]
    assert any(quick_days)
    assert quick_days == [whole_book_order_to_cash_days(book, period_start(m), period_end(m)) for m in months]
    first_open = book.session.scalar(select(Period.period).where(Period.status != "closed").order_by(Period.period))
    for period in (first_open, "2026-12"):
        quick = preview_close(book, period)
        with monkeypatch.context() as m:
            m.setattr(closing, "_last_closed_end", lambda *_: None)  # the whole book's sub-ledgers, as before
            assert quick == preview_close(book, period), period


def whole_book_1406_findings(book) -> list[str]:
    from domain.money import from_fen
    return [f"item {c}: 1406 is {from_fen(h)} but goods shipped and not invoiced cost {from_fen(w)}"
            for c, w, h in whole_book_1406(book) if w != h]


def test_indexed_figures_equal_the_whole_books(demo_books, monkeypatch):
    for book in demo_books:
        assert any(a for a in fast_alerts.alerts(book, DAYS[-2])), "the demo book raises alerts"
        same_figures(book, monkeypatch)


def test_and_after_closed_months_are_reopened_and_closed_again(demo_books, monkeypatch):
    for book in demo_books:
        closed = list(book.session.scalars(select(Period.period).where(Period.status == "closed")
                                           .order_by(Period.period.desc())))[:3]
        assert closed, "the demo closes its months"
        for period in closed:
            reopen_period(book, period, "测试")  # the close's vouchers reversed (红字冲销)
        same_figures(book, monkeypatch)
        for period in reversed(closed):
            close_period(book, period)
        same_figures(book, monkeypatch)


def test_the_1406_check_names_the_same_items_as_the_per_item_query(demo_books):
    book = demo_books[1]  # revenue at invoice: 1406 carries the cost of goods shipped, not invoiced
    assert book.revenue_mode == "invoice"
    held = book.session.execute(text(
        "SELECT b.id, b.debit FROM balances b JOIN accounts a ON a.id = b.account_id "
        "WHERE a.code = '1406' AND b.item_id IS NOT NULL ORDER BY b.id")).first()
    assert held is not None
    with book.unit():
        book.session.execute(text("UPDATE balances SET debit = debit + 1234 WHERE id = :id"), {"id": held[0]})
    try:
        found = goods_shipped_findings(book)
        assert len(found) == 1 and "1406 is" in found[0]
        assert found == whole_book_1406_findings(book)
    finally:
        with book.unit():
            book.session.execute(text("UPDATE balances SET debit = :d WHERE id = :id"), {"id": held[0], "d": held[1]})


def test_the_close_sees_a_broken_sub_ledger_changed_after_the_last_close(demo_books, monkeypatch):
    """A receivable voucher line changed behind the product's back in the open month is caught by the
    scoped checks as by the whole book's (maintained balances follow the line only through posting,
    so the line's balance is changed too, as a posting would)."""
    from storage.models import OpenItem
    book = demo_books[0]
    first_open = book.session.scalar(select(Period.period).where(Period.status != "closed").order_by(Period.period))
    item = book.session.scalar(select(OpenItem).where(OpenItem.party == "customer", OpenItem.side == "charge",
                                                      OpenItem.date >= dt.date.fromisoformat(first_open + "-01"))
                               .order_by(OpenItem.id))
    assert item is not None
    with book.unit():
        book.session.execute(text("UPDATE open_items SET open = open + 100 WHERE id = :id"), {"id": item.id})
    try:
        book.refresh()
        quick = preview_close(book, first_open)
        with monkeypatch.context() as m:
            m.setattr(closing, "_last_closed_end", lambda *_: None)
            assert quick == preview_close(book, first_open)
        assert any(b["kind"] == "subledger" and item.ref in b["message"] for b in quick["blocking"]), quick["blocking"]
    finally:
        with book.unit():
            book.session.execute(text("UPDATE open_items SET open = open - 100 WHERE id = :id"), {"id": item.id})
