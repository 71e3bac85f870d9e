"""对账单: a customer's receivable sub-ledger over a date range, with what is open behind it."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from domain.money import fmt_amount, fmt_qty
from storage.book import Book
from storage.models import Item, OpenItem
from storage.queries.ledger import lines_of, opening_of
from storage.queries.receivables import shipped_not_invoiced

ZERO = Decimal("0.00")
SOURCE_TYPE = {None: "voucher", "close": "voucher"}


def statement(book: Book, customer, first: dt.date, last: dt.date) -> dict:
    account = book.role("receivable")
    balance = opening_of(book, account, customer.id)
    lines = []
    for date, word, number, summary, debit, credit, doc_type, doc_no, source_type in lines_of(
            book, account, customer_id=customer.id, until=last):
        if date < first:
            balance += debit - credit
            continue
        balance += debit - credit
        lines.append({"date": date.isoformat(), "type": doc_type or SOURCE_TYPE.get(source_type, source_type),
                      "no": doc_no or f"{word}-{number}", "summary": summary, "debit": debit, "credit": credit,
                      "balance": balance})
    opening = balance - sum((ln["debit"] - ln["credit"] for ln in lines), ZERO)
    items = dict(book.session.execute(select(Item.id, Item.code)).all())
    sni = [{"outbound": r.doc_no, "date": r.date.isoformat(), "item": items[r.item_id], "qty": r.qty,
            "amount": r.amount} for r in shipped_not_invoiced(book, customer.id) if r.date <= last]
    open_invoices = [{"invoice": o.ref, "date": o.date.isoformat(), "amount": o.amount, "open": o.open}
                     for o in book.session.scalars(select(OpenItem).where(
                         OpenItem.party == "customer", OpenItem.party_id == customer.id, OpenItem.side == "charge",
                         OpenItem.open != 0).order_by(OpenItem.date, OpenItem.id))]
    return {"customer": customer.code, "name": customer.name, "from": first.isoformat(), "to": last.isoformat(),
            "opening": opening, "lines": lines, "closing": balance, "shipped_not_invoiced": sni,
            "open_invoices": open_invoices}


def as_json(st: dict) -> dict:
    def conv(d: dict) -> dict:
        return {k: fmt_qty(v) if k == "qty" else fmt_amount(v) if isinstance(v, Decimal) else v for k, v in d.items()}
    out = conv({k: v for k, v in st.items() if not isinstance(v, list)})
    for key in ("lines", "shipped_not_invoiced", "open_invoices"):
        out[key] = [conv(r) for r in st[key]]
    return out
