"""The 期初余额 window's use case: read the book's openings as one grid, and replace them as a whole.

Saving goes through the importer (interchange/importer.py `opening_balances` and `opening_stock`), so
the window and `import` share every rule: the lines must balance (试算平衡), a 损益 account takes only
本年累计, 期初 = 年初 + 累计借 − 累计贷, opening stock equals 1405 per item. Replacing is allowed only
while the book has no document and no voucher yet: later, the openings are already settled against
(a receipt against an opening receivable) and only `import` may add to them.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import delete, exists, func, select

from domain.errors import Problem, Rejected
from domain.money import line_gross
from storage.book import Book
from storage.models import (
    Account,
    Customer,
    Document,
    FixedAsset,
    Item,
    OpeningBalance,
    OpenItem,
    Period,
    StockBalance,
    StockMove,
    Supplier,
    Voucher,
    Warehouse,
)
from storage.queries.assets import ACCUMULATED, COST
from usecases import assets

ZERO = Decimal("0.00")
PARTY_MODELS = {"customer": Customer, "supplier": Supplier, "item": Item}
# Kept by documents (ACCOUNTING.md, Opening a book mid-year): never a bare opening balance.
KEPT_BY_DOCUMENTS = ("220202", "222103")


@dataclass(frozen=True)
class OpeningEntry:
    """One line of the grid: an account (and its customer, supplier or item), its 期初余额 on the
    account's own side (negative: the other side), and its 本年累计 for a book started mid-year."""

    account: str
    party: str | None = None
    balance: Decimal = ZERO
    ytd_debit: Decimal = ZERO
    ytd_credit: Decimal = ZERO
    qty: Decimal | None = None  # stock on hand, for an item line of the inventory account


@dataclass(frozen=True)
class AccountRow:
    code: str
    name: str
    side: str  # debit | credit
    category: str
    aux: str | None
    level: int
    leaf: bool


def chart(book: Book) -> list[AccountRow]:
    """The active accounts in code order, as the grid lists them."""
    rows = book.session.execute(select(Account.code, Account.name, Account.side, Account.category, Account.aux,
                                       Account.level, Account.is_leaf).where(Account.active).order_by(Account.code))
    return [AccountRow(*r) for r in rows]


def parties(book: Book, kind: str) -> list[tuple[str, str]]:
    """(code, name) of every active customer, supplier or item: the rows under an account kept by it."""
    model = PARTY_MODELS[kind]
    return list(book.session.execute(select(model.code, model.name).where(model.active).order_by(model.code)))


def warehouses(book: Book) -> list[tuple[str, str]]:
    return list(book.session.execute(select(Warehouse.code, Warehouse.name).where(Warehouse.active)
                                     .order_by(Warehouse.code)))


def current_openings(book: Book) -> list[OpeningEntry]:
    """The openings stored, one entry per account and party (lines given per invoice are summed)."""
    codes = {kind: dict(book.session.execute(select(m.id, m.code)).all()) for kind, m in PARTY_MODELS.items()}
    accounts = {a.id: a for a in book.session.scalars(select(Account))}
    sums: dict[tuple[str, str | None], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for r in book.session.execute(select(OpeningBalance.account_id, OpeningBalance.customer_id,
                                         OpeningBalance.supplier_id, OpeningBalance.item_id, OpeningBalance.debit,
                                         OpeningBalance.credit, OpeningBalance.ytd_debit, OpeningBalance.ytd_credit)):
        account = accounts[r.account_id]
        party = (codes["customer"].get(r.customer_id) or codes["supplier"].get(r.supplier_id)
                 or codes["item"].get(r.item_id))
        net = r.debit - r.credit
        s = sums[(account.code, party)]
        s[0] += net if account.side == "debit" else -net
        s[1] += r.ytd_debit or ZERO
        s[2] += r.ytd_credit or ZERO
    qty = dict(book.session.execute(select(Item.code, func.sum(StockMove.qty)).join(Item, Item.id == StockMove.item_id)
                                    .where(StockMove.doc_id.is_(None)).group_by(Item.code)).all())
    return [OpeningEntry(code, party, b, d, c, qty.get(party) if party in qty else None)
            for (code, party), (b, d, c) in sorted(sums.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]


def why_locked(book: Book) -> str | None:
    """Why the openings can no longer be replaced as a whole, or None while they can. The cards of assets
    held at the opening are part of the openings (their 1601/1602 stay as the cards say); anything else
    that settles against or ties to an opening line locks them."""
    s = book.session
    opening_cards = select(FixedAsset.doc_id)
    business = select(exists().where(Document.id.not_in(opening_cards)))
    if s.scalar(business) or s.scalar(select(exists().where(Voucher.id.is_not(None)))):
        return "账套中已有业务单据或凭证，期初余额不能再整体修改（如需补录，请用 文件 → 导入）"
    if s.scalar(select(exists().where((OpenItem.kind == "opening") & (OpenItem.ref != "opening")))):
        return "期初应收应付是按发票明细导入的，窗口中整体修改会丢失发票明细；请改用 文件 → 导入"
    first = s.get(Period, book.settings.get("start_period", ""))
    if first is not None and first.status == "closed":
        return f"首期 {first.period} 已结账，期初余额不能再修改"
    return None


def card_held(book: Book) -> dict[str, Decimal]:
    """固定资产 and 累计折旧 of the asset cards held at the opening (code → balance on its own side),
    which the openings must equal; empty when there are no such cards."""
    rows = book.session.execute(select(FixedAsset.cost, FixedAsset.opening_accumulated)
                                .join(Document, Document.id == FixedAsset.doc_id)
                                .where(Document.memo == assets.OPENING_MEMO)).all()
    if not rows:
        return {}
    return {COST: sum((r[0] for r in rows), ZERO), ACCUMULATED: sum((r[1] for r in rows), ZERO)}


def interchange_sections(book: Book, entries: list[OpeningEntry], warehouse: str | None) -> dict:
    """The entries as the import document's `opening_balances` and `opening_stock` sections."""
    accounts = {a.code: a for a in chart(book)}
    inventory = book.role("inventory")
    lines: list[dict] = []
    stock: list[dict] = []
    problems: list[Problem] = []
    for e in entries:
        if not (e.balance or e.ytd_debit or e.ytd_credit):
            continue
        rule = accounts.get(e.account)
        if rule is None:
            problems.append(Problem(f"科目 {e.account}", "不存在"))
            continue
        debit, credit = (e.balance, ZERO) if rule.side == "debit" else (ZERO, e.balance)
        if debit < 0 or credit < 0:
            debit, credit = -credit, -debit
        line: dict = {"account": e.account, "debit": f"{debit:.2f}", "credit": f"{credit:.2f}"}
        if rule.aux and e.party:
            line[rule.aux] = e.party
        if e.ytd_debit or e.ytd_credit:
            line["ytd_debit"], line["ytd_credit"] = f"{e.ytd_debit:.2f}", f"{e.ytd_credit:.2f}"
        lines.append(line)
        if e.account == inventory and e.party and e.balance:
            row = _stock_row(e, warehouse)
            if isinstance(row, Problem):
                problems.append(row)
            else:
                stock.append(row)
    if problems:
        raise Rejected(problems)
    data: dict = {}
    if lines:
        data["opening_balances"] = {"date": book.settings["opening_date"], "lines": lines}
    if stock:
        data["opening_stock"] = stock
    return data


def _stock_row(e: OpeningEntry, warehouse: str | None) -> dict | Problem:
    where = f"库存商品 {e.party}"
    if not e.qty or e.qty <= 0:
        return Problem(where, "有期初金额，须填写期初数量")
    if warehouse is None:
        return Problem(where, "账套中还没有仓库：请先在基础资料中新增仓库，期初库存放在其中")
    unit_cost = (e.balance / e.qty).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    if line_gross(e.qty, unit_cost) != e.balance:
        return Problem(where, f"金额 {e.balance:.2f} ÷ 数量 {e.qty} 的单价超过 6 位小数，无法还原为原金额；请调整金额或数量")
    return {"item": e.party, "warehouse": warehouse, "qty": str(e.qty), "unit_cost": str(unit_cost)}


def replace_openings(book: Book, entries: list[OpeningEntry], warehouse: str | None = None) -> dict[str, int]:
    """Put `entries` in place of the book's openings, all or nothing, through the importer's use cases.
    Refused (book unchanged) when they do not balance, do not tie, or the book already has business."""
    from interchange.importer import import_data
    with book.unit():
        reason = why_locked(book)
        if reason:
            raise Rejected(reason)
        data = interchange_sections(book, entries, warehouse)
        _clear(book)
        return import_data(book, data) if data else {}


def _clear(book: Book) -> None:
    """The openings before: lines, the parties' opening open items, the opening stock (and what it added
    to each stock row)."""
    s = book.session
    for item_id, wh_id, qty, value in s.execute(select(StockMove.item_id, StockMove.warehouse_id, StockMove.qty,
                                                      StockMove.value).where(StockMove.doc_id.is_(None))).all():
        row = s.get(StockBalance, (item_id, wh_id))
        if row is not None:
            row.qty -= qty
            row.value -= value
    s.execute(delete(StockMove).where(StockMove.doc_id.is_(None)))
    s.execute(delete(OpenItem).where(OpenItem.kind == "opening"))
    s.execute(delete(OpeningBalance))
    s.flush()
    book.forget()
