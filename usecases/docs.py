"""What every business document shares: numbering, line input, consumption of upstream lines,
and writing the document's voucher through the posting templates."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Generic, TypeVar

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy import event as orm_event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from domain.amounts import Amounts
from domain.doctypes import DOC_TYPES
from domain.errors import Problem, Rejected, refuse
from domain.posting import EventLine, build_lines
from domain.voucher import LineDraft, VoucherDraft, merge_lines
from storage.book import Book
from storage.driver import fetch, update_rows
from storage.ledger import write_voucher
from storage.models import Document, DocumentLine, Item
from storage.periods import open_period_for
from storage.refs import by_code
from storage.sequences import lock_sequence
from storage.write_new import add_new, new_row, on_written, set_now
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
        raise refuse("doc_no_text", field="no")
    if _number_taken_by(book, doc_type, no):
        raise refuse("already_exists", field="no", what=doc_type, code=no)
    doc = new_row(Document, type=doc_type, no=no, date=day, created_by=book.user, created_at=dt.datetime.now(), **fields)
    add_new(book.session, doc)
    book.repin((Document, (doc_type, no)), doc)  # the next document of an import names it (storage/refs.py)
    return doc


@cache
def _number_taken() -> Select:
    """Built once: building the select cost more than running it."""
    d = Document.__table__.c
    return select(d.id).where(d.type == bindparam("type"), d.no == bindparam("no"))


def _number_taken_by(book: Book, doc_type: str, no: str) -> bool:
    """Whether a document of the type has the number: written, or made in this unit and not yet
    written (looked at here rather than flushed early by the query)."""
    session = book.session
    return (book.pin_of((Document, (doc_type, no))) is not None
            or any(isinstance(o, Document) and o.type == doc_type and o.no == no for o in session.new)
            or bool(fetch(session, _number_taken(), {"type": doc_type, "no": no})))


def next_number(book: Book, doc_type: str, day: dt.date) -> str:
    prefix = f"{DOC_TYPES[doc_type].prefix}-{day:%Y%m}-"
    lock_sequence(book.session, f"document {prefix}")
    last = _last_number(book, doc_type, prefix)
    n = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{n:04d}"


_NUMBERS = ("last document numbers",)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@cache
def _max_number() -> Select:
    d = Document.__table__.c
    # ilike: SQLite's LIKE ignores ASCII case, PostgreSQL's does not; both match alike this way
    return select(func.max(d.no)).where(d.type == bindparam("type"), d.no.ilike(bindparam("pattern")))


def _last_number(book: Book, doc_type: str, prefix: str) -> str | None:
    """The greatest number of the type's documents that SQL's LIKE 'prefix%' matches. The scan is
    read once per unit of work and then kept: documents flushed since are added (`_after_flush`),
    and those not yet flushed are looked at here."""
    session = book.session
    _watch(book)
    if any(isinstance(o, Document) and _renamed(o) for o in session.dirty):
        session.flush()  # a document's number or type changed: the flush lets go of what is kept
    known = book.pinned(_NUMBERS, dict)
    key = (doc_type, prefix)
    if key not in known:
        known[key] = fetch(session, _max_number(), {"type": doc_type, "pattern": prefix + "%"})[0][0]
    pending = [o.no for o in session.new if isinstance(o, Document) and o.type == doc_type and _under(o.no, prefix)]
    return max((n for n in (known[key], *pending) if n is not None), default=None)


def _under(no: object, prefix: str) -> bool:
    """`no LIKE 'prefix%'` as SQLite decides it: ASCII letters in either case (prefixes hold no _ or %)."""
    return (isinstance(no, str) and len(no) >= len(prefix)
            and no[:len(prefix)].translate(_ASCII_LOWER) == prefix.translate(_ASCII_LOWER))


def _renamed(doc: Document) -> bool:
    changed = sa_inspect(doc).committed_state  # the attributes set since the row was loaded or flushed
    return "no" in changed or "type" in changed


def _note_numbers(book: Book, session: Session) -> None:
    known = book.pin_of(_NUMBERS)
    if not known:
        return
    if any(isinstance(o, Document) and _renamed(o) for o in session.dirty) or any(
            isinstance(o, Document) for o in session.deleted):
        book.unpin(_NUMBERS)
        return
    _count_numbers(known, session.new)


def _count_numbers(known: dict, rows) -> None:
    for o in rows:
        if isinstance(o, Document):
            for (doc_type, prefix), last in known.items():
                if o.type == doc_type and _under(o.no, prefix) and (last is None or o.no > last):
                    known[(doc_type, prefix)] = o.no


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
        raise refuse("at_least_one_line", field="lines")
    out, problems = [], []
    for n, line in enumerate(lines, 1):
        try:  # by_code keeps what it found for the unit of work: an import reads each item once
            out.append(LineRequest(n, by_code(book, Item, line.item), line))
        except Rejected as e:
            problems += e.located(f"line {n}").problems
    if problems:
        raise Rejected(problems)
    return out


def line_amounts(line: DocumentLine) -> Amounts:
    return Amounts(line.gross, line.net, line.tax, line.cost)


def part_amounts(line: DocumentLine) -> Amounts:
    return Amounts(line.part_gross, line.part_net, line.part_tax, ZERO)


def downstream(book: Book, src_line_id: int, doc_types: tuple[str, ...], kind: str = "goods", *,
               unflushed_too: bool = False) -> list[DocumentLine]:
    """The lines of `doc_types` documents that consume an upstream line, in the order they were written.

    Posting asks this many times per document (what is open, what is billed, the progress), so the
    lines downstream of every line of the upstream document are read in one query and kept for the
    unit of work; lines written since are added as they are flushed (`_note_flushed`). New lines not
    yet flushed are flushed first (they get their ids), or, with `unflushed_too` — for callers that
    only add up quantities and amounts — counted as they are, so the document is written once."""
    session = book.session
    pending = [o for o in session.new if isinstance(o, DocumentLine) and o.src_line_id == src_line_id]
    if (pending and not (unflushed_too and all(ln.document is not None for ln in pending))) or _changed_lines(session):
        session.flush()  # what autoflush did before the query
        pending = []
    found = _downstream_cache(book).lines_of(book, src_line_id)  # after a flush, which may renew it
    return [ln for ln, t in found if ln.kind == kind and (t or _doc_type(book, ln)) in doc_types] + [
        ln for ln in map(_as_inserted, pending) if ln.kind == kind and ln.document.type in doc_types]


def _as_inserted(line: DocumentLine) -> DocumentLine:
    """A new line with the column defaults its INSERT will write (kind 'goods', zero amounts) put in
    now, so it is counted as it will be read back. Only fields never given are filled."""
    for column in DocumentLine.__table__.columns:
        default = column.default
        if default is not None and default.is_scalar and column.key not in line.__dict__:
            setattr(line, column.key, default.arg)
    return line


_DOWNSTREAM = ("downstream lines",)


@cache
def _downstream_of_doc() -> Select:
    """Every line of one document with each line consuming it and that line's document type (none for
    a line nothing consumes yet). Built once: building an ORM select costs more than running it."""
    up = aliased(DocumentLine)
    return (select(up.id, DocumentLine, Document.type).select_from(up)
            .outerjoin(DocumentLine, DocumentLine.src_line_id == up.id)
            .outerjoin(Document, Document.id == DocumentLine.doc_id)
            .where(up.doc_id == bindparam("doc_id")).order_by(DocumentLine.id))


class _Downstream:
    """Upstream line id → [(downstream line, its document's type)], for the upstream documents read.
    A line of a document read that has no entry has nothing downstream."""

    def __init__(self) -> None:
        # every line of every document in `docs` has an entry: a line written later that consumes
        # one is then always added to it
        self.by_src: dict[int, list[tuple[DocumentLine, str | None]]] = {}
        self.docs: set[int] = set()

    def lines_of(self, book: Book, src_line_id: int) -> list[tuple[DocumentLine, str | None]]:
        found = self.by_src.get(src_line_id)
        if found is not None:
            return found
        session = book.session
        with session.no_autoflush:  # downstream() has dealt with what is pending
            src = session.get(DocumentLine, src_line_id)
            if src is None:
                return []
            if src.doc_id not in self.docs:
                for up_id, ln, doc_type in session.execute(_downstream_of_doc(), {"doc_id": src.doc_id}):
                    taken = self.by_src.setdefault(up_id, [])
                    if ln is not None:
                        taken.append((ln, doc_type))
                self.docs.add(src.doc_id)
        return self.by_src.setdefault(src_line_id, [])

    def written(self, rows) -> None:
        """Rows just inserted. A document new in this unit has nothing downstream but lines written
        after it, which come here too: its lines are known without reading them back."""
        self.docs.update(o.id for o in rows if isinstance(o, Document))
        for o in rows:
            if isinstance(o, DocumentLine):
                self.flushed(o)

    def flushed(self, line: DocumentLine) -> None:
        if line.src_line_id is not None and line.src_line_id in self.by_src:
            self.by_src[line.src_line_id].append((line, None))  # its document's type is read when asked
        if line.doc_id in self.docs:
            # a new line of a document already read: nothing consumes it yet (a line can only
            # consume lines flushed before it), and what will is added here as it is flushed
            self.by_src.setdefault(line.id, [])


def _downstream_cache(book: Book) -> _Downstream:
    _watch(book)
    return book.pinned(_DOWNSTREAM, _Downstream)


def _watch(book: Book) -> None:
    """Keep what a unit of work holds (lines downstream, last numbers) true as the session flushes."""
    if not book.session.info.get(_DOWNSTREAM):
        book.session.info[_DOWNSTREAM] = True
        orm_event.listen(book.session, "after_flush", lambda session, _ctx: _after_flush(book, session))
        on_written(book.session, lambda new, changed: _note_written(book, new, changed))


def _note_written(book: Book, rows: list, changed: list) -> None:
    """Rows written before a flush as plain SQL (storage/write_new.py): kept lists learn of them as
    they would of rows the flush wrote."""
    cache = book.pin_of(_DOWNSTREAM)
    if cache is not None and any(isinstance(o, DocumentLine) for o in changed):
        book.unpin(_DOWNSTREAM)  # a line changed: read again rather than patch
    elif rows:
        _downstream_cache(book).written(rows)
    known = book.pin_of(_NUMBERS)
    if known:
        _count_numbers(known, rows)


def _after_flush(book: Book, session: Session) -> None:
    """After a flush (the session still lists what it wrote as new, changed or deleted)."""
    _note_flushed(book, session)
    _note_numbers(book, session)


def _changed_lines(session: Session) -> bool:
    """Whether a line read before was changed or deleted (what is kept is then read again)."""
    return (any(isinstance(o, DocumentLine) for o in session.dirty)
            or any(isinstance(o, DocumentLine) for o in session.deleted))


def _note_flushed(book: Book, session: Session) -> None:
    """After a flush (the session still lists what it wrote as new): keep the kept lists true."""
    cache = book.pin_of(_DOWNSTREAM)
    if cache is None:
        return
    if any(isinstance(o, DocumentLine) for o in session.dirty) or any(
            isinstance(o, DocumentLine) for o in session.deleted):
        book.unpin(_DOWNSTREAM)  # a line changed or went: read again rather than patch
        return
    cache.written(list(session.new))


def _doc_type(book: Book, line: DocumentLine) -> str:
    doc = line.document if "document" in line.__dict__ else None
    if doc is None:
        with book.session.no_autoflush:
            doc = book.session.get(Document, line.doc_id)
    return doc.type


def sum_lines(lines: list[DocumentLine]) -> tuple[Decimal, Amounts]:
    qty = sum((ln.qty for ln in lines), Decimal(0))
    return qty, sum((line_amounts(ln) for ln in lines), Amounts())


def post_voucher(book: Book, doc: Document, events: list[tuple[str, list[EventLine]]], party_name: str,
                 extra: Sequence[LineDraft] = ()) -> None:
    """Write the document's one voucher from its events' templates (and `extra` lines a rule outside
    the templates adds: a matched receipt's advance to 2203), linked both ways."""
    from usecases.account_mapping import router
    templates = book.templates
    lines = []
    titles = []
    route = router(book)
    if any(el.simple for _, event_lines in events for el in event_lines):
        from usecases import simple_vat
        route = simple_vat.route(book, route)
    for event, event_lines in events:
        tpl = templates.events[event]
        titles.append(tpl.summary)
        lines += build_lines(tpl, event_lines, f"{tpl.summary} {doc.no}", route)
    lines += [replace(ln, summary=ln.summary or f"{titles[0] if titles else ''} {doc.no}".strip()) for ln in extra]
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
    _link(book, doc, voucher.id)


def _link(book: Book, doc: Document, voucher_id: int) -> None:
    """doc.voucher_id, written now (the document was just flushed): the unit of work would otherwise
    flush again at the end only for this one UPDATE."""
    update_rows(book.session, Document.__table__, ("voucher_id",), [[voucher_id, doc.id]])
    set_committed_value(doc, "voucher_id", voucher_id)
    book.wrote(doc, "voucher_id")


def located(problems: list[Problem], rejected: Rejected, where: str) -> list[Problem]:
    return problems + rejected.located(where).problems


def set_progress(book: Book, doc: Document, done: Decimal, whole: Decimal) -> None:
    status = "done" if done >= whole else ("partly" if done > 0 else "open")
    if doc.status != status:
        set_now(book, doc, status=status)
