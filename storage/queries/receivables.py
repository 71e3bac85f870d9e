"""Open quantities and amounts downstream of shipments and receipts: shipped-not-invoiced
(and its purchase mirror), the figures statements, aging and `check` read."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from storage.book import Book
from storage.models import Document, DocumentLine
from storage.sql import total

ZERO = Decimal("0.00")
CHAINS = {"outbound": ("invoice", "sales_return", "credit_note"),
          "inbound": ("purchase_invoice", "purchase_return", "purchase_credit_note")}


@dataclass(frozen=True)
class Unbilled:
    doc_no: str
    date: dt.date
    party_id: int
    item_id: int
    qty: Decimal
    amount: Decimal  # tax-inclusive
    net: Decimal
    tax: Decimal


def maybe_unbilled(src_type: str, until: dt.date | None):
    """The ids of the outbounds (inbounds) that may hold goods not yet invoiced on `until` (today
    without it): those not fully billed (status), those with a return or a red invoice against them
    (a red invoice makes goods uninvoiced again), and those billed by an invoice dated after `until`.
    All three are indexed (migration 0015): the cost follows what is open, not the book."""
    from sqlalchemy import false, or_, union
    from sqlalchemy.orm import aliased
    inv_type, ret_type, credit_type = CHAINS[src_type]
    Down, DownDoc, Src = aliased(DocumentLine), aliased(Document), aliased(DocumentLine)
    # status below or above 'done' rather than <>: two ranges of the (type, status, date) index
    not_done = select(Document.id).where(Document.type == src_type,
                                         or_(Document.status < "done", Document.status > "done"))
    later = DownDoc.type.in_((ret_type, credit_type))
    if until is not None:
        later = or_(later, (DownDoc.type == inv_type) & (DownDoc.date > until))
    touched = (select(Src.doc_id).join(Down, Down.src_line_id == Src.id).join(DownDoc, DownDoc.id == Down.doc_id)
               .where(DownDoc.type.in_((inv_type, ret_type, credit_type)), later if later is not None else false()))
    return union(not_done, touched)


def _sums(book: Book, doc_type: str, cols, kind: str = "goods", until: dt.date | None = None,
          party=None, among=None) -> dict[int, tuple]:
    """Per upstream line (`among`: only these line ids), the sums of the downstream lines of `doc_type`."""
    q = (select(DocumentLine.src_line_id, *[total(c) for c in cols])
         .join(Document, Document.id == DocumentLine.doc_id)
         .where(Document.type == doc_type, DocumentLine.kind == kind, DocumentLine.src_line_id.is_not(None))
         .group_by(DocumentLine.src_line_id))
    if among is not None:  # only what names these upstream lines
        q = q.where(DocumentLine.src_line_id.in_(among))
    if until is not None:
        q = q.where(Document.date <= until)
    if party is not None:  # one customer's documents only: a statement costs its own lines, not the book's
        q = q.where(party[0] == party[1])
    return {r[0]: tuple(r[1:]) for r in book.session.execute(q)}


def unbilled(book: Book, src_type: str = "outbound", party_id: int | None = None,
             until: dt.date | None = None) -> list[Unbilled]:
    """Per shipped (received) line what is not yet invoiced, less goods returned after invoicing
    that still wait for their credit note (negative then); with `until`, as it stood that day."""
    inv_type, ret_type, credit_type = CHAINS[src_type]
    L = DocumentLine
    party = Document.customer_id if src_type == "outbound" else Document.supplier_id
    who = (party, party_id) if party_id is not None else None
    # one customer's lines are few; the whole book's are read only where something is still open
    candidates = maybe_unbilled(src_type, until) if party_id is None else None
    among = lines = None
    if candidates is not None:
        among = listed(book, candidates)
        lines = listed(book, select(L.id).where(L.doc_id.in_(among)))
    inv = _sums(book, inv_type, (L.qty, L.gross, L.net, L.tax), until=until, party=who, among=lines)
    ret = _sums(book, ret_type, (L.qty, L.gross, L.net, L.tax, L.part_qty, L.part_gross, L.part_net, L.part_tax),
                until=until, party=who, among=lines)
    cred = (_sums(book, credit_type, (L.qty, L.gross, L.net, L.tax), until=until, party=who, among=lines)
            if credit_type else {})
    q = (select(L.id, Document.no, Document.date, party, L.item_id, L.qty, L.gross, L.net, L.tax)
         .join(Document, Document.id == L.doc_id).where(Document.type == src_type)
         .order_by(Document.date, Document.id, L.seq))
    if among is not None:
        q = q.where(Document.id.in_(among))
    if party_id is not None:
        q = q.where(party == party_id)
    if until is not None:
        q = q.where(Document.date <= until)
    zero4 = (Decimal(0), ZERO, ZERO, ZERO)
    out = []
    for line_id, no, date, pid, item_id, qty, gross, net, tax in book.session.execute(q):
        i = inv.get(line_id, zero4)
        r = ret.get(line_id, zero4 + zero4)
        c = cred.get(line_id, zero4)
        billed = [i[k] + r[4 + k] for k in range(4)]
        pool = [r[k] - r[4 + k] - c[k] for k in range(4)]
        left = [v - b - p for v, b, p in zip((qty, gross, net, tax), billed, pool, strict=True)]
        if any(left):
            out.append(Unbilled(no, date, pid, item_id, *left))
    return out


def unbilled_by_party(book: Book, src_type: str = "outbound", among=None) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    """(gross, net, tax) not yet invoiced per customer (supplier), summed in SQL — the same totals as
    `unbilled` adds up line by line (per line: what moved − invoiced − returned + credited for
    returns), for the checks that need only the totals. Its cost is a few aggregates, not a Python
    pass over every shipped line of the book; `among` (ids of shipments) limits it to those."""
    from sqlalchemy import case, func, literal
    from sqlalchemy.orm import aliased
    inv_type, ret_type, credit_type = CHAINS[src_type]
    party = Document.customer_id if src_type == "outbound" else Document.supplier_id
    L, Src, SrcDoc = DocumentLine, aliased(DocumentLine), aliased(Document)
    out: dict[int, list[Decimal]] = {}
    moved = (select(party, total(L.gross), total(L.net), total(L.tax))
             .join(Document, Document.id == L.doc_id).where(Document.type == src_type).group_by(party))
    sign = case((Document.type == credit_type, literal(1)), else_=literal(-1))
    src_party = SrcDoc.customer_id if src_type == "outbound" else SrcDoc.supplier_id
    downstream = (select(src_party, *[func.coalesce(func.sum(sign * c), 0, type_=c.type) for c in (L.gross, L.net, L.tax)])
                  .join(Document, Document.id == L.doc_id).join(Src, Src.id == L.src_line_id)
                  .join(SrcDoc, SrcDoc.id == Src.doc_id)
                  .where(SrcDoc.type == src_type, L.kind == "goods",
                         Document.type.in_((inv_type, ret_type, credit_type)))
                  .group_by(src_party))
    if among is not None:
        moved = moved.where(Document.id.in_(among))
        # by the shipped lines' ids: the planner then seeks each one's downstream lines by index
        downstream = downstream.where(SrcDoc.id.in_(among), L.src_line_id.in_(listed(book, select(Src.id).where(
            Src.doc_id.in_(among)))))
    for q in (moved, downstream):
        for pid, gross, net, tax in book.session.execute(q):
            acc = out.setdefault(pid, [ZERO, ZERO, ZERO])
            acc[0], acc[1], acc[2] = acc[0] + gross, acc[1] + net, acc[2] + tax
    return {pid: (g, n, t) for pid, (g, n, t) in out.items() if g or n or t}


def open_unbilled_by_party(book: Book, src_type: str = "outbound") -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    """`unbilled_by_party`'s totals from the documents that may still hold something not invoiced
    (`maybe_unbilled`, indexed): the close's cost follows what is open, not the book."""
    return unbilled_by_party(book, src_type, listed(book, maybe_unbilled(src_type, None)))


def shipped_not_invoiced(book: Book, customer_id: int | None = None, until: dt.date | None = None) -> list[Unbilled]:
    return unbilled(book, "outbound", customer_id, until)


def received_not_invoiced(book: Book, supplier_id: int | None = None) -> list[Unbilled]:
    return unbilled(book, "inbound", supplier_id)


@dataclass(frozen=True)
class OpenAsOf:
    party_id: int
    ref: str
    kind: str
    date: dt.date
    amount: Decimal
    open: Decimal
    due: dt.date | None = None  # invoice date + the customer's credit days; an opening item's own due date


MANY = 10_000  # ids bound as a list up to this many (every engine's limit is above); more stay a subquery


def listed(book: Book, q):
    """The ids `q` selects, as a list: the planner then drives the next query from them through their
    index (with the subquery SQLite would rather scan the big table). Too many: `q` itself."""
    ids = list(book.session.scalars(q))
    return ids if len(ids) <= MANY else q


def applied_after(book: Book, side: str, day: dt.date) -> dict[int, Decimal]:
    """Per open item, what allocations dated after `day` applied to it (the part to give back), read
    through the allocations' date index."""
    from storage.models import Allocation
    link = Allocation.charge_id if side == "charge" else Allocation.credit_id
    out: dict[int, Decimal] = {}
    for item_id, amount in book.session.execute(select(link, Allocation.amount).where(Allocation.date > day)):
        out[item_id] = out.get(item_id, ZERO) + amount
    return out


def still_open_ids(book: Book, side: str, day: dt.date, later: dict[int, Decimal], party: str = "customer"):
    """The ids of the open items of `side` that may have been open on a day: those open now, and those
    an allocation dated after the day settled (`later`). Both are indexed (migration 0015), so the cost
    is what is open, not the book. Relies on the invariant `check` holds (open = amount − allocations)."""
    from sqlalchemy import or_

    from storage.models import OpenItem
    now = select(OpenItem.id).where(OpenItem.party == party, OpenItem.side == side,
                                    or_(OpenItem.open > 0, OpenItem.open < 0))
    ids = listed(book, now)
    if not isinstance(ids, list) or len(ids) + len(later) > MANY:
        from sqlalchemy import union

        from storage.models import Allocation
        link = Allocation.charge_id if side == "charge" else Allocation.credit_id
        return union(now, select(link).where(Allocation.date > day))
    return sorted(set(ids) | set(later))


def open_items_as_of(book: Book, side: str, day: dt.date, customer_id: int | None = None) -> list[OpenAsOf]:
    """Customers' open items (charges or credits) dated up to `day`, open as they were that day:
    what is open now plus what allocations dated later applied (they had not happened yet)."""
    from storage.models import OpenItem
    later = applied_after(book, side, day)
    q = (select(OpenItem.id, OpenItem.party_id, OpenItem.ref, OpenItem.kind, OpenItem.date, OpenItem.amount,
                OpenItem.open, OpenItem.due)
         .where(OpenItem.id.in_(still_open_ids(book, side, day, later)), OpenItem.party == "customer",
                OpenItem.side == side, OpenItem.date <= day)
         .order_by(OpenItem.date, OpenItem.id))
    if customer_id is not None:
        q = q.where(OpenItem.party_id == customer_id)
    out = []
    for item_id, pid, ref, kind, date, amount, still, due in book.session.execute(q):
        left = still + later.get(item_id, ZERO)
        if left:
            out.append(OpenAsOf(pid, ref, kind, date, amount, left, due))
    return out
