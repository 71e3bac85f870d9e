"""The purchase chain: order → inbound → supplier invoice, and returns to the supplier."""
from __future__ import annotations

from decimal import Decimal

from domain.amounts import take
from domain.errors import Problem, Rejected
from domain.posting import EventLine
from storage.book import Book
from storage.models import Document, DocumentLine, Supplier, Warehouse
from storage.refs import by_code, document
from usecases import stock
from usecases.chain import (
    bill,
    billing_progress,
    collect,
    event_amounts,
    moved_on,
    open_order_lines,
    party_name,
    priced,
    progress,
    return_line,
    returnable,
)
from usecases.docs import (
    downstream,
    new_document,
    post_voucher,
    read_lines,
    sum_lines,
)
from usecases.pricing import priced_lines

ZERO = Decimal("0.00")


def create_purchase_order(book: Book, no: str | None, date: object, supplier: str, lines: list) -> Document:
    with book.unit():
        problems: list[Problem] = []
        sup = collect(problems, lambda: by_code(book, Supplier, supplier))
        doc = collect(problems, lambda: new_document(book, "purchase_order", no, date,
                                                       supplier_id=sup.id if sup else None))
        priced = collect(problems, lambda: priced_lines(book, lines))
        if problems:
            raise Rejected(problems)
        doc.lines = priced
        doc.amount = sum((ln.gross for ln in priced), ZERO)
        book.session.flush()
        return doc


def receive(book: Book, no: str | None, date: object, order: str, warehouse: str, lines: list) -> Document:
    """An inbound (采购入库): stock grows by the net cost; the supplier is owed it as 暂估 until invoiced."""
    with book.unit():
        problems: list[Problem] = []
        po = collect(problems, lambda: document(book, "purchase_order", order, "order"))
        wh = collect(problems, lambda: by_code(book, Warehouse, warehouse))
        doc = collect(problems, lambda: new_document(book, "inbound", no, date,
                                                       supplier_id=po.supplier_id if po else None,
                                                       warehouse_id=wh.id if wh else None, ref_id=po.id if po else None))
        reqs = collect(problems, lambda: read_lines(book, lines))
        if problems:
            raise Rejected(problems)
        if doc.date < po.date:
            raise Rejected(f"field 'date': {doc.date} is before the order's date {po.date}")
        event_lines = []
        for req in reqs:
            try:
                for src, q in open_order_lines(book, po, req, "inbound"):
                    got_qty, got = sum_lines(downstream(book, src.id, ("inbound",)))
                    a = take(priced(src), src.qty, got, got_qty, q)
                    ln = DocumentLine(seq=len(doc.lines) + 1, item_id=src.item_id, src_line_id=src.id, qty=q,
                                      price=src.price, tax_rate=src.tax_rate, gross=a.gross, net=a.net, tax=a.tax,
                                      cost=a.net)
                    doc.lines.append(ln)
                    stock.receive(book, req.item, wh, q, a.net, doc)
                    book.session.flush()
                    event_lines.append(EventLine(event_amounts(ln), supplier=po.supplier_id, item=src.item_id, qty=q))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        progress(po, moved_on(book, "inbound"))
        post_voucher(book, doc, [("inbound", event_lines)], party_name(book, "supplier", po.supplier_id))
        return doc


def purchase_invoice(book: Book, no: str | None, date: object, lines: list | None = None,
                     inbounds: list | None = None, vat_no: str | None = None, vat_code: str | None = None) -> Document:
    """The supplier's invoice for received, not yet invoiced quantities."""
    return bill(book, "purchase_invoice", no, date, lines, inbounds, vat_no, vat_code)


def purchase_return(book: Book, no: str | None, date: object, inbound: str, warehouse: str, lines: list) -> Document:
    """Goods go back to the supplier at the cost they came in with."""
    with book.unit():
        problems: list[Problem] = []
        src_doc = collect(problems, lambda: document(book, "inbound", inbound, "inbound"))
        wh = collect(problems, lambda: by_code(book, Warehouse, warehouse))
        doc = collect(problems, lambda: new_document(book, "purchase_return", no, date,
                                                       supplier_id=src_doc.supplier_id if src_doc else None,
                                                       warehouse_id=wh.id if wh else None,
                                                       ref_id=src_doc.id if src_doc else None))
        reqs = collect(problems, lambda: read_lines(book, lines))
        if problems:
            raise Rejected(problems)
        if doc.date < src_doc.date:
            raise Rejected(f"field 'date': {doc.date} is before the inbound's date {src_doc.date}")
        event_lines = []
        for req in reqs:
            try:
                for src, q in returnable(book, src_doc, req, "purchase_return", "received"):
                    ln = return_line(book, src, q, len(doc.lines) + 1)
                    doc.lines.append(ln)
                    stock.give_back(book, req.item, wh, q, ln.cost, doc)
                    book.session.flush()
                    event_lines.append(EventLine(event_amounts(ln), supplier=src_doc.supplier_id, item=src.item_id, qty=q))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        billing_progress(book, src_doc)
        post_voucher(book, doc, [("purchase_return", event_lines)], party_name(book, "supplier", src_doc.supplier_id))
        return doc
