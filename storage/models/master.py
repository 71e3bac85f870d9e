"""Master data: customers, suppliers, items, warehouses, bank and cash accounts."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.mnemonic import keep_mnemonic
from storage.models.base import Base
from storage.types import Fen, Price, Rate


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (Index("ix_customers_name", "name", "id"),)  # document lists sort by it (0014)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    mnemonic: Mapped[str | None] = mapped_column(String(64), index=True)  # 助记码, see storage.mnemonic
    tax_id: Mapped[str | None] = mapped_column(String(18))
    credit_limit: Mapped[Decimal | None] = mapped_column(Fen)
    payment_days: Mapped[int] = mapped_column(default=30)
    contact: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)


class Supplier(Base):
    __tablename__ = "suppliers"
    __table_args__ = (Index("ix_suppliers_name", "name", "id"),)  # document lists sort by it (0014)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    mnemonic: Mapped[str | None] = mapped_column(String(64), index=True)  # 助记码, see storage.mnemonic
    tax_id: Mapped[str | None] = mapped_column(String(18))
    payment_days: Mapped[int] = mapped_column(default=30)
    contact: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(default=True)


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    mnemonic: Mapped[str | None] = mapped_column(String(64), index=True)  # 助记码, see storage.mnemonic
    spec: Mapped[str | None] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(40))  # revenue/cost accounts are mapped by it
    tax_rate: Mapped[Decimal] = mapped_column(Rate)
    price: Mapped[Decimal | None] = mapped_column(Price)
    active: Mapped[bool] = mapped_column(default=True)


class Warehouse(Base):
    __tablename__ = "warehouses"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)


class BankAccount(Base):
    """A bank or cash account the business uses, tied to its ledger account (1001/1002 leaf)."""

    __tablename__ = "bank_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    bank_name: Mapped[str | None] = mapped_column(String(100))
    number: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(default=True)


for _model in (Customer, Supplier, Item):
    keep_mnemonic(_model)
