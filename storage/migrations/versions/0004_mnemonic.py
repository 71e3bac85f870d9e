"""助记码 (pinyin initials) beside the names of customers, suppliers and items

Revision ID: 0004
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("customers", "suppliers", "items")


def upgrade() -> None:
    from storage.mnemonic import mnemonic

    bind = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("mnemonic", sa.String(length=64), nullable=True))
            batch.create_index(f"ix_{table}_mnemonic", ["mnemonic"])
        rows = bind.execute(sa.text(f"SELECT id, name FROM {table}")).all()
        if rows:
            bind.execute(sa.text(f"UPDATE {table} SET mnemonic = :m WHERE id = :id"),
                         [{"m": mnemonic(name), "id": id_} for id_, name in rows])


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_mnemonic")
            batch.drop_column("mnemonic")
