"""`check` finds what the version 2 rules forbid, when a book is altered behind the product's back."""
from __future__ import annotations

from sqlalchemy import text

CHAIN = [
    {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C001",
     "lines": [{"item": "B002", "qty": "10", "price": "7.77"}]},
    {"type": "outbound", "no": "OUT-1", "date": "2026-11-03", "order": "SO-1", "warehouse": "W01",
     "lines": [{"item": "B002", "qty": "10"}]},
    {"type": "invoice", "no": "INV-1", "date": "2026-11-04", "outbounds": ["OUT-1"]},
    {"type": "credit_note", "no": "CN-1", "date": "2026-11-05", "invoice": "INV-1",
     "lines": [{"item": "B002", "amount": "7.77"}]},
]


def tamper(book, sql):
    with book.unit():
        book.session.execute(text(sql))
    book.session.expire_all()


def found(zf, book, key):
    return [f for name, fs in zf.findings(book).items() if name.startswith(key) for f in fs]


def test_a_healthy_book_has_no_v2_findings(book, zf):
    zf.docs(book, *CHAIN)
    zf.assert_books_tie(book)


def test_stock_negative_at_an_earlier_date_is_found(book, zf):
    zf.docs(book, *CHAIN)
    tamper(book, "UPDATE stock_moves SET date = '2026-10-01' WHERE qty < 0")  # the issue before the opening stock
    assert any("B002" in f and "2026-10-01" in f for f in found(zf, book, "9 "))


def test_value_at_zero_quantity_is_found(book, zf):
    tamper(book, "UPDATE stock SET qty = 0 WHERE item_id = (SELECT id FROM items WHERE code = 'A001')")
    assert any("A001" in f and "quantity of 0" in f for f in found(zf, book, "9 "))


def test_red_beyond_the_blue_line_is_found(book, zf):
    zf.docs(book, *CHAIN)
    tamper(book, "UPDATE document_lines SET gross = gross + 10000 WHERE kind = 'allowance'")
    assert any("INV-1 line 1" in f for f in found(zf, book, "10 "))


def test_an_unposted_voucher_in_a_closed_period_is_found(book, zf):
    zf.docs(book, *CHAIN)
    tamper(book, "UPDATE periods SET status = 'closed' WHERE period = '2026-11'")
    assert any("2026-11" in f and "saved" in f for f in found(zf, book, "11 "))


def test_profit_left_on_3103_after_a_year_end_close_is_found(book, zf):
    zf.docs(book, {"type": "voucher", "date": "2026-12-20", "summary": "结转",
                   "lines": [{"account": "3103", "credit": "5.00"}, {"account": "100201", "debit": "5.00"}]})
    tamper(book, "UPDATE vouchers SET status = 'posted'")
    tamper(book, "UPDATE periods SET status = 'closed' WHERE period <= '2026-12'")
    assert any("3103" in f and "2026-12" in f for f in found(zf, book, "11 "))
