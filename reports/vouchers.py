"""The voucher journal (序时账) as data: what `export vouchers` writes."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from domain.money import fmt_amount, fmt_qty
from storage.book import Book
from storage.models import Account, Customer, Document, Item, Supplier, Voucher


def journal(book: Book, first: str, last: str) -> list[dict]:
    s = book.session
    names = {a.id: (a.code, a.name) for a in s.scalars(select(Account))}
    customers = dict(s.execute(select(Customer.id, Customer.code)).all())
    suppliers = dict(s.execute(select(Supplier.id, Supplier.code)).all())
    items = dict(s.execute(select(Item.id, Item.code)).all())
    sources = dict(((i, (t, n)) for i, t, n in s.execute(select(Document.id, Document.type, Document.no))))
    out = []
    for v in s.scalars(select(Voucher).where(Voucher.period >= first, Voucher.period <= last)
                       .order_by(Voucher.period, Voucher.word, Voucher.number)):
        source = None
        if v.source_id is not None:
            t, n = sources[v.source_id]
            source = {"type": t, "no": n}
        elif v.source_type:
            source = {"type": v.source_type, "no": f"{v.period}"}
        out.append({
            "period": v.period, "word": v.word, "number": v.number, "date": v.date.isoformat(), "status": v.status,
            "summary": v.summary, "source": source, "preparer": v.preparer, "reviewer": v.reviewer,
            "lines": [{"summary": ln.summary, "account": names[ln.account_id][0], "account_name": names[ln.account_id][1],
                       "debit": fmt_amount(ln.debit), "credit": fmt_amount(ln.credit),
                       "customer": customers.get(ln.customer_id), "supplier": suppliers.get(ln.supplier_id),
                       "item": items.get(ln.item_id), "qty": fmt_qty(ln.qty) if ln.qty is not None else None}
                      for ln in v.lines]})
    return out


CSV_COLUMNS = ("period", "word", "number", "date", "status", "voucher_summary", "source_type", "source_no",
               "summary", "account", "account_name", "debit", "credit", "customer", "supplier", "item", "qty")


def as_csv(vouchers: list[dict]) -> str:
    """The journal as CSV; text a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading
    quote. Amounts and quantities are the program's own numbers and stay numbers."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for v in vouchers:
        src = v["source"] or {}
        for ln in v["lines"]:
            t = _text
            w.writerow([v["period"], t(v["word"]), v["number"], v["date"], v["status"], t(v["summary"]),
                        src.get("type", ""), t(src.get("no", "")), t(ln["summary"]), ln["account"],
                        t(ln["account_name"]), ln["debit"], ln["credit"], t(ln["customer"]), t(ln["supplier"]),
                        t(ln["item"]), ln["qty"] or ""])
    return buf.getvalue()


def _text(value: str | None) -> str:
    value = value or ""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
