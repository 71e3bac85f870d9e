"""The 现金流量表 row of each voucher's cash movement, decided when the voucher is written."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import Fen


class CashFlow(Base):
    """Part of a voucher's change in cash (1001/1002/1012) on one row of the statement; outflow rows
    hold money out as positive. `override` marks a row a person chose, kept with the voucher."""

    __tablename__ = "cash_flows"
    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id"), index=True)
    row: Mapped[int]
    amount: Mapped[Decimal] = mapped_column(Fen)
    override: Mapped[bool] = mapped_column(default=False)
