"""对账单: a customer's receivable (1122 − 2203) over a date range, as of its last day, with the
open invoices and the shipped-not-invoiced goods behind the closing balance as they stood then."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from domain.money import fmt_amount, fmt_qty
from storage.book import Book
from storage.models import Item
from storage.queries.balances import ledger_lines, net_before
from storage.queries.receivables import open_items_as_of, shipped_not_invoiced

ZERO = Decimal("0.00")
SOURCE_TYPE = {None: "voucher", "close": "voucher"}
ADVANCES = "2203"  # 预收账款: what the customer paid ahead lowers what it owes


def statement(book: Book, customer, first: dt.date, last: dt.date) -> dict:
    ids = [book.account_id(book.role("receivable"))]
    if ADVANCES in book.accounts:
        ids.append(book.account_id(ADVANCES))
    opening = balance = net_before(book, ids, first, customer_id=customer.id)
    lines = []
    for date, word, number, summary, debit, credit, doc_type, doc_no, source_type, *_ in ledger_lines(
            book, ids, first, last, customer_id=customer.id):
        balance += debit - credit
        lines.append({"date": date, "type": doc_type or SOURCE_TYPE.get(source_type, source_type),
                      "no": doc_no or f"{word}-{number}", "summary": summary, "debit": debit, "credit": credit,
                      "balance": balance})
    items = dict(book.session.execute(select(Item.id, Item.code)).all())
    names = dict(book.session.execute(select(Item.id, Item.name)).all())
    sni = [{"outbound": r.doc_no, "date": r.date, "item": items[r.item_id], "item_name": names[r.item_id],
            "qty": r.qty, "amount": r.amount} for r in shipped_not_invoiced(book, customer.id, last)]
    open_invoices = [{"invoice": o.ref, "date": o.date, "amount": o.amount, "open": o.open}
                     for o in open_items_as_of(book, "charge", last, customer.id)]
    # Money received and not yet set against an invoice (预收 / 未核销收款): what makes a prepaid
    # customer's balance, and what the breakdown subtracts so its parts add up to the closing.
    unapplied = [{"receipt": o.ref, "date": o.date, "amount": o.amount, "open": o.open}
                 for o in open_items_as_of(book, "credit", last, customer.id)]
    return {"customer": customer.code, "name": customer.name, "company": book.settings.get("company", ""),
            "from": first, "to": last, "opening": opening, "lines": lines, "closing": balance,
            "shipped_not_invoiced": sni, "open_invoices": open_invoices, "unapplied": unapplied,
            "revenue_mode": book.revenue_mode}


def as_json(st: dict) -> dict:
    def conv(d: dict) -> dict:
        out = {}
        for k, v in d.items():
            if k in ("item_name", "company"):
                continue
            out[k] = (fmt_qty(v) if k == "qty" else fmt_amount(v) if isinstance(v, Decimal)
                      else v.isoformat() if isinstance(v, dt.date) else v)
        return out
    out = conv({k: v for k, v in st.items() if not isinstance(v, list)})
    for key in ("lines", "shipped_not_invoiced", "open_invoices", "unapplied"):
        out[key] = [conv(r) for r in st[key]]
    return out
