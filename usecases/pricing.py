"""Priced order lines, shared by sales and purchase orders."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from domain.amounts import Amounts
from domain.errors import Problem, Rejected
from domain.messages import Message
from domain.money import AMOUNT_LIMIT, fmt_thousands, line_gross, net_to_gross, q2
from domain.vat import split
from storage.book import Book
from storage.models import DocumentLine
from storage.vat import load_vat_table
from storage.write_new import new_row
from usecases.commands import PricedLine
from usecases.docs import LineRequest, resolve_lines

ZERO = Decimal("0.00")


def priced_lines(book: Book, lines: Sequence[PricedLine], *, day: dt.date | None = None,
                 side: str = "sales") -> list[DocumentLine]:
    """Order lines with their amounts: tax-inclusive unit prices unless a line says otherwise.

    A sale charges a rate the book's taxpayer type may charge on `day`; a purchase any rate in force
    then (the supplier charges it). A small-scale taxpayer deducts no input VAT: its purchases cost
    their gross, so a purchase line's net is its gross and its tax nil (ACCOUNTING.md *Taxes*)."""
    problems: list[Problem] = []
    out = []
    for req in resolve_lines(book, lines):
        try:
            out.append(_priced(book, req, day, side))
        except Rejected as e:
            problems += e.located(f"line {req.n}").problems
    if problems:
        raise Rejected(problems)
    return out


def _priced(book: Book, req: LineRequest[PricedLine], day: dt.date | None, side: str) -> DocumentLine:
    line = req.line
    price = req.item.price if line.price is None else line.price
    rate = req.item.tax_rate if line.tax_rate is None else line.tax_rate
    why = (load_vat_table().problem(rate, book.taxpayer if side == "sales" else None, day) if day is not None
           else None if rate in book.vat_rates else Message("vat_rate_not_in_force", rate=f"{(rate * 100).normalize():f}%",
                                                                allowed="、".join(f"{(r * 100).normalize():f}%" for r in book.vat_rates)))
    problems = []
    if price is None:  # an item without a list price, and the line names none
        problems.append(Problem("field 'price'", Message("price_required", item=req.item.code)))
    if why:
        problems.append(Problem("field 'tax_rate'", why if line.tax_rate is not None
                                    else Message("rate_of_item", why=why, item=req.item.code)))
    if problems:
        raise Rejected(problems)
    assert price is not None  # refused above when missing
    includes = line.price_includes_tax
    if includes:
        gross = line_gross(req.qty, price)
        net, tax = split(gross, rate, load_vat_table().base(rate))
    else:
        net = q2(req.qty * price)
        gross, tax = net_to_gross(net, rate)
    if abs(gross) >= AMOUNT_LIMIT:
        raise Rejected(Message("line_too_large", gross=fmt_thousands(gross)))
    if side == "purchase" and book.taxpayer == "small":
        net, tax = gross, ZERO
    a = Amounts(gross, net, tax)
    return new_row(DocumentLine, seq=req.n, item_id=req.item.id, qty=req.qty, price=price, tax_rate=rate,
                        gross=a.gross, net=a.net, tax=a.tax, cost=Decimal(0))
