"""close steps: fixed-asset cards, their monthly depreciation, recurring voucher templates

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fixed_assets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("cost", storage.types.Fen(), nullable=False),
        sa.Column("residual_rate", storage.types.Rate(), nullable=False),
        sa.Column("life_months", sa.Integer(), nullable=False),
        sa.Column("expense_account_id", sa.Integer(), nullable=False),
        sa.Column("acquired", sa.Date(), nullable=False),
        sa.Column("disposed_on", sa.Date(), nullable=True),
        sa.Column("disposal_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], name=op.f("fk_fixed_assets_doc_id_documents")),
        sa.ForeignKeyConstraint(["disposal_id"], ["documents.id"], name=op.f("fk_fixed_assets_disposal_id_documents")),
        sa.ForeignKeyConstraint(["expense_account_id"], ["accounts.id"],
                                name=op.f("fk_fixed_assets_expense_account_id_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fixed_assets")),
        sa.UniqueConstraint("doc_id", name=op.f("uq_fixed_assets_doc_id")),
    )
    op.create_table(
        "asset_depreciation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("amount", storage.types.Fen(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["fixed_assets.id"], name=op.f("fk_asset_depreciation_asset_id_fixed_assets")),
        sa.ForeignKeyConstraint(["voucher_id"], ["vouchers.id"], name=op.f("fk_asset_depreciation_voucher_id_vouchers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_depreciation")),
        sa.UniqueConstraint("asset_id", "period", name="uq_asset_depreciation_month"),
    )
    with op.batch_alter_table("asset_depreciation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asset_depreciation_asset_id"), ["asset_id"], unique=False)
    op.create_table(
        "voucher_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voucher_templates")),
        sa.UniqueConstraint("code", name=op.f("uq_voucher_templates_code")),
    )


def downgrade() -> None:
    op.drop_table("voucher_templates")
    with op.batch_alter_table("asset_depreciation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_depreciation_asset_id"))
    op.drop_table("asset_depreciation")
    op.drop_table("fixed_assets")
