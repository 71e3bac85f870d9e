"""Adding to the maintained balances with one upsert per key, on SQLite and PostgreSQL."""
from __future__ import annotations

from decimal import Decimal
from functools import cache

from sqlalchemy.orm import Session

from storage.dialects import upsert
from storage.driver import execute_many
from storage.models import Balance


@cache
def _statement(dialect: str):
    """Built once per dialect: a constant statement is compiled once and cached by SQLAlchemy,
    where a multi-row VALUES of varying length was compiled anew for every voucher."""
    stmt = upsert(dialect, Balance.__table__)
    return stmt.on_conflict_do_update(
        index_elements=["account_id", "period", "customer_id", "supplier_id", "item_id"],
        set_={"debit": stmt.table.c.debit + stmt.excluded.debit, "credit": stmt.table.c.credit + stmt.excluded.credit})


def add_to_balances(session: Session, period: str, sums: dict[tuple, list[Decimal]]) -> None:
    """sums: (account_id, customer_id, supplier_id, item_id) → [debit, credit] to add."""
    if not sums:
        return
    rows = [dict(account_id=k[0], customer_id=k[1], supplier_id=k[2], item_id=k[3], period=period,
                 debit=v[0], credit=v[1]) for k, v in sums.items()]
    # every voucher does this: straight to SQLite's executemany (storage/driver.py)
    execute_many(session, _statement(session.get_bind().dialect.name), rows)
