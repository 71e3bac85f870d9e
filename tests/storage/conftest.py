"""Engine-test fixtures: a fresh book in tmp_path loaded with master data, and readers for what a
user sees — a voucher's postings to the fen, balances, stock on hand, and `check`.

Helpers reach the tests through the `zf` fixture (conftest modules are not imported by tests).
"""
from __future__ import annotations

import copy
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from interchange.importer import import_data
from reports.trial_balance import trial_balance
from reports.vouchers import journal
from storage.models import (
    Account,
    Customer,
    Document,
    Item,
    OpeningBalance,
    OpenItem,
    StockBalance,
    Supplier,
    Warehouse,
)
from storage.queries.checks import run_checks
from usecases.setup import init_book

COMPANY = "测试公司"
START = "2026-11"
FIRST, LAST = "2026-11", "2026-12"
FORMAT = "zhangfang-interchange/1"

# Three customers (C002 with a small credit limit), one supplier, three items at 13 % / 9 % / 6 %
# with odd prices, two warehouses and opening stock that ties to the opening 1405 balances.
MASTER = {
    "format": FORMAT,
    "accounts": [{"code": "100201", "name": "工商银行基本户", "parent": "1002"}],
    "customers": [{"code": "C001", "name": "华东机电有限公司", "payment_days": 30},
                  {"code": "C002", "name": "杭州启明贸易有限公司", "credit_limit": "1000.00"},
                  {"code": "C003", "name": "南京远航科技有限公司"}],
    "suppliers": [{"code": "S001", "name": "苏州精工部件厂"}],
    "items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13", "price": "1130.00"},
              {"code": "B002", "name": "精密螺丝", "unit": "盒", "tax_rate": "0.09", "price": "7.77"},
              {"code": "C003", "name": "技术服务包", "unit": "套", "tax_rate": "0.06", "price": "33.33"},
              {"code": "D004", "name": "垫片", "unit": "个", "tax_rate": "0.13"}],
    "warehouses": [{"code": "W01", "name": "主仓"}, {"code": "W02", "name": "二号仓"}],
    "opening_balances": {"date": "2026-10-31", "lines": [
        {"account": "100201", "debit": "500000.00"},
        {"account": "1122", "customer": "C001", "debit": "11300.00"},
        {"account": "1405", "item": "A001", "debit": "60000.00"},
        {"account": "1405", "item": "B002", "debit": "5000.00"},
        {"account": "1405", "item": "C003", "debit": "2000.00"},
        {"account": "3001", "credit": "578300.00"}]},
    "opening_stock": [{"item": "A001", "warehouse": "W01", "qty": "100", "unit_cost": "600.00"},
                      {"item": "B002", "warehouse": "W01", "qty": "1000", "unit_cost": "5.00"},
                      {"item": "C003", "warehouse": "W02", "qty": "100", "unit_cost": "20.00"}],
}

# ACCOUNTING.md's worked example, as written there (1002 stays a leaf).
WORKED_MASTER = {
    "format": FORMAT,
    "customers": [{"code": "C001", "name": "华东机电有限公司", "credit_limit": "200000.00", "payment_days": 30}],
    "items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13", "price": "1130.00"}],
    "warehouses": [{"code": "W01", "name": "主仓"}],
    "opening_balances": {"date": "2026-10-31", "lines": [
        {"account": "1002", "debit": "500000.00"},
        {"account": "1122", "customer": "C001", "debit": "11300.00"},
        {"account": "1405", "item": "A001", "debit": "60000.00"},
        {"account": "3001", "credit": "571300.00"}]},
    "opening_stock": [{"item": "A001", "warehouse": "W01", "qty": "100", "unit_cost": "600.00"}],
}
WORKED_DOCUMENTS = [
    {"type": "sales_order", "no": "SO-0001", "date": "2026-11-02", "customer": "C001",
     "lines": [{"item": "A001", "qty": "100", "price": "1130.00"}]},
    {"type": "outbound", "no": "OUT-0001", "date": "2026-11-03", "order": "SO-0001", "warehouse": "W01",
     "lines": [{"item": "A001", "qty": "60"}]},
    {"type": "invoice", "no": "INV-0001", "date": "2026-11-05", "lines": [{"outbound": "OUT-0001", "item": "A001",
                                                                          "qty": "60"}]},
    {"type": "receipt", "no": "RC-0001", "date": "2026-11-20", "customer": "C001", "amount": "50000.00",
     "account": "1002"},
]


# ---- fixtures ------------------------------------------------------------------------------------

@pytest.fixture
def new_book(book_target):
    """make(revenue="shipment", master=MASTER) → a new book, closed after the test."""
    opened = []

    def make(revenue: str = "shipment", master: dict | None = MASTER):
        book = init_book(book_target(f"book{len(opened)}.sqlite"), COMPANY, START, revenue=revenue)
        opened.append(book)
        if master:
            import_data(book, copy.deepcopy(master))
        return book

    yield make
    for book in opened:
        book.close()


@pytest.fixture
def book(new_book):
    return new_book()


@pytest.fixture
def worked_book(new_book):
    """make(revenue="shipment") → a book with the worked example's master data and opening balances."""
    return lambda revenue="shipment": new_book(revenue=revenue, master=WORKED_MASTER)


@pytest.fixture
def zf():
    return SimpleNamespace(docs=docs, vouchers=vouchers, voucher_of=voucher_of, postings=postings,
                           balance=balance, tb_row=tb_row, stock=stock, findings=findings,
                           assert_books_tie=assert_books_tie, snapshot=snapshot, D=Decimal,
                           WORKED_DOCUMENTS=WORKED_DOCUMENTS, MASTER=MASTER)


# ---- helpers -------------------------------------------------------------------------------------

def docs(book, *documents: dict) -> dict:
    """Import documents through the interchange (the same use cases as the GUI)."""
    return import_data(book, {"format": FORMAT, "documents": copy.deepcopy(list(documents))})


def vouchers(book) -> list[dict]:
    return journal(book, FIRST, LAST)


def voucher_of(book, doc_type: str, no: str) -> dict:
    """The one voucher of a document (ACCOUNTING.md: one business document → exactly one voucher)."""
    found = [v for v in vouchers(book) if v["source"] == {"type": doc_type, "no": no}]
    assert len(found) == 1, f"{doc_type} {no} has {len(found)} vouchers"
    return found[0]


def postings(voucher: dict) -> list[str]:
    """A voucher's lines as people read them, sorted: 'Dr 1122/C001 67800.00', 'Cr 5001 -62.89'.
    Red entries keep their side with a negative amount."""
    out = []
    for ln in voucher["lines"]:
        dim = ln["customer"] or ln["supplier"] or ln["item"]
        account = f"{ln['account']}/{dim}" if dim else ln["account"]
        if Decimal(ln["debit"]):
            out.append(f"Dr {account} {ln['debit']}")
        if Decimal(ln["credit"]):
            out.append(f"Cr {account} {ln['credit']}")
    return sorted(out)


def balance(book, code: str, *, customer: str | None = None, item: str | None = None,
            supplier: str | None = None) -> Decimal:
    """debit − credit of a leaf account (optionally one dimension value): opening column plus
    every voucher line, read from the journal rather than the maintained balances."""
    s = book.session
    acc = s.scalar(select(Account.id).where(Account.code == code))
    total = Decimal("0.00")
    codes = {"customer": customer, "item": item, "supplier": supplier}
    models = {"customer": Customer, "item": Item, "supplier": Supplier}
    for ob in s.scalars(select(OpeningBalance).where(OpeningBalance.account_id == acc)):
        ids = {"customer": ob.customer_id, "item": ob.item_id, "supplier": ob.supplier_id}
        if any(want and (ids[dim] is None or s.get(models[dim], ids[dim]).code != want)
               for dim, want in codes.items()):
            continue
        total += ob.debit - ob.credit
    for v in vouchers(book):
        for ln in v["lines"]:
            if ln["account"] != code:
                continue
            if any(want and ln[dim] != want for dim, want in codes.items()):
                continue
            total += Decimal(ln["debit"]) - Decimal(ln["credit"])
    return total


def tb_row(book, code: str, first: str = FIRST, last: str = LAST) -> dict | None:
    return next((r for r in trial_balance(book, first, last)["rows"] if r["code"] == code), None)


def stock(book, item: str, warehouse: str) -> tuple[Decimal, Decimal]:
    """(qty, value) on hand of an item in a warehouse."""
    s = book.session
    item_id = s.scalar(select(Item.id).where(Item.code == item))
    wh_id = s.scalar(select(Warehouse.id).where(Warehouse.code == warehouse))
    row = s.get(StockBalance, (item_id, wh_id))
    return (Decimal(0), Decimal("0.00")) if row is None else (row.qty, row.value)


def findings(book) -> dict[str, list[str]]:
    """The invariants `check` reports as broken (an empty dict: every list is empty)."""
    return {name: found for name, found in run_checks(book).items() if found}


def assert_books_tie(book, first: str = FIRST, last: str = LAST) -> None:
    assert findings(book) == {}
    totals = trial_balance(book, first, last)["totals"]
    assert totals["opening_debit"] == totals["opening_credit"]
    assert totals["debit"] == totals["credit"]
    assert totals["closing_debit"] == totals["closing_credit"]


def snapshot(book) -> dict:
    """Everything a refused document must leave as it was: vouchers, stock, documents, open items."""
    s = book.session
    s.expire_all()
    stock_rows = {(r.item_id, r.warehouse_id): (r.qty, r.value) for r in s.scalars(select(StockBalance))}
    documents = sorted((d.type, d.no, d.status, d.amount) for d in s.scalars(select(Document)))
    open_items = sorted((o.party, o.party_id, o.side, o.ref, o.amount, o.open) for o in s.scalars(select(OpenItem)))
    per_account: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for v in vouchers(book):
        for ln in v["lines"]:
            per_account[ln["account"]] += Decimal(ln["debit"]) - Decimal(ln["credit"])
    return {"vouchers": len(vouchers(book)), "journal": vouchers(book), "stock": stock_rows,
            "documents": documents, "open_items": open_items, "accounts": dict(per_account)}
