"""The sales chain: order → outbound → invoice, returns and credit notes (red invoices)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from domain.amounts import Amounts, take, take_from_pool
from domain.errors import Problem, Rejected
from domain.money import fmt_qty, fmt_thousands, parse_amount, vat_split
from domain.posting import EventLine
from domain.stock import cost_out
from storage.book import Book
from storage.models import Customer, Document, DocumentLine, Warehouse
from storage.services import exposure, openitems, stock
from storage.services.docs import (
    downstream,
    line_amounts,
    new_document,
    part_amounts,
    post_voucher,
    read_lines,
    set_progress,
    sum_lines,
)
from storage.services.pricing import priced_lines
from storage.services.refs import by_code, document

ZERO = Decimal("0.00")
BILLING = ("invoice",)


def create_sales_order(book: Book, no: str | None, date: object, customer: str, lines: list,
                       approved_by: str | None = None) -> Document:
    """A sales order. Over the customer's credit limit it needs a manager's approval."""
    with book.unit():
        problems: list[Problem] = []
        cust = _collect(problems, lambda: by_code(book, Customer, customer))
        doc = _collect(problems, lambda: new_document(book, "sales_order", no, date,
                                                       customer_id=cust.id if cust else None))
        priced = _collect(problems, lambda: priced_lines(book, lines))
        if problems:
            raise Rejected(problems)
        # measured before this order's lines exist, so it is not counted twice
        owed = exposure.customer_exposure(book, cust.id) if cust.credit_limit is not None else ZERO
        doc.lines = priced
        doc.amount = sum((ln.gross for ln in priced), ZERO)
        if cust.credit_limit is not None:
            if owed + doc.amount > cust.credit_limit and not approved_by:
                raise Rejected(f"customer {cust.code} credit limit {fmt_thousands(cust.credit_limit)} exceeded: "
                               f"owed and on order {fmt_thousands(owed)} + this order {fmt_thousands(doc.amount)}; "
                               "needs a manager's approval")
            doc.approved_by = approved_by if owed + doc.amount > cust.credit_limit else None
        book.session.flush()
        return doc


def ship(book: Book, no: str | None, date: object, order: str, warehouse: str, lines: list) -> Document:
    """An outbound (销售出库) against an order: goods leave at moving-average cost."""
    with book.unit():
        problems: list[Problem] = []
        so = _collect(problems, lambda: document(book, "sales_order", order, "order"))
        wh = _collect(problems, lambda: by_code(book, Warehouse, warehouse))
        doc = _collect(problems, lambda: new_document(book, "outbound", no, date,
                                                       customer_id=so.customer_id if so else None,
                                                       warehouse_id=wh.id if wh else None,
                                                       ref_id=so.id if so else None))
        reqs = _collect(problems, lambda: read_lines(book, lines))
        if problems:
            raise Rejected(problems)
        if so.status == "closed":
            raise Rejected(f"field 'order': {so.no} is closed")
        if doc.date < so.date:
            raise Rejected(f"field 'date': {doc.date} is before the order's date {so.date}")
        out_lines, event_lines = [], []
        for req in reqs:
            try:
                for src, q in _open_order_lines(book, so, req):
                    shipped_qty, shipped = sum_lines(downstream(book, src.id, ("outbound",)))
                    a = take(line_amounts(src), src.qty, shipped, shipped_qty, q)
                    cost = stock.issue(book, req.item, wh, q, doc)
                    ln = DocumentLine(seq=len(out_lines) + 1, item_id=req.item.id, src_line_id=src.id, qty=q,
                                      price=src.price, tax_rate=src.tax_rate, gross=a.gross, net=a.net,
                                      tax=a.tax, cost=cost)
                    doc.lines.append(ln)
                    book.session.flush()
                    out_lines.append(ln)
                    event_lines.append(EventLine(_amounts(ln), customer=so.customer_id, item=req.item.id, qty=q))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in out_lines), ZERO)
        _order_progress(book, so)
        post_voucher(book, doc, [("outbound", event_lines)], _customer_name(book, so.customer_id))
        return doc


def _open_order_lines(book: Book, so: Document, req, moved_by: str = "outbound") -> list[tuple[DocumentLine, Decimal]]:
    """Spread a requested quantity over the order's lines of that item that are still open."""
    candidates = [ln for ln in so.lines if ln.item_id == req.item.id]
    if not candidates:
        raise Rejected(f"item {req.item.code} is not on order {so.no}")
    left, out = req.qty, []
    open_total = Decimal(0)
    for ln in candidates:
        shipped, _ = sum_lines(downstream(book, ln.id, (moved_by,)))
        available = ln.qty - shipped
        open_total += available
        if left > 0 and available > 0:
            q = min(left, available)
            out.append((ln, q))
            left -= q
    if left > 0:
        raise Rejected(f"qty {fmt_qty(req.qty)} exceeds the {fmt_qty(open_total)} still open on {so.no}")
    return out


def _order_progress(book: Book, so: Document) -> None:
    shipped = sum((sum_lines(downstream(book, ln.id, ("outbound",)))[0] for ln in so.lines), Decimal(0))
    set_progress(so, shipped, sum((ln.qty for ln in so.lines), Decimal(0)))


def invoice(book: Book, no: str | None, date: object, lines: list | None = None,
            outbounds: list | None = None, vat_no: str | None = None, vat_code: str | None = None) -> Document:
    """A sales invoice for shipped, not yet invoiced quantities, at the order's prices."""
    with book.unit():
        problems: list[Problem] = []
        _collect(problems, lambda: check_vat_number(book, "invoice", vat_no, vat_code))
        doc = _collect(problems, lambda: new_document(book, "invoice", no, date, vat_no=vat_no, vat_code=vat_code))
        wanted = _collect(problems, lambda: _billing_requests(book, "outbound", lines, outbounds))
        if problems:
            raise Rejected(problems)
        customers = {out.customer_id for out, _ in wanted}
        if len(customers) > 1:
            raise Rejected("an invoice bills one customer; these outbounds belong to several")
        customer_id = customers.pop()
        doc.customer_id = customer_id
        event_lines = []
        for n, (out, reqs) in enumerate(wanted):
            for req in reqs:
                try:
                    for src, q in _uninvoiced(book, out, req):
                        billed_qty, billed = _billed(book, src)
                        a = take(_sale(src), src.qty, billed, billed_qty, q)
                        ln = DocumentLine(seq=len(doc.lines) + 1, item_id=src.item_id, src_line_id=src.id, qty=q,
                                          price=src.price, tax_rate=src.tax_rate, gross=a.gross, net=a.net, tax=a.tax)
                        doc.lines.append(ln)
                        book.session.flush()
                        event_lines.append(EventLine(_amounts(ln), customer=customer_id, item=src.item_id, qty=q))
                    _outbound_progress(book, out)
                except Rejected as e:
                    problems += e.located(req.where).problems
        if problems:
            raise Rejected(problems)
        if not doc.lines:
            raise Rejected("nothing is left to invoice on these outbounds")
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        post_voucher(book, doc, [("invoice", event_lines)], _customer_name(book, customer_id))
        cust = book.session.get(Customer, customer_id)
        charge = openitems.add_item(book, "customer", customer_id, "charge", "invoice", doc.no, doc.date, doc.amount,
                                    doc_id=doc.id, due=doc.date + dt.timedelta(days=cust.payment_days))
        openitems.apply_unapplied(book, charge, doc.date)
        return doc


class _Req:
    def __init__(self, where: str, item_id: int | None, qty: Decimal | None, item_code: str = ""):
        self.where, self.item_id, self.qty, self.item_code = where, item_id, qty, item_code


def _billing_requests(book: Book, src_type: str, lines, nos) -> list[tuple[Document, list[_Req]]]:
    """Group what an invoice asks for by upstream document: explicit lines, or whole documents."""
    if (lines is None) == (nos is None):
        raise Rejected(f"give either 'lines' or '{src_type}s'")
    grouped: dict[int, tuple[Document, list[_Req]]] = {}
    problems: list[Problem] = []
    if nos is not None:
        if not isinstance(nos, list) or not nos:
            raise Rejected(f"field '{src_type}s': list at least one {src_type}")
        for i, no in enumerate(nos):
            try:
                d = document(book, src_type, no, f"{src_type}s[{i}]")
                grouped.setdefault(d.id, (d, []))[1].append(_Req(f"{src_type}s[{i}]", None, None))
            except Rejected as e:
                problems += e.problems
    else:
        reqs = read_lines(book, lines)
        for req in reqs:
            try:
                d = document(book, src_type, req.row.get(src_type), src_type)
                grouped.setdefault(d.id, (d, []))[1].append(_Req(f"line {req.n}", req.item.id, req.qty, req.item.code))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
    if problems:
        raise Rejected(problems)
    return list(grouped.values())


def _billed(book: Book, src: DocumentLine) -> tuple[Decimal, Amounts]:
    """What of an outbound/inbound line is billed: invoiced portions plus returns taken from
    its uninvoiced quantity (ACCOUNTING.md: returns before invoicing)."""
    inv_type = "invoice" if _doc_type(book, src) == "outbound" else "purchase_invoice"
    ret_type = "sales_return" if inv_type == "invoice" else "purchase_return"
    qty, amounts = sum_lines(downstream(book, src.id, (inv_type,)))
    for r in downstream(book, src.id, (ret_type,)):
        qty += r.part_qty
        amounts += part_amounts(r)
    return qty, Amounts(amounts.gross, amounts.net, amounts.tax)


def _doc_type(book: Book, line: DocumentLine) -> str:
    return book.session.get(Document, line.doc_id).type


def _sale(line: DocumentLine) -> Amounts:
    return Amounts(line.gross, line.net, line.tax)


def _uninvoiced(book: Book, src_doc: Document, req: _Req) -> list[tuple[DocumentLine, Decimal]]:
    """The upstream lines and quantities a billing request takes; all that is left when no qty."""
    out = []
    candidates = [ln for ln in src_doc.lines if req.item_id is None or ln.item_id == req.item_id]
    if not candidates:
        raise Rejected(f"item {req.item_code} is not on {src_doc.no}")
    left = req.qty
    open_total = Decimal(0)
    for ln in candidates:
        billed_qty, _ = _billed(book, ln)
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
        raise Rejected(f"qty {fmt_qty(req.qty)} exceeds the {fmt_qty(open_total)} of {req.item_code} "
                       f"shipped and not yet invoiced on {src_doc.no}" if src_doc.type == "outbound" else
                       f"qty {fmt_qty(req.qty)} exceeds the {fmt_qty(open_total)} of {req.item_code} "
                       f"received and not yet invoiced on {src_doc.no}")
    return out


def _outbound_progress(book: Book, out: Document) -> None:
    billed = sum((_billed(book, ln)[0] for ln in out.lines), Decimal(0))
    set_progress(out, billed, sum((ln.qty for ln in out.lines), Decimal(0)))


def check_vat_number(book: Book, doc_type: str, vat_no: str | None, vat_code: str | None) -> None:
    """发票号码: 8 digits with a 10/12-digit 发票代码, or a 20-digit 全电发票 number; never reused."""
    if vat_no is None:
        if vat_code is not None:
            raise Rejected("field 'vat_code': given without 'vat_no'")
        return
    if not isinstance(vat_no, str) or not vat_no.isdigit() or len(vat_no) not in (8, 20):
        raise Rejected(f"field 'vat_no': {vat_no!r} is neither an 8-digit 发票号码 nor a 20-digit 全电发票号码")
    if len(vat_no) == 8 and (not isinstance(vat_code, str) or not vat_code.isdigit() or len(vat_code) not in (10, 12)):
        raise Rejected("field 'vat_code': an 8-digit 发票号码 needs its 10- or 12-digit 发票代码")
    if len(vat_no) == 20 and vat_code is not None:
        raise Rejected("field 'vat_code': a 20-digit 全电发票 has no 发票代码")
    clash = book.session.scalar(select(Document.no).where(Document.type == doc_type, Document.vat_no == vat_no,
                                                          Document.vat_code.is_(vat_code) if vat_code is None
                                                          else Document.vat_code == vat_code))
    if clash:
        raise Rejected(f"field 'vat_no': 发票 {vat_code or ''}{'/' if vat_code else ''}{vat_no} is already on {clash}")


def sales_return(book: Book, no: str | None, date: object, outbound: str, warehouse: str, lines: list) -> Document:
    """Goods come back at the cost they left with; what was not yet invoiced comes out of the
    uninvoiced quantity first, the rest waits for a credit note."""
    with book.unit():
        problems: list[Problem] = []
        out = _collect(problems, lambda: document(book, "outbound", outbound, "outbound"))
        wh = _collect(problems, lambda: by_code(book, Warehouse, warehouse))
        doc = _collect(problems, lambda: new_document(book, "sales_return", no, date,
                                                       customer_id=out.customer_id if out else None,
                                                       warehouse_id=wh.id if wh else None, ref_id=out.id if out else None))
        reqs = _collect(problems, lambda: read_lines(book, lines))
        if problems:
            raise Rejected(problems)
        if doc.date < out.date:
            raise Rejected(f"field 'date': {doc.date} is before the outbound's date {out.date}")
        event_lines = []
        for req in reqs:
            try:
                for src, q in _returnable(book, out, req, "sales_return", "shipped"):
                    ln = _return_line(book, src, q, len(doc.lines) + 1)
                    doc.lines.append(ln)
                    stock.receive(book, req.item, wh, q, ln.cost, doc)
                    book.session.flush()
                    event_lines.append(EventLine(_amounts(ln), customer=out.customer_id, item=src.item_id, qty=q))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        _outbound_progress(book, out)
        post_voucher(book, doc, [("sales_return", event_lines)], _customer_name(book, out.customer_id))
        return doc


def _returnable(book: Book, src_doc: Document, req, ret_type: str, verb: str) -> list[tuple[DocumentLine, Decimal]]:
    candidates = [ln for ln in src_doc.lines if ln.item_id == req.item.id]
    if not candidates:
        raise Rejected(f"item {req.item.code} is not on {src_doc.no}")
    left, out, open_total = req.qty, [], Decimal(0)
    for ln in candidates:
        returned, _ = sum_lines(downstream(book, ln.id, (ret_type,)))
        available = ln.qty - returned
        open_total += available
        if left > 0 and available > 0:
            q = min(left, available)
            out.append((ln, q))
            left -= q
    if left > 0:
        raise Rejected(f"qty {fmt_qty(req.qty)} exceeds the {fmt_qty(open_total)} of {req.item.code} {verb} "
                       f"on {src_doc.no} and not already returned")
    return out


def _return_line(book: Book, src: DocumentLine, q: Decimal, seq: int) -> DocumentLine:
    """A return line: its uninvoiced part first (part_*), then the invoiced rest, at the
    source line's amounts; the last units returned take exactly what remains of the line."""
    ret_type = "sales_return" if _doc_type(book, src) == "outbound" else "purchase_return"
    billed_qty, billed = _billed(book, src)
    q1 = min(q, src.qty - billed_qty)
    part = take(_sale(src), src.qty, billed, billed_qty, q1) if q1 > 0 else Amounts()
    returned_qty, returned = sum_lines(downstream(book, src.id, (ret_type,)))
    whole = take(line_amounts(src), src.qty, returned, returned_qty, q)
    if returned_qty + q < src.qty:  # not the last units: the part from uninvoiced keeps its own rounding
        rest = take(_sale(src), src.qty, Amounts(), Decimal(0), q - q1) if q > q1 else Amounts()
        whole = Amounts(part.gross + rest.gross, part.net + rest.net, part.tax + rest.tax, whole.cost)
    return DocumentLine(seq=seq, item_id=src.item_id, src_line_id=src.id, qty=q, price=src.price,
                        tax_rate=src.tax_rate, gross=whole.gross, net=whole.net, tax=whole.tax, cost=whole.cost,
                        part_qty=q1, part_gross=part.gross, part_net=part.net, part_tax=part.tax)


def credit_note(book: Book, no: str | None, date: object, invoice_no: str, lines: list) -> Document:
    """A red invoice: `qty` lines credit goods already returned; `amount` lines are allowances (折让)."""
    with book.unit():
        problems: list[Problem] = []
        inv = _collect(problems, lambda: document(book, "invoice", invoice_no, "invoice"))
        doc = _collect(problems, lambda: new_document(book, "credit_note", no, date,
                                                       customer_id=inv.customer_id if inv else None,
                                                       ref_id=inv.id if inv else None))
        reqs = _collect(problems, lambda: read_lines(book, lines, need_qty=False))
        if problems:
            raise Rejected(problems)
        goods, allowance = [], []
        for req in reqs:
            try:
                if ("qty" in req.row) == ("amount" in req.row):
                    raise Rejected("a line gives either 'qty' (returned goods) or 'amount' (an allowance)")
                inv_lines = [ln for ln in inv.lines if ln.item_id == req.item.id]
                if not inv_lines:
                    raise Rejected(f"item {req.item.code} is not on invoice {inv.no}")
                if "qty" in req.row:
                    goods += _credit_goods(book, doc, inv, inv_lines, req)
                else:
                    allowance.append(_allowance(doc, inv, req))
            except Rejected as e:
                problems += e.located(f"line {req.n}").problems
        if problems:
            raise Rejected(problems)
        book.session.flush()
        doc.amount = sum((ln.gross for ln in doc.lines), ZERO)
        events = [("credit_note_goods", goods), ("credit_note_allowance", allowance)]
        post_voucher(book, doc, [e for e in events if e[1]], _customer_name(book, inv.customer_id))
        credit = openitems.add_item(book, "customer", inv.customer_id, "credit", "credit_note", doc.no, doc.date,
                                    doc.amount, doc_id=doc.id)
        charge = openitems.find_charge(book, "customer", inv.customer_id, inv.no)
        if charge is not None:
            openitems.allocate(book, credit, charge, min(credit.open, charge.open), doc.date)
        openitems.settle_oldest_first(book, credit, doc.date)
        return doc


def _credit_goods(book: Book, doc: Document, inv: Document, inv_lines: list[DocumentLine], req) -> list[EventLine]:
    """Credit returned goods from the pool of what was returned after invoicing and not yet credited."""
    left, pool_total, out = req.qty, Decimal(0), []
    for inv_line in inv_lines:
        src = book.session.get(DocumentLine, inv_line.src_line_id)
        pool_qty, pool = _credit_pool(book, src)
        credited_here, _ = sum_lines([c for c in downstream(book, src.id, ("credit_note",))
                                      if book.session.get(Document, c.doc_id).ref_id == inv.id])
        available = min(pool_qty, inv_line.qty - credited_here)
        pool_total += max(available, Decimal(0))
        if left <= 0 or available <= 0:
            continue
        q = min(left, available)
        a = take_from_pool(pool, pool_qty, q)
        ln = DocumentLine(seq=len(doc.lines) + 1, item_id=src.item_id, src_line_id=src.id, qty=q, price=src.price,
                          tax_rate=src.tax_rate, gross=a.gross, net=a.net, tax=a.tax)
        doc.lines.append(ln)
        out.append(EventLine(_amounts(ln), customer=inv.customer_id, item=src.item_id, qty=q))
        left -= q
    if left > 0:
        raise Rejected(f"qty {fmt_qty(req.qty)} exceeds the {fmt_qty(pool_total)} of {req.item.code} returned, "
                       f"invoiced on {inv.no} and not yet credited")
    return out


def _credit_pool(book: Book, src: DocumentLine) -> tuple[Decimal, Amounts]:
    """Returned-after-invoicing goods of an outbound line that no credit note has covered yet."""
    qty, pool = Decimal(0), Amounts()
    for r in downstream(book, src.id, ("sales_return",)):
        qty += r.qty - r.part_qty
        pool += Amounts(r.gross - r.part_gross, r.net - r.part_net, r.tax - r.part_tax)
    c_qty, credited = sum_lines(downstream(book, src.id, ("credit_note",)))
    return qty - c_qty, Amounts(pool.gross - credited.gross, pool.net - credited.net, pool.tax - credited.tax)


def _allowance(doc: Document, inv: Document, req) -> EventLine:
    try:
        gross = parse_amount(req.row.get("amount"))
    except ValueError as e:
        raise Rejected(f"field 'amount': {e}") from None
    if gross <= 0:
        raise Rejected("field 'amount': an allowance is a positive tax-inclusive amount")
    if gross > inv.amount:
        raise Rejected(f"field 'amount': {fmt_thousands(gross)} exceeds the invoice's {fmt_thousands(inv.amount)}")
    net, tax = vat_split(gross, req.item.tax_rate)
    ln = DocumentLine(seq=len(doc.lines) + 1, kind="allowance", item_id=req.item.id, qty=Decimal(0),
                      tax_rate=req.item.tax_rate, gross=gross, net=net, tax=tax)
    doc.lines.append(ln)
    return EventLine(_amounts(ln), customer=inv.customer_id, item=req.item.id)


def _amounts(ln: DocumentLine) -> dict[str, Decimal]:
    return {"gross": ln.gross, "net": ln.net, "tax": ln.tax, "cost": ln.cost}


def _customer_name(book: Book, customer_id: int | None) -> str:
    c = book.session.get(Customer, customer_id) if customer_id else None
    return c.name if c else ""


def _collect(problems: list[Problem], fn):
    """Run one check, adding its problems to the list instead of stopping at the first."""
    try:
        return fn()
    except Rejected as e:
        problems += e.problems
        return None


def close_order(book: Book, order_no: str) -> Document:
    """关闭: an order that will not ship further stops counting as open (credit exposure, alerts)."""
    with book.unit():
        so = document(book, "sales_order", order_no, "order")
        if so.status == "done":
            raise Rejected(f"order {so.no} is fully shipped already")
        so.status = "closed"
        return so
