"""What red invoices (红字发票) of either side share: the pool of goods returned after invoicing and not
yet credited, the invoice line an allowance names, and what is left of a blue line to credit."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from domain import red_invoice, returns
from domain.amounts import Amounts
from domain.errors import Rejected, refuse
from domain.messages import Message
from domain.money import fmt_qty
from domain.returns import Pool, Returned
from storage.book import Book
from storage.models import Document, DocumentLine
from storage.refs import document
from storage.sql import total
from storage.write_new import new_row
from usecases import openitems
from usecases.commands import RedInvoice
from usecases.docs import downstream, line_amounts, new_document, part_amounts, resolve_lines, sum_lines

ZERO = Decimal("0.00")
# red invoice type → (its blue invoice type, the return type whose goods it credits)
RED = {"credit_note": ("invoice", "sales_return"), "purchase_credit_note": ("purchase_invoice", "purchase_return")}
PARTY = {"credit_note": "customer", "purchase_credit_note": "supplier"}


def open_red_invoice(book: Book, red_type: str, cmd: RedInvoice):
    """What a red invoice of either side starts with: its blue invoice, the new document for the same
    party, and its lines read — every problem of the three at once; never dated before its blue one."""
    from usecases.chain import collect
    party = f"{PARTY[red_type]}_id"
    problems: list = []
    inv = collect(problems, lambda: document(book, RED[red_type][0], cmd.invoice, "invoice"))
    doc = collect(problems, lambda: new_document(book, red_type, cmd.no, cmd.date, ref_id=inv.id if inv else None,
                                                 **{party: getattr(inv, party) if inv else None}))
    reqs = collect(problems, lambda: resolve_lines(book, cmd.lines))
    if problems:
        raise Rejected(problems)
    if doc.date < inv.date:
        raise refuse("date_before_invoice", field="date", date=doc.date, no=inv.no, source_date=inv.date)
    return inv, doc, reqs


def is_goods_line(req) -> bool:
    """A red invoice line credits returned goods (`qty`) or is an allowance (`amount`), never both."""
    if (req.line.qty is None) == (req.line.amount is None):
        raise Rejected(Message("qty_or_amount"))
    return req.line.qty is not None


def settle_red_invoice(book: Book, red_type: str, doc: Document, inv: Document) -> None:
    """The red invoice becomes a credit of its party, applied to its blue invoice first, then to the
    oldest open items."""
    party = PARTY[red_type]
    party_id = getattr(inv, f"{party}_id")
    credit = openitems.add_item(book, party, party_id, "credit", red_type, doc.no, doc.date, doc.amount, doc_id=doc.id)
    charge = openitems.find_charge(book, party, party_id, inv.no)
    if charge is not None:
        openitems.allocate(book, credit, charge, min(credit.open, charge.open), doc.date)
    openitems.settle_oldest_first(book, credit, doc.date)


def as_returned(r: DocumentLine) -> Returned:
    """A return line as the split left it (its uninvoiced part in part_*)."""
    return Returned(r.qty, line_amounts(r), r.part_qty, part_amounts(r))


def returned_pool(book: Book, src: DocumentLine, red_type: str, as_of: dt.date | None = None) -> Pool:
    """Goods of an outbound/inbound line returned after invoicing that no red invoice has credited yet
    (`as_of`: only returns dated that day or before — a red invoice never credits goods not yet back)."""
    back = downstream(book, src.id, (RED[red_type][1],))
    if as_of is not None:
        back = [r for r in back if r.document is None or r.document.date <= as_of]
    return returns.credit_pool(map(as_returned, back), Pool(*sum_lines(downstream(book, src.id, (red_type,)))))


def red_on_line(book: Book, inv: Document, inv_line: DocumentLine, red_type: str) -> Amounts:
    """What red invoices have taken from one blue invoice line: goods credited and allowances."""
    s = book.session
    goods = s.execute(select(total(DocumentLine.gross), total(DocumentLine.net), total(DocumentLine.tax))
                      .join(Document, Document.id == DocumentLine.doc_id)
                      .where(Document.type == red_type, Document.ref_id == inv.id,
                             DocumentLine.src_line_id == inv_line.src_line_id, DocumentLine.kind == "goods")).one()
    allowed = s.execute(select(total(DocumentLine.gross), total(DocumentLine.net), total(DocumentLine.tax))
                        .join(Document, Document.id == DocumentLine.doc_id)
                        .where(Document.type == red_type, DocumentLine.src_line_id == inv_line.id,
                               DocumentLine.kind == "allowance")).one()
    return Amounts(goods[0] + allowed[0], goods[1] + allowed[1], goods[2] + allowed[2])


def named_line(inv: Document, req) -> DocumentLine:
    """The invoice line an allowance names: by item, and by `line` (1-based) when the item recurs."""
    lines = [ln for ln in inv.lines if ln.item_id == req.item.id]
    if not lines:
        raise Rejected(Message("item_not_on_invoice", item=req.item.code, invoice=inv.no))
    n = req.line.line
    if n is None:
        if len(lines) > 1:
            raise Rejected(Message("item_on_several_lines", item=req.item.code, invoice=inv.no,
                                   lines="、".join(str(ln.seq) for ln in lines)))
        return lines[0]
    found = next((ln for ln in lines if ln.seq == n), None)
    if found is None:
        raise refuse("line_not_item", field="line", invoice=inv.no, line=n, item=req.item.code)
    return found


def spoken_for(book: Book, doc: Document, inv_line: DocumentLine, red_type: str) -> Decimal:
    """What of a blue line an allowance may not take besides earlier reds: allowances already on this
    red invoice, and goods returned after invoicing that still wait for their red invoice (it will
    credit them at the line's amounts) — the same on either side."""
    pending = sum((ln.gross for ln in doc.lines if ln.kind == "allowance" and ln.src_line_id == inv_line.id), ZERO)
    src = book.session.get(DocumentLine, inv_line.src_line_id)
    return pending + max(returned_pool(book, src, red_type)[1].gross, ZERO)


def allowance_gross(book: Book, inv: Document, inv_line: DocumentLine, req, red_type: str, pending: Decimal) -> Decimal:
    """The allowance's tax-inclusive amount, at most what is left of the line's gross."""
    if req.line.amount is None:
        raise refuse("allowance_positive", field="amount")
    return red_invoice.allowance(req.line.amount, inv_line.gross, red_on_line(book, inv, inv_line, red_type).gross,
                                 pending, inv_line.seq, inv.no)


def printed_tax_left(book: Book, inv: Document, inv_line: DocumentLine, red_type: str) -> Decimal:
    """The tax printed on a blue line less what its red invoices printed so far (goods credited at
    their printed tax, allowances at theirs): what the last red invoice of the line may print."""
    from usecases.chain import printed_tax
    s = book.session
    goods = s.execute(select(DocumentLine.gross, DocumentLine.tax_rate)
                      .join(Document, Document.id == DocumentLine.doc_id)
                      .where(Document.type == red_type, Document.ref_id == inv.id,
                             DocumentLine.src_line_id == inv_line.src_line_id, DocumentLine.kind == "goods")).all()
    allowed = s.scalar(select(total(DocumentLine.tax)).join(Document, Document.id == DocumentLine.doc_id)
                       .where(Document.type == red_type, DocumentLine.src_line_id == inv_line.id,
                              DocumentLine.kind == "allowance"))
    return red_invoice.printed_tax_left(printed_tax(inv_line.gross, inv_line.tax_rate),
                                        (printed_tax(g, r) for g, r in goods), allowed)


def credit_returned(book: Book, doc: Document, inv: Document, inv_lines: list[DocumentLine], req,
                    red_type: str) -> list[tuple[DocumentLine, Decimal]]:
    """Credit returned goods on a red invoice of either side, from the pool of what was returned after
    invoicing and not yet credited, line by line of the blue invoice; each new line comes with the
    tax its red invoice prints (what 22210102 gets back on the sales side)."""
    from usecases.chain import printed_tax
    left, available, out = req.qty, Decimal(0), []
    for inv_line in inv_lines:
        src = book.session.get(DocumentLine, inv_line.src_line_id)
        credited_qty, _ = sum_lines([c for c in downstream(book, src.id, (red_type,))
                                     if book.session.get(Document, c.doc_id).ref_id == inv.id])
        c = red_invoice.credit_goods(returned_pool(book, src, red_type, doc.date), Pool(inv_line.qty, line_amounts(inv_line)),
                                     credited_qty, red_on_line(book, inv, inv_line, red_type), left)
        available += c.available
        if not c.qty:
            continue
        # the red invoice's printed tax: what 22210102 gives back, and (version 3) 22210101 on the
        # purchase side, where the blue invoice's printed tax was deducted
        printed = red_invoice.red_printed_tax(printed_tax(c.amounts.gross, src.tax_rate),
                                              printed_tax_left(book, inv, inv_line, red_type), c.finishes)
        ln = new_row(DocumentLine, seq=len(doc.lines) + 1, item_id=src.item_id, src_line_id=src.id, qty=c.qty, price=src.price,
                          tax_rate=src.tax_rate, gross=c.amounts.gross, net=c.amounts.net, tax=c.amounts.tax)
        doc.lines.append(ln)
        out.append((ln, printed))
        left -= c.qty
    if left > 0:
        later = sum((returned_pool(book, book.session.get(DocumentLine, ln.src_line_id), red_type)[0]
                     for ln in inv_lines), Decimal(0))
        if later > available:  # the goods are back, but after the red invoice's date
            raise refuse("red_before_return", field="date", date=doc.date, item=req.item.code)
        raise Rejected(Message("qty_exceeds_credit", qty=fmt_qty(req.qty), open=fmt_qty(available), item=req.item.code,
                               invoice=inv.no))
    return out
