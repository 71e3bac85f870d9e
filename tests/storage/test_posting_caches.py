"""What posting keeps for a unit of work stays true: the lines downstream of an upstream document,
the last document number of a prefix, and the voucher rows written without the unit of work."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from domain.errors import Rejected
from domain.voucher import LineDraft, VoucherDraft
from interchange.importer import import_data
from storage.ledger import write_voucher, written_lines
from storage.models import Balance, CashFlow, Document, DocumentLine, Voucher, VoucherLine
from tests import engines
from tests.rows import cash, sales
from usecases import docs
from usecases.docs import downstream, next_number

ORDER = {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C001",
         "lines": [{"item": "A001", "qty": "10", "price": "1130.00"}, {"item": "B002", "qty": "50", "price": "7.77"}]}


def _ship(book, no: str, qty: str) -> None:
    sales.ship(book, no, "2026-11-03", "SO-1", "W01", [{"item": "A001", "qty": qty}])


def test_downstream_kept_for_the_unit_sees_documents_written_after_it_was_read(book):
    import_data(book, {"documents": [ORDER]})
    with book.unit():
        so = book.session.scalar(select(Document).where(Document.no == "SO-1"))
        a_line, b_line = sorted(so.lines, key=lambda ln: ln.seq)
        assert downstream(book, a_line.id, ("outbound",)) == []  # read and kept
        _ship(book, "OUT-1", "3")
        _ship(book, "OUT-2", "4")
        shipped = downstream(book, a_line.id, ("outbound",))
        assert [ln.qty for ln in shipped] == [Decimal("3.0000"), Decimal("4.0000")]
        assert downstream(book, b_line.id, ("outbound",)) == []
        assert downstream(book, a_line.id, ("invoice",)) == []
        # a shipment of more than is open is still refused with what is open, counting both
        with pytest.raises(Rejected, match="超过 SO-1 尚未执行的 3"):
            _ship(book, "OUT-3", "4")
        assert [ln.qty for ln in downstream(book, a_line.id, ("outbound",))] == [Decimal("3.0000"), Decimal("4.0000")]


def test_a_line_nobody_asked_about_still_learns_what_consumes_it(book):
    import_data(book, {"documents": [ORDER]})
    with book.unit():
        so = book.session.scalar(select(Document).where(Document.no == "SO-1"))
        a_line, b_line = sorted(so.lines, key=lambda ln: ln.seq)
        assert downstream(book, a_line.id, ("outbound",)) == []  # the order is read; B002 never asked
        out = Document(type="outbound", no="OUT-B", date=dt.date(2026, 11, 3), created_by="t",
                       created_at=dt.datetime.now())
        book.session.add(out)
        out.lines.append(DocumentLine(seq=1, item_id=b_line.item_id, src_line_id=b_line.id, qty=Decimal(5)))
        book.session.flush()
        assert [ln.qty for ln in downstream(book, b_line.id, ("outbound",))] == [Decimal(5)]
        # and an order written in this unit is known without reading it back
        new = sales.create_sales_order(book, "SO-2", "2026-11-02", "C001", [{"item": "A001", "qty": "2"}])
        line = book.session.get(Document, new.id).lines[0]
        sales.ship(book, "OUT-2", "2026-11-03", "SO-2", "W01", [{"item": "A001", "qty": "2"}])
        assert [ln.qty for ln in downstream(book, line.id, ("outbound",))] == [Decimal("2.0000")]


def test_unflushed_lines_are_counted_only_where_asked(book):
    import_data(book, {"documents": [ORDER]})
    with book.unit():
        so = book.session.scalar(select(Document).where(Document.no == "SO-1"))
        a_line = min(so.lines, key=lambda ln: ln.seq)
        out = Document(type="outbound", no="OUT-X", date=dt.date(2026, 11, 3), created_by="t",
                       created_at=dt.datetime.now())
        book.session.add(out)
        out.lines.append(DocumentLine(seq=1, item_id=a_line.item_id, src_line_id=a_line.id, qty=Decimal(2)))
        counted = downstream(book, a_line.id, ("outbound",), unflushed_too=True)
        assert [ln.qty for ln in counted] == [Decimal(2)] and counted[0].kind == "goods"
        assert out.id is None  # counted as it is, not written early
        flushed = downstream(book, a_line.id, ("outbound",))
        assert out.id is not None and [ln.id for ln in flushed] == [counted[0].id]


def test_next_number_follows_documents_numbered_by_hand_in_the_same_unit(book):
    day = dt.date(2026, 11, 2)
    with book.unit():
        assert next_number(book, "sales_order", day) == "SO-202611-0001"
        sales.create_sales_order(book, "SO-202611-0007", "2026-11-02", "C001", [{"item": "A001", "qty": "1"}])
        assert next_number(book, "sales_order", day) == "SO-202611-0008"
        sales.create_sales_order(book, None, "2026-11-02", "C001", [{"item": "A001", "qty": "1"}])
        assert next_number(book, "sales_order", day) == "SO-202611-0009"
        # SQL's LIKE matches the prefix in either case, and the kept number does too
        sales.create_sales_order(book, "so-202611-0050", "2026-11-02", "C001", [{"item": "A001", "qty": "1"}])
        top = max(int(no[10:]) for no in book.session.scalars(
            select(Document.no).where(Document.type == "sales_order", Document.no.ilike("SO-202611-%"))))
        assert next_number(book, "sales_order", day) == f"SO-202611-{top + 1:04d}"


DRAFT = VoucherDraft("测试", [LineDraft(account="100201", debit=Decimal("10.00")),
                             LineDraft(account="3001", credit=Decimal("10.00"))])


def test_a_voucher_written_reads_back_as_it_was_written(book):
    with book.unit():
        before = book.session.scalar(select(func.count()).select_from(Balance))
        v = write_voucher(book, DRAFT, dt.date(2026, 11, 5), attachments=3)
        row = book.session.get(Voucher, v.id)
        assert (row.period, row.word, row.number, row.total, row.attachments, row.status) == (
            "2026-11", "记", v.number, Decimal("10.00"), 3, "saved")
        stored = [(ln.seq, book.account_code(ln.account_id), ln.debit, ln.credit) for ln in row.lines]
        assert stored == [(1, "100201", Decimal("10.00"), Decimal("0.00")), (2, "3001", Decimal("0.00"), Decimal("10.00"))]
        assert [(ln.seq, ln.debit, ln.credit) for ln in written_lines(book, v)] == [(s, d, c) for s, _, d, c in stored]
        assert book.session.scalar(select(func.count()).select_from(Balance)) > before
        row.attachments = 2  # a change to the row read after writing is flushed like any other
    book.refresh()
    assert book.session.get(Voucher, v.id).attachments == 2


@pytest.mark.sqlite_only  # ids are max + 1 on SQLite only; a server's sequence never gives one back
def test_a_voucher_takes_the_id_of_one_deleted_and_the_session_forgets_what_it_held_of_that_one(book):
    with book.unit():
        old = book.session.get(Voucher, write_voucher(book, DRAFT, dt.date(2026, 11, 5)).id)
        conn = book.session.connection()  # past the session: it still holds `old`
        for table, column in ((CashFlow.__table__, "voucher_id"), (VoucherLine.__table__, "voucher_id"),
                              (Voucher.__table__, "id")):
            conn.execute(delete(table).where(table.c[column] == old.id))
        assert book.session.get(Voucher, old.id) is old
        book.unpin(("next id", "vouchers"))
        new = write_voucher(book, VoucherDraft("另一张", DRAFT.lines), dt.date(2026, 11, 6))
        assert new.id == old.id
        assert book.session.get(Voucher, new.id).summary == "另一张"


def test_a_voucher_written_in_a_unit_that_rolls_back_leaves_nothing(book):
    written = []
    with book.unit():
        with pytest.raises(Rejected), book.unit():
            written.append(write_voucher(book, DRAFT, dt.date(2026, 11, 5)))
            assert book.session.get(Voucher, written[0].id) is not None
            raise Rejected("refused after the voucher was written")
        v = written[0]
        assert book.session.get(Voucher, v.id) is None
        assert not book.session.scalar(select(func.count()).select_from(VoucherLine).where(VoucherLine.voucher_id == v.id))
        again = write_voucher(book, DRAFT, dt.date(2026, 11, 5))  # takes the number (and on SQLite the id) back
        assert again.number == v.number
        assert again.id == v.id or engines.on_postgresql()  # a server's sequence never goes back
        assert written_lines(book, again)[0].debit == Decimal("10.00")
        assert book.session.get(Voucher, again.id).number == again.number


def test_a_link_written_past_the_session_is_read_again_after_a_rollback(book):
    import_data(book, {"documents": [ORDER]})
    with book.unit():
        so = book.session.scalar(select(Document).where(Document.no == "SO-1"))
        with pytest.raises(Rejected), book.unit():
            docs._link(book, so, write_voucher(book, DRAFT, dt.date(2026, 11, 5)).id)
            assert so.voucher_id is not None and so not in book.session.dirty
            raise Rejected("refused after the link was written")
        assert so.voucher_id is None  # expired by the rollback, read again from the database


def test_a_voucher_read_inside_a_unit_that_rolls_back_is_let_go_with_it(book):
    """Its row was written as plain SQL, so SQLAlchemy does not know to drop it on the rollback: the
    book does, or the session would keep answering for a voucher the database no longer has."""
    held = []
    with book.unit():
        with pytest.raises(Rejected), book.unit():
            v = write_voucher(book, DRAFT, dt.date(2026, 11, 5))
            held.append(book.session.get(Voucher, v.id))
            assert [ln.seq for ln in held[0].lines] == [1, 2]
            raise Rejected("refused after the voucher was read")
        assert held[0] not in book.session
        assert book.session.get(Voucher, v.id) is None


def test_a_document_s_result_shows_its_voucher_as_it_stands_not_as_it_was_written(book):
    """The values written are kept for the unit; a voucher reviewed later in the same unit is the
    session's row, and the result reads that."""
    from usecases.results import posted
    with book.unit():
        doc = book.session.get(Document, cash.receipt(book, "RC-1", "2026-11-20", "C001", "100.00", "100201").id)
        assert posted(book, doc).voucher.status == "saved"
        book.session.get(Voucher, doc.voucher_id).status = "reviewed"
        assert posted(book, doc).voucher.status == "reviewed"
