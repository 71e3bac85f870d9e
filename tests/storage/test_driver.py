"""storage/driver.py writes and reads rows on the driver's own cursor. What it stores must be exactly
what SQLAlchemy would have stored: the quick bind paths are held beside each type's own processing
(taken through the public `type.dialect_impl(dialect).bind_processor(dialect)`, for SQLite and
PostgreSQL), and a row written by insert_rows reads back through the ORM as it went in."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Boolean, Date, DateTime, String, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.driver import binder, fetch, insert_rows
from storage.models import Voucher, VoucherLine
from storage.types import Fen, Price, Qty, Rate

DIALECT = sqlite.dialect()
DIALECTS = [sqlite.dialect(), postgresql.psycopg.dialect()]


def own_processor(type_, dialect=DIALECT):
    """The type's own bind processing, through SQLAlchemy's public API."""
    return type_.dialect_impl(dialect).bind_processor(dialect)

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
    quick, own = binder(type_(), DIALECT), own_processor(type_())
    assert quick is not None and quick.__qualname__.startswith("_"), "no quick path: this compares a function with itself"
    for value in VALUES[type_]:
        assert quick(value) == own(value) and type(quick(value)) is type(own(value)), value


@pytest.mark.parametrize("type_", list(BAD), ids=lambda t: t.__name__)
def test_a_bad_value_is_refused_as_the_type_refuses_it(type_):
    quick, own = binder(type_(), DIALECT), own_processor(type_())
    for value in BAD[type_]:
        with pytest.raises(Exception) as mine:
            quick(value)
        with pytest.raises(Exception) as theirs:
            own(value)
        assert (type(mine.value), str(mine.value)) == (type(theirs.value), str(theirs.value)), value


def test_a_type_without_a_quick_path_keeps_its_own():
    flag = Boolean()
    own = own_processor(flag)
    assert own is not None and binder(flag, DIALECT).__qualname__ == own.__qualname__
    assert [binder(flag, DIALECT)(v) for v in (True, False)] == [own(v) for v in (True, False)]
    assert binder(String(), DIALECT) is None  # nothing to do for text on SQLite


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
@pytest.mark.parametrize("type_", [Fen, Qty, Rate, Price, Date, DateTime, Boolean, String], ids=lambda t: t.__name__)
def test_every_engine_s_bind_is_the_type_s_own_output(type_, dialect):
    """On PostgreSQL too: whatever binder gives (a quick path or none) writes what the type writes."""
    quick, own = binder(type_(), dialect), own_processor(type_(), dialect)
    assert (quick is None) == (own is None)
    for value in VALUES.get(type_, {Boolean: [True, False], String: ["x"]}.get(type_, [])):
        if own is not None:
            assert quick(value) == own(value) and type(quick(value)) is type(own(value)), value


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
