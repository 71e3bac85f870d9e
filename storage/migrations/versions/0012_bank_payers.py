"""bank_payers: who pays for whom, learned when a person confirms a bank line (BANKS.md version 3,
代付 — a person, a group company or a related firm paying a customer's invoices); bank_lines.balance:
the 余额 the bank printed on the line, for 银行存款余额调节表

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if "balance" not in {c["name"] for c in inspector.get_columns("bank_lines")}:
        op.add_column("bank_lines", sa.Column("balance", storage.types.Fen(), nullable=True))
    if inspector.has_table("bank_payers"):
        return  # a book created at this schema and stamped back (tests of older books do that)
    op.create_table(
        "bank_payers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(8), nullable=False),
        sa.Column("party_id", sa.Integer, nullable=False),
        sa.Column("payer", sa.String(200), nullable=False),
        sa.Column("account", sa.String(64), nullable=False, server_default=""),
        sa.Column("confirmations", sa.Integer, nullable=False, server_default="1"),
        sa.Column("confirmed_by", sa.String(64), nullable=False),
        sa.Column("first_confirmed_at", sa.DateTime, nullable=False),
        sa.Column("last_confirmed_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_payers")),
        sa.UniqueConstraint("party", "party_id", "payer", name="uq_bank_payers"),
    )
    op.create_index("ix_bank_payers_payer", "bank_payers", ["party", "payer"])


def downgrade() -> None:
    op.drop_index("ix_bank_payers_payer", table_name="bank_payers")
    op.drop_table("bank_payers")
    with op.batch_alter_table("bank_lines") as batch:
        batch.drop_column("balance")
