"""The purchase chain: order → inbound → supplier invoice, and returns to the supplier."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain.amounts import take
from domain.errors import Problem, Rejected, refuse
from domain.messages import Message
from domain.money import portion
from domain.posting import EventLine
from domain.vat import split
from storage.book import Book
from storage.models import Document, DocumentLine, Item, StockBalance, Supplier, Warehouse
from storage.refs import by_code, document
from storage.sql import total
from storage.vat import load_vat_table
from storage.write_new import new_row
from usecases import stock
from usecases.chain import (
    bill,
    billing_progress,
    collect,
    event_amounts,
    invoice_event_amounts,
    moved_on,
    open_order_lines,
    party_name,
    priced,
    progress,
    return_line,
    returnable,
)
from usecases.commands import Invoice, Movement, Order, RedInvoice
from usecases.docs import (
    downstream,
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
def create_purchase_order(book: Book, cmd: Order) -> Document:
    with book.unit():
        problems: list[Problem] = []
        sup = collect(problems, lambda: by_code(book, Supplier, cmd.party))
        doc = collect(problems, lambda: new_document(book, "purchase_order", cmd.no, cmd.date,
                                                       supplier_id=sup.id if sup else None))
        priced = collect(problems, lambda: priced_lines(book, cmd.lines, day=cmd.date, side="purchase"))
        if problems:
            raise Rejected(problems)
        doc.lines = priced
        doc.amount = sum((ln.gross for ln in priced), ZERO)
        book.session.flush()
        return doc


@document_result
def receive(book: Book, cmd: Movement) -> Document:
    """An inbound (采购入库): stock grows by the net cost; the supplier is owed it as 暂估 until invoiced."""
    with book.unit():
        problems: list[Problem] = []
        po = collect(problems, lambda: document(book, "purchase_order", cmd.source, "order"))
        wh = collect(problems, lambda: by_code(book, Warehouse, cmd.warehouse))
        doc = collect(problems, lambda: new_document(book, "inbound", cmd.no, cmd.date,
                                                       supplier_id=po.supplier_id if po else None,
                                                       warehouse_id=wh.id if wh else None, ref_id=po.id if po else None))
        reqs = collect(problems, lambda: resolve_lines(book, cmd.lines))
        if problems:
            raise Rejected(problems)
        if doc.date < po.date:
            raise refuse("date_before_order", field="date", date=doc.date, source_date=po.date)
        event_lines = []
        for req in reqs:
            try:
                for src, q in open_order_lines(book, po, req, "inbound"):
                    got_qty, got = sum_lines(downstream(book, src.id, ("inbound",)))
                    a = take(priced(src), src.qty, got, got_qty, q)
                    ln = new_row(DocumentLine, seq=len(doc.lines) + 1, item_id=src.item_id, src_line_id=src.id, qty=q,
                                      price=src.price, tax_rate=src.tax_rate, gross=a.gross, net=a.net, tax=a.tax,
                                      cost=a.net)
                    doc.lines.append(ln)
                    stock.receive(book, req.item, wh, q, a.net, doc)
                    event_lines.append(EventLine(event_amounts(ln), supplier=po.supplier_id, item=src.item_id, qty=q))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        progress(book, po, moved_on(book, "inbound"))
        post_voucher(book, doc, [("inbound", event_lines)], party_name(book, "supplier", po.supplier_id))
        return doc


@document_result
def purchase_invoice(book: Book, cmd: Invoice) -> Document:
    """The supplier's invoice for received, not yet invoiced quantities."""
    return bill(book, "purchase_invoice", cmd)


@document_result
def purchase_return(book: Book, cmd: Movement) -> Document:
    """Goods go back to the supplier at the cost they came in with."""
    with book.unit():
        problems: list[Problem] = []
        src_doc = collect(problems, lambda: document(book, "inbound", cmd.source, "inbound"))
        wh = collect(problems, lambda: by_code(book, Warehouse, cmd.warehouse))
        doc = collect(problems, lambda: new_document(book, "purchase_return", cmd.no, cmd.date,
                                                       supplier_id=src_doc.supplier_id if src_doc else None,
                                                       warehouse_id=wh.id if wh else None,
                                                       ref_id=src_doc.id if src_doc else None))
        reqs = collect(problems, lambda: resolve_lines(book, cmd.lines))
        if problems:
            raise Rejected(problems)
        if doc.date < src_doc.date:
            raise refuse("date_before_doc", field="date", date=doc.date, what="inbound", source_date=src_doc.date)
        event_lines = []
        for req in reqs:
            try:
                for src, q in returnable(book, src_doc, req, "purchase_return", "received"):
                    ln = return_line(book, src, q, len(doc.lines) + 1)
                    doc.lines.append(ln)
                    ln.cost = stock.give_back(book, req.item, wh, q, ln.cost, doc)
                    amounts = {**event_amounts(ln), "variance": ln.net - ln.cost}
                    event_lines.append(EventLine(amounts, supplier=src_doc.supplier_id, item=src.item_id, qty=q,
                                                 source=src_doc.id))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        billing_progress(book, src_doc)
        post_voucher(book, doc, [("purchase_return", event_lines)], party_name(book, "supplier", src_doc.supplier_id))
        return doc


@document_result
def purchase_credit_note(book: Book, cmd: RedInvoice) -> Document:
    """The supplier's red invoice (红字专用发票): `qty` lines for goods returned after its invoice, at the
    invoice line's amounts (220202 clears, input VAT is given back); `amount` lines for an allowance,
    which lowers the goods' stock value while they are on hand, else cost of sales."""
    with book.unit():
        inv, doc, reqs = open_red_invoice(book, "purchase_credit_note", cmd)
        problems: list[Problem] = []
        goods: list[EventLine] = []
        allowance: list[EventLine] = []
        for req in reqs:
            try:
                if is_goods_line(req):
                    goods += _credit_returned(book, doc, inv, req)
                else:
                    allowance.append(_supplier_allowance(book, doc, inv, req))
                book.session.flush()
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        events = [("purchase_credit_note_goods", goods), ("purchase_credit_note_allowance", allowance)]
        post_voucher(book, doc, [e for e in events if e[1]], party_name(book, "supplier", inv.supplier_id))
        settle_red_invoice(book, "purchase_credit_note", doc, inv)
        return doc


def _credit_returned(book: Book, doc: Document, inv: Document, req) -> list[EventLine]:
    inv_lines = [ln for ln in inv.lines if ln.item_id == req.item.id] or _not_on(inv, req)
    return [EventLine(invoice_event_amounts(ln, printed) if ln.tax
                      else {**event_amounts(ln), "invoice_tax": ZERO, "tax_rounding": ZERO},
                      supplier=inv.supplier_id, item=ln.item_id, qty=ln.qty, source=inv.id)
            for ln, printed in credit_returned(book, doc, inv, inv_lines, req, "purchase_credit_note")]


def _not_on(inv: Document, req) -> list[DocumentLine]:
    raise Rejected(Message("item_not_on_invoice", item=req.item.code, invoice=inv.no))


def _returned_after_invoice(book: Book, inv: Document, inv_line: DocumentLine, src: DocumentLine) -> Decimal:
    """Units of a purchase invoice line sent back after the invoice: credited on its red invoices, or
    returned and waiting for one."""
    from usecases.red_invoices import returned_pool
    credited = book.session.scalar(select(total(DocumentLine.qty)).join(Document, Document.id == DocumentLine.doc_id)
                                   .where(Document.type == "purchase_credit_note", Document.ref_id == inv.id,
                                          DocumentLine.src_line_id == inv_line.src_line_id,
                                          DocumentLine.kind == "goods")) or Decimal(0)
    return credited + max(returned_pool(book, src, "purchase_credit_note")[0], Decimal(0))


def _supplier_allowance(book: Book, doc: Document, inv: Document, req) -> EventLine:
    inv_line = named_line(inv, req)
    gross = allowance_gross(book, inv, inv_line, req, "purchase_credit_note",
                            spoken_for(book, doc, inv_line, "purchase_credit_note"))
    if inv_line.tax == 0 and inv_line.net == inv_line.gross:  # no input VAT was deducted (small-scale)
        net, tax = gross, ZERO
    else:
        net, tax = split(gross, inv_line.tax_rate, load_vat_table().base(inv_line.tax_rate))
    src = book.session.get(DocumentLine, inv_line.src_line_id)
    wh = book.session.get(Warehouse, book.session.get(Document, src.doc_id).warehouse_id)
    item = book.session.get(Item, inv_line.item_id)
    row = book.session.get(StockBalance, (item.id, wh.id))
    # the allowance lowers the price of the units kept: those returned to the supplier after its invoice
    # (credited by a red invoice, or waiting for one) are not among them
    kept = inv_line.qty - _returned_after_invoice(book, inv, inv_line, src)
    on_hand = min(row.qty, kept) if row is not None else Decimal(0)
    to_stock = portion(net, on_hand, kept) if on_hand > 0 else ZERO
    to_stock = min(to_stock, row.value) if row is not None and row.value > 0 else ZERO
    if to_stock:
        stock.receive(book, item, wh, Decimal(0), -to_stock, doc)
    ln = new_row(DocumentLine, seq=len(doc.lines) + 1, kind="allowance", item_id=item.id, src_line_id=inv_line.id,
                      qty=Decimal(0), tax_rate=inv_line.tax_rate, gross=gross, net=net, tax=tax, cost=to_stock)
    doc.lines.append(ln)
    return EventLine({**event_amounts(ln), "variance": net - to_stock}, supplier=inv.supplier_id, item=item.id,
                     source=inv.id)
