"""storage/driver.py writes and reads rows on SQLite's own cursor. What it stores must be exactly what
SQLAlchemy would have stored: the quick bind paths are held beside each type's own processing, and a
row written by insert_rows reads back through the ORM as it went in."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Boolean, Date, DateTime, String, select
from sqlalchemy.dialects import sqlite

from storage.driver import binder, fetch, insert_rows
from storage.models import Voucher, VoucherLine
from storage.types import Fen, Price, Qty, Rate

DIALECT = sqlite.dialect()

VALUES = {
    Fen: [Decimal("0"), Decimal("0.00"), Decimal("-0.00"), Decimal("1130.00"), Decimal("-3"), Decimal("1E+3"),
          Decimal("12345678901234567890.12"), 0, 7, -7, True],
    Qty: [Decimal("3"), Decimal("0.0001"), Decimal("-2.5000"), Decimal("1E-4"), 12],
    Rate: [Decimal("0.13"), Decimal("0.0050"), 0],
    Price: [Decimal("1130.000001"), Decimal("0.000001"), Decimal("5")],
    Date: [dt.date(2026, 11, 3), dt.date(1, 1, 1), dt.date(999, 12, 31), dt.datetime(2026, 11, 3, 10, 5)],
    DateTime: [dt.datetime(2026, 12, 1, 11, 24, 6, 123456), dt.datetime(2026, 12, 1), dt.date(2026, 12, 1),
               dt.datetime(2026, 12, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=8)))],
}
BAD = {
    Fen: [Decimal("0.001"), Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), 1.5, "1.00"],
    Qty: [Decimal("0.00001")],
    Date: ["2026-11-03", 20261103],
    DateTime: ["2026-12-01 00:00:00"],
}


@pytest.mark.parametrize("type_", list(VALUES), ids=lambda t: t.__name__)
def test_the_quick_bind_gives_what_the_type_itself_gives(type_):
    quick, own = binder(type_(), DIALECT), type_()._cached_bind_processor(DIALECT)
    assert quick is not own, "no quick path was taken: this test would compare a function with itself"
    for value in VALUES[type_]:
        assert quick(value) == own(value) and type(quick(value)) is type(own(value)), value


@pytest.mark.parametrize("type_", list(BAD), ids=lambda t: t.__name__)
def test_a_bad_value_is_refused_as_the_type_refuses_it(type_):
    quick, own = binder(type_(), DIALECT), type_()._cached_bind_processor(DIALECT)
    for value in BAD[type_]:
        with pytest.raises(Exception) as mine:
            quick(value)
        with pytest.raises(Exception) as theirs:
            own(value)
        assert (type(mine.value), str(mine.value)) == (type(theirs.value), str(theirs.value)), value


def test_a_type_without_a_quick_path_keeps_its_own():
    flag = Boolean()
    own = flag._cached_bind_processor(DIALECT)
    assert own is not None and binder(flag, DIALECT) is own
    assert binder(String(), DIALECT) is None  # nothing to do for text on SQLite


def test_rows_written_by_the_driver_read_back_through_the_orm_as_they_went_in(book):
    with book.unit():
        v = Voucher(period="2026-11", word="记", number=1, date=dt.date(2026, 11, 5), summary="测试", status="saved",
                    total=Decimal("1130.00"), preparer="会计", created_at=dt.datetime(2026, 1, 5, 9, 30, 1, 500))
        book.session.add(v)
        book.session.flush()
        cash, sales = book.account_id("1002"), book.account_id("5001")
        insert_rows(book.session, VoucherLine.__table__, [
            {"voucher_id": v.id, "seq": 1, "summary": "收款", "account_id": cash, "debit": Decimal("1130.00"),
             "credit": Decimal("0"), "qty": Decimal("2.5")},
            {"voucher_id": v.id, "seq": 2, "summary": "收入", "account_id": sales, "credit": Decimal("1130.00")}])
        found = fetch(book.session, select(VoucherLine.seq, VoucherLine.debit, VoucherLine.credit, VoucherLine.qty)
                      .where(VoucherLine.voucher_id == v.id).order_by(VoucherLine.seq), {})
    assert found == [(1, Decimal("1130.00"), Decimal("0.00"), Decimal("2.5000")),
                     (2, Decimal("0.00"), Decimal("1130.00"), None)]
    book.session.expire_all()
    again = book.session.get(Voucher, v.id)
    assert again.created_at == dt.datetime(2026, 1, 5, 9, 30, 1, 500)
    assert [(ln.account_id, ln.debit, ln.credit) for ln in again.lines] == [
        (cash, Decimal("1130.00"), Decimal("0.00")), (sales, Decimal("0.00"), Decimal("1130.00"))]
