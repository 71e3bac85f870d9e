"""vouchers indexed by (date, summary, source_id): importing a manual voucher looks for the same one
already booked (interchange/manual_duplicates.py); without the index each look-up read every manual
voucher of the book, and a 40,000-voucher import took 595 s holding the write lock

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_vouchers_date_summary", "vouchers", ["date", "summary", "source_id"])
    op.create_index("ix_vouchers_reverses", "vouchers", ["reverses_id"])


def downgrade() -> None:
    op.drop_index("ix_vouchers_reverses", table_name="vouchers")
    op.drop_index("ix_vouchers_date_summary", table_name="vouchers")
