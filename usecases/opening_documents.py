"""Opening documents of a book started mid-year: goods received and not yet invoiced by the supplier
(暂估) and goods shipped and not yet invoiced to the customer, dated on the opening date. They carry no
voucher — their amounts are in the opening balances (220202, 222103 and 1122, or 1406) — but can be
invoiced and returned later like any other inbound or outbound; their totals must tie to those
openings (opening_document_problems)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select

from domain.errors import Problem, Rejected
from domain.money import fmt_thousands, line_gross
from domain.periods import parse_date
from storage.book import Book
from storage.models import (
    Customer,
    Document,
    DocumentLine,
    OpeningBalance,
    OpenItem,
    StockBalance,
    Supplier,
    Warehouse,
)
from storage.refs import by_code
from usecases.access import requires
from usecases.chain import collect
from usecases.commands import OpeningDocument
from usecases.opening import _guard_open
from usecases.pricing import priced_lines

ZERO = Decimal("0.00")
PARTY = {"inbound": ("supplier", Supplier), "outbound": ("customer", Customer)}
FIELDS = frozenset({"type", "no", "date", "supplier", "customer", "warehouse", "lines"})
LINE_FIELDS = frozenset({"item", "qty", "price", "tax_rate", "price_includes_tax", "unit_cost"})


@requires("master")
def add_opening_documents(book: Book, docs: Sequence[OpeningDocument]) -> None:
    with book.unit():
        day = parse_date(book.settings["opening_date"])
        _guard_open(book, day)
        problems: list[Problem] = []
        for i, doc in enumerate(docs):
            try:
                with book.unit():
                    _add(book, doc, day)
            except Rejected as e:
                problems += e.located(place(i, doc.no)).problems
        if problems:
            raise Rejected(problems)


def place(i: int, no: object) -> str:
    """Where an opening document is in its section: its index, and its number when it has one."""
    label = no if isinstance(no, str) else ""
    return f"[{i}] ({label[:40]})" if label else f"[{i}]"


def _add(book: Book, cmd: OpeningDocument, day: dt.date) -> None:
    doc_type = cmd.type
    party, model = PARTY[doc_type]
    problems: list[Problem] = []
    if book.session.scalar(select(Document.id).where(Document.type == doc_type, Document.no == cmd.no)):
        problems.append(Problem("field 'no'", f"{doc_type} {cmd.no} already exists"))
    if cmd.date is not None and cmd.date != day:
        problems.append(Problem("field 'date'", f"opening documents are dated on the opening date {day}"))
    who = collect(problems, lambda: by_code(book, model, cmd.party))
    wh = collect(problems, lambda: by_code(book, Warehouse, cmd.warehouse))
    lines = collect(problems, lambda: priced_lines(book, cmd.lines, day=day,
                                                   side="purchase" if doc_type == "inbound" else "sales"))
    if problems:
        raise Rejected(problems)
    for ln, unit_cost in zip(lines, cmd.unit_costs, strict=True):
        ln.cost = ln.net if doc_type == "inbound" else _cost(book, ln, unit_cost, wh)
    doc = Document(type=doc_type, no=cmd.no, date=day, warehouse_id=wh.id, created_by=book.user,
                   created_at=dt.datetime.now(), amount=sum((ln.gross for ln in lines), ZERO), lines=lines,
                   memo="opening document")
    setattr(doc, f"{party}_id", who.id)
    book.session.add(doc)
    book.repin((Document, (doc_type, cmd.no)), doc)  # a lookup earlier in the unit may have pinned its absence
    book.session.flush()
    if doc_type == "outbound" and book.revenue_mode == "shipment":
        _held_by_receivable(book, who, doc.amount)


def _held_by_receivable(book: Book, customer: Customer, amount: Decimal) -> None:
    """Under revenue at shipment the customer's opening 1122 holds the shipped goods' gross: that part is
    shipped-not-invoiced, not an open item, so it leaves the customer's undated opening item."""
    item = book.session.scalar(select(OpenItem).where(OpenItem.party == "customer", OpenItem.party_id == customer.id,
                                                     OpenItem.kind == "opening", OpenItem.ref == "opening",
                                                     OpenItem.side == "charge"))
    if item is None or item.open < amount:
        raise Rejected(f"the opening 1122 of customer {customer.code} (lines without an invoice) holds "
                       f"{fmt_thousands(item.open if item else ZERO)}, less than the {fmt_thousands(amount)} of "
                       "goods shipped and not invoiced")
    item.amount -= amount
    item.open -= amount
    if not item.amount:
        book.session.delete(item)


def _cost(book: Book, ln: DocumentLine, unit_cost: Decimal | None, wh: Warehouse) -> Decimal:
    """The goods' cost: the line's unit_cost, else the opening average cost of the item in the warehouse."""
    if unit_cost is not None:
        return line_gross(ln.qty, unit_cost)
    stock = book.session.get(StockBalance, (ln.item_id, wh.id))
    if stock is None or not stock.qty:
        return ZERO
    return line_gross(ln.qty, stock.value / stock.qty)


def opening_document_problems(book: Book) -> list[Problem]:
    """220202 per supplier = net of the opening inbounds; 222103 = tax of the opening outbounds (revenue
    at shipment) and 1406 per item = their cost (revenue at invoice)."""
    day = parse_date(book.settings["opening_date"])
    docs = list(book.session.scalars(select(Document).where(Document.date <= day,
                                                            Document.type.in_(("inbound", "outbound")))))
    opening: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for ob in book.session.scalars(select(OpeningBalance)):
        code = book.account_code(ob.account_id)
        key = ob.supplier_id if code == book.role("goods_received_not_invoiced") else ob.item_id if code == "1406" else 0
        opening[(code, key or 0)] += ob.credit - ob.debit
    held: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    grni, pending = book.role("goods_received_not_invoiced"), book.role("output_vat_pending")
    for d in docs:
        for ln in d.lines:
            if d.type == "inbound":
                held[(grni, d.supplier_id or 0)] += ln.net
            elif book.revenue_mode == "shipment":
                held[(pending, 0)] += ln.tax
            else:
                held[("1406", ln.item_id)] -= ln.cost  # 1406 is a debit balance
    out = []
    for key in sorted(set(opening) | set(held), key=str):
        if key[0] in (grni, pending, "1406") and opening[key] != held[key]:
            what = {grni: "received, not invoiced goods (opening inbounds)",
                    pending: "tax of shipped, not invoiced goods (opening outbounds)",
                    "1406": "cost of shipped, not invoiced goods (opening outbounds)"}[key[0]]
            out.append(Problem(f"opening_balances {key[0]}", f"the opening {key[0]} of {fmt_thousands(abs(opening[key]))}"
                               f" does not equal the {fmt_thousands(abs(held[key]))} of {what}"
                               + (f" (#{key[1]})" if key[1] else "")))
    return out
