"""The ledger: settings, chart of accounts, periods, vouchers, maintained balances, audit log."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, list_indexes
from storage.types import Fen, Qty


class Setting(Base):
    """Book-wide settings: company, standard, revenue mode, first period, VAT rates."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    level: Mapped[int] = mapped_column(default=1)
    side: Mapped[str] = mapped_column(String(6))  # debit | credit
    category: Mapped[str] = mapped_column(String(16))
    aux: Mapped[str | None] = mapped_column(String(16))  # customer | supplier | item
    is_leaf: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)


class Period(Base):
    __tablename__ = "periods"
    period: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    status: Mapped[str] = mapped_column(String(8), default="open")  # open | closed
    closed_at: Mapped[dt.datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(64))


class OpeningBalance(Base):
    """The opening column (期初余额) of the book's first period, per account and dimension."""

    __tablename__ = "opening_balances"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    debit: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0))
    credit: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0))
    # version 3, a book opened mid-year: 年初余额 and 本年累计 (they write no voucher; the statements'
    # year columns read them). 期初 = 年初 + 累计借 − 累计贷 on the account's debit − credit.
    year_debit: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0), server_default="0")
    year_credit: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0), server_default="0")
    ytd_debit: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0), server_default="0")
    ytd_credit: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0), server_default="0")


class Voucher(Base):
    __tablename__ = "vouchers"
    __table_args__ = (
        UniqueConstraint("period", "word", "number", name="uq_vouchers_number"),
        CheckConstraint("status IN ('saved','reviewed','posted')", name="status"),
        Index("ix_vouchers_source", "source_type", "source_id"),
        # the manual-voucher duplicate look-up of an import (migration 0010)
        Index("ix_vouchers_date_summary", "date", "summary", "source_id"),
        Index("ix_vouchers_reverses", "reverses_id"),
        # 凭证查询 sorts by any column and pages by keyset on (column, id) (migration 0014)
        *list_indexes("vouchers", "date", "summary", "total", "status", "attachments", "preparer",
                      "?reviewer", "?poster"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(ForeignKey("periods.period"))
    word: Mapped[str] = mapped_column(String(4), default="记")
    number: Mapped[int]
    date: Mapped[dt.date]
    summary: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(8), default="saved")
    total: Mapped[Decimal] = mapped_column(Fen)  # Σ debit = Σ credit, kept to detect tampering
    attachments: Mapped[int] = mapped_column(default=0)
    preparer: Mapped[str] = mapped_column(String(64))
    reviewer: Mapped[str | None] = mapped_column(String(64))
    poster: Mapped[str | None] = mapped_column(String(64))
    source_type: Mapped[str | None] = mapped_column(String(24))  # a document type, or 'close'
    source_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("vouchers.id"))
    created_at: Mapped[dt.datetime]
    lines: Mapped[list[VoucherLine]] = relationship(
        back_populates="voucher", order_by="VoucherLine.seq", cascade="all, delete-orphan")


class VoucherLine(Base):
    __tablename__ = "voucher_lines"
    __table_args__ = (
        CheckConstraint("debit = 0 OR credit = 0", name="one_side"),
        Index("ix_voucher_lines_account", "account_id"),
        Index("ix_voucher_lines_customer", "customer_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id"), index=True)
    seq: Mapped[int]
    summary: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    debit: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0))
    credit: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"))
    qty: Mapped[Decimal | None] = mapped_column(Qty)
    voucher: Mapped[Voucher] = relationship(back_populates="lines")


class Balance(Base):
    """Activity per account, period and dimension, maintained as vouchers land.

    Dimensions use 0 for "none" so the unique key works on every database (NULLs are distinct).
    """

    __tablename__ = "balances"
    __table_args__ = (
        UniqueConstraint("account_id", "period", "customer_id", "supplier_id", "item_id", name="uq_balances_key"),
        Index("ix_balances_period", "period"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    period: Mapped[str] = mapped_column(String(7))
    customer_id: Mapped[int] = mapped_column(default=0)
    supplier_id: Mapped[int] = mapped_column(default=0)
    item_id: Mapped[int] = mapped_column(default=0)
    debit: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0))
    credit: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0))


class AuditLog(Base):
    """The operation log (操作日志): who did what, when, to which record, with the values before and
    after a change and the reason given. Append-only: each entry carries its place in the chain
    (`seq`), the previous entry's hash and its own (storage/oplog.py fills them, `check` verifies)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_seq", "seq", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime]
    user: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)
    record: Mapped[str | None] = mapped_column(String(120))
    old_values: Mapped[str | None] = mapped_column(Text)  # JSON
    new_values: Mapped[str | None] = mapped_column(Text)  # JSON
    reason: Mapped[str | None] = mapped_column(Text)
    seq: Mapped[int | None]
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """The end of the log's hash chain (one row): a deleted last entry leaves it pointing past the
    log, and on a server book two writers queue on this row instead of forking the chain."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(String(64), default="")
