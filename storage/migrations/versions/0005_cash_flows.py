"""cash flows: each voucher's cash movement by 现金流量表 row, classified when written

Revision ID: 0005
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cash_flows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("amount", storage.types.Fen(), nullable=False),
        sa.Column("override", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["voucher_id"], ["vouchers.id"], name=op.f("fk_cash_flows_voucher_id_vouchers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_flows")),
    )
    op.create_index(op.f("ix_cash_flows_voucher_id"), "cash_flows", ["voucher_id"], unique=False)
    from storage.cash_flows import backfill
    backfill(op.get_bind())  # books written before this revision get their rows now


def downgrade() -> None:
    op.drop_index(op.f("ix_cash_flows_voucher_id"), table_name="cash_flows")
    op.drop_table("cash_flows")
