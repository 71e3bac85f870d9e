"""What every business document shares: numbering, line input, consumption of upstream lines,
and writing the document's voucher through the posting templates."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Generic, TypeVar

from sqlalchemy import func, select

from domain.amounts import Amounts
from domain.doctypes import DOC_TYPES
from domain.errors import Problem, Rejected
from domain.posting import EventLine, build_lines
from domain.voucher import VoucherDraft, merge_lines
from storage.book import Book
from storage.ledger import write_voucher
from storage.models import Document, DocumentLine, Item
from storage.periods import open_period_for
from storage.sequences import lock_sequence
from usecases.commands import BilledLine, MovedLine, PricedLine, RedLine

ZERO = Decimal("0.00")


def new_document(book: Book, doc_type: str, no: str | None, day: dt.date, **fields) -> Document:
    """A document header: a number unique for its type (assigned when not given) and an open date."""
    try:
        open_period_for(book, day)
    except Rejected as e:
        raise e.located("field 'date'") from None
    if no is None or no == "":
        no = next_number(book, doc_type, day)
    if not isinstance(no, str) or len(no) > 40:
        raise Rejected("field 'no': a document number is text of at most 40 characters")
    if book.session.scalar(select(Document.id).where(Document.type == doc_type, Document.no == no)):
        raise Rejected(f"field 'no': {doc_type} {no} already exists")
    doc = Document(type=doc_type, no=no, date=day, created_by=book.user, created_at=dt.datetime.now(), **fields)
    book.session.add(doc)
    return doc


def next_number(book: Book, doc_type: str, day: dt.date) -> str:
    prefix = f"{DOC_TYPES[doc_type].prefix}-{day:%Y%m}-"
    lock_sequence(book.session, f"document {prefix}")
    last = book.session.scalar(select(func.max(Document.no)).where(
        Document.type == doc_type, Document.no.like(prefix + "%")))
    n = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{n:04d}"


L = TypeVar("L", MovedLine, PricedLine, BilledLine, RedLine)


@dataclass(frozen=True)
class LineRequest(Generic[L]):
    """A command's line with its item found (lines are numbered from 1 in messages)."""

    n: int
    item: Item
    line: L

    @property
    def qty(self) -> Decimal:
        return self.line.qty or Decimal(0)


def resolve_lines(book: Book, lines: Sequence[L]) -> list[LineRequest[L]]:
    """Find each line's item, collecting every line's problem: unknown and deactivated items."""
    if not lines:
        raise Rejected("field 'lines': at least one line is required")
    out, problems = [], []
    items: dict[str, Item | None] = {}
    for n, line in enumerate(lines, 1):
        if line.item not in items:
            items[line.item] = book.session.scalar(select(Item).where(Item.code == line.item))
        item = items[line.item]
        if item is None:
            problems.append(Problem(f"line {n}", f"field 'item': item {line.item!r} does not exist"))
        elif not item.active:
            problems.append(Problem(f"line {n}", f"field 'item': item {line.item} is deactivated"))
        else:
            out.append(LineRequest(n, item, line))
    if problems:
        raise Rejected(problems)
    return out


def line_amounts(line: DocumentLine) -> Amounts:
    return Amounts(line.gross, line.net, line.tax, line.cost)


def part_amounts(line: DocumentLine) -> Amounts:
    return Amounts(line.part_gross, line.part_net, line.part_tax, ZERO)


def downstream(book: Book, src_line_id: int, doc_types: tuple[str, ...], kind: str = "goods") -> list[DocumentLine]:
    return list(book.session.scalars(
        select(DocumentLine).join(Document, Document.id == DocumentLine.doc_id)
        .where(DocumentLine.src_line_id == src_line_id, Document.type.in_(doc_types), DocumentLine.kind == kind)))


def sum_lines(lines: list[DocumentLine]) -> tuple[Decimal, Amounts]:
    qty = sum((ln.qty for ln in lines), Decimal(0))
    return qty, sum((line_amounts(ln) for ln in lines), Amounts())


def post_voucher(book: Book, doc: Document, events: list[tuple[str, list[EventLine]]], party_name: str) -> None:
    """Write the document's one voucher from its events' templates, linked both ways."""
    from usecases.account_mapping import router
    templates = book.templates
    lines = []
    titles = []
    route = router(book)
    for event, event_lines in events:
        tpl = templates.events[event]
        titles.append(tpl.summary)
        lines += build_lines(tpl, event_lines, f"{tpl.summary} {doc.no}", route)
    if not lines:
        return  # nothing moves in the books (e.g. an invoice of 0% goods under revenue at shipment)
    # A small-scale book whose 222101 has no sub-columns posts VAT there; one that kept the preset's
    # columns posts to them (222101 still totals it, which is what its close reads).
    instead = {a: b for a, b in templates.taxpayer_accounts.get(book.taxpayer, {}).items()
               if b in book.accounts and book.accounts[b].is_leaf}
    if instead:
        lines = merge_lines([replace(ln, account=instead.get(ln.account, ln.account)) for ln in lines])
    summary = f"{'/'.join(dict.fromkeys(titles))} {doc.no} {party_name}".strip()
    book.session.flush()
    voucher = write_voucher(book, VoucherDraft(summary, merge_lines(lines)), doc.date, source_type=doc.type,
                            source_id=doc.id)
    doc.voucher_id = voucher.id


def located(problems: list[Problem], rejected: Rejected, where: str) -> list[Problem]:
    return problems + rejected.located(where).problems


def set_progress(doc: Document, done: Decimal, whole: Decimal) -> None:
    doc.status = "done" if done >= whole else ("partly" if done > 0 else "open")
