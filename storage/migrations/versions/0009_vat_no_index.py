"""documents.vat_no indexed: every invoice checks that its 发票号码 was never used before, and without
an index that check read every document of the book

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_vat_no", "documents", ["vat_no"])


def downgrade() -> None:
    op.drop_index("ix_documents_vat_no", table_name="documents")
