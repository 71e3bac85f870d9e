"""The demo business generator: reproducible, and the books it writes keep every invariant
(issue: demo data)."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from demo import generate
from domain.credit_code import credit_code_problem
from domain.money import portion
from reports.trial_balance import trial_balance
from reports.vouchers import journal
from storage.models import Customer, Document, DocumentLine, Item, OpenItem, Period, Voucher
from storage.queries.checks import run_checks
from tests import engines
from usecases.opening import opening_stock_problems
from usecases.setup import init_book

START = "2026-01"


def _book(path, orders: int, seed: int, progress=None, revenue: str = "shipment"):
    book = init_book(path, "演示公司", START, revenue=revenue, user="制单员")
    summary = generate(book, orders=orders, seed=seed, progress=progress)
    return book, summary


def _last_period(book) -> str:
    return book.session.scalar(select(func.max(Voucher.period)))


def test_same_seed_gives_the_same_journal(book_target):
    a, _ = _book(book_target("a.sqlite"), 40, 5)
    b, _ = _book(book_target("b.sqlite"), 40, 5)
    c, _ = _book(book_target("c.sqlite"), 40, 6)
    try:
        last = max(_last_period(a), _last_period(c))
        first = journal(a, START, last)
        assert first, "the demo wrote no vouchers"
        assert first == journal(b, START, last)
        assert first != journal(c, START, last)
    finally:
        for book in (a, b, c):
            book.close()


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    calls = []
    book, summary = _book(engines.new(tmp_path_factory.mktemp("demo"), "demo.sqlite"), 120, 3,
                          progress=lambda done, total, what: calls.append((done, total, what)))
    yield book, summary, calls
    book.close()


def test_demo_books_keep_every_invariant(demo_book):
    book, _, _ = demo_book
    findings = run_checks(book)
    assert findings and all(not f for f in findings.values()), {k: v[:5] for k, v in findings.items() if v}
    assert opening_stock_problems(book) == []
    tb = trial_balance(book, START, _last_period(book))["totals"]
    assert tb["opening_debit"] == tb["opening_credit"] > 0
    assert tb["debit"] == tb["credit"] > 0
    assert tb["closing_debit"] == tb["closing_credit"]
    assert book.session.scalar(select(func.count()).select_from(Period).where(Period.status == "closed")) >= 1


def test_demo_runs_with_revenue_at_invoice(book_target):
    book, summary = _book(book_target("inv.sqlite"), 60, 4, revenue="invoice")
    try:
        findings = run_checks(book)
        assert all(not f for f in findings.values()), {k: v[:5] for k, v in findings.items() if v}
        tb = trial_balance(book, START, _last_period(book))["totals"]
        assert tb["debit"] == tb["credit"] > 0
        assert "生成 60 张订单" in summary
    finally:
        book.close()


def test_demo_takes_part_quantities_whose_portions_round_apart(demo_book):
    """Shipments, invoices, returns and credits of part of a line take any quantity, also one
    whose separately rounded portions of gross, net and tax would not add up (the engine keeps
    gross = net + tax); the generator once avoided those."""
    book, _, _ = demo_book
    s = book.session
    types = dict(s.execute(select(Document.id, Document.type)).all())
    lines = {ln.id: ln for ln in s.scalars(select(DocumentLine))}
    uneven = Counter()
    for ln in lines.values():
        src = lines.get(ln.src_line_id)
        if src is None or not 0 < ln.qty < src.qty:
            continue
        assert ln.gross == ln.net + ln.tax
        if portion(src.gross, ln.qty, src.qty) != portion(src.net, ln.qty, src.qty) + portion(src.tax, ln.qty, src.qty):
            uneven[types[ln.doc_id]] += 1
    assert uneven["outbound"] and uneven["invoice"], uneven


def test_demo_business_has_the_awkward_cases(demo_book):
    book, summary, _ = demo_book
    s = book.session
    types = Counter(dict(s.execute(select(Document.type, func.count()).group_by(Document.type)).all()))
    assert types["sales_order"] == 120
    for t in ("outbound", "invoice", "receipt", "sales_return", "credit_note", "purchase_order", "inbound",
              "purchase_invoice", "payment"):
        assert types[t] > 0, t
    # partial shipments: an order delivered in more than one outbound
    per_order = Counter(s.scalars(select(Document.ref_id).where(Document.type == "outbound")))
    assert max(per_order.values()) >= 2
    # money received and not (yet) applied to any invoice
    assert s.scalar(select(func.count()).select_from(OpenItem).where(
        OpenItem.party == "customer", OpenItem.kind == "receipt", OpenItem.open > 0)) > 0
    # an allowance or a credit for goods returned after invoicing
    assert s.scalar(select(func.count()).select_from(Document).where(Document.type == "credit_note")) > 0
    assert "生成 120 张订单" in summary and "个月结账" in summary


def test_demo_master_data_looks_real(demo_book):
    book, _, calls = demo_book
    s = book.session
    customers = list(s.scalars(select(Customer)))
    assert len(customers) >= 20
    assert len({c.name for c in customers}) == len(customers)
    assert all(c.name.endswith("有限公司") and credit_code_problem(c.tax_id) is None for c in customers)
    assert any(c.credit_limit is None for c in customers) and any(c.credit_limit for c in customers)
    rates = {i.tax_rate for i in s.scalars(select(Item))}
    assert rates >= {Decimal(r) for r in ("0.13", "0.09", "0.06", "0.03")}
    # progress about every 2 %, ending with everything done
    assert calls and calls[-1][0] == calls[-1][1] == 120
    assert 10 <= len(calls) <= 52


def test_demo_leaves_the_last_days_bank_lines_for_the_matching_desk(demo_book):
    # the customers' last payments wait on the bank statement; the matcher finds each one's invoice
    from usecases.matching import match_account
    book, summary, _ = demo_book
    assert "待对账银行流水 6" in summary
    result = match_account(book, "ICBC", accept=False)
    assert len(result["matches"]) == 6
    assert all(m["allocations"] and m["customer"] for m in result["matches"])
    assert sum(m["confidence"] >= 0.9 for m in result["matches"]) >= 4


def test_demo_months_are_closed_three_days_after_they_end(demo_book):
    # the dashboard's 结账用时 reads the close's own date, not the clock the demo ran on
    from storage.queries.kpi import close_days
    book, _, _ = demo_book
    first = book.session.scalar(select(func.min(Period.period)))
    assert close_days(book, first, _last_period(book)) == Decimal(3)
