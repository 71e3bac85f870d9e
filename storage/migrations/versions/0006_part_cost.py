"""document_lines.part_cost: the cost of the part of a sales return taken from goods not yet invoiced
(revenue at invoice moves it back out of 1406 发出商品; the invoiced rest comes out of 5401)

Revision ID: 0006
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_lines") as batch:
        batch.add_column(sa.Column("part_cost", storage.types.Fen(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("document_lines") as batch:
        batch.drop_column("part_cost")
