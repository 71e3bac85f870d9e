"""The fixed-asset register (固定资产明细表): cost, accumulated depreciation and net value per card,
and the invariant that it ties to the ledger's 1601 − 1602."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from storage.book import Book
from storage.models import Account, Balance, Depreciation, Document, FixedAsset, OpeningBalance
from storage.sql import total

ZERO = Decimal("0.00")
COST, ACCUMULATED = "1601", "1602"


@dataclass(frozen=True)
class RegisterRow:
    no: str
    name: str
    category: str
    acquired: str
    life_months: int
    cost: Decimal
    accumulated: Decimal
    disposed_on: str | None

    @property
    def net(self) -> Decimal:
        return self.cost - self.accumulated


def register(book: Book, *, with_disposed: bool = False) -> list[RegisterRow]:
    """Every asset card with its depreciation to date; disposed ones only when asked."""
    accumulated = dict(book.session.execute(select(Depreciation.asset_id, total(Depreciation.amount))
                                            .group_by(Depreciation.asset_id)).all())
    q = select(FixedAsset, Document.no).join(Document, Document.id == FixedAsset.doc_id).order_by(Document.no)
    if not with_disposed:
        q = q.where(FixedAsset.disposed_on.is_(None))
    return [RegisterRow(no, a.name, a.category, a.acquired.isoformat(), a.life_months, a.cost,
                        a.opening_accumulated + accumulated.get(a.id, ZERO), a.disposed_on.isoformat() if a.disposed_on else None)
            for a, no in book.session.execute(q)]


def as_json(rows: list[RegisterRow]) -> dict:
    return {"assets": [{"no": r.no, "name": r.name, "category": r.category, "acquired": r.acquired,
                        "life_months": r.life_months, "cost": f"{r.cost:.2f}", "accumulated": f"{r.accumulated:.2f}",
                        "net": f"{r.net:.2f}", "disposed_on": r.disposed_on} for r in rows]}


def _balance(book: Book, code: str) -> Decimal:
    """debit − credit of an account and its sub-accounts, opening included, all periods."""
    ids = list(book.session.scalars(select(Account.id).where(Account.code.like(code + "%"))))
    o = book.session.execute(select(total(OpeningBalance.debit), total(OpeningBalance.credit))
                             .where(OpeningBalance.account_id.in_(ids))).one()
    b = book.session.execute(select(total(Balance.debit), total(Balance.credit))
                             .where(Balance.account_id.in_(ids))).one()
    return (o[0] or ZERO) - (o[1] or ZERO) + (b[0] or ZERO) - (b[1] or ZERO)


def _disposed_difference(book: Book) -> Decimal:
    """What disposed assets still owe 1602: the depreciation booked on them outside their disposal,
    less what the disposal cleared from 1602. Zero, unless a month before a disposal was reopened (its
    depreciation reversed, to be charged again by its re-close) — so `check` holds in between."""
    from storage.models import VoucherLine
    out = ZERO
    q = (select(FixedAsset.id, FixedAsset.opening_accumulated, Document.voucher_id)
         .join(Document, Document.id == FixedAsset.disposal_id).where(FixedAsset.disposed_on.is_not(None)))
    acc_ids = list(book.session.scalars(select(Account.id).where(Account.code.like(ACCUMULATED + "%"))))
    for asset_id, opening, voucher_id in book.session.execute(q):
        booked = book.session.scalar(select(total(Depreciation.amount)).where(
            Depreciation.asset_id == asset_id, Depreciation.voucher_id != voucher_id)) or ZERO
        cleared = book.session.scalar(select(total(VoucherLine.debit)).where(
            VoucherLine.voucher_id == voucher_id, VoucherLine.account_id.in_(acc_ids))) if voucher_id else None
        out += opening + booked - (cleared or ZERO)
    return out


def register_findings(book: Book, planned: dict[str, Decimal] | None = None,
                      charged: Decimal = ZERO) -> list[str]:
    """A book that keeps a register (any asset card) must have 1601 = Σ cost and 1602 = Σ
    accumulated depreciation of the assets still held. The close passes what its planned vouchers
    add: `planned` (debit − credit per account) and the depreciation they charge held assets."""
    if book.session.scalar(select(FixedAsset.id).limit(1)) is None:
        return []  # no register kept: 1601/1602 are plain ledger accounts (opening balances, manual entries)
    planned = planned or {}
    rows = register(book)
    cost = sum((r.cost for r in rows), ZERO)
    acc = sum((r.accumulated for r in rows), ZERO) + charged + _disposed_difference(book)
    ledger_cost = _balance(book, COST) + planned.get(COST, ZERO)
    ledger_acc = -(_balance(book, ACCUMULATED) + planned.get(ACCUMULATED, ZERO))
    out = []
    if ledger_cost != cost:
        out.append(f"fixed assets: {COST} is {ledger_cost} but the register's cost is {cost}")
    if ledger_acc != acc:
        out.append(f"fixed assets: {ACCUMULATED} is {ledger_acc} but the register's "
                   f"accumulated depreciation is {acc}")
    return out
