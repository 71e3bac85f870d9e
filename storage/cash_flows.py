"""Cash-flow rows kept with the vouchers: classified as each voucher is written (domain.cash_flow
over its lines), set by a person when they know better, and filled in for books that predate them."""
from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from itertools import groupby
from typing import Any

from sqlalchemy import delete, select, text

from domain.cash_flow import FlowRules, Line, classify, row_value, rules_from
from domain.errors import Rejected
from resources import resource
from storage.book import Book
from storage.models import AuditLog, CashFlow, Voucher
from storage.write_new import insert_now

RULES_FILE = resource("reports", "cash_flow.toml")


@cache
def rules() -> FlowRules:
    return rules_from(tomllib.loads(RULES_FILE.read_text(encoding="utf-8")))


def record(book: Book, voucher: Any, lines: Sequence[Any]) -> None:
    """Classify a voucher just written (its id and what it reverses), given its lines (account_id,
    debit, credit); nothing is kept for a voucher that does not move cash."""
    if voucher.reverses_id is not None:  # a red reversal undoes exactly the rows of its original
        insert_now(book, CashFlow.__table__, [
            {"voucher_id": voucher.id, "row": f.row, "amount": -f.amount, "override": f.override}
            for f in book.session.scalars(select(CashFlow).where(CashFlow.voucher_id == voucher.reverses_id))])
        return
    r = rules()
    codes = [book.account_code(ln.account_id) for ln in lines]
    if not any(r.is_cash(c) for c in codes):
        return
    flows = classify([Line(c, ln.debit, ln.credit) for c, ln in zip(codes, lines, strict=True)], r)
    insert_now(book, CashFlow.__table__, [{"voucher_id": voucher.id, "row": row, "amount": amount, "override": False}
                                          for row, amount in sorted(flows.items()) if amount])


def override(book: Book, voucher_id: int, row: int) -> None:
    """A person puts the whole of a voucher's cash movement on one row (e.g. 17 for loan interest
    the counterparts cannot tell); kept with the voucher and logged."""
    with book.unit():
        v = book.session.get(Voucher, voucher_id)
        if v is None:
            raise Rejected(f"voucher #{voucher_id} does not exist")
        r = rules()
        net = sum((ln.debit - ln.credit for ln in v.lines if r.is_cash(book.account_code(ln.account_id))),
                  Decimal("0.00"))
        if not net:
            raise Rejected(f"voucher {v.word}-{v.number} moves no cash")
        try:
            amount = row_value(r, row, net)
        except ValueError as e:
            raise Rejected(f"row {row}: {e}") from None
        book.session.execute(delete(CashFlow).where(CashFlow.voucher_id == v.id))
        book.session.add(CashFlow(voucher_id=v.id, row=row, amount=amount, override=True))
        book.session.add(AuditLog(at=dt.datetime.now(), user=book.user, action="cash_flow_row",
                                  detail=f"{v.period} {v.word}-{v.number} → row {row}"))


def move(book: Book, voucher_id: int, from_row: int, to_row: int, amount: Decimal) -> None:
    """Part of a voucher's flow moved to another row of the same direction, decided by what the
    document settles rather than by its lines (a payment of an asset bought on credit: row 12, not 3)."""
    if not amount:
        return
    rows = {f.row: f for f in book.session.scalars(select(CashFlow).where(CashFlow.voucher_id == voucher_id))}
    source = rows.get(from_row)
    if source is None or source.override:
        return
    amount = min(amount, source.amount)
    source.amount -= amount
    if not source.amount:
        book.session.delete(source)
    if to_row in rows:
        rows[to_row].amount += amount
    else:
        book.session.add(CashFlow(voucher_id=voucher_id, row=to_row, amount=amount, override=False))
    book.session.flush()


def backfill(conn) -> int:
    """Classify every voucher that moves cash and has no row yet (a book from before this table).
    Plain SQL on a connection, so a migration can run it; amounts are integer fen there."""
    r = rules()
    q = text("SELECT l.voucher_id, a.code, l.debit, l.credit FROM voucher_lines l "
             "JOIN accounts a ON a.id = l.account_id "
             "WHERE l.voucher_id NOT IN (SELECT voucher_id FROM cash_flows) ORDER BY l.voucher_id, l.seq")
    n = 0
    for vid, lines in groupby(conn.execute(q), key=lambda x: x[0]):
        rows = [Line(code, Decimal(d) / 100, Decimal(c) / 100) for _, code, d, c in lines]
        if not any(r.is_cash(x.account) for x in rows):
            continue
        for row, amount in sorted(classify(rows, r).items()):
            if amount:
                conn.execute(text("INSERT INTO cash_flows (voucher_id, row, amount, override) VALUES (:v, :r, :a, 0)"),
                             {"v": vid, "r": row, "a": int(amount * 100)})
                n += 1
    return n


def flows_by_row(book: Book, first: str, last: str) -> dict[int, object]:
    """Σ amount per row over the vouchers of the periods first…last."""
    from storage.sql import total
    q = (select(CashFlow.row, total(CashFlow.amount)).join(Voucher, Voucher.id == CashFlow.voucher_id)
         .where(Voucher.period >= first, Voucher.period <= last).group_by(CashFlow.row))
    return dict(book.session.execute(q).all())


def findings(book: Book) -> list[str]:
    """Every voucher's cash-flow rows must add up to its change in cash (`check`)."""
    from collections import defaultdict

    from storage.models import Account, VoucherLine
    from storage.sql import total
    r = rules()
    cash_ids = [i for i, code in book.session.execute(select(Account.id, Account.code)) if r.is_cash(code)]
    moved = {vid: d - c for vid, d, c in book.session.execute(
        select(VoucherLine.voucher_id, total(VoucherLine.debit), total(VoucherLine.credit))
        .where(VoucherLine.account_id.in_(cash_ids)).group_by(VoucherLine.voucher_id))}
    signs: dict[int, Decimal] = {}
    told: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for vid, row, amount in book.session.execute(select(CashFlow.voucher_id, CashFlow.row, CashFlow.amount)):
        if row not in signs:
            signs[row] = row_value(r, row, Decimal(1))
        told[vid] += amount * signs[row]
    out = []
    for vid in sorted(set(moved) | set(told)):
        if (moved.get(vid) or 0) != told.get(vid, 0):
            v = book.session.get(Voucher, vid)
            out.append(f"voucher {v.period} {v.word}-{v.number}: cash moved {moved.get(vid) or 0} but its "
                       f"cash-flow rows say {told.get(vid, 0)}")
    return out
