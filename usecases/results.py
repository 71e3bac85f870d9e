"""What a use case hands back: figures, never ORM rows. A caller (the window, the importer, the demo,
a test) gets the document's id and number, its lines' amounts and its voucher's postings as plain
frozen values that stay true after the unit of work has ended and its session has moved on."""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Concatenate, Generic, NamedTuple, ParamSpec, TypeVar

from storage.book import Book
from storage.ledger import WrittenVoucher, written_lines, written_voucher
from storage.models import Document, Voucher


class Entry(NamedTuple):
    """One posting of a voucher: account code, debit, credit and its dimensions' ids. (Immutable like
    the dataclasses here; a tuple because a document's result makes several, and a frozen dataclass
    cost a microsecond a field to make.)"""

    account: str
    debit: Decimal
    credit: Decimal
    customer_id: int | None = None
    supplier_id: int | None = None
    item_id: int | None = None


@dataclass(frozen=True)
class VoucherFigures:
    id: int
    period: str
    word: str
    number: int
    date: dt.date
    status: str
    total: Decimal
    lines: tuple[Entry, ...]
    summary: str = ""
    source_type: str | None = None  # the document type, or close / close_step
    preparer: str = ""

    @property
    def label(self) -> str:
        """记-3, as the voucher is named on paper."""
        return f"{self.word}-{self.number}"


class LineFigures(NamedTuple):
    """One line of a document as saved (a tuple for the same reason as Entry)."""

    seq: int
    item_id: int | None
    qty: Decimal
    price: Decimal | None
    tax_rate: Decimal
    gross: Decimal
    net: Decimal
    tax: Decimal
    cost: Decimal
    part_qty: Decimal  # of a return: what came out of the goods not yet invoiced


@dataclass(frozen=True)
class Posted:
    """A saved document: its identity, status and amount, its lines, and the voucher it wrote."""

    id: int
    type: str
    no: str
    date: dt.date
    status: str
    amount: Decimal
    lines: tuple[LineFigures, ...]
    voucher: VoucherFigures | None
    approved_by: str | None = None  # an order over its customer's credit limit: who let it through


def voucher_figures(book: Book, v: Voucher | WrittenVoucher) -> VoucherFigures:
    return VoucherFigures(v.id, v.period, v.word, v.number, v.date, v.status, v.total, tuple(
        Entry(book.account_code(ln.account_id), ln.debit, ln.credit, ln.customer_id, ln.supplier_id, ln.item_id)
        for ln in written_lines(book, v)), v.summary, v.source_type, v.preparer)


def posted(book: Book, doc: Document) -> Posted:
    voucher = written_voucher(book, doc.voucher_id) if doc.voucher_id else None
    return Posted(doc.id, doc.type, doc.no, doc.date, doc.status, doc.amount, tuple(
        LineFigures(ln.seq, ln.item_id, ln.qty, ln.price, ln.tax_rate, ln.gross, ln.net, ln.tax, ln.cost,
                    ln.part_qty or Decimal(0))
        for ln in sorted(doc.lines, key=lambda ln: ln.seq)),
        voucher_figures(book, voucher) if voucher is not None else None, doc.approved_by)


T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """A master record as saved: its id and the validated data (CustomerData, ItemData …)."""

    id: int
    data: T


P = ParamSpec("P")


def document_result(fn: Callable[Concatenate[Book, P], Document]) -> Callable[Concatenate[Book, P], Posted]:
    """A document use case whose caller gets `Posted`: the ORM row stays inside the unit of work
    that wrote it."""
    @functools.wraps(fn)
    def use_case(book: Book, /, *args: P.args, **kwargs: P.kwargs) -> Posted:
        return posted(book, fn(book, *args, **kwargs))
    return use_case


def voucher_result(fn: Callable[Concatenate[Book, P], Voucher | WrittenVoucher]
                   ) -> Callable[Concatenate[Book, P], VoucherFigures]:
    """A voucher use case whose caller gets `VoucherFigures`."""
    @functools.wraps(fn)
    def use_case(book: Book, /, *args: P.args, **kwargs: P.kwargs) -> VoucherFigures:
        return voucher_figures(book, fn(book, *args, **kwargs))
    return use_case
