"""The document chain's shared mechanics: open quantities on upstream lines, billing (invoices of
either side), returns split into their uninvoiced and invoiced parts.

A line consumes an upstream line through `src_line_id`; what is open is always a query over the
lines downstream, so no counter can drift from the documents.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from sqlalchemy import Select, bindparam, func, select

from domain import returns
from domain.amounts import Amounts, take
from domain.errors import Problem, Rejected, refuse, shown
from domain.messages import Message, thing
from domain.money import fmt_qty
from domain.posting import EventLine
from domain.returns import Pool
from storage.book import Book
from storage.models import Customer, Document, DocumentLine, Supplier
from storage.refs import document
from storage.sql import total
from storage.vat import load_vat_table, printed_tax
from storage.write_new import new_row
from usecases import openitems
from usecases.commands import BilledLine, Invoice
from usecases.docs import (
    downstream,
    line_amounts,
    new_document,
    part_amounts,
    post_voucher,
    resolve_lines,
    set_progress,
    sum_lines,
)
from usecases.red_invoices import as_returned

ZERO = Decimal("0.00")
# billing document → (what it bills, party, the party's model)
BILLING = {"invoice": ("outbound", "customer", Customer), "purchase_invoice": ("inbound", "supplier", Supplier)}
RETURN_OF = {"outbound": "sales_return", "inbound": "purchase_return"}
INVOICE_OF = {"outbound": "invoice", "inbound": "purchase_invoice"}


def collect(problems: list[Problem], fn):
    """Run one check, adding its problems to the list instead of stopping at the first."""
    try:
        return fn()
    except Rejected as e:
        problems += e.problems
        return None


def is_simple(book: Book, rate: Decimal) -> bool:
    """A general taxpayer's sale at a levy rate is 简易计税: its output VAT goes to 222109."""
    return load_vat_table().is_simple(rate, book.taxpayer)


def event_amounts(ln: DocumentLine) -> dict[str, Decimal]:
    return {"gross": ln.gross, "net": ln.net, "tax": ln.tax, "cost": ln.cost}


def invoice_event_amounts(ln: DocumentLine, printed: Decimal | None = None) -> dict[str, Decimal]:
    """A sales invoice line (blue or red) as the tax document (ACCOUNTING.md, Amounts): its tax is
    the one printed on it, and that is what 22210102 gets. The line keeps the portion rule's net and
    tax, which is what 222103 holds for it; the fen between the two goes to 5001 on the same voucher.
    `printed` overrides the computed tax (a red invoice that finishes its blue line takes what is left)."""
    tax = printed_tax(ln.gross, ln.tax_rate) if printed is None else printed
    return {**event_amounts(ln), "invoice_net": ln.gross - tax, "invoice_tax": tax, "tax_rounding": ln.tax - tax}


def priced(line: DocumentLine) -> Amounts:
    """A line's sale or purchase amounts, without cost."""
    return Amounts(line.gross, line.net, line.tax)


def party_name(book: Book, party: str, party_id: int | None) -> str:
    row = book.session.get(Customer if party == "customer" else Supplier, party_id) if party_id else None
    return row.name if row else ""


def doc_type_of(book: Book, line: DocumentLine) -> str:
    return book.session.get(Document, line.doc_id).type


def bill(book: Book, doc_type: str, cmd: Invoice) -> Document:
    """An invoice (sales or purchase) for moved, not yet invoiced quantities, at the order's prices;
    it becomes an open item of its party and takes any money waiting unapplied."""
    src_type, party, model = BILLING[doc_type]
    with book.unit():
        problems: list[Problem] = []
        collect(problems, lambda: check_vat_number(book, doc_type, cmd.vat_no, cmd.vat_code))
        doc = collect(problems, lambda: new_document(book, doc_type, cmd.no, cmd.date, vat_no=cmd.vat_no,
                                                     vat_code=cmd.vat_code))
        wanted = collect(problems, lambda: billing_requests(book, src_type, cmd.lines, cmd.sources))
        if problems:
            raise Rejected(problems)
        parties = {getattr(d, f"{party}_id") for d, _ in wanted}
        if len(parties) > 1:
            raise Rejected(Message("one_party_per_invoice", party=thing(party), what=thing(src_type)))
        party_id = parties.pop()
        setattr(doc, f"{party}_id", party_id)
        event_lines = []
        for src_doc, reqs in wanted:
            if doc.date < src_doc.date:
                problems.append(Problem("field 'date'", Message("date_before", date=doc.date, what=src_type, no=src_doc.no,
                                                                 source_date=src_doc.date)))
                continue
            for req in reqs:
                try:
                    for src, q in uninvoiced(book, src_doc, req):
                        billed_qty, billed_amounts = billed(book, src)
                        # the cost portion is what revenue at invoice moves from 1406 to 5401
                        a = take(line_amounts(src), src.qty, billed_amounts, billed_qty, q)
                        ln = new_row(DocumentLine, seq=len(doc.lines) + 1, item_id=src.item_id, src_line_id=src.id, qty=q,
                                          price=src.price, tax_rate=src.tax_rate, gross=a.gross, net=a.net, tax=a.tax,
                                          cost=a.cost if doc_type == "invoice" else ZERO)
                        doc.lines.append(ln)
                        # a supplier's invoice too is the tax document (version 3), unless no input VAT
                        # is deducted (small-scale: the tax is part of the cost)
                        amounts = (invoice_event_amounts(ln) if doc_type == "invoice" or ln.tax
                                   else {**event_amounts(ln), "invoice_tax": ZERO, "tax_rounding": ZERO})
                        event_lines.append(EventLine(amounts, item=src.item_id, qty=q, **{party: party_id},
                                                     simple=doc_type == "invoice" and is_simple(book, ln.tax_rate)))
                    billing_progress(book, src_doc)
                except Rejected as e:
                    problems += e.located(req.where).problems
        if problems:
            raise Rejected(problems)
        if not doc.lines:
            raise Rejected(Message("nothing_left_to_invoice", what=src_type))
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        post_voucher(book, doc, [(doc_type, event_lines)], party_name(book, party, party_id))
        days = book.session.get(model, party_id).payment_days
        charge = openitems.add_item(book, party, party_id, "charge", "invoice", doc.no, doc.date, doc.amount,
                                    doc_id=doc.id, due=doc.date + dt.timedelta(days=days))
        openitems.apply_unapplied(book, charge, doc.date)
        return doc


def moved_on(book: Book, doc_type: str):
    """How much of a line documents of `doc_type` have taken (an order line → its outbounds)."""
    return lambda ln: sum_lines(downstream(book, ln.id, (doc_type,), unflushed_too=True))[0]


def progress(book: Book, doc: Document, done_of) -> None:
    """open / partly / done, from how much of each of the document's lines has moved on."""
    set_progress(book, doc, sum((done_of(ln) for ln in doc.lines), Decimal(0)), sum((ln.qty for ln in doc.lines), Decimal(0)))


def billing_progress(book: Book, src_doc: Document) -> None:
    progress(book, src_doc, lambda ln: billed(book, ln)[0])


def spread(candidates: list[DocumentLine], qty: Decimal, available) -> tuple[list[tuple[DocumentLine, Decimal]], Decimal]:
    """Take `qty` from candidate lines in order, each up to what `available(line)` says is left.
    Returns the portions and the total available; a shortfall is the caller's to report."""
    left, out, total_open = qty, [], Decimal(0)
    for ln in candidates:
        free = available(ln)
        total_open += max(free, Decimal(0))
        if left > 0 and free > 0:
            q = min(left, free)
            out.append((ln, q))
            left -= q
    return out, total_open


def _lines_of_item(doc: Document, req) -> list[DocumentLine]:
    lines = [ln for ln in doc.lines if ln.item_id == req.item.id]
    if not lines:
        raise Rejected(Message("item_not_on", item=req.item.code, no=doc.no))
    return lines


def open_order_lines(book: Book, so: Document, req, moved_by: str = "outbound") -> list[tuple[DocumentLine, Decimal]]:
    """Spread a requested quantity over the order's lines of that item that are still open."""
    moved = moved_on(book, moved_by)
    out, open_total = spread(_lines_of_item(so, req), req.qty, lambda ln: ln.qty - moved(ln))
    if sum(q for _, q in out) < req.qty:
        raise Rejected(Message("qty_exceeds_open", qty=fmt_qty(req.qty), open=fmt_qty(open_total), source=so.no))
    return out


class BillingRequest:
    def __init__(self, where: str, item_id: int | None, qty: Decimal | None, item_code: str = ""):
        self.where, self.item_id, self.qty, self.item_code = where, item_id, qty, item_code


def billing_requests(book: Book, src_type: str, lines: tuple[BilledLine, ...] | None,
                     nos: tuple[str, ...] | None) -> list[tuple[Document, list[BillingRequest]]]:
    """Group what an invoice asks for by upstream document: explicit lines, or whole documents."""
    if (lines is None) == (nos is None):
        raise Rejected(Message("lines_or_sources", what=src_type))
    grouped: dict[int, tuple[Document, list[BillingRequest]]] = {}
    problems: list[Problem] = []
    if nos is not None:
        if not nos:
            raise refuse("list_a_source", field=f"{src_type}s", what=src_type)
        for i, no in enumerate(nos):
            try:
                d = document(book, src_type, no, f"{src_type}s[{i}]")
                grouped.setdefault(d.id, (d, []))[1].append(BillingRequest(f"{src_type}s[{i}]", None, None))
            except Rejected as e:
                problems += e.problems
    else:
        reqs = resolve_lines(book, lines)
        for req in reqs:
            try:
                d = document(book, src_type, req.line.source, src_type)
                grouped.setdefault(d.id, (d, []))[1].append(BillingRequest(f"line {req.n}", req.item.id, req.qty, req.item.code))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
    if problems:
        raise Rejected(problems)
    return list(grouped.values())


def billed(book: Book, src: DocumentLine) -> tuple[Decimal, Amounts]:
    """What of an outbound/inbound line is billed: invoiced portions plus returns taken from
    its uninvoiced quantity (ACCOUNTING.md: returns before invoicing)."""
    inv_type = "invoice" if doc_type_of(book, src) == "outbound" else "purchase_invoice"
    ret_type = "sales_return" if inv_type == "invoice" else "purchase_return"
    qty, amounts = sum_lines(downstream(book, src.id, (inv_type,), unflushed_too=True))
    for r in downstream(book, src.id, (ret_type,), unflushed_too=True):
        qty += r.part_qty
        amounts += part_amounts(r)._replace(cost=r.part_cost)
    if inv_type == "purchase_invoice":
        amounts = amounts._replace(cost=ZERO)
    return qty, amounts


def uninvoiced(book: Book, src_doc: Document, req: BillingRequest) -> list[tuple[DocumentLine, Decimal]]:
    """The upstream lines and quantities a billing request takes; all that is left when no qty."""
    out = []
    candidates = [ln for ln in src_doc.lines if req.item_id is None or ln.item_id == req.item_id]
    if not candidates:
        raise Rejected(Message("item_not_on", item=req.item_code, no=src_doc.no))
    left = req.qty
    open_total = Decimal(0)
    for ln in candidates:
        billed_qty, _ = billed(book, ln)
        available = ln.qty - billed_qty
        open_total += available
        if available <= 0:
            continue
        q = available if left is None else min(left, available)
        if q > 0:
            out.append((ln, q))
            if left is not None:
                left -= q
    if left is not None and left > 0:
        raise Rejected(Message("qty_exceeds_item_open", qty=fmt_qty(req.qty), open=fmt_qty(open_total),
                               item=req.item_code, source=src_doc.no,
                               state="已出库未开票" if src_doc.type == "outbound" else "已入库未开票"))
    return out


@cache
def _vat_number_used(without_code: bool) -> Select:
    """Built once (building the select cost more than running it on the vat_no index)."""
    d = Document.__table__.c
    return select(d.no).where(d.type == bindparam("type"), d.vat_no == bindparam("no"),
                              d.vat_code.is_(None) if without_code else d.vat_code == bindparam("code")).limit(1)


def check_vat_number(book: Book, doc_type: str, vat_no: str | None, vat_code: str | None) -> None:
    """发票号码: 8 digits with a 10/12-digit 发票代码, or a 20-digit 全电发票 number; never reused."""
    if vat_no is None:
        if vat_code is not None:
            raise refuse("vat_code_without_no", field="vat_code")
        return
    if not isinstance(vat_no, str) or not vat_no.isdigit() or len(vat_no) not in (8, 20):
        raise refuse("vat_no_format", field="vat_no", value=shown(vat_no))
    if len(vat_no) == 8 and (not isinstance(vat_code, str) or not vat_code.isdigit() or len(vat_code) not in (10, 12)):
        raise refuse("vat_code_needed", field="vat_code")
    if len(vat_no) == 20 and vat_code is not None:
        raise refuse("vat_code_not_for_digital", field="vat_code")
    clash = book.session.scalar(_vat_number_used(vat_code is None), {"type": doc_type, "no": vat_no, "code": vat_code})
    if clash:
        raise refuse("vat_no_used", field="vat_no", number=f"{vat_code or ''}{'/' if vat_code else ''}{vat_no}", no=clash)


_VERBS = {"shipped": "已出库", "received": "已入库"}


def returnable(book: Book, src_doc: Document, req, ret_type: str, verb: str) -> list[tuple[DocumentLine, Decimal]]:
    """Spread a returned quantity over the lines it came from that are not yet returned."""
    left = lambda ln: ln.qty - sum_lines(downstream(book, ln.id, (ret_type,), unflushed_too=True))[0]  # noqa: E731
    out, open_total = spread(_lines_of_item(src_doc, req), req.qty, left)
    if sum(q for _, q in out) < req.qty:
        raise Rejected(Message("qty_exceeds_item_open", qty=fmt_qty(req.qty), open=fmt_qty(open_total),
                               item=req.item.code, source=src_doc.no, state=f"{_VERBS.get(verb, verb)}且未退货"))
    return out


def invoiced_pool(book: Book, src: DocumentLine) -> Pool | None:
    """What of an outbound line is invoiced and not yet returned, net of allowances on its invoice
    lines — None when no allowance touches them (returns then keep the outbound's portions)."""
    inv_lines = downstream(book, src.id, ("invoice",))
    ids = [ln.id for ln in inv_lines]
    if not ids:
        return None
    allowed = book.session.execute(
        select(total(DocumentLine.gross), total(DocumentLine.net), total(DocumentLine.tax), func.count())
        .join(Document, Document.id == DocumentLine.doc_id)
        .where(Document.type == "credit_note", DocumentLine.kind == "allowance", DocumentLine.src_line_id.in_(ids))).one()
    if not allowed[3]:
        return None
    return returns.invoiced_left(Pool(*sum_lines(inv_lines)), Amounts(allowed[0], allowed[1], allowed[2]),
                                 map(as_returned, downstream(book, src.id, ("sales_return",))))


def return_line(book: Book, src: DocumentLine, q: Decimal, seq: int) -> DocumentLine:
    """A return line: its uninvoiced part first (part_*), then the invoiced rest, at the
    source line's amounts; the last units returned take exactly what remains of the line."""
    ret_type = "sales_return" if doc_type_of(book, src) == "outbound" else "purchase_return"
    sales = ret_type == "sales_return"
    billed_qty, billed_amounts = billed(book, src)
    left = invoiced_pool(book, src) if sales and q > src.qty - billed_qty else None  # read only when it counts
    s = returns.split_return(line_amounts(src), src.qty, Pool(billed_qty, billed_amounts),
                             Pool(*sum_lines(downstream(book, src.id, (ret_type,)))), q, sales=sales, invoiced_left=left)
    return new_row(DocumentLine, seq=seq, item_id=src.item_id, src_line_id=src.id, qty=q, price=src.price,
                        tax_rate=src.tax_rate, gross=s.whole.gross, net=s.whole.net, tax=s.whole.tax, cost=s.whole.cost,
                        part_qty=s.part_qty, part_gross=s.part.gross, part_net=s.part.net, part_tax=s.part.tax,
                        part_cost=s.part.cost)
