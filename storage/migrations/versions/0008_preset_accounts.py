"""Accounts the preset chart gained since a book was created (1406, the 财会〔2016〕22号 VAT columns,
the surcharge and income-tax payables, 5403's taxes): the month-end close posts to them

Revision ID: 0008
Revises: 0007

A wave-1 book has none of them, and its close would find no 22210104 to transfer VAT through. Each
missing preset account is added under its parent in the preset's order, for the book's taxpayer type
(a small-scale book keeps 222101 as one leaf) — except under a parent that is still a leaf and
already carries entries: its balance would be stranded on an account nobody can post to, so that
subtree is left out (the close then names what is missing instead).
"""

import tomllib

import sqlalchemy as sa
from alembic import op

from resources import resource

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

CHARTS = resource("charts")


def _has_entries(bind, account_id: int) -> bool:
    return any(bind.execute(sa.text(f"SELECT 1 FROM {t} WHERE account_id = :a LIMIT 1"), {"a": account_id}).first()
               for t in ("voucher_lines", "opening_balances", "balances"))


def upgrade() -> None:
    bind = op.get_bind()
    settings = dict(bind.execute(sa.text("SELECT key, value FROM settings")).all())
    if "company" not in settings:
        return  # a book being created: init loads the whole chart itself
    chart = CHARTS / f"{settings.get('standard', 'small')}.toml"
    if not chart.is_file():
        return
    taxpayer = settings.get("taxpayer", "general")
    rows = tomllib.loads(chart.read_text(encoding="utf-8"))["accounts"]
    accounts = {code: (id_, level, leaf) for id_, code, level, leaf in
                bind.execute(sa.text("SELECT id, code, level, is_leaf FROM accounts")).all()}
    for row in rows:
        if row["code"] in accounts or row.get("taxpayer", taxpayer) != taxpayer:
            continue
        parent = accounts.get(row.get("parent", ""))
        if row.get("parent") and parent is None:
            continue  # its parent was left out
        if parent is not None and parent[2] and _has_entries(bind, parent[0]):
            continue
        bind.execute(sa.text(
            "INSERT INTO accounts (code, name, parent_id, level, side, category, aux, is_leaf, active) "
            "VALUES (:code, :name, :parent_id, :level, :side, :category, :aux, :yes, :yes)"),
            {"code": row["code"], "name": row["name"], "parent_id": parent[0] if parent else None,
             "level": parent[1] + 1 if parent else 1, "side": row["side"], "category": row["category"],
             "aux": row.get("aux"), "yes": True})  # a bound boolean: PostgreSQL takes no 1 for true
        if parent is not None:
            bind.execute(sa.text("UPDATE accounts SET is_leaf = :no WHERE id = :id"), {"id": parent[0], "no": False})
        new_id = bind.execute(sa.text("SELECT id FROM accounts WHERE code = :c"), {"c": row["code"]}).scalar()
        accounts[row["code"]] = (new_id, parent[1] + 1 if parent else 1, True)
        if parent is not None:
            accounts[row["parent"]] = (parent[0], parent[1], False)


def downgrade() -> None:
    pass  # accounts may carry entries by then; they stay
