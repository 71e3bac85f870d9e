"""Paged, read-only lists for the UI: master data, the chart, vouchers, documents of each type, stock.

Each list is a ListSpec: its columns (each an SQL expression) over a base select. Sorting,
searching, filtering and totals all run in SQL, and pages are fetched by keyset (the last row's
sort values and id), never by OFFSET, so a sort or a search is right over every row of a list of
200,000 and the tenth page costs what the first does.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    String,
    and_,
    func,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.orm import aliased

from domain.doctypes import DOC_TYPES
from storage.book import Book
from storage.models import (
    Account,
    BankAccount,
    Customer,
    Document,
    Item,
    StockBalance,
    Supplier,
    Voucher,
    Warehouse,
)
from storage.sql import total
from storage.types import Fen

SIDE = {"debit": "借", "credit": "贷"}
CATEGORY = {"asset": "资产", "liability": "负债", "equity": "所有者权益", "cost": "成本", "profit_loss": "损益"}
AUX = {"customer": "客户", "supplier": "供应商", "item": "存货", None: ""}
VOUCHER_STATUS = {"saved": "未审核", "reviewed": "已审核", "posted": "已记账"}
DOC_STATUS = {"open": "未完成", "partly": "部分完成", "done": "已完成", "closed": "已关闭"}
ACTIVE = {"1": "启用", "0": "停用"}
# Kept for the CLI and reports that name a status in Chinese.
STATUS = {**VOUCHER_STATUS, **DOC_STATUS}


@dataclass(frozen=True)
class Column:
    """One column: what is selected, how it sorts, whether search and the totals row use it.

    kind: text | money | qty | int | rate | status | date — how the UI shows and aligns it.
    sort: the expressions a header click orders by (凭证字号 sorts by period, word, number).
    """

    key: str
    title: str
    expr: Any
    kind: str = "text"
    sort: tuple = ()
    search: bool = False
    total: bool = False
    labels: dict[str, str] | None = None  # stored value → shown text (statuses, sides)
    outer: bool = False  # from a table outer-joined to the list's: blank where the row has none

    @property
    def numeric(self) -> bool:
        return self.kind in ("money", "qty", "int", "rate")

    def show(self, value: object) -> object:
        if self.labels is not None:
            return self.labels.get(str(value if not isinstance(value, bool) else int(value)), value)
        if self.kind == "date" and isinstance(value, dt.date):
            return value.isoformat()
        return value


@dataclass
class ListQuery:
    """What the user asked of a list: search text, filters and the sort column (None: the list's own)."""

    search: str = ""
    status: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    party_id: int | None = None
    period: str | None = None
    sort: int | None = None
    descending: bool = False


@dataclass(frozen=True)
class ListSpec:
    name: str
    title: str
    columns: tuple[Column, ...]
    source: Callable[[], Any]  # a select_from(...) with joins and fixed conditions, no columns yet
    key: Any  # the unique id column: keyset tiebreak and what double-click opens
    default_sort: tuple = ()
    mnemonic: tuple = ()  # 助记码 columns searched by prefix and substring
    date: Any = None
    status: Any = None
    statuses: dict[str, str] = field(default_factory=dict)
    party: Any = None  # customer_id or supplier_id column
    party_kind: str | None = None  # customer | supplier
    period: Any = None
    opens: str | None = None  # document | voucher | customer | supplier | item | …
    doc_type: str | None = None

    # ---- the query ------------------------------------------------------------------------
    def _filtered(self, base, q: ListQuery):
        conds = []
        text = q.search.strip()
        if text:
            # avoid a pathological LIKE on pasted pages of text
            text = text[:100].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            like = f"%{text}%"
            conds.append(or_(*[c.expr.like(like, escape="\\")
                               for c in self.columns if c.search],
                             *[m.like(f"%{text.lower()}%", escape="\\") for m in self.mnemonic]))
        if q.status and self.status is not None:
            conds.append(self.status == (q.status == "1" if isinstance(self.status.type, Boolean) else q.status))
        if q.date_from and self.date is not None:
            conds.append(self.date >= q.date_from)
        if q.date_to and self.date is not None:
            conds.append(self.date <= q.date_to)
        if q.party_id and self.party is not None:
            conds.append(self.party == q.party_id)
        if q.period and self.period is not None:
            conds.append(self.period == q.period)
        return base.where(and_(*conds)) if conds else base

    def sort_exprs(self, q: ListQuery) -> tuple:
        if q.sort is None or not 0 <= q.sort < len(self.columns):
            return self.default_sort
        col = self.columns[q.sort]
        return tuple(_sortable(e, col.numeric, col.outer) for e in (col.sort or (col.expr,)))

    def count(self, book: Book, q: ListQuery | None = None) -> int:
        stmt = self._filtered(self.source().with_only_columns(func.count(self.key)), q or ListQuery())
        return book.session.scalar(stmt) or 0

    def page(self, book: Book, q: ListQuery | None, after: tuple | None, limit: int) -> tuple[list[tuple], tuple | None]:
        """Up to `limit` rows after the cursor `after` (None: from the start), and the next cursor.
        Each row is the columns' raw values followed by the row's key."""
        q = q or ListQuery()
        rows = book.session.execute(self.page_statement(q, after, limit)).all()
        n = len(self.columns)
        out = [tuple(c.show(v) for c, v in zip(self.columns, r[:n], strict=True)) + (r[-1],) for r in rows]
        cursor_next = tuple(rows[-1][n:]) if rows else None
        return out, cursor_next

    def page_statement(self, q: ListQuery, after: tuple | None, limit: int):
        """The SELECT of one page: ordered by the sort and the key, after the cursor's values — a
        keyset that an index of migration 0014 serves, so page 50 reads what page 1 does."""
        keyed = (*self.sort_exprs(q), self.key)
        stmt = self._filtered(self.source().with_only_columns(*[c.expr for c in self.columns], *keyed), q)
        if after is not None:
            cursor = tuple_(*keyed)
            # bind the cursor through each expression's type (Fen → integer fen, dates → text)
            last = tuple_(*[literal(v, type_=e.type) for v, e in zip(after, keyed, strict=True)])
            stmt = stmt.where(cursor < last if q.descending else cursor > last)
        order = [e.desc() if q.descending else e.asc() for e in keyed]
        return stmt.order_by(*order).limit(limit)

    def tally(self, book: Book, q: ListQuery | None = None) -> tuple[int, dict[int, Decimal]]:
        """The row count and the totals row in one pass over the filtered rows."""
        cols = [(i, c) for i, c in enumerate(self.columns) if c.total]
        stmt = self._filtered(self.source().with_only_columns(func.count(self.key), *[total(c.expr) for _, c in cols]),
                              q or ListQuery())
        row = book.session.execute(stmt).one()
        return row[0] or 0, {i: v for (i, _), v in zip(cols, row[1:], strict=True)}

    def totals(self, book: Book, q: ListQuery | None = None) -> dict[int, Decimal]:
        """Sums of the total columns over every row the filters keep, by column index."""
        cols = [(i, c) for i, c in enumerate(self.columns) if c.total]
        if not cols:
            return {}
        stmt = self._filtered(self.source().with_only_columns(*[total(c.expr) for _, c in cols]), q or ListQuery())
        row = book.session.execute(stmt).one()
        return {i: v for (i, _), v in zip(cols, row, strict=True)}


def _sortable(expr, numeric: bool, outer: bool = False):
    """The expression a sort orders and pages by. NULLs would break the keyset comparison, so a
    column that may be blank sorts as coalesce(column, '' or 0) — written inline, as the index of
    migration 0014 is, so the database matches the two; a column that is never blank sorts as
    itself (a coalesce around it would hide its index)."""
    if not outer and (getattr(expr, "nullable", True) is False or getattr(expr, "primary_key", False)):
        return expr
    return func.coalesce(expr, literal_column("0" if numeric else "''"), type_=expr.type)


def C(key: str, title: str, expr, kind: str = "text", **kw) -> Column:  # noqa: N802 - a table of columns reads better short
    return Column(key, title, expr, kind, **kw)


def _active(model) -> Column:
    return C("active", "状态", model.active, "status", labels=ACTIVE)


def _customers() -> ListSpec:
    return ListSpec("customers", "客户", (
        C("code", "编码", Customer.code, search=True), C("name", "名称", Customer.name, search=True),
        C("mnemonic", "助记码", Customer.mnemonic), C("tax_id", "统一社会信用代码", Customer.tax_id, search=True),
        C("credit_limit", "信用额度", Customer.credit_limit, "money"),
        C("payment_days", "账期(天)", Customer.payment_days, "int"),
        C("contact", "联系人", Customer.contact, search=True), C("phone", "电话", Customer.phone, search=True),
        _active(Customer)), lambda: select(Customer.id), Customer.id, (Customer.code,),
        mnemonic=(Customer.mnemonic,), status=Customer.active, statuses={"1": "启用", "0": "停用"}, opens="customer")


def _suppliers() -> ListSpec:
    return ListSpec("suppliers", "供应商", (
        C("code", "编码", Supplier.code, search=True), C("name", "名称", Supplier.name, search=True),
        C("mnemonic", "助记码", Supplier.mnemonic), C("tax_id", "统一社会信用代码", Supplier.tax_id, search=True),
        C("payment_days", "账期(天)", Supplier.payment_days, "int"),
        C("contact", "联系人", Supplier.contact, search=True), C("phone", "电话", Supplier.phone, search=True),
        _active(Supplier)), lambda: select(Supplier.id), Supplier.id, (Supplier.code,),
        mnemonic=(Supplier.mnemonic,), status=Supplier.active, statuses={"1": "启用", "0": "停用"}, opens="supplier")


def _items() -> ListSpec:
    return ListSpec("items", "商品", (
        C("code", "编码", Item.code, search=True), C("name", "名称", Item.name, search=True),
        C("mnemonic", "助记码", Item.mnemonic), C("spec", "规格", Item.spec, search=True), C("unit", "单位", Item.unit),
        C("tax_rate", "税率", Item.tax_rate, "rate"), C("price", "含税单价", Item.price, "money"),
        _active(Item)), lambda: select(Item.id), Item.id, (Item.code,),
        mnemonic=(Item.mnemonic,), status=Item.active, statuses={"1": "启用", "0": "停用"}, opens="item")


def _warehouses() -> ListSpec:
    return ListSpec("warehouses", "仓库", (
        C("code", "编码", Warehouse.code, search=True), C("name", "名称", Warehouse.name, search=True),
        _active(Warehouse)), lambda: select(Warehouse.id), Warehouse.id, (Warehouse.code,), opens="warehouse")


def _bank_accounts() -> ListSpec:
    return ListSpec("bank_accounts", "银行账户", (
        C("code", "编码", BankAccount.code, search=True), C("name", "名称", BankAccount.name, search=True),
        C("account", "科目", Account.code, search=True), C("bank_name", "开户行", BankAccount.bank_name, search=True),
        C("number", "账号", BankAccount.number, search=True)),
        lambda: select(BankAccount.id).join(Account, Account.id == BankAccount.account_id), BankAccount.id,
        (BankAccount.code,), opens="bank_account")


def _accounts() -> ListSpec:
    parent = aliased(Account)
    return ListSpec("accounts", "会计科目", (
        C("code", "科目编码", Account.code, search=True), C("name", "科目名称", Account.name, search=True),
        C("level", "级次", Account.level, "int"), C("side", "余额方向", Account.side, labels=SIDE),
        C("category", "类别", Account.category, labels=CATEGORY),
        C("aux", "辅助核算", func.coalesce(Account.aux, ""), labels={**AUX, "": ""}),
        C("leaf", "末级", Account.is_leaf, labels={"1": "是", "0": "否"}), C("parent", "上级科目", parent.code, outer=True)),
        lambda: select(Account.id).outerjoin(parent, parent.id == Account.parent_id), Account.id, (Account.code,),
        opens="account")


def _vouchers() -> ListSpec:
    no = Voucher.word.concat("-").concat(func.cast(Voucher.number, String()))
    return ListSpec("vouchers", "凭证", (
        # 期间 sorts as 凭证字号 does within it: the unique (period, word, number) index serves both
        C("period", "期间", Voucher.period, sort=(Voucher.period, Voucher.word, Voucher.number)),
        C("date", "日期", Voucher.date, "date"),
        C("no", "凭证字号", no, sort=(Voucher.period, Voucher.word, Voucher.number), search=True),
        C("summary", "摘要", Voucher.summary, search=True), C("total", "金额", Voucher.total, "money", total=True),
        C("status", "状态", Voucher.status, "status", labels=VOUCHER_STATUS),
        C("attachments", "附单据", Voucher.attachments, "int"), C("preparer", "制单", Voucher.preparer, search=True),
        C("reviewer", "审核", Voucher.reviewer), C("poster", "记账", Voucher.poster)),
        lambda: select(Voucher.id), Voucher.id, (Voucher.period, Voucher.word, Voucher.number),
        date=Voucher.date, status=Voucher.status, statuses=VOUCHER_STATUS, period=Voucher.period, opens="voucher")


PROGRESS_TITLES = {"sales_order": "执行状态", "purchase_order": "执行状态", "outbound": "开票状态",
                   "inbound": "开票状态"}


def _documents(doc_type: str) -> ListSpec:
    t = DOC_TYPES[doc_type]
    side = "supplier" if t.side == "purchase" or doc_type == "payment" else "customer"
    model = Supplier if side == "supplier" else Customer
    party = Document.supplier_id if side == "supplier" else Document.customer_id
    cols = [C("date", "日期", Document.date, "date", sort=(Document.date, Document.no)),
            C("no", "单号", Document.no, search=True),
            C("party", "供应商" if side == "supplier" else "客户", model.name, search=True, outer=True),
            C("code", "编码", model.code, search=True, outer=True),
            C("amount", "金额", Document.amount, "money", total=True)]
    if doc_type in PROGRESS_TITLES:  # only orders and goods movements track their progress
        cols.append(C("status", PROGRESS_TITLES[doc_type], Document.status, "status", labels=DOC_STATUS))
    if doc_type in ("invoice", "purchase_invoice"):
        cols.append(C("vat_no", "发票号码", Document.vat_no, search=True))
    cols += [C("created_by", "制单", Document.created_by), C("memo", "备注", Document.memo, search=True)]
    return ListSpec(doc_type, t.title, tuple(cols),
                    lambda: select(Document.id).outerjoin(model, model.id == party).where(Document.type == doc_type),
                    Document.id, (Document.date, Document.no), mnemonic=(model.mnemonic,), date=Document.date,
                    status=Document.status if any(c.key == "status" for c in cols) else None,
                    statuses=DOC_STATUS, party=party, party_kind=side, opens="document", doc_type=doc_type)


def _stock() -> ListSpec:
    # value is integer fen and qty integer ten-thousandths on disk: fen per unit = value × 10000 / qty
    unit_cost = type_coerce(func.cast(func.round(literal_column("stock.value") * 10000.0
                                                 / func.nullif(literal_column("stock.qty"), 0)), Integer), Fen())
    return ListSpec("stock", "库存余额", (
        C("code", "商品编码", Item.code, search=True), C("name", "商品名称", Item.name, search=True),
        C("spec", "规格", Item.spec), C("unit", "单位", Item.unit), C("warehouse", "仓库", Warehouse.name, search=True),
        C("qty", "结存数量", StockBalance.qty, "qty"),  # units differ: no sum
        C("cost", "单位成本", unit_cost, "money"),
        C("value", "结存金额", StockBalance.value, "money", total=True)),
        lambda: select(StockBalance.item_id).join(Item, Item.id == StockBalance.item_id)
        .join(Warehouse, Warehouse.id == StockBalance.warehouse_id),
        StockBalance.item_id * 100000 + StockBalance.warehouse_id, (Item.code, Warehouse.code),
        mnemonic=(Item.mnemonic,))


SALES_TYPES = ("sales_order", "outbound", "invoice", "receipt", "sales_return", "credit_note")
PURCHASE_TYPES = ("purchase_order", "inbound", "purchase_invoice", "payment", "purchase_return", "purchase_credit_note")


def _all() -> dict[str, ListSpec]:
    specs = [_customers(), _suppliers(), _items(), _warehouses(), _bank_accounts(), _accounts(), _vouchers(),
             _stock(), *[_documents(t) for t in SALES_TYPES + PURCHASE_TYPES]]
    return {s.name: s for s in specs}


LISTS: dict[str, ListSpec] = _all()
