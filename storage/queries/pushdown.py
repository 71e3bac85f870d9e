"""Push-down (下推) read model: what of a document is still open for the next step, and a document
with its lines, parties, chain and voucher for the document view."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from storage.book import Book
from storage.models import (
    BankAccount,
    Customer,
    Document,
    DocumentLine,
    Item,
    OpenItem,
    Supplier,
    Voucher,
    Warehouse,
)
from storage.sql import total

ZERO = Decimal("0.00")
# source type → (the type that moves it on, returns that free its uninvoiced part)
NEXT = {"sales_order": ("outbound", None), "purchase_order": ("inbound", None),
        "outbound": ("invoice", "sales_return"), "inbound": ("purchase_invoice", "purchase_return")}


@dataclass(frozen=True)
class OpenLine:
    """A source line and how much of it is still open for the next document."""

    line_id: int
    seq: int
    item_code: str
    item_name: str
    unit: str
    qty: Decimal  # on the source line
    open_qty: Decimal
    price: Decimal
    tax_rate: Decimal
    gross: Decimal
    net: Decimal
    tax: Decimal


def open_lines(book: Book, doc_id: int) -> list[OpenLine]:
    """The lines of an order (what is not yet shipped/received) or of an outbound/inbound (what is
    not yet invoiced, returns before invoicing counting as billed)."""
    src = book.session.get(Document, doc_id)
    next_type, return_type = NEXT[src.type]
    moved = _moved(book, next_type, "qty")
    freed = _moved(book, return_type, "part_qty") if return_type else {}
    rows = book.session.execute(
        select(DocumentLine, Item.code, Item.name, Item.unit).join(Item, Item.id == DocumentLine.item_id)
        .where(DocumentLine.doc_id == doc_id, DocumentLine.kind == "goods").order_by(DocumentLine.seq))
    out = []
    for ln, code, name, unit in rows:
        left = ln.qty - moved.get(ln.id, Decimal(0)) - freed.get(ln.id, Decimal(0))
        out.append(OpenLine(ln.id, ln.seq, code, name, unit, ln.qty, max(left, Decimal(0)), ln.price, ln.tax_rate,
                            ln.gross, ln.net, ln.tax))
    return out


RETURNS = {"outbound": "sales_return", "inbound": "purchase_return"}


def returnable_lines(book: Book, doc_id: int) -> list[OpenLine]:
    """The lines of an outbound or inbound with what has not yet come (or gone) back."""
    src = book.session.get(Document, doc_id)
    returned = _moved(book, RETURNS[src.type], "qty")
    rows = book.session.execute(
        select(DocumentLine, Item.code, Item.name, Item.unit).join(Item, Item.id == DocumentLine.item_id)
        .where(DocumentLine.doc_id == doc_id, DocumentLine.kind == "goods").order_by(DocumentLine.seq))
    return [OpenLine(ln.id, ln.seq, code, name, unit, ln.qty, max(ln.qty - returned.get(ln.id, Decimal(0)), Decimal(0)),
                     ln.price, ln.tax_rate, ln.gross, ln.net, ln.tax) for ln, code, name, unit in rows]


def _moved(book: Book, doc_type: str, column: str) -> dict[int, Decimal]:
    col = getattr(DocumentLine, column)
    q = (select(DocumentLine.src_line_id, total(col)).join(Document, Document.id == DocumentLine.doc_id)
         .where(Document.type == doc_type, DocumentLine.src_line_id.is_not(None)).group_by(DocumentLine.src_line_id))
    return dict(book.session.execute(q).all())


def open_amount(book: Book, doc_id: int) -> Decimal:
    """What is still owed on an invoice (its open item), for the receipt or payment it pushes down to."""
    return book.session.scalar(select(total(OpenItem.open)).where(OpenItem.doc_id == doc_id,
                                                                  OpenItem.side == "charge")) or ZERO


@dataclass
class DocumentDetail:
    id: int
    type: str
    no: str
    date: dt.date
    status: str
    amount: Decimal
    party_kind: str | None
    party_code: str
    party_name: str
    warehouse: str
    bank: str
    vat_no: str
    memo: str
    created_by: str
    approved_by: str
    voucher_id: int | None
    voucher_no: str
    lines: list[OpenLine] = field(default_factory=list)
    upstream: list[tuple[int, str, str]] = field(default_factory=list)  # (id, type, no)
    downstream: list[tuple[int, str, str]] = field(default_factory=list)


def detail(book: Book, doc_id: int) -> DocumentDetail | None:
    d = book.session.get(Document, doc_id)
    if d is None:
        return None
    party_kind = "customer" if d.customer_id else ("supplier" if d.supplier_id else None)
    party = (book.session.get(Customer, d.customer_id) if d.customer_id else
             book.session.get(Supplier, d.supplier_id) if d.supplier_id else None)
    wh = book.session.get(Warehouse, d.warehouse_id) if d.warehouse_id else None
    bank = ""
    if d.account_id:
        b = book.session.scalar(select(BankAccount).where(BankAccount.account_id == d.account_id))
        bank = f"{b.code} {b.name}" if b else book.account_code(d.account_id)
    v = book.session.get(Voucher, d.voucher_id) if d.voucher_id else None
    rows = book.session.execute(
        select(DocumentLine, Item.code, Item.name, Item.unit).join(Item, Item.id == DocumentLine.item_id)
        .where(DocumentLine.doc_id == doc_id).order_by(DocumentLine.seq))
    lines = [OpenLine(ln.id, ln.seq, code, name, unit, ln.qty, ln.qty, ln.price, ln.tax_rate, ln.gross, ln.net, ln.tax)
             for ln, code, name, unit in rows]
    return DocumentDetail(d.id, d.type, d.no, d.date, d.status, d.amount, party_kind,
                          party.code if party else "", party.name if party else "", wh.name if wh else "", bank,
                          d.vat_no or "", d.memo or "", d.created_by, d.approved_by or "", d.voucher_id,
                          f"{v.word}-{v.number}（{v.period}）" if v else "", lines,
                          _chain(book, d, up=True), _chain(book, d, up=False))


def _chain(book: Book, d: Document, up: bool) -> list[tuple[int, str, str]]:
    """上查: documents whose lines this one consumes (and the one it names); 下查: the reverse."""
    src = aliased(DocumentLine)
    if up:
        q = (select(Document.id, Document.type, Document.no).join(src, src.doc_id == Document.id)
             .join(DocumentLine, DocumentLine.src_line_id == src.id).where(DocumentLine.doc_id == d.id))
        extra = select(Document.id, Document.type, Document.no).where(Document.id == d.ref_id)
    else:
        q = (select(Document.id, Document.type, Document.no).join(DocumentLine, DocumentLine.doc_id == Document.id)
             .join(src, DocumentLine.src_line_id == src.id).where(src.doc_id == d.id))
        extra = select(Document.id, Document.type, Document.no).where(Document.ref_id == d.id)
    found = {r.id: (r.id, r.type, r.no) for r in book.session.execute(q.distinct())}
    for r in book.session.execute(extra):
        found.setdefault(r.id, (r.id, r.type, r.no))
    if d.type in ("invoice", "purchase_invoice", "receipt", "payment"):
        found.update(_settled_with(book, d, up))
    return sorted(found.values(), key=lambda x: x[0])


def _settled_with(book: Book, d: Document, up: bool) -> dict[int, tuple[int, str, str]]:
    """Money matched to an invoice (核销) links a receipt to the invoices it paid, and back."""
    from storage.models import Allocation
    mine, other = aliased(OpenItem), aliased(OpenItem)
    if d.type in ("invoice", "purchase_invoice"):
        if up:
            return {}
        mine_end, other_end = Allocation.charge_id, Allocation.credit_id
    else:
        if not up:
            return {}
        mine_end, other_end = Allocation.credit_id, Allocation.charge_id
    q = (select(Document.id, Document.type, Document.no).select_from(mine).join(Allocation, mine_end == mine.id)
         .join(other, other.id == other_end).join(Document, Document.id == other.doc_id).where(mine.doc_id == d.id))
    return {r.id: (r.id, r.type, r.no) for r in book.session.execute(q.distinct())}


def find_document(book: Book, doc_type: str, no: str) -> int | None:
    return book.session.scalar(select(Document.id).where(Document.type == doc_type, Document.no == no))


def count_of(book: Book, doc_type: str) -> int:
    return book.session.scalar(select(func.count(Document.id)).where(Document.type == doc_type)) or 0


def settlements(book: Book, doc_id: int) -> list[tuple[str, dt.date, Decimal]]:
    """What a receipt or payment settled (核销): the charge's reference, its date and the amount."""
    from storage.models import Allocation
    credit, charge = aliased(OpenItem), aliased(OpenItem)
    q = (select(charge.ref, charge.date, Allocation.amount).select_from(credit)
         .join(Allocation, Allocation.credit_id == credit.id).join(charge, charge.id == Allocation.charge_id)
         .where(credit.doc_id == doc_id).order_by(charge.date, charge.id))
    return [(r[0], r[1], r[2]) for r in book.session.execute(q)]
