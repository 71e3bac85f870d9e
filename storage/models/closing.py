"""What the month-end steps keep: fixed-asset cards, their depreciation, recurring voucher templates."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import Fen, Rate


class FixedAsset(Base):
    """An asset card (固定资产卡片), created by its `fixed_asset` document (whose no is the asset's code)."""

    __tablename__ = "fixed_assets"
    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(100))
    cost: Mapped[Decimal] = mapped_column(Fen)  # what 1601 received
    residual_rate: Mapped[Decimal] = mapped_column(Rate)
    life_months: Mapped[int]
    expense_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    acquired: Mapped[dt.date]  # for a card held at the opening: the month its depreciation counts from
    # depreciation booked before the book began (a card held at the opening, version 3); 1602's opening
    opening_accumulated: Mapped[Decimal] = mapped_column(Fen, default=Decimal(0), server_default="0")
    disposed_on: Mapped[dt.date | None]
    disposal_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


class Depreciation(Base):
    """One month's depreciation of one asset, booked by that month's 计提折旧 voucher."""

    __tablename__ = "asset_depreciation"
    __table_args__ = (UniqueConstraint("asset_id", "period", name="uq_asset_depreciation_month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("fixed_assets.id"), index=True)
    period: Mapped[str] = mapped_column(String(7))
    amount: Mapped[Decimal] = mapped_column(Fen)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id"))


class VoucherTemplate(Base):
    """A recurring voucher (凭证模板) the close writes every month; `lines` is JSON:
    [{"account", "debit"?, "credit"?, "ask"?}] with amounts as strings."""

    __tablename__ = "voucher_templates"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    summary: Mapped[str] = mapped_column(String(200))
    lines: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)
