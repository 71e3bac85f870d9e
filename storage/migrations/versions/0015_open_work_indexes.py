"""what is still open, indexed: documents by (type, status, date) and (type, date), allocations by date,
open items by (party, side, open) — so the dashboard, aging, alerts and the close's preview read what
is open (and what changed after their day) instead of scanning the whole book on every click (issue 32)

Revision ID: 0015
Revises: 0013
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A book stamped at an older revision may already hold them (made from the models), as in 0014.
    op.create_index("ix_documents_open_work", "documents", ["type", "status", "date"], if_not_exists=True)
    op.create_index("ix_documents_type_day", "documents", ["type", "date"], if_not_exists=True)
    op.create_index("ix_allocations_date", "allocations", ["date"], if_not_exists=True)
    op.create_index("ix_open_items_still_open", "open_items", ["party", "side", "open"], if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_open_items_still_open", table_name="open_items")
    op.drop_index("ix_allocations_date", table_name="allocations")
    op.drop_index("ix_documents_type_day", table_name="documents")
    op.drop_index("ix_documents_open_work", table_name="documents")
