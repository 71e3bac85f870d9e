"""Bank statement lines, the column mapping remembered per account, what confirmations taught
(counterparty accounts, aliases), and the raise/resolve log of alerts (异常预警)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import Fen

BANK_LINE_STATUSES = ("unprocessed", "matched", "booked", "ignored")


class BankLine(Base):
    """One line of a bank statement; `amount` > 0 is money in. `dedup_key` is the bank serial
    when the bank gives one, else a digest of (account, time, amount, counterparty account, memo)."""

    __tablename__ = "bank_lines"
    __table_args__ = (
        UniqueConstraint("account_id", "dedup_key", name="uq_bank_lines_dedup"),
        Index("ix_bank_lines_status", "account_id", "status", "date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))  # the bank's ledger leaf
    bank_account_id: Mapped[int | None] = mapped_column(ForeignKey("bank_accounts.id"))
    date: Mapped[dt.date]
    time: Mapped[dt.time | None]
    amount: Mapped[Decimal] = mapped_column(Fen)
    balance: Mapped[Decimal | None] = mapped_column(Fen, nullable=True)  # the bank's 余额 after the line (0012)
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    counterparty_account: Mapped[str] = mapped_column(String(64), default="")
    memo: Mapped[str] = mapped_column(String(500), default="")
    bank_ref: Mapped[str | None] = mapped_column(String(80))
    dedup_key: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(12), default="unprocessed")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # the receipt or payment
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("vouchers.id"))  # fee, interest, refund
    source: Mapped[str] = mapped_column(String(200), default="")  # the file it came from
    imported_at: Mapped[dt.datetime]


class BankMapping(Base):
    """Which column of a bank's export holds which field, remembered per ledger account."""

    __tablename__ = "bank_mappings"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    columns: Mapped[str] = mapped_column(Text)  # JSON {field: header text}
    updated_at: Mapped[dt.datetime]


class PartyEvidence(Base):
    """Learned on confirmation: a counterparty account (kind 'account') or a name (kind 'alias')
    seen on a customer or supplier."""

    __tablename__ = "party_evidence"
    __table_args__ = (
        UniqueConstraint("kind", "party", "party_id", "value", name="uq_party_evidence"),
        Index("ix_party_evidence_value", "kind", "value"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # account | alias
    party: Mapped[str] = mapped_column(String(8))  # customer | supplier
    party_id: Mapped[int]
    value: Mapped[str] = mapped_column(String(200))
    confirmed_by: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[dt.datetime]


class BankPayer(Base):
    """Who pays for whom (代付), learned when a person confirms a bank line whose payer is not the
    customer itself (migration 0012). A payer confirmed for exactly one customer is evidence for it."""

    __tablename__ = "bank_payers"
    __table_args__ = (
        UniqueConstraint("party", "party_id", "payer", name="uq_bank_payers"),
        Index("ix_bank_payers_payer", "party", "payer"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    party: Mapped[str] = mapped_column(String(8))  # customer | supplier
    party_id: Mapped[int]
    payer: Mapped[str] = mapped_column(String(200))  # the counterparty name as the bank wrote it
    account: Mapped[str] = mapped_column(String(64), default="", server_default="")
    confirmations: Mapped[int] = mapped_column(default=1, server_default="1")
    confirmed_by: Mapped[str] = mapped_column(String(64))
    first_confirmed_at: Mapped[dt.datetime]
    last_confirmed_at: Mapped[dt.datetime]


class AlertLog(Base):
    """When an alert was first raised and when it was gone, so response time can be measured.
    `since` is the business date its condition began; `resolved_on` the as-of date it was gone."""

    __tablename__ = "alert_log"
    __table_args__ = (Index("ix_alert_log_subject", "kind", "subject_type", "subject_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject_type: Mapped[str] = mapped_column(String(24))
    subject_no: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(8))
    since: Mapped[dt.date]
    raised_at: Mapped[dt.datetime]
    raised_on: Mapped[dt.date]
    resolved_at: Mapped[dt.datetime | None]
    resolved_on: Mapped[dt.date | None]
