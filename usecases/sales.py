"""The sales chain: order → outbound → invoice, returns and credit notes (red invoices)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain import credit
from domain.amounts import take
from domain.errors import Problem, Rejected, refuse
from domain.messages import Message
from domain.money import fmt_thousands
from domain.posting import EventLine
from domain.vat import split
from storage.book import Book
from storage.models import Customer, Document, DocumentLine, Warehouse
from storage.refs import by_code, document
from storage.sql import total
from storage.vat import load_vat_table
from storage.write_new import new_row
from usecases import exposure, stock
from usecases.chain import (
    bill,
    billing_progress,
    collect,
    event_amounts,
    invoice_event_amounts,
    is_simple,
    moved_on,
    open_order_lines,
    party_name,
    progress,
    return_line,
    returnable,
)
from usecases.commands import Invoice, Movement, Order, RedInvoice
from usecases.docs import (
    downstream,
    line_amounts,
    new_document,
    post_voucher,
    resolve_lines,
    sum_lines,
)
from usecases.pricing import priced_lines
from usecases.red_invoices import (
    allowance_gross,
    credit_returned,
    is_goods_line,
    named_line,
    open_red_invoice,
    settle_red_invoice,
    spoken_for,
)
from usecases.results import document_result

ZERO = Decimal("0.00")


@document_result
def create_sales_order(book: Book, cmd: Order) -> Document:
    """A sales order. Over the customer's credit limit it needs a manager's approval."""
    with book.unit():
        problems: list[Problem] = []
        cust = collect(problems, lambda: by_code(book, Customer, cmd.party))
        doc = collect(problems, lambda: new_document(book, "sales_order", cmd.no, cmd.date,
                                                       customer_id=cust.id if cust else None))
        priced = collect(problems, lambda: priced_lines(book, cmd.lines, day=cmd.date, side="sales"))
        if problems:
            raise Rejected(problems)
        # measured before this order's lines exist, so it is not counted twice
        owed = exposure.customer_exposure(book, cust.id) if cust.credit_limit is not None else ZERO
        doc.lines = priced
        doc.amount = sum((ln.gross for ln in priced), ZERO)
        verdict = credit.check_order(cust.code, cust.credit_limit, owed, doc.amount, cmd.approved_by)
        if verdict.refusal:
            raise credit.OverCreditLimit(verdict.refusal)
        doc.approved_by = verdict.approved_by
        book.session.flush()
        return doc


@document_result
def ship(book: Book, cmd: Movement) -> Document:
    """An outbound (销售出库) against an order: goods leave at moving-average cost."""
    with book.unit():
        problems: list[Problem] = []
        so = collect(problems, lambda: document(book, "sales_order", cmd.source, "order"))
        wh = collect(problems, lambda: by_code(book, Warehouse, cmd.warehouse))
        doc = collect(problems, lambda: new_document(book, "outbound", cmd.no, cmd.date,
                                                       customer_id=so.customer_id if so else None,
                                                       warehouse_id=wh.id if wh else None,
                                                       ref_id=so.id if so else None))
        reqs = collect(problems, lambda: resolve_lines(book, cmd.lines))
        if problems:
            raise Rejected(problems)
        if so.status == "closed":
            raise refuse("order_closed", field="order", no=so.no)
        if doc.date < so.date:
            raise refuse("date_before_order", field="date", date=doc.date, source_date=so.date)
        out_lines, event_lines = [], []
        for req in reqs:
            try:
                for src, q in open_order_lines(book, so, req):
                    shipped_qty, shipped = sum_lines(downstream(book, src.id, ("outbound",)))
                    a = take(line_amounts(src), src.qty, shipped, shipped_qty, q)
                    cost = stock.issue(book, req.item, wh, q, doc)
                    ln = new_row(DocumentLine, seq=len(out_lines) + 1, item_id=req.item.id, src_line_id=src.id, qty=q,
                                      price=src.price, tax_rate=src.tax_rate, gross=a.gross, net=a.net,
                                      tax=a.tax, cost=cost)
                    doc.lines.append(ln)
                    out_lines.append(ln)
                    event_lines.append(EventLine(event_amounts(ln), customer=so.customer_id, item=req.item.id, qty=q))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in out_lines), ZERO)
        progress(book, so, moved_on(book, "outbound"))
        post_voucher(book, doc, [("outbound", event_lines)], party_name(book, "customer", so.customer_id))
        return doc


@document_result
def invoice(book: Book, cmd: Invoice) -> Document:
    """A sales invoice for shipped, not yet invoiced quantities, at the order's prices."""
    return bill(book, "invoice", cmd)


@document_result
def sales_return(book: Book, cmd: Movement) -> Document:
    """Goods come back at the cost they left with; what was not yet invoiced comes out of the
    uninvoiced quantity first, the rest waits for a credit note."""
    with book.unit():
        problems: list[Problem] = []
        out = collect(problems, lambda: document(book, "outbound", cmd.source, "outbound"))
        wh = collect(problems, lambda: by_code(book, Warehouse, cmd.warehouse))
        doc = collect(problems, lambda: new_document(book, "sales_return", cmd.no, cmd.date,
                                                       customer_id=out.customer_id if out else None,
                                                       warehouse_id=wh.id if wh else None, ref_id=out.id if out else None))
        reqs = collect(problems, lambda: resolve_lines(book, cmd.lines))
        if problems:
            raise Rejected(problems)
        if doc.date < out.date:
            raise refuse("date_before_doc", field="date", date=doc.date, what="outbound", source_date=out.date)
        event_lines = []
        for req in reqs:
            try:
                for src, q in returnable(book, out, req, "sales_return", "shipped"):
                    ln = return_line(book, src, q, len(doc.lines) + 1)
                    doc.lines.append(ln)
                    stock.receive(book, req.item, wh, q, ln.cost, doc)
                    amounts = {**event_amounts(ln), "part_cost": ln.part_cost, "invoiced_cost": ln.cost - ln.part_cost}
                    event_lines.append(EventLine(amounts, customer=out.customer_id, item=src.item_id, qty=q,
                                                 source=out.id))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        billing_progress(book, out)
        post_voucher(book, doc, [("sales_return", event_lines)], party_name(book, "customer", out.customer_id))
        return doc


@document_result
def credit_note(book: Book, cmd: RedInvoice) -> Document:
    """A red invoice: `qty` lines credit goods already returned; `amount` lines are allowances (折让)."""
    with book.unit():
        inv, doc, reqs = open_red_invoice(book, "credit_note", cmd)
        problems: list[Problem] = []
        goods, allowance = [], []
        for req in reqs:
            try:
                goods_line = is_goods_line(req)
                inv_lines = [ln for ln in inv.lines if ln.item_id == req.item.id]
                if not inv_lines:
                    raise Rejected(Message("item_not_on_invoice", item=req.item.code, invoice=inv.no))
                if goods_line:
                    goods += _credit_goods(book, doc, inv, inv_lines, req)
                else:
                    allowance.append(_allowance(book, doc, inv, req))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        book.session.flush()
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        # Returned goods are bounded by their quantities; an allowance only by what is left of the
        # invoice after the red invoices before it.
        allowed = sum((ln.gross for ln in doc.lines if ln.kind == "allowance"), ZERO)
        credited = book.session.scalar(select(total(Document.amount)).where(
            Document.type == "credit_note", Document.ref_id == inv.id, Document.id != doc.id))
        if allowed and credited + doc.amount > inv.amount:
            raise Rejected(Message("allowances_exceed_invoice", invoice=inv.no,
                                   total=fmt_thousands(credited + doc.amount), amount=fmt_thousands(inv.amount)))
        events = [("credit_note_goods", goods), ("credit_note_allowance", allowance)]
        post_voucher(book, doc, [e for e in events if e[1]], party_name(book, "customer", inv.customer_id))
        settle_red_invoice(book, "credit_note", doc, inv)
        return doc


def _credit_goods(book: Book, doc: Document, inv: Document, inv_lines: list[DocumentLine], req) -> list[EventLine]:
    """Credit returned goods from the pool of what was returned after invoicing and not yet credited."""
    return [EventLine(invoice_event_amounts(ln, printed), customer=inv.customer_id, item=ln.item_id, qty=ln.qty,
                      source=inv.id, simple=is_simple(book, ln.tax_rate)) for ln, printed in credit_returned(book, doc, inv, inv_lines, req, "credit_note")]


def _allowance(book: Book, doc: Document, inv: Document, req) -> EventLine:
    """折让 on one invoice line: at that line's VAT rate, at most what is left of its gross (less goods
    returned after invoicing that still wait for their credit note)."""
    inv_line = named_line(inv, req)
    gross = allowance_gross(book, inv, inv_line, req, "credit_note", spoken_for(book, doc, inv_line, "credit_note"))
    net, tax = split(gross, inv_line.tax_rate, load_vat_table().base(inv_line.tax_rate))
    ln = new_row(DocumentLine, seq=len(doc.lines) + 1, kind="allowance", item_id=req.item.id, src_line_id=inv_line.id,
                      qty=Decimal(0), tax_rate=inv_line.tax_rate, gross=gross, net=net, tax=tax)
    doc.lines.append(ln)
    return EventLine(event_amounts(ln), customer=inv.customer_id, item=req.item.id, source=inv.id,
                     simple=is_simple(book, ln.tax_rate))
