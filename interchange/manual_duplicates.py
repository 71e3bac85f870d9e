"""Finding a manual voucher already in the book that an imported one repeats (see importer._vet_voucher)."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import aliased

from domain.money import parse_amount
from domain.periods import parse_date
from storage.book import Book
from storage.models import Customer, Item, Supplier, Voucher

ZERO = Decimal("0.00")


def same_manual_voucher(book: Book, date: object, summary: object, lines: object) -> str | None:
    """'2026-11 记-3' when a manual, unreversed voucher has this date, summary and lines; else None."""
    try:
        day = parse_date(date)
    except (ValueError, TypeError):
        return None
    if not isinstance(summary, str) or not isinstance(lines, list):
        return None
    wanted = _lines(lines)
    if wanted is None:
        return None
    candidates = book.session.scalars(_candidates(), {"day": day, "summary": summary.strip()[:200]})
    codes = {m: {} for m in (Customer, Supplier, Item)}
    for v in candidates:
        got = Counter((book.account_code(ln.account_id), ln.debit, ln.credit, _code(book, codes, Customer, ln.customer_id),
                       _code(book, codes, Supplier, ln.supplier_id), _code(book, codes, Item, ln.item_id))
                      for ln in v.lines)
        if got == wanted:
            return f"{v.period} {v.word}-{v.number}"
    return None


@cache
def _candidates() -> Select:
    """Manual, unreversed vouchers of a day and summary: found through ix_vouchers_date_summary
    (date, summary, source_id — migration 0010), so each look-up of an import reads only those.
    Built once: building it (the alias above all) cost more than running it."""
    red = aliased(Voucher)
    return select(Voucher).where(Voucher.date == bindparam("day", type_=Voucher.date.type),
                                 Voucher.summary == bindparam("summary"), Voucher.source_id.is_(None),
                                 Voucher.source_type.is_(None), Voucher.reverses_id.is_(None),
                                 ~select(red.id).where(red.reverses_id == Voucher.id).exists())


def candidates_of(day, summary: str) -> Select:
    """The look-up with its values bound (for reading its query plan)."""
    return _candidates().params(day=day, summary=summary)


_KEYS = ("account", "customer", "supplier", "item")


def _lines(rows: list) -> Counter | None:
    out: Counter = Counter()
    for row in rows:
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str | None) for k in _KEYS):
            return None  # not a voucher that could be booked: the reader names what is wrong
        try:
            amounts = [parse_amount(row[s], allow_negative=True) if row.get(s) not in (None, "") else ZERO
                       for s in ("debit", "credit")]
        except (ValueError, TypeError):
            return None
        out[(row.get("account"), *amounts, row.get("customer") or None, row.get("supplier") or None,
             row.get("item") or None)] += 1
    return out


def _code(book: Book, cache: dict, model, row_id: int | None) -> str | None:
    if row_id is None:
        return None
    if row_id not in cache[model]:
        cache[model][row_id] = book.session.get(model, row_id).code
    return cache[model][row_id]
