"""Master data use cases: add customers, suppliers, items, warehouses, bank accounts, sub-accounts."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import TypeVar

from sqlalchemy import exists, func, select, update

from domain.errors import refuse, shown
from domain.master import (
    AccountData,
    BankAccountData,
    CustomerData,
    ItemData,
    SupplierData,
    WarehouseData,
)
from storage.book import Book
from storage.models import (
    Account,
    Balance,
    BankAccount,
    Customer,
    Item,
    OpeningBalance,
    Supplier,
    VoucherLine,
    Warehouse,
)
from storage.oplog import append
from usecases.access import in_bulk, requires
from usecases.results import Saved

D = TypeVar("D")
CASH_PARENTS = ("1001", "1002", "1012")


def _add(book: Book, model, label: str, data: D) -> Saved[D]:
    with book.unit():
        if book.session.scalar(select(exists().where(model.code == data.code))):
            raise refuse("already_exists", field="code", what=label, code=data.code)
        # c001 beside C001: one typed by a person the other from a file, the same party twice
        same = book.session.scalar(select(model.code).where(func.lower(model.code) == data.code.lower()).limit(1))
        if same is not None:
            raise refuse("code_case_clash", field="code", what=label, code=data.code, same=same)
        row = model(**asdict(data))
        book.session.add(row)
        book.session.flush()
        book.repin((model, data.code), row)  # a lookup earlier in the unit may have pinned its absence
        if not in_bulk():
            append(book, "master", record=f"{label} {getattr(data, 'code', '')}", after=asdict(data))
        return Saved(row.id, data)


@requires("master")
def add_customer(book: Book, data: CustomerData) -> Saved[CustomerData]:
    return _add(book, Customer, "customer", data)


@requires("master")
def add_supplier(book: Book, data: SupplierData) -> Saved[SupplierData]:
    return _add(book, Supplier, "supplier", data)


@requires("master")
def add_item(book: Book, data: ItemData) -> Saved[ItemData]:
    return _add(book, Item, "item", data)


@requires("master")
def add_warehouse(book: Book, data: WarehouseData) -> Saved[WarehouseData]:
    return _add(book, Warehouse, "warehouse", data)


@requires("master")
def add_bank_account(book: Book, data: BankAccountData) -> Saved[BankAccountData]:
    with book.unit():
        rule = book.accounts.get(data.account)
        if rule is None or not data.account.startswith(CASH_PARENTS):
            raise refuse("not_cash_or_bank", field="account", account=shown(data.account))
        if not rule.is_leaf:
            raise refuse("account_not_leaf", field="account", account=data.account)
        if book.session.scalar(select(exists().where(BankAccount.code == data.code))):
            raise refuse("already_exists", field="code", what="bank_account", code=data.code)
        if data.code in book.accounts:
            raise refuse("code_is_ledger_account", field="code", code=data.code, name=book.accounts[data.code].name)
        row = BankAccount(code=data.code, name=data.name, account_id=book.account_id(data.account),
                          bank_name=data.bank_name, number=data.number)
        book.session.add(row)
        book.session.flush()
        book.repin((BankAccount, data.code), row)  # storage/refs.py keeps what a code names, or that it names none
        return Saved(row.id, data)


@requires("master")
def add_account(book: Book, data: AccountData, mapped: frozenset[str] = frozenset()) -> Saved[AccountData]:
    """Add a sub-account. Its parent stops being a leaf, so a parent that already carries
    entries is refused: its balance would sit on an account nobody can post to."""
    with book.unit():
        s = book.session
        if data.code in book.accounts:
            raise refuse("already_exists", field="code", what="account", code=data.code)
        if s.scalar(select(exists().where(BankAccount.code == data.code))):
            raise refuse("account_code_is_bank", field="code", code=data.code)
        parent = s.scalar(select(Account).where(Account.code == data.parent))
        if parent is None:
            raise refuse("account_missing", field="parent", account=shown(data.parent))
        using = _template_using(book, parent.code)
        if using and not _mapped_by_category(book, parent.code, data.code, mapped):
            raise refuse("parent_in_template", field="parent", code=parent.code, name=parent.name, template=using)
        used = any(s.scalar(select(exists().where(m.account_id == parent.id)))
                   for m in (VoucherLine, OpeningBalance, Balance))
        if used:
            raise refuse("parent_has_entries", field="parent", code=parent.code, name=parent.name)
        acc = Account(code=data.code, name=data.name, parent_id=parent.id, level=parent.level + 1,
                      side=parent.side, category=parent.category, aux=data.aux or parent.aux,
                      is_leaf=True, active=True)
        first = parent.is_leaf
        parent.is_leaf = False
        s.add(acc)
        s.flush()
        if first:
            _move_references(book, parent, acc)
        book.forget()
        return Saved(acc.id, data)


def _move_references(book: Book, parent: Account, leaf: Account) -> None:
    """The first sub-account takes the place of its parent in what names the parent for later
    postings — asset cards' expense accounts and recurring-voucher templates — as 用友 and 金蝶 move
    a used account's data into its first new 下级科目; otherwise every later close would post to an
    account that is no longer a leaf. Later sub-accounts leave them be; a card or template is
    re-pointed by editing it."""
    from storage.models import FixedAsset, VoucherTemplate
    s = book.session
    s.execute(update(FixedAsset).where(FixedAsset.expense_account_id == parent.id)
              .values(expense_account_id=leaf.id))
    for tpl in s.scalars(select(VoucherTemplate)):
        rows = json.loads(tpl.lines)
        if any(r.get("account") == parent.code for r in rows):
            tpl.lines = json.dumps([{**r, "account": leaf.code} if r.get("account") == parent.code else r
                                    for r in rows], ensure_ascii=False)
    s.flush()


def _mapped_by_category(book: Book, parent: str, code: str, mapped: frozenset[str]) -> bool:
    """5001/5401 may be split when the account mapping (the book's, or the import's own rows in
    `mapped`) sends postings to the new leaf by item category."""
    from usecases.account_mapping import KINDS, mapping
    if parent not in KINDS.values():
        return False
    return code in mapped or any(code in kinds.values() for kinds in mapping(book).values())


def _template_using(book: Book, code: str) -> str | None:
    """The posting template (its summary) that posts to account `code`, if any does."""
    templates = book.templates
    for event in templates.events.values():
        if any(ln.account == code for ln in event.lines):
            return event.summary
    if code in templates.roles.values():
        return next(k for k, v in templates.roles.items() if v == code)
    for accounts in templates.taxpayer_accounts.values():
        if code in accounts.values():
            return "small-scale VAT"
    return None
