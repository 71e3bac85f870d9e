"""Business documents, their lines, stock and open items (核销).

One table holds every document type (order, outbound, invoice, receipt, …): they share their
shape, and a line points at the upstream line it consumes (`src_line_id`), so 上查/下查 and open
quantities are queries over one table rather than a dozen near-copies.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, list_indexes
from storage.types import Fen, Price, Qty, Rate

ZERO = Decimal(0)


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("type", "no", name="uq_documents_type_no"),
        Index("ix_documents_customer", "customer_id", "date"),
        Index("ix_documents_ref", "ref_id"),
        Index("ix_documents_vat_no", "vat_no"),  # an invoice's number is checked unused (migration 0009)
        # each document list sorts by any column of its type and pages by keyset (migration 0014)
        Index("ix_documents_list_date", "type", "date", "no", "id"),
        *list_indexes("documents", "amount", "status", "created_by", "?vat_no", "?memo", within="type"),
        # what is still open, and what came after a day (migration 0015): dashboard, aging, alerts
        Index("ix_documents_open_work", "type", "status", "date"),
        Index("ix_documents_type_day", "type", "date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(24))
    no: Mapped[str] = mapped_column(String(40))
    date: Mapped[dt.date]
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    warehouse_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    ref_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # the upstream document
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))  # bank/cash of money docs
    amount: Mapped[Decimal] = mapped_column(Fen, default=ZERO)  # money docs; gross total otherwise
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | partly | done | closed
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("vouchers.id", use_alter=True))
    vat_no: Mapped[str | None] = mapped_column(String(20))
    vat_code: Mapped[str | None] = mapped_column(String(12))
    approved_by: Mapped[str | None] = mapped_column(String(64))
    memo: Mapped[str | None] = mapped_column(String(300))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    lines: Mapped[list[DocumentLine]] = relationship(
        back_populates="document", order_by="DocumentLine.seq", cascade="all, delete-orphan")


class DocumentLine(Base):
    """A line with its amounts. `part_*` is, on a return line, the part that came out of the
    upstream line's uninvoiced quantity (ACCOUNTING.md: returns before invoicing)."""

    __tablename__ = "document_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(12), default="goods")  # goods | allowance
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), index=True)
    src_line_id: Mapped[int | None] = mapped_column(ForeignKey("document_lines.id"), index=True)
    qty: Mapped[Decimal] = mapped_column(Qty, default=ZERO)
    price: Mapped[Decimal] = mapped_column(Price, default=ZERO)  # tax-inclusive unit price
    tax_rate: Mapped[Decimal] = mapped_column(Rate, default=ZERO)
    gross: Mapped[Decimal] = mapped_column(Fen, default=ZERO)
    net: Mapped[Decimal] = mapped_column(Fen, default=ZERO)
    tax: Mapped[Decimal] = mapped_column(Fen, default=ZERO)
    cost: Mapped[Decimal] = mapped_column(Fen, default=ZERO)
    part_qty: Mapped[Decimal] = mapped_column(Qty, default=ZERO)
    part_gross: Mapped[Decimal] = mapped_column(Fen, default=ZERO)
    part_net: Mapped[Decimal] = mapped_column(Fen, default=ZERO)
    part_tax: Mapped[Decimal] = mapped_column(Fen, default=ZERO)
    part_cost: Mapped[Decimal] = mapped_column(Fen, default=ZERO)  # cost of a return's uninvoiced part
    document: Mapped[Document] = relationship(back_populates="lines")


class StockBalance(Base):
    """Quantity and value on hand per item and warehouse (moving weighted average)."""

    __tablename__ = "stock"
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), primary_key=True)
    qty: Mapped[Decimal] = mapped_column(Qty, default=ZERO)
    value: Mapped[Decimal] = mapped_column(Fen, default=ZERO)


class StockMove(Base):
    """The stock ledger (存货明细): every receipt and issue with its value."""

    __tablename__ = "stock_moves"
    __table_args__ = (Index("ix_stock_moves_item", "item_id", "warehouse_id", "date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    date: Mapped[dt.date]
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    qty: Mapped[Decimal] = mapped_column(Qty)  # signed: + in, - out
    value: Mapped[Decimal] = mapped_column(Fen)  # signed
    # A move is written with its document before that document is flushed (posting flushes once,
    # not per line), so it names the document itself and the flush fills in doc_id.
    document: Mapped[Document | None] = relationship()


class OpenItem(Base):
    """An open item of a customer or supplier: a charge (invoice, opening balance) raises
    what is owed, a credit (receipt, payment, credit note) lowers it."""

    __tablename__ = "open_items"
    __table_args__ = (Index("ix_open_items_party", "party", "party_id", "side", "open"),
                      Index("ix_open_items_still_open", "party", "side", "open"))  # migration 0015
    id: Mapped[int] = mapped_column(primary_key=True)
    party: Mapped[str] = mapped_column(String(8))  # customer | supplier
    party_id: Mapped[int]
    side: Mapped[str] = mapped_column(String(8))  # charge | credit
    kind: Mapped[str] = mapped_column(String(32))  # opening | invoice | receipt | credit_note | purchase_credit_note | voucher …
    doc_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("vouchers.id"))
    ref: Mapped[str] = mapped_column(String(40))  # the document number, or 'opening'
    date: Mapped[dt.date]
    due: Mapped[dt.date]
    amount: Mapped[Decimal] = mapped_column(Fen)
    open: Mapped[Decimal] = mapped_column(Fen)


class Allocation(Base):
    """Part of a credit item applied to a charge item (核销)."""

    __tablename__ = "allocations"
    __table_args__ = (Index("ix_allocations_date", "date"),)  # what was applied after a day (migration 0015)
    id: Mapped[int] = mapped_column(primary_key=True)
    credit_id: Mapped[int] = mapped_column(ForeignKey("open_items.id"), index=True)
    charge_id: Mapped[int] = mapped_column(ForeignKey("open_items.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Fen)
    date: Mapped[dt.date]
