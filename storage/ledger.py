"""Writing vouchers: validation, gapless numbering, and the maintained period balances."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state, set_committed_value

from domain.voucher import VoucherDraft, validate_draft
from storage.book import Book
from storage.cash_flows import record as record_cash_flows
from storage.driver import insert_rows, is_sqlite
from storage.models import Balance, Voucher, VoucherLine
from storage.periods import open_period_for
from storage.sequences import lock_sequence
from storage.upsert import add_to_balances
from storage.write_new import take_ids

ZERO = Decimal("0.00")


def write_voucher(book: Book, draft: VoucherDraft, day: dt.date, *, source_type: str | None = None,
                  source_id: int | None = None, status: str = "saved", preparer: str | None = None,
                  reviewer: str | None = None, reverses_id: int | None = None) -> Voucher:
    """Validate a draft and save it as the next voucher of its period and word."""
    period = open_period_for(book, day)
    validate_draft(draft, book.accounts)
    lock_sequence(book.session, f"voucher {period} {draft.word}")
    key = ("next voucher number", period, draft.word)
    number = book.pinned(key, lambda: 1 + (book.session.scalar(
        select(func.max(Voucher.number)).where(Voucher.period == period, Voucher.word == draft.word)) or 0))
    book.repin(key, number + 1)  # the unit holds the write lock: nobody else numbers meanwhile
    debit, _ = draft.totals()
    voucher = _insert(book, dict(
        period=period, word=draft.word, number=number, date=day, summary=draft.summary[:200], status=status,
        total=debit, attachments=0, preparer=preparer or book.user, reviewer=reviewer if status != "saved" else None,
        poster=reviewer if status == "posted" else None, source_type=source_type, source_id=source_id,
        reverses_id=reverses_id, created_at=dt.datetime.now()), [dict(
            seq=seq, summary=(ln.summary or draft.summary)[:200], account_id=book.account_id(ln.account),
            debit=ln.debit, credit=ln.credit, customer_id=ln.customer, supplier_id=ln.supplier, item_id=ln.item,
            qty=ln.qty) for seq, ln in enumerate(draft.lines, 1)])
    _add_balances(book, period, voucher.lines)
    record_cash_flows(book, voucher)  # its 现金流量表 rows, decided now from its own lines
    return voucher


def _insert(book: Book, head: dict, lines: list[dict]) -> Voucher:
    """Write a voucher and its lines as plain INSERTs (on SQLite with the ids SQLite would give, the
    lines in one executemany: storage/driver.py); then hand back the rows as the session's
    own (persistent, as if just loaded): the unit of work's bookkeeping for a voucher and its lines
    cost more than all the rest of writing them, and nothing changes them before they are read."""
    session = book.session
    session.flush()  # rows the voucher points at (its document, a new period) are written first
    if is_sqlite(session):  # the unit holds the write lock: the next ids are ours to give
        head["id"] = take_ids(book, Voucher.__table__, 1)
        insert_rows(session, Voucher.__table__, [head])
        first = take_ids(book, VoucherLine.__table__, len(lines))
        for n, row in enumerate(lines):
            row["id"], row["voucher_id"] = first + n, head["id"]
        insert_rows(session, VoucherLine.__table__, lines)
    else:  # writers side by side: the database's own sequences give the ids
        conn = session.connection()
        head["id"] = conn.execute(insert(Voucher.__table__).returning(Voucher.__table__.c.id), head).scalar_one()
        for row in lines:
            row["voucher_id"] = head["id"]
            row["id"] = conn.execute(insert(VoucherLine.__table__).returning(VoucherLine.__table__.c.id),
                                     row).scalar_one()
    rows = [VoucherLine(**row) for row in lines]
    voucher = Voucher(**head)
    for row in rows:
        set_committed_value(row, "voucher", voucher)
        make_transient_to_detached(row)
    set_committed_value(voucher, "lines", rows)
    make_transient_to_detached(voucher)
    for obj in (voucher, *rows):  # an id just given out can only be held by a row deleted meanwhile
        stale = session.identity_map.get(instance_state(obj).key)
        if stale is not None:
            session.expunge(stale)
    session.add(voucher)  # persistent: the session knows it by id, and its lines with it
    book.adopt(voucher, *rows)
    # The session holds loaded rows weakly; the document's result reads this voucher right after.
    book.repin(("last voucher written",), voucher)
    return voucher


def _add_balances(book: Book, period: str, lines: list[VoucherLine]) -> None:
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
