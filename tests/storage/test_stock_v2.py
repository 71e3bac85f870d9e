"""Version 2 stock and cost rules (ACCOUNTING.md): stock as of the document's date; purchase returns
clamped to the stock's value with the difference on 5401; goods returned after the supplier's
invoice need its red invoice (purchase_credit_note)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.errors import Rejected

PO = {"type": "purchase_order", "no": "PO-1", "date": "2026-11-01", "supplier": "S001",
      "lines": [{"item": "D004", "qty": "20", "price": "113.00", "tax_rate": "0.13"}]}


def inbound(no, qty, date="2026-11-10"):
    return {"type": "inbound", "no": no, "date": date, "order": "PO-1", "warehouse": "W01",
            "lines": [{"item": "D004", "qty": qty}]}


def so(qty="20", price="200.00"):
    return {"type": "sales_order", "no": "SO-1", "date": "2026-11-01", "customer": "C001",
            "lines": [{"item": "D004", "qty": qty, "price": price}]}


def out(no, qty, date):
    return {"type": "outbound", "no": no, "date": date, "order": "SO-1", "warehouse": "W01",
            "lines": [{"item": "D004", "qty": qty}]}


def test_an_outbound_may_not_take_goods_that_arrive_later(book, zf):
    zf.docs(book, PO, so(), inbound("IN-1", "10"))
    with pytest.raises(Rejected, match="2026-11-05 时"):
        zf.docs(book, out("OUT-1", "5", "2026-11-05"))
    zf.docs(book, out("OUT-1", "5", "2026-11-10"))
    zf.assert_books_tie(book)


def test_no_later_document_is_left_with_negative_stock(book, zf):
    zf.docs(book, PO, so(), inbound("IN-1", "10", "2026-11-02"), out("OUT-1", "8", "2026-11-20"),
            inbound("IN-2", "10", "2026-11-25"))
    # 10 in on 11-02 and 8 out on 11-20: only 2 may leave on 11-10, though 12 are on hand today
    with pytest.raises(Rejected, match="超过 D004 在仓库 W01 的库存 2"):
        zf.docs(book, out("OUT-2", "3", "2026-11-10"))
    zf.docs(book, out("OUT-2", "2", "2026-11-10"))


def test_a_second_line_of_the_same_item_counts_what_the_first_takes_and_what_arrives_later(book, zf):
    """Stock on 11-10 is what is on hand less what moves after it: 20 on hand (10 on 11-02, 10 on
    11-25) leaves 10 for 11-10; the first line takes 6 (not yet written when the second is checked),
    so the second may take 4, and 5 is refused naming its line."""
    zf.docs(book, PO, so(), inbound("IN-1", "10", "2026-11-02"), inbound("IN-2", "10", "2026-11-25"))
    two_lines = out("OUT-1", "6", "2026-11-10") | {"lines": [{"item": "D004", "qty": "6"}, {"item": "D004", "qty": "5"}]}
    with pytest.raises(Rejected, match="超过 D004 在仓库 W01 的库存 4") as refused:
        zf.docs(book, two_lines)
    assert "line 2" in str(refused.value)
    zf.docs(book, two_lines | {"lines": [{"item": "D004", "qty": "6"}, {"item": "D004", "qty": "4"}]})
    zf.assert_books_tie(book)


def test_a_purchase_return_at_an_old_cost_keeps_stock_value_between_zero_and_its_own(book, zf):
    """10 D004 at 100 net came in; the average fell after cheaper goods arrived and most were sold; the
    return of the last 5 units takes exactly what is left and the difference goes to 5401."""
    zf.docs(book, {**PO, "lines": [{"item": "D004", "qty": "10", "price": "113.00"}]},
            {"type": "purchase_order", "no": "PO-2", "date": "2026-11-01", "supplier": "S001",
             "lines": [{"item": "D004", "qty": "10", "price": "11.30"}]},
            inbound("IN-1", "10", "2026-11-02"),
            {"type": "inbound", "no": "IN-2", "date": "2026-11-03", "order": "PO-2", "warehouse": "W01",
             "lines": [{"item": "D004", "qty": "10"}]},
            so("15"), out("OUT-1", "15", "2026-11-04"))
    assert zf.stock(book, "D004", "W01") == (D(5), D("275.00"))  # 1100 × 5/20
    zf.docs(book, {"type": "purchase_return", "no": "PR-1", "date": "2026-11-05", "inbound": "IN-1",
                   "warehouse": "W01", "lines": [{"item": "D004", "qty": "5"}]})
    assert zf.stock(book, "D004", "W01") == (D(0), D("0.00"))
    assert zf.postings(zf.voucher_of(book, "purchase_return", "PR-1")) == [
        "Cr 220202/S001 -500.00", "Dr 1405/D004 -275.00", "Dr 5401 -225.00"]
    zf.assert_books_tie(book)


def test_goods_returned_after_the_purchase_invoice_take_its_red_invoice(book, zf):
    zf.docs(book, PO, inbound("IN-1", "10", "2026-11-02"),
            {"type": "purchase_invoice", "no": "PI-1", "date": "2026-11-03", "inbounds": ["IN-1"]},
            {"type": "purchase_return", "no": "PR-1", "date": "2026-11-04", "inbound": "IN-1",
             "warehouse": "W01", "lines": [{"item": "D004", "qty": "4"}]},
            {"type": "purchase_credit_note", "no": "PCN-1", "date": "2026-11-05", "invoice": "PI-1",
             "lines": [{"item": "D004", "qty": "4"}]})
    assert zf.postings(zf.voucher_of(book, "purchase_credit_note", "PCN-1")) == [
        "Cr 220201/S001 -452.00", "Dr 220202/S001 -400.00", "Dr 22210101 -52.00"]
    assert zf.balance(book, "220202", supplier="S001") == D("0.00")
    with pytest.raises(Rejected, match="超过"):
        zf.docs(book, {"type": "purchase_credit_note", "no": "PCN-2", "date": "2026-11-05", "invoice": "PI-1",
                       "lines": [{"item": "D004", "qty": "1"}]})
    zf.assert_books_tie(book)


def test_a_supplier_allowance_lowers_stock_value_while_on_hand_else_cost_of_sales(book, zf):
    zf.docs(book, PO, inbound("IN-1", "10", "2026-11-02"),
            {"type": "purchase_invoice", "no": "PI-1", "date": "2026-11-03", "inbounds": ["IN-1"]},
            {"type": "purchase_credit_note", "no": "PCN-1", "date": "2026-11-05", "invoice": "PI-1",
             "lines": [{"item": "D004", "amount": "113.00"}]})
    assert zf.postings(zf.voucher_of(book, "purchase_credit_note", "PCN-1")) == [
        "Cr 220201/S001 -113.00", "Dr 1405/D004 -100.00", "Dr 22210101 -13.00"]
    assert zf.stock(book, "D004", "W01") == (D(10), D("900.00"))
    zf.docs(book, so("10"), out("OUT-1", "10", "2026-11-06"),
            {"type": "purchase_credit_note", "no": "PCN-2", "date": "2026-11-07", "invoice": "PI-1",
             "lines": [{"item": "D004", "amount": "11.30"}]})
    assert zf.postings(zf.voucher_of(book, "purchase_credit_note", "PCN-2")) == [
        "Cr 220201/S001 -11.30", "Dr 22210101 -1.30", "Dr 5401 -10.00"]
    zf.assert_books_tie(book)
