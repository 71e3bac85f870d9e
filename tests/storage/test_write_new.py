"""Rows written before a flush as plain INSERTs (storage/write_new.py), an import applied without a
savepoint per row (Book.optimistic), and what a rolled-back savepoint leaves pinned: each gives the
same book as the slow way, and a refusal still changes nothing."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError

from domain.errors import Rejected
from interchange.importer import import_data
from storage.models import Customer, Document, DocumentLine, Item, Period, StockBalance, StockMove
from storage.refs import by_code
from tests import engines
from tests.rows import sales
from usecases import docs

ORDER = {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C001",
         "lines": [{"item": "A001", "qty": "10", "price": "1130.00"}, {"item": "B002", "qty": "50", "price": "7.77"}]}


def _count(book, model) -> int:
    return book.session.scalar(select(func.count()).select_from(model))


def _ids(book, model) -> list[int]:
    return list(book.session.scalars(select(model.id).order_by(model.id)))


def test_a_shipment_s_rows_are_the_session_s_own_and_leave_it_when_its_unit_rolls_back(book):
    import_data(book, {"documents": [ORDER]})
    lines_before, moves_before = _count(book, DocumentLine), _count(book, StockMove)
    with book.unit():
        with pytest.raises(Rejected, match="refused after"), book.unit():
            out = sales.ship(book, "OUT-1", "2026-11-03", "SO-1", "W01", [{"item": "A001", "qty": "3"}])
            doc = book.session.get(Document, out.id)
            assert sa_inspect(doc).persistent and not sa_inspect(doc).modified
            assert [ln.qty for ln in doc.lines] == [Decimal("3.0000")]
            raise Rejected("refused after the outbound was written")
        assert book.session.get(Document, out.id) is None
        assert (_count(book, DocumentLine), _count(book, StockMove)) == (lines_before, moves_before)
        again = sales.ship(book, "OUT-1", "2026-11-03", "SO-1", "W01", [{"item": "A001", "qty": "3"}])
        # the id goes back to the next row, as SQLite would give it (a server's sequence never goes back)
        assert again.id == out.id or engines.on_postgresql()
    book.refresh()
    stored = book.session.scalar(select(Document).where(Document.no == "OUT-1"))
    assert stored.voucher_id is not None and [ln.qty for ln in stored.lines] == [Decimal("3.0000")]


def test_what_a_rolled_back_shipment_changed_is_read_again_from_the_book(book, zf):
    import_data(book, {"documents": [ORDER]})
    with book.unit():
        order = book.session.scalar(select(Document).where(Document.no == "SO-1"))
        on_hand = zf.stock(book, "A001", "W01")
        with pytest.raises(Rejected), book.unit():
            sales.ship(book, "OUT-1", "2026-11-03", "SO-1", "W01", [{"item": "A001", "qty": "10"},
                                                                    {"item": "B002", "qty": "50"}])
            assert order.status == "done" and not sa_inspect(order).modified  # written, not pending
            raise Rejected("refused after the order was marked done")
        assert order.status == "open" and zf.stock(book, "A001", "W01") == on_hand
        row = book.session.get(StockBalance, (order.lines[0].item_id, 1))
        assert (row.qty, row.value) == (on_hand[0], on_hand[1])
    book.refresh()
    assert book.session.scalar(select(Document.status).where(Document.no == "SO-1")) == "open"


def test_ids_given_before_a_flush_follow_rows_the_unit_of_work_wrote_meanwhile(book):
    line = {"item": "A001", "qty": "1", "price": "1130.00"}
    with book.unit():
        first = sales.create_sales_order(book, "SO-A", "2026-11-02", "C001", [line])
        # a new customer in the same flush: the unit of work writes everything, the next order too
        book.session.add(Customer(code="C900", name="新客户有限公司", mnemonic=""))
        book.session.add(Document(type="sales_order", no="SO-B", date=dt.date(2026, 11, 2), customer_id=1,
                                  created_by="t", created_at=dt.datetime.now()))
        book.session.flush()
        third = sales.create_sales_order(book, "SO-C", "2026-11-02", "C001", [line])
    assert _ids(book, Document)[-3:] == [first.id, first.id + 1, first.id + 2] == [first.id, first.id + 1, third.id]


def test_a_good_file_and_the_same_file_with_a_bad_row_give_the_book_it_should(book, tmp_path):
    good = [ORDER, {"type": "outbound", "no": "OUT-1", "date": "2026-11-03", "order": "SO-1", "warehouse": "W01",
                    "lines": [{"item": "A001", "qty": "3"}]}]
    bad = [*good[:1], {"type": "outbound", "no": "OUT-9", "date": "2026-11-03", "order": "SO-1",
                       "warehouse": "W01", "lines": [{"item": "A001", "qty": "99"}]},
           *good[1:], {"type": "sales_order", "no": "SO-2", "date": "2026-11-04", "customer": "C404",
                       "lines": [{"item": "A001", "qty": "1", "price": "1.00"}]}]
    before = (_count(book, Document), _count(book, DocumentLine), _count(book, StockMove))
    with pytest.raises(Rejected) as refused:
        import_data(book, {"documents": bad})
    where = [p.where for p in refused.value.problems]
    # the fast pass stopped at the first refusal; the careful one found both, and the good rows between
    assert any("OUT-9" in w for w in where) and any("SO-2" in w for w in where) and len(where) == 2
    assert (_count(book, Document), _count(book, DocumentLine), _count(book, StockMove)) == before
    import_data(book, {"documents": good})
    assert _count(book, Document) == before[0] + 2 and _count(book, StockMove) == before[2] + 1


def test_a_failed_unit_inside_an_optimistic_run_taints_it_and_stays_until_the_run_rolls_back(book):
    with pytest.raises(RuntimeError, match="tainted"), book.unit(), book.optimistic():
        with pytest.raises(Rejected), book.unit():
            book.session.add(Customer(code="C901", name="半途客户", mnemonic=""))
            raise Rejected("refused half-way")
        assert book.tainted and book.session.scalar(select(Customer).where(Customer.code == "C901"))
        raise RuntimeError("tainted: the caller rolls back")
    assert not book.tainted and book.session.scalar(select(Customer).where(Customer.code == "C901")) is None
    with book.unit():  # outside optimistic() a nested unit is a savepoint again, undone alone
        with pytest.raises(Rejected), book.unit():
            book.session.add(Customer(code="C902", name="半途客户", mnemonic=""))
            raise Rejected("refused half-way")
        assert not book.tainted and book.session.scalar(select(Customer).where(Customer.code == "C902")) is None


def test_a_rolled_back_savepoint_keeps_rows_found_before_it_and_forgets_the_rest(book):
    import_data(book, {"documents": [ORDER]})
    with book.unit():
        a_line = min(book.session.scalar(select(Document).where(Document.no == "SO-1")).lines, key=lambda ln: ln.seq)
        assert docs.downstream(book, a_line.id, ("outbound",)) == []  # kept for the unit
        by_code(book, Customer, "C001")  # found and kept
        with pytest.raises(Rejected), book.unit():
            sales.ship(book, "OUT-1", "2026-11-03", "SO-1", "W01", [{"item": "A001", "qty": "3"}])
            assert len(docs.downstream(book, a_line.id, ("outbound",))) == 1
            sales.create_sales_order(book, "SO-J", "2027-11-05", "C001", [{"item": "A001", "qty": "1"}])
            raise Rejected("refused after a shipment and an order in a period opened for it")
        # the kept list changed in place inside the savepoint: forgotten, read again
        assert docs.downstream(book, a_line.id, ("outbound",)) == []
        assert book.session.get(Period, "2027-11") is None
        read: list[str] = []

        def statement(_conn, _cursor, sql, *_rest):
            read.append(sql)

        event.listen(book.engine, "before_cursor_execute", statement)  # every statement, on either engine
        try:
            by_code(book, Customer, "C001")  # the customer found before is still that row: not read again
        finally:
            event.remove(book.engine, "before_cursor_execute", statement)
        assert not [q for q in read if "FROM customers" in q]
        done = sales.create_sales_order(book, "SO-J2", "2027-11-06", "C001",
                                        [{"item": "A001", "qty": "1", "price": "1.00"}])
    book.refresh()  # the period is opened again for the order that stays
    assert book.session.get(Period, "2027-11").status == "open" and book.session.get(Document, done.id).no == "SO-J2"


def test_a_row_expired_and_then_changed_is_written(book):
    import_data(book, {"documents": [ORDER]})
    doc = book.session.scalar(select(Document).where(Document.no == "SO-1"))
    book.refresh()  # every loaded row is expired (so is every row after a refused save)
    with book.unit():
        doc.memo = "called the customer"  # set without reading the row first
    book.refresh()
    assert book.session.scalar(select(Document.memo).where(Document.no == "SO-1")) == "called the customer"


def test_a_line_added_to_a_written_document_leaves_it_when_the_savepoint_rolls_back(book):
    import_data(book, {"documents": [ORDER]})
    with book.unit():
        so = book.session.scalar(select(Document).where(Document.no == "SO-1"))
        before = [ln.seq for ln in so.lines]
        with pytest.raises(Rejected), book.unit():
            so.lines.append(DocumentLine(seq=9, item_id=so.lines[0].item_id, qty=Decimal(1)))
            book.session.flush()
            raise Rejected("refused after the line was written")
        assert [ln.seq for ln in so.lines] == before


def test_a_database_error_in_an_optimistic_run_leaves_the_book_usable(book):
    with pytest.raises(IntegrityError), book.unit(), book.optimistic(), book.unit():
        book.session.add(Customer(code="C001", name="重复", mnemonic=""))  # the database refuses it
    import_data(book, {"documents": [ORDER]})
    assert book.session.scalar(select(Document.no).where(Document.no == "SO-1")) == "SO-1"


def test_the_identity_key_made_here_is_sqlalchemy_s_own_for_every_table_written_here():
    """write_new finds a row the session still holds under a reused id by this key: were it another
    shape than SQLAlchemy's (an upgrade changing it), the stale row would silently stay."""
    from sqlalchemy.orm.util import identity_key

    from storage.write_new import FAST, identity_of
    for cls in FAST:
        assert identity_of(cls, 7) == identity_key(cls, 7), cls.__name__


def test_a_row_added_without_the_cascade_is_written_and_undone_like_any_other(book):
    """A row added alone is written and undone with its savepoint; a row that names another through a
    relationship is added with the rows it names."""
    from storage.write_new import add_new
    with book.unit():
        with pytest.raises(Rejected), book.unit():
            alone = Document(type="receipt", no="RC-X", date=dt.date(2026, 11, 5), created_by="u",
                             created_at=dt.datetime(2026, 11, 5))
            add_new(book.session, alone)
            assert alone in book.session.new
            book.session.flush()
            assert book.session.get(Document, alone.id) is alone
            raise Rejected("undone")
        assert alone not in book.session and sa_inspect(alone).transient
        order = Document(type="sales_order", no="SO-X", date=dt.date(2026, 11, 5), created_by="u",
                         created_at=dt.datetime(2026, 11, 5))
        line = DocumentLine(seq=1, item_id=by_code(book, Item, "A001").id,
                            qty=Decimal(1), document=order)  # names its order through the relationship
        add_new(book.session, line)
        assert order in book.session.new and line in book.session.new
    assert book.session.scalar(select(func.count()).select_from(DocumentLine).where(DocumentLine.doc_id == order.id)) == 1


def test_a_row_given_more_than_columns_goes_to_the_constructor(book):
    from storage.write_new import new_row
    with pytest.raises(TypeError):
        new_row(Document, type="outbound", colour="red")
    with book.unit():
        order = new_row(Document, type="sales_order", no="SO-Y", date=dt.date(2026, 11, 5), created_by="u",
                        created_at=dt.datetime(2026, 11, 5))
        line = new_row(DocumentLine, seq=1, item_id=by_code(book, Item, "A001").id, qty=Decimal(1), document=order)
        assert line in order.lines  # the relationship's backref ran: the constructor built it
        book.session.add(order)
    book.refresh()
    assert [ln.seq for ln in book.session.get(Document, order.id).lines] == [1]


def test_an_explicit_update_is_written_at_once_and_undone_with_its_savepoint(book):
    """set_now writes a loaded row's new values with one UPDATE, leaving nothing for a flush; a rolled
    back savepoint reads them again. A row not yet written just takes the values."""
    from storage.write_new import set_now
    import_data(book, {"documents": [ORDER]})
    with book.unit():
        order = book.session.scalar(select(Document).where(Document.no == "SO-1"))
        before = order.status
        with pytest.raises(Rejected), book.unit():
            set_now(book, order, status="partly")
            assert order.status == "partly" and not sa_inspect(order).modified
            stored = book.session.connection().execute(select(Document.status).where(Document.id == order.id))
            assert stored.scalar() == "partly"
            raise Rejected("undone")
        assert order.status == before
        fresh = Document(type="receipt", no="RC-N", date=dt.date(2026, 11, 5), created_by="u",
                         created_at=dt.datetime(2026, 11, 5))
        book.session.add(fresh)
        set_now(book, fresh, status="done")
        assert fresh in book.session.new and fresh.status == "done"
    book.refresh()
    assert book.session.scalar(select(Document.status).where(Document.no == "RC-N")) == "done"
