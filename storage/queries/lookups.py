"""What completion offers when a code is typed: active parties, items, warehouses, accounts, banks."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from storage.book import Book
from storage.models import Account, BankAccount, Customer, Item, Supplier, Warehouse


@dataclass(frozen=True)
class Choice:
    id: int
    code: str
    name: str
    mnemonic: str = ""
    price: Decimal | None = None  # items: the tax-inclusive list price
    tax_rate: Decimal | None = None
    unit: str = ""
    leaf: bool = True

    @property
    def label(self) -> str:
        return f"{self.code}  {self.name}"

    @property
    def haystack(self) -> str:
        """What completion matches against: code, name and 助记码."""
        return f"{self.code} {self.name} {self.mnemonic}".lower()


def choices(book: Book, kind: str) -> list[Choice]:
    s = book.session
    if kind in ("customer", "supplier"):
        m = Customer if kind == "customer" else Supplier
        rows = s.execute(select(m.id, m.code, m.name, m.mnemonic).where(m.active).order_by(m.code))
        return [Choice(r.id, r.code, r.name, r.mnemonic or "") for r in rows]
    if kind == "item":
        rows = s.execute(select(Item.id, Item.code, Item.name, Item.mnemonic, Item.price, Item.tax_rate, Item.unit)
                         .where(Item.active).order_by(Item.code))
        return [Choice(r.id, r.code, r.name, r.mnemonic or "", r.price, r.tax_rate, r.unit) for r in rows]
    if kind == "warehouse":
        rows = s.execute(select(Warehouse.id, Warehouse.code, Warehouse.name).where(Warehouse.active)
                         .order_by(Warehouse.code))
        return [Choice(r.id, r.code, r.name) for r in rows]
    if kind == "bank":
        rows = s.execute(select(BankAccount.id, BankAccount.code, BankAccount.name).where(BankAccount.active)
                         .order_by(BankAccount.code))
        return [Choice(r.id, r.code, r.name) for r in rows]
    if kind == "account":
        from storage.mnemonic import mnemonic
        rows = s.execute(select(Account.id, Account.code, Account.name, Account.is_leaf).where(Account.active)
                         .order_by(Account.code))
        return [Choice(r.id, r.code, r.name, mnemonic(r.name), leaf=r.is_leaf) for r in rows]
    raise KeyError(kind)
