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


def card_findings(book: Book) -> list[str]:
    """Each card on its own ties to the ledger (invariant 17): its purchase voucher put its cost on
    1601 and its disposal took that cost off again; each month of its depreciation is in a live
    voucher, and a 计提折旧 voucher credits 1602 with exactly what its cards record; no card has
    more depreciation than its cost less the residual value. The total (invariant 8) can hide two
    cards wrong by opposite amounts; this cannot."""
    from domain.close_steps import depreciable
    from storage.models import Voucher, VoucherLine
    cards = book.session.execute(
        select(FixedAsset.id, Document.no, Document.memo, Document.voucher_id, FixedAsset.disposal_id, FixedAsset.cost,
               FixedAsset.residual_rate, FixedAsset.opening_accumulated)
        .join(Document, Document.id == FixedAsset.doc_id).order_by(Document.no)).all()
    if not cards:
        return []
    disposal_vouchers = dict(book.session.execute(
        select(Document.id, Document.voucher_id).where(Document.id.in_([c.disposal_id for c in cards if c.disposal_id]))
    ).all()) if any(c.disposal_id for c in cards) else {}
    rows = book.session.execute(select(Depreciation.asset_id, Depreciation.period, Depreciation.amount,
                                       Depreciation.voucher_id)).all()
    cost_ids = list(book.session.scalars(select(Account.id).where(Account.code.like(COST + "%"))))
    acc_ids = list(book.session.scalars(select(Account.id).where(Account.code.like(ACCUMULATED + "%"))))

    def per_voucher(ids: list[int], voucher_ids: set[int]) -> dict[int, Decimal]:
        """debit − credit on these accounts in each of these vouchers."""
        if not voucher_ids:
            return {}
        q = (select(VoucherLine.voucher_id, total(VoucherLine.debit), total(VoucherLine.credit))
             .where(VoucherLine.voucher_id.in_(voucher_ids), VoucherLine.account_id.in_(ids))
             .group_by(VoucherLine.voucher_id))
        return {v: (d or ZERO) - (c or ZERO) for v, d, c in book.session.execute(q)}

    money = {c.voucher_id for c in cards if c.voucher_id} | {v for v in disposal_vouchers.values() if v}
    on_cost = per_voucher(cost_ids, money)
    dep_vouchers = {r.voucher_id for r in rows}
    on_acc = per_voucher(acc_ids, dep_vouchers)
    kind = dict(book.session.execute(select(Voucher.id, Voucher.source_type).where(Voucher.id.in_(dep_vouchers)))
                .all()) if dep_vouchers else {}
    undone = set(book.session.scalars(select(Voucher.reverses_id).where(Voucher.reverses_id.in_(dep_vouchers)))) \
        if dep_vouchers else set()
    out: list[str] = []
    by_card: dict[int, Decimal] = {}
    by_voucher: dict[int, Decimal] = {}
    for r in rows:
        by_card[r.asset_id] = by_card.get(r.asset_id, ZERO) + r.amount
        by_voucher[r.voucher_id] = by_voucher.get(r.voucher_id, ZERO) + r.amount
    names = {c.id: c.no for c in cards}
    for r in rows:
        if r.voucher_id not in kind:
            out.append(f"固定资产 {names.get(r.asset_id, r.asset_id)} {r.period}: 折旧记录所指凭证不存在")
        elif r.voucher_id in undone:
            out.append(f"固定资产 {names.get(r.asset_id, r.asset_id)} {r.period}: 折旧记录所指凭证已被冲销")
    for c in cards:
        if c.memo != "opening document":  # a card held at the opening is in the opening 1601 (checked at import)
            booked = on_cost.get(c.voucher_id, ZERO) if c.voucher_id else None
            if booked != c.cost:
                out.append(f"固定资产 {c.no}: 卡片原值 {c.cost:.2f}，购入凭证记入 {COST} "
                           f"{booked if booked is not None else '（无凭证）'}")
        if c.disposal_id:
            taken = -on_cost.get(disposal_vouchers.get(c.disposal_id) or -1, ZERO)
            if taken != c.cost:
                out.append(f"固定资产 {c.no}: 卡片原值 {c.cost:.2f}，处置凭证转出 {COST} {taken:.2f}")
        accumulated = c.opening_accumulated + by_card.get(c.id, ZERO)
        if not ZERO <= accumulated <= depreciable(c.cost, c.residual_rate):
            out.append(f"固定资产 {c.no}: 累计折旧 {accumulated:.2f} 不在 0.00 与可折旧额 "
                       f"{depreciable(c.cost, c.residual_rate):.2f} 之间")
    for v, amount in sorted(by_voucher.items()):
        if kind.get(v) == "asset_disposal" or v not in kind:
            continue  # a disposal charges its month straight to 1606, not through 1602
        if -on_acc.get(v, ZERO) != amount:
            out.append(f"计提折旧凭证 (id {v}) 贷记 {ACCUMULATED} {-on_acc.get(v, ZERO):.2f}，"
                       f"卡片折旧记录合计 {amount:.2f}")
    return out
