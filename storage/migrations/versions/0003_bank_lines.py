"""bank lines, column mappings per account, learned evidence, alert log

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("bank_account_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("amount", storage.types.Fen(), nullable=False),
        sa.Column("counterparty", sa.String(length=200), nullable=False),
        sa.Column("counterparty_account", sa.String(length=64), nullable=False),
        sa.Column("memo", sa.String(length=500), nullable=False),
        sa.Column("bank_ref", sa.String(length=80), nullable=True),
        sa.Column("dedup_key", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("voucher_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_bank_lines_account_id_accounts")),
        sa.ForeignKeyConstraint(["bank_account_id"], ["bank_accounts.id"],
                                name=op.f("fk_bank_lines_bank_account_id_bank_accounts")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_bank_lines_document_id_documents")),
        sa.ForeignKeyConstraint(["voucher_id"], ["vouchers.id"], name=op.f("fk_bank_lines_voucher_id_vouchers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_lines")),
        sa.UniqueConstraint("account_id", "dedup_key", name="uq_bank_lines_dedup"),
    )
    op.create_index("ix_bank_lines_status", "bank_lines", ["account_id", "status", "date"])
    op.create_table(
        "bank_mappings",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("columns", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_bank_mappings_account_id_accounts")),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_bank_mappings")),
    )
    op.create_table(
        "party_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("party", sa.String(length=8), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("confirmed_by", sa.String(length=64), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_evidence")),
        sa.UniqueConstraint("kind", "party", "party_id", "value", name="uq_party_evidence"),
    )
    op.create_index("ix_party_evidence_value", "party_evidence", ["kind", "value"])
    op.create_table(
        "alert_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_type", sa.String(length=24), nullable=False),
        sa.Column("subject_no", sa.String(length=80), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_log")),
    )
    op.create_index("ix_alert_log_subject", "alert_log", ["kind", "subject_type", "subject_no"])


def downgrade() -> None:
    op.drop_index("ix_alert_log_subject", table_name="alert_log")
    op.drop_table("alert_log")
    op.drop_index("ix_party_evidence_value", table_name="party_evidence")
    op.drop_table("party_evidence")
    op.drop_table("bank_mappings")
    op.drop_index("ix_bank_lines_status", table_name="bank_lines")
    op.drop_table("bank_lines")
