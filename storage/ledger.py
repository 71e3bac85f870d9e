"""Writing vouchers: validation, gapless numbering, and the maintained period balances."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import func, select

from domain.voucher import VoucherDraft, validate_draft
from storage.book import Book
from storage.cash_flows import record as record_cash_flows
from storage.models import Balance, Voucher, VoucherLine
from storage.periods import open_period_for
from storage.sequences import lock_sequence
from storage.upsert import add_to_balances
from storage.write_new import identity_of, insert_now, insert_row

ZERO = Decimal("0.00")


class LineRow(NamedTuple):
    """A voucher line as written: the columns of voucher_lines but its ids."""

    seq: int
    summary: str
    account_id: int
    debit: Decimal
    credit: Decimal
    customer_id: int | None
    supplier_id: int | None
    item_id: int | None
    qty: Decimal | None


@dataclass(frozen=True)
class WrittenVoucher:
    """A voucher as just written: the values of its row. Posting reads nothing else of it, so no ORM row
    is made for it (one cost more than the voucher's own INSERT); whoever needs the row reads it."""

    id: int
    period: str
    word: str
    number: int
    date: dt.date
    summary: str
    status: str
    total: Decimal
    preparer: str
    reviewer: str | None
    poster: str | None
    source_type: str | None
    source_id: int | None
    reverses_id: int | None
    attachments: int


def write_voucher(book: Book, draft: VoucherDraft, day: dt.date, *, source_type: str | None = None,
                  source_id: int | None = None, status: str = "saved", preparer: str | None = None,
                  reviewer: str | None = None, reverses_id: int | None = None, attachments: int = 0
                  ) -> WrittenVoucher:
    """Validate a draft and save it as the next voucher of its period and word."""
    period = open_period_for(book, day)
    validate_draft(draft, book.accounts)
    lock_sequence(book.session, f"voucher {period} {draft.word}")
    key = ("next voucher number", period, draft.word)
    number = book.pinned(key, lambda: 1 + (book.session.scalar(
        select(func.max(Voucher.number)).where(Voucher.period == period, Voucher.word == draft.word)) or 0))
    book.repin(key, number + 1)  # the unit holds the write lock: nobody else numbers meanwhile
    debit, _ = draft.totals()
    lines = [LineRow(seq, (ln.summary or draft.summary)[:200], book.account_id(ln.account), ln.debit, ln.credit,
                     ln.customer, ln.supplier, ln.item, ln.qty) for seq, ln in enumerate(draft.lines, 1)]
    head = dict(period=period, word=draft.word, number=number, date=day, summary=draft.summary[:200], status=status,
                total=debit, preparer=preparer or book.user, reviewer=reviewer if status != "saved" else None,
                poster=reviewer if status == "posted" else None, source_type=source_type, source_id=source_id,
                reverses_id=reverses_id, attachments=attachments)
    voucher = _insert(book, head, lines)
    _add_balances(book, period, lines)
    record_cash_flows(book, voucher, lines)  # its 现金流量表 rows, decided now from its own lines
    return voucher


def _insert(book: Book, head: dict, lines: list[LineRow]) -> WrittenVoucher:
    """Write the voucher and its lines as plain rows (storage/write_new.insert_row), after flushing the
    rows it names (its document, a new period). What was written is kept for the unit of work: the
    document's result reads it right after (`written_voucher`, `written_lines`)."""
    session = book.session
    session.flush()
    voucher = WrittenVoucher(insert_row(book, Voucher.__table__, head | {"created_at": dt.datetime.now()}), **head)
    insert_now(book, VoucherLine.__table__, [ln._asdict() | {"voucher_id": voucher.id} for ln in lines])
    book.repin((WrittenVoucher, voucher.id), voucher)
    book.repin((_WRITTEN_LINES, voucher.id), lines)
    return voucher


_WRITTEN_LINES = "lines of a voucher written"


def written_voucher(book: Book, voucher_id: int) -> WrittenVoucher | Voucher | None:
    """A voucher by id: its row if the session holds it (it may have been reviewed since), else as
    just written in this unit of work, else its row read."""
    held = book.session.identity_map.get(identity_of(Voucher, voucher_id))
    if held is not None:
        return held
    return book.pin_of((WrittenVoucher, voucher_id)) or book.session.get(Voucher, voucher_id)


def written_lines(book: Book, voucher: Voucher | WrittenVoucher) -> list[LineRow] | list[VoucherLine]:
    """A voucher's lines in order: as just written in this unit of work, or read."""
    kept = book.pin_of((_WRITTEN_LINES, voucher.id))
    if kept is not None:
        return kept
    row = voucher if isinstance(voucher, Voucher) else book.session.get(Voucher, voucher.id)
    return sorted(row.lines, key=lambda ln: ln.seq) if row is not None else []


def _add_balances(book: Book, period: str, lines: list[LineRow]) -> None:
    sums: dict[tuple, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for ln in lines:
        key = (ln.account_id, ln.customer_id or 0, ln.supplier_id or 0, ln.item_id or 0)
        sums[key][0] += ln.debit
        sums[key][1] += ln.credit
    add_to_balances(book.session, period, sums)


def balances_from_lines(book: Book) -> dict[tuple, tuple[Decimal, Decimal]]:
    """Recompute every balance row from the voucher lines (for `check`)."""
    q = (select(Voucher.period, VoucherLine.account_id, func.coalesce(VoucherLine.customer_id, 0),
                func.coalesce(VoucherLine.supplier_id, 0), func.coalesce(VoucherLine.item_id, 0),
                func.sum(VoucherLine.debit), func.sum(VoucherLine.credit))
         .join(Voucher, Voucher.id == VoucherLine.voucher_id)
         .group_by(Voucher.period, VoucherLine.account_id, VoucherLine.customer_id, VoucherLine.supplier_id,
                   VoucherLine.item_id))
    out = {}
    for period, acc, c, s, i, d, cr in book.session.execute(q):
        out[(period, acc, c, s, i)] = (d, cr)
    return out


def maintained_balances(book: Book) -> dict[tuple, tuple[Decimal, Decimal]]:
    rows = book.session.scalars(select(Balance))
    return {(b.period, b.account_id, b.customer_id, b.supplier_id, b.item_id): (b.debit, b.credit) for b in rows}
