"""people (users with roles and argon2id password hashes) and the operation log's hash chain:
audit_log gains the record, the values before and after, the reason, its place in the chain and
its hashes; audit_head keeps the chain's end. Entries already in the log are chained in id order.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Each step only if not done yet: a book marked at an older revision may already hold them.
    have = sa.inspect(op.get_bind())
    tables = set(have.get_table_names())
    if "users" not in tables:
        op.create_table(
            "users",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(length=64), nullable=False),
            sa.Column("roles", sa.String(length=200), nullable=False),
            sa.Column("password_hash", sa.String(length=200), nullable=False),
            sa.Column("disabled", sa.Boolean(), nullable=False),
            sa.Column("failed_logins", sa.Integer(), nullable=False),
            sa.Column("locked_until", sa.DateTime(), nullable=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
            sa.UniqueConstraint("name", name=op.f("uq_users_name")),
        )
    if "audit_head" not in tables:
        op.create_table(
            "audit_head",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("seq", sa.Integer(), nullable=False),
            sa.Column("hash", sa.String(length=64), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
        )
    columns = {c["name"] for c in have.get_columns("audit_log")}
    for col in (sa.Column("record", sa.String(length=120), nullable=True),
                sa.Column("old_values", sa.Text(), nullable=True),
                sa.Column("new_values", sa.Text(), nullable=True),
                sa.Column("reason", sa.Text(), nullable=True),
                sa.Column("seq", sa.Integer(), nullable=True),
                sa.Column("prev_hash", sa.String(length=64), nullable=True),
                sa.Column("hash", sa.String(length=64), nullable=True)):
        if col.name not in columns:
            op.add_column("audit_log", col)
    if "ix_audit_log_seq" in {i["name"] for i in have.get_indexes("audit_log")}:
        op.drop_index("ix_audit_log_seq", table_name="audit_log")  # seq is renumbered below
    _chain_existing()
    op.create_index("ix_audit_log_seq", "audit_log", ["seq"], unique=True)


def _chain_existing() -> None:
    from domain.log_chain import FIELDS, entry_hash
    bind = op.get_bind()
    content = [f for f in FIELDS if f != "seq"]
    log = sa.table("audit_log", sa.column("id"), *(sa.column(f, sa.DateTime() if f == "at" else sa.Text())
                                                   for f in content), sa.column("seq"),
                   sa.column("prev_hash"), sa.column("hash"))
    prev, seq = "", 0
    for r in bind.execute(sa.select(log.c.id, *(log.c[f] for f in content)).order_by(log.c.id)).mappings().all():
        seq += 1
        entry = dict(r)
        entry["at"] = r["at"].replace(microsecond=0) if r["at"] is not None else None
        entry["seq"] = seq
        h = entry_hash(prev, entry)
        bind.execute(log.update().where(log.c.id == r["id"]).values(at=entry["at"], seq=seq, prev_hash=prev, hash=h))
        prev = h
    head = sa.table("audit_head", sa.column("id"), sa.column("seq"), sa.column("hash"))
    bind.execute(head.delete())
    bind.execute(head.insert().values(id=1, seq=seq, hash=prev))


def downgrade() -> None:
    op.drop_index("ix_audit_log_seq", table_name="audit_log")
    with op.batch_alter_table("audit_log") as batch:
        for name in ("hash", "prev_hash", "seq", "reason", "new_values", "old_values", "record"):
            batch.drop_column(name)
    op.drop_table("audit_head")
    op.drop_table("users")
