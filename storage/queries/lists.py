"""Paged, read-only lists for the UI: master data, the chart of accounts, vouchers, documents.

Each list is a ListSpec: its columns and two functions, `count(book)` and
`page(book, offset, limit)` returning rows of display values (text, Decimal, int, None). The UI
models fetch pages on demand, so a list of 200,000 rows opens at once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from domain.doctypes import title_of
from storage.book import Book
from storage.models import Account, BankAccount, Customer, Document, Item, Supplier, Voucher, Warehouse

SIDE = {"debit": "借", "credit": "贷"}
CATEGORY = {"asset": "资产", "liability": "负债", "equity": "所有者权益", "cost": "成本", "profit_loss": "损益"}
AUX = {"customer": "客户", "supplier": "供应商", "item": "存货", None: ""}
STATUS = {"saved": "已保存", "reviewed": "已审核", "posted": "已记账", "open": "未完成", "partly": "部分完成",
          "done": "已完成", "closed": "已关闭"}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    numeric: bool = False  # right-aligned, shown with thousands separators


@dataclass(frozen=True)
class ListSpec:
    name: str
    title: str
    columns: tuple[Column, ...]
    query: Callable[[], object]  # a select() whose rows match the columns, ordered
    convert: Callable[[tuple], tuple] = lambda row: tuple(row)

    def count(self, book: Book) -> int:
        return book.session.scalar(select(func.count()).select_from(self.query().subquery())) or 0

    def page(self, book: Book, offset: int, limit: int) -> list[tuple]:
        rows = book.session.execute(self.query().offset(offset).limit(limit)).all()
        return [self.convert(tuple(r)) for r in rows]


def _yes(active: bool) -> str:
    return "" if active else "停用"


def _customers():
    return select(Customer.code, Customer.name, Customer.tax_id, Customer.credit_limit, Customer.payment_days,
                  Customer.contact, Customer.phone, Customer.active).order_by(Customer.code)


def _suppliers():
    return select(Supplier.code, Supplier.name, Supplier.tax_id, Supplier.payment_days, Supplier.contact,
                  Supplier.phone, Supplier.active).order_by(Supplier.code)


def _items():
    return select(Item.code, Item.name, Item.spec, Item.unit, Item.tax_rate, Item.price, Item.active).order_by(Item.code)


def _warehouses():
    return select(Warehouse.code, Warehouse.name, Warehouse.active).order_by(Warehouse.code)


def _bank_accounts():
    return (select(BankAccount.code, BankAccount.name, Account.code, BankAccount.bank_name, BankAccount.number)
            .join(Account, Account.id == BankAccount.account_id).order_by(BankAccount.code))


def _accounts():
    parent = aliased(Account)
    return (select(Account.code, Account.name, Account.level, Account.side, Account.category, Account.aux,
                   Account.is_leaf, parent.code)
            .outerjoin(parent, parent.id == Account.parent_id).order_by(Account.code))


def _vouchers():
    return (select(Voucher.date, Voucher.word, Voucher.number, Voucher.summary, Voucher.total, Voucher.status,
                   Voucher.preparer, Voucher.reviewer, Voucher.period)
            .order_by(Voucher.period, Voucher.word, Voucher.number))


def _documents():
    return (select(Document.date, Document.type, Document.no, func.coalesce(Customer.name, Supplier.name),
                   Document.amount, Document.status)
            .outerjoin(Customer, Customer.id == Document.customer_id)
            .outerjoin(Supplier, Supplier.id == Document.supplier_id)
            .order_by(Document.date, Document.id))


def _rate(r: Decimal | None) -> str:
    return "" if r is None else f"{(r * 100).normalize():f}%"


LISTS: dict[str, ListSpec] = {s.name: s for s in (
    ListSpec("customers", "客户", (Column("code", "编码"), Column("name", "名称"), Column("tax_id", "统一社会信用代码"),
             Column("credit_limit", "信用额度", True), Column("payment_days", "账期(天)", True),
             Column("contact", "联系人"), Column("phone", "电话"), Column("active", "状态")),
             _customers, lambda r: (*r[:7], _yes(r[7]))),
    ListSpec("suppliers", "供应商", (Column("code", "编码"), Column("name", "名称"), Column("tax_id", "统一社会信用代码"),
             Column("payment_days", "账期(天)", True), Column("contact", "联系人"), Column("phone", "电话"),
             Column("active", "状态")), _suppliers, lambda r: (*r[:6], _yes(r[6]))),
    ListSpec("items", "商品", (Column("code", "编码"), Column("name", "名称"), Column("spec", "规格"), Column("unit", "单位"),
             Column("tax_rate", "税率", True), Column("price", "含税单价", True), Column("active", "状态")),
             _items, lambda r: (r[0], r[1], r[2], r[3], _rate(r[4]), r[5], _yes(r[6]))),
    ListSpec("warehouses", "仓库", (Column("code", "编码"), Column("name", "名称"), Column("active", "状态")),
             _warehouses, lambda r: (r[0], r[1], _yes(r[2]))),
    ListSpec("bank_accounts", "银行账户", (Column("code", "编码"), Column("name", "名称"), Column("account", "科目"),
             Column("bank_name", "开户行"), Column("number", "账号")), _bank_accounts),
    ListSpec("accounts", "会计科目", (Column("code", "科目编码"), Column("name", "科目名称"), Column("level", "级次", True),
             Column("side", "余额方向"), Column("category", "类别"), Column("aux", "辅助核算"), Column("leaf", "末级"),
             Column("parent", "上级科目")), _accounts,
             lambda r: (r[0], r[1], r[2], SIDE[r[3]], CATEGORY.get(r[4], r[4]), AUX.get(r[5], r[5]),
                        "是" if r[6] else "", r[7] or "")),
    ListSpec("vouchers", "凭证", (Column("date", "日期"), Column("no", "凭证字号"), Column("summary", "摘要"),
             Column("total", "金额", True), Column("status", "状态"), Column("preparer", "制单"),
             Column("reviewer", "审核")), _vouchers,
             lambda r: (r[0].isoformat(), f"{r[1]}-{r[2]}", r[3], r[4], STATUS.get(r[5], r[5]), r[6], r[7] or "")),
    ListSpec("documents", "业务单据", (Column("date", "日期"), Column("type", "类型"), Column("no", "单号"),
             Column("party", "往来单位"), Column("amount", "金额", True), Column("status", "状态")), _documents,
             lambda r: (r[0].isoformat(), _doc_title(r[1]), r[2], r[3] or "", r[4], STATUS.get(r[5], r[5]))),
)}


def _doc_title(doc_type: str) -> str:
    return title_of(doc_type)
