"""The purchase chain: order → inbound → supplier invoice, and returns to the supplier."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from domain.amounts import take
from domain.errors import Problem, Rejected
from domain.posting import EventLine
from storage.book import Book
from storage.models import Document, DocumentLine, Supplier, Warehouse
from storage.services import openitems, stock
from storage.services.docs import downstream, line_amounts, new_document, read_lines, set_progress, sum_lines
from storage.services.pricing import priced_lines
from storage.services.refs import by_code, document
from storage.services.sales import (
    _amounts,
    _billed,
    _billing_requests,
    _collect,
    _open_order_lines,
    _return_line,
    _returnable,
    _sale,
    _uninvoiced,
    check_vat_number,
)
from storage.services.docs import post_voucher

ZERO = Decimal("0.00")


def create_purchase_order(book: Book, no: str | None, date: object, supplier: str, lines: list) -> Document:
    with book.unit():
        problems: list[Problem] = []
        sup = _collect(problems, lambda: by_code(book, Supplier, supplier))
        doc = _collect(problems, lambda: new_document(book, "purchase_order", no, date,
                                                       supplier_id=sup.id if sup else None))
        priced = _collect(problems, lambda: priced_lines(book, lines))
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
        po = _collect(problems, lambda: document(book, "purchase_order", order, "order"))
        wh = _collect(problems, lambda: by_code(book, Warehouse, warehouse))
        doc = _collect(problems, lambda: new_document(book, "inbound", no, date,
                                                       supplier_id=po.supplier_id if po else None,
                                                       warehouse_id=wh.id if wh else None, ref_id=po.id if po else None))
        reqs = _collect(problems, lambda: read_lines(book, lines))
        if problems:
            raise Rejected(problems)
        if doc.date < po.date:
            raise Rejected(f"field 'date': {doc.date} is before the order's date {po.date}")
        event_lines = []
        for req in reqs:
            try:
                for src, q in _open_order_lines(book, po, req, "inbound"):
                    got_qty, got = sum_lines(downstream(book, src.id, ("inbound",)))
                    a = take(_sale(src), src.qty, got, got_qty, q)
                    ln = DocumentLine(seq=len(doc.lines) + 1, item_id=src.item_id, src_line_id=src.id, qty=q,
                                      price=src.price, tax_rate=src.tax_rate, gross=a.gross, net=a.net, tax=a.tax,
                                      cost=a.net)
                    doc.lines.append(ln)
                    stock.receive(book, req.item, wh, q, a.net, doc)
                    book.session.flush()
                    event_lines.append(EventLine(_amounts(ln), supplier=po.supplier_id, item=src.item_id, qty=q))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        received = sum((sum_lines(downstream(book, ln.id, ("inbound",)))[0] for ln in po.lines), Decimal(0))
        set_progress(po, received, sum((ln.qty for ln in po.lines), Decimal(0)))
        post_voucher(book, doc, [("inbound", event_lines)], _supplier_name(book, po.supplier_id))
        return doc


def purchase_invoice(book: Book, no: str | None, date: object, lines: list | None = None,
                     inbounds: list | None = None, vat_no: str | None = None, vat_code: str | None = None) -> Document:
    with book.unit():
        problems: list[Problem] = []
        _collect(problems, lambda: check_vat_number(book, "purchase_invoice", vat_no, vat_code))
        doc = _collect(problems, lambda: new_document(book, "purchase_invoice", no, date, vat_no=vat_no,
                                                       vat_code=vat_code))
        wanted = _collect(problems, lambda: _billing_requests(book, "inbound", lines, inbounds))
        if problems:
            raise Rejected(problems)
        suppliers = {d.supplier_id for d, _ in wanted}
        if len(suppliers) > 1:
            raise Rejected("a supplier invoice bills one supplier; these inbounds belong to several")
        supplier_id = suppliers.pop()
        doc.supplier_id = supplier_id
        event_lines = []
        for src_doc, reqs in wanted:
            for req in reqs:
                try:
                    for src, q in _uninvoiced(book, src_doc, req):
                        billed_qty, billed = _billed(book, src)
                        a = take(_sale(src), src.qty, billed, billed_qty, q)
                        ln = DocumentLine(seq=len(doc.lines) + 1, item_id=src.item_id, src_line_id=src.id, qty=q,
                                          price=src.price, tax_rate=src.tax_rate, gross=a.gross, net=a.net, tax=a.tax)
                        doc.lines.append(ln)
                        book.session.flush()
                        event_lines.append(EventLine(_amounts(ln), supplier=supplier_id, item=src.item_id, qty=q))
                    billed_all = sum((_billed(book, ln)[0] for ln in src_doc.lines), Decimal(0))
                    set_progress(src_doc, billed_all, sum((ln.qty for ln in src_doc.lines), Decimal(0)))
                except Rejected as e:
                    problems += e.located(req.where).problems
        if problems:
            raise Rejected(problems)
        if not doc.lines:
            raise Rejected("nothing is left to invoice on these inbounds")
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        post_voucher(book, doc, [("purchase_invoice", event_lines)], _supplier_name(book, supplier_id))
        sup = book.session.get(Supplier, supplier_id)
        charge = openitems.add_item(book, "supplier", supplier_id, "charge", "invoice", doc.no, doc.date, doc.amount,
                                    doc_id=doc.id, due=doc.date + dt.timedelta(days=sup.payment_days))
        openitems.apply_unapplied(book, charge, doc.date)
        return doc


def purchase_return(book: Book, no: str | None, date: object, inbound: str, warehouse: str, lines: list) -> Document:
    """Goods go back to the supplier at the cost they came in with."""
    with book.unit():
        problems: list[Problem] = []
        src_doc = _collect(problems, lambda: document(book, "inbound", inbound, "inbound"))
        wh = _collect(problems, lambda: by_code(book, Warehouse, warehouse))
        doc = _collect(problems, lambda: new_document(book, "purchase_return", no, date,
                                                       supplier_id=src_doc.supplier_id if src_doc else None,
                                                       warehouse_id=wh.id if wh else None,
                                                       ref_id=src_doc.id if src_doc else None))
        reqs = _collect(problems, lambda: read_lines(book, lines))
        if problems:
            raise Rejected(problems)
        event_lines = []
        for req in reqs:
            try:
                for src, q in _returnable(book, src_doc, req, "purchase_return", "received"):
                    ln = _return_line(book, src, q, len(doc.lines) + 1)
                    doc.lines.append(ln)
                    stock.give_back(book, req.item, wh, q, ln.cost, doc)
                    book.session.flush()
                    event_lines.append(EventLine(_amounts(ln), supplier=src_doc.supplier_id, item=src.item_id, qty=q))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        post_voucher(book, doc, [("purchase_return", event_lines)], _supplier_name(book, src_doc.supplier_id))
        return doc


def _supplier_name(book: Book, supplier_id: int | None) -> str:
    s = book.session.get(Supplier, supplier_id) if supplier_id else None
    return s.name if s else ""


__all__ = ["create_purchase_order", "receive", "purchase_invoice", "purchase_return", "line_amounts"]
