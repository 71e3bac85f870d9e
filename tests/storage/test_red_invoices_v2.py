"""Version 2 red-invoice rules (ACCOUNTING.md): an allowance names its invoice line, takes that line's
VAT rate and is capped by what is left of it; after an allowance, returns and goods credit notes on
the line are valued at its remaining amounts, so a fully returned line nets to zero."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.errors import Rejected


def chain(zf, book, lines, invoice_lines=None):
    zf.docs(book, {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C003", "lines": lines},
            {"type": "outbound", "no": "OUT-1", "date": "2026-11-03", "order": "SO-1", "warehouse": "W01",
             "lines": [{"item": ln["item"], "qty": ln["qty"]} for ln in lines]},
            {"type": "invoice", "no": "INV-1", "date": "2026-11-04",
             **({"lines": invoice_lines} if invoice_lines else {"outbounds": ["OUT-1"]})})


def cn(no, *lines, date="2026-11-10"):
    return {"type": "credit_note", "no": no, "date": date, "invoice": "INV-1", "lines": list(lines)}


def test_an_allowance_takes_its_invoice_lines_rate_not_the_items(book, zf):
    chain(zf, book, [{"item": "A001", "qty": "2", "price": "109.00", "tax_rate": "0.09"}])
    zf.docs(book, cn("CN-1", {"item": "A001", "amount": "109.00"}))
    assert zf.postings(zf.voucher_of(book, "credit_note", "CN-1")) == [
        "Cr 22210102 -9.00", "Cr 5001 -100.00", "Dr 1122/C003 -109.00"]


def test_an_allowance_is_capped_by_its_lines_remaining_gross(book, zf):
    chain(zf, book, [{"item": "A001", "qty": "1", "price": "1130.00"}, {"item": "B002", "qty": "10", "price": "10.90"}])
    with pytest.raises(Rejected, match="发票 INV-1 第 2 行剩余的 109.00"):
        zf.docs(book, cn("CN-1", {"item": "B002", "amount": "110.00"}))
    zf.docs(book, cn("CN-1", {"item": "B002", "amount": "100.00"}))
    with pytest.raises(Rejected, match="第 2 行剩余的 9.00"):
        zf.docs(book, cn("CN-2", {"item": "B002", "amount": "10.00"}))


def test_an_item_on_several_lines_needs_the_line_number(book, zf):
    chain(zf, book, [{"item": "A001", "qty": "1", "price": "1130.00"}, {"item": "A001", "qty": "1", "price": "1017.00"}])
    with pytest.raises(Rejected, match="请用行号指明"):
        zf.docs(book, cn("CN-1", {"item": "A001", "amount": "10.00"}))
    zf.docs(book, cn("CN-1", {"item": "A001", "amount": "1017.00", "line": 2}))
    with pytest.raises(Rejected, match="第 2 行剩余的"):
        zf.docs(book, cn("CN-2", {"item": "A001", "amount": "0.01", "line": 2}))


def test_after_an_allowance_a_full_return_nets_the_line_to_zero(book, zf):
    before = {c: zf.balance(book, c, customer="C003" if c == "1122" else None)
              for c in ("1122", "5001", "22210102", "222103")}
    chain(zf, book, [{"item": "B002", "qty": "3", "price": "7.77"}])
    zf.docs(book, cn("CN-1", {"item": "B002", "amount": "1.00"}),
            {"type": "sales_return", "no": "SR-1", "date": "2026-11-11", "outbound": "OUT-1", "warehouse": "W01",
             "lines": [{"item": "B002", "qty": "2"}]},
            {"type": "sales_return", "no": "SR-2", "date": "2026-11-12", "outbound": "OUT-1", "warehouse": "W01",
             "lines": [{"item": "B002", "qty": "1"}]},
            cn("CN-2", {"item": "B002", "qty": "3"}, date="2026-11-13"))
    after = {c: zf.balance(book, c, customer="C003" if c == "1122" else None) for c in before}
    assert after == before
    zf.assert_books_tie(book)


def test_goods_credit_notes_never_exceed_the_blue_line(book, zf):
    chain(zf, book, [{"item": "B002", "qty": "3", "price": "7.77"}])
    zf.docs(book, cn("CN-1", {"item": "B002", "amount": "23.31"}),
            {"type": "sales_return", "no": "SR-1", "date": "2026-11-11", "outbound": "OUT-1", "warehouse": "W01",
             "lines": [{"item": "B002", "qty": "3"}]},
            cn("CN-2", {"item": "B002", "qty": "3"}, date="2026-11-13"))
    assert zf.voucher_of(book, "credit_note", "CN-1")
    credited = sum(D(ln["debit"]) for v in zf.vouchers(book) if v["source"] and v["source"]["type"] == "credit_note"
                   for ln in v["lines"] if ln["account"] == "1122")
    assert credited == D("-23.31")
    zf.assert_books_tie(book)


def test_a_supplier_allowance_leaves_room_for_goods_returned_after_its_invoice(book, zf):
    """Goods sent back after the supplier's invoice wait for its red invoice, which credits them at the
    invoice line's amounts; an allowance on the line may take only what those goods leave, on the
    purchase side as on the sales side — else the goods' red invoice is cut short and 220202 and
    input VAT never clear."""
    before = {c: zf.balance(book, c, supplier="S001" if c == "220201" else None) for c in ("220201", "22210101")}
    zf.docs(book, {"type": "purchase_order", "no": "PO-1", "date": "2026-11-02", "supplier": "S001",
                   "lines": [{"item": "D004", "qty": "10", "price": "11.30"}]},
            {"type": "inbound", "no": "IN-1", "date": "2026-11-03", "order": "PO-1", "warehouse": "W01",
             "lines": [{"item": "D004", "qty": "10"}]},
            {"type": "purchase_invoice", "no": "PI-1", "date": "2026-11-04", "inbounds": ["IN-1"]},
            {"type": "purchase_return", "no": "PR-1", "date": "2026-11-05", "inbound": "IN-1", "warehouse": "W01",
             "lines": [{"item": "D004", "qty": "4"}]})

    def pcn(no, *lines):
        return {"type": "purchase_credit_note", "no": no, "date": "2026-11-10", "invoice": "PI-1", "lines": list(lines)}
    with pytest.raises(Rejected, match="超过发票 PI-1 第 1 行剩余的 67.80"):  # 113.00 less the 45.20 returned
        zf.docs(book, pcn("PCN-1", {"item": "D004", "amount": "100.00"}))
    zf.docs(book, pcn("PCN-1", {"item": "D004", "amount": "67.80"}), pcn("PCN-2", {"item": "D004", "qty": "4"}))
    # the goods' red invoice credits them whole, at the line's amounts (before the fix: cut to 13.00)
    assert zf.postings(zf.voucher_of(book, "purchase_credit_note", "PCN-2")) == [
        "Cr 220201/S001 -45.20", "Dr 220202/S001 -40.00", "Dr 22210101 -5.20"]
    # every yuan of the invoice is accounted for: 45.20 for the goods back, 67.80 allowed
    after = {c: zf.balance(book, c, supplier="S001" if c == "220201" else None) for c in before}
    assert after["220201"] - before["220201"] == D("0.00")
    assert after["22210101"] - before["22210101"] == D("0.00")
    zf.assert_books_tie(book)


def test_a_supplier_allowance_after_a_return_and_its_red_invoice_lowers_the_goods_kept(book, zf):
    """Issue 27: 10 bought, 4 sent back and credited; the 6 kept are all on hand, so an allowance of
    22.60 (net 20.00) lowers their stock value by the whole 20.00 — none of it is cost of sales."""
    zf.docs(book, {"type": "purchase_order", "no": "PO-1", "date": "2026-11-02", "supplier": "S001",
                   "lines": [{"item": "D004", "qty": "10", "price": "11.30"}]},
            {"type": "inbound", "no": "IN-1", "date": "2026-11-03", "order": "PO-1", "warehouse": "W01",
             "lines": [{"item": "D004", "qty": "10"}]},
            {"type": "purchase_invoice", "no": "PI-1", "date": "2026-11-04", "inbounds": ["IN-1"]},
            {"type": "purchase_return", "no": "PR-1", "date": "2026-11-05", "inbound": "IN-1", "warehouse": "W01",
             "lines": [{"item": "D004", "qty": "4"}]},
            {"type": "purchase_credit_note", "no": "PCN-1", "date": "2026-11-10", "invoice": "PI-1",
             "lines": [{"item": "D004", "qty": "4"}]},
            {"type": "purchase_credit_note", "no": "PCN-2", "date": "2026-11-11", "invoice": "PI-1",
             "lines": [{"item": "D004", "amount": "22.60"}]})
    postings = zf.postings(zf.voucher_of(book, "purchase_credit_note", "PCN-2"))
    assert "Dr 1405/D004 -20.00" in postings and not any("5401" in p for p in postings), postings
    zf.assert_books_tie(book)
    # 收发存汇总表 shows the allowance (a move of value alone): its closing value is 1405's
    from reports.stock import stock
    rows = [r for r in stock(book, "2026-11", "2026-11")["rows"] if r["item"] == "D004"]
    assert sum(r["closing_value"] for r in rows) == zf.balance(book, "1405", item="D004")
    assert sum(r["in_value"] for r in rows) == D("100.00") - D("20.00")  # 10 received at 10.00, then −20.00


def test_input_vat_on_a_partial_supplier_invoice_is_the_tax_printed_on_it(book, zf):
    """Issue 27: 3 × 47.88 = 143.64 received; invoiced 2 (95.76): the invoice prints 11.02 of tax
    (95.76 − round(95.76 / 1.13)); the portion rule relieves 220202 of 84.75 (of the line's 127.12)
    and the fen between 11.01 and 11.02 goes to 5401."""
    zf.docs(book, {"type": "purchase_order", "no": "PO-1", "date": "2026-11-02", "supplier": "S001",
                   "lines": [{"item": "A001", "qty": "3", "price": "47.88"}]},
            {"type": "inbound", "no": "IN-1", "date": "2026-11-03", "order": "PO-1", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "3"}]},
            {"type": "purchase_invoice", "no": "PI-1", "date": "2026-11-04",
             "lines": [{"inbound": "IN-1", "item": "A001", "qty": "2"}]})
    assert sorted(zf.postings(zf.voucher_of(book, "purchase_invoice", "PI-1"))) == sorted([
        "Dr 220202/S001 84.75", "Dr 22210101 11.02", "Dr 5401 -0.01", "Cr 220201/S001 95.76"])
    zf.docs(book, {"type": "purchase_invoice", "no": "PI-2", "date": "2026-11-05", "inbounds": ["IN-1"]})
    zf.assert_books_tie(book)
