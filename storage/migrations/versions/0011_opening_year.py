"""Books opened mid-year (ACCOUNTING.md version 3): asset cards held at the opening keep the
depreciation accumulated before the book began, and opening balance lines carry 年初余额 and
本年累计 beside the 期初余额, for the statements' year columns

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

YEAR_COLUMNS = ("year_debit", "year_credit", "ytd_debit", "ytd_credit")


def upgrade() -> None:
    with op.batch_alter_table("fixed_assets") as batch:
        batch.add_column(sa.Column("opening_accumulated", storage.types.Fen(), nullable=False, server_default="0"))
    with op.batch_alter_table("opening_balances") as batch:
        for name in YEAR_COLUMNS:
            batch.add_column(sa.Column(name, storage.types.Fen(), nullable=False, server_default="0"))
    # a book opened before: nothing of the year came before its opening, so 年初 is its 期初
    op.execute("UPDATE opening_balances SET year_debit = debit, year_credit = credit")


def downgrade() -> None:
    with op.batch_alter_table("opening_balances") as batch:
        for name in YEAR_COLUMNS:
            batch.drop_column(name)
    with op.batch_alter_table("fixed_assets") as batch:
        batch.drop_column("opening_accumulated")
