"""简易计税 (ACCOUNTING.md version 3): a general taxpayer's sale at a levy rate credits 222109, never
销项税额, so input VAT cannot offset it; the close adds it to the surcharge base and leaves it on 222109."""
from __future__ import annotations

import copy
from decimal import Decimal as D

from usecases.closing import close_period, preview_close
from usecases.vouchers import post_period


def concrete_master(zf):
    """The test master plus 商品混凝土 at the 3% levy rate, 10 立方米 in stock at 100.00."""
    m = copy.deepcopy(zf.MASTER)
    m["items"].append({"code": "E005", "name": "商品混凝土", "unit": "立方米", "tax_rate": "0.03"})
    lines = m["opening_balances"]["lines"]
    lines.insert(-1, {"account": "1405", "item": "E005", "debit": "1000.00"})
    lines[-1] = {"account": "3001", "credit": "579300.00"}
    m["opening_stock"].append({"item": "E005", "warehouse": "W01", "qty": "10", "unit_cost": "100.00"})
    return m


def sale(item="E005", qty="2", price="515.00", n="1"):  # 1,030.00 at 3%: net 1,000.00, tax 30.00
    return [{"type": "sales_order", "no": f"SO-{n}", "date": "2026-11-02", "customer": "C001",
             "lines": [{"item": item, "qty": qty, "price": price}]},
            {"type": "outbound", "no": f"OUT-{n}", "date": "2026-11-03", "order": f"SO-{n}", "warehouse": "W01",
             "lines": [{"item": item, "qty": qty}]},
            {"type": "invoice", "no": f"INV-{n}", "date": "2026-11-05", "outbounds": [f"OUT-{n}"]}]


def test_a_levy_rate_sale_credits_222109_not_output_vat(new_book, zf):
    book = new_book(master=concrete_master(zf))
    zf.docs(book, *sale())
    assert zf.postings(zf.voucher_of(book, "invoice", "INV-1")) == ["Cr 222109 30.00", "Dr 222103 30.00"]
    assert zf.balance(book, "22210102") == D("0.00")
    zf.docs(book, {"type": "credit_note", "no": "HZ-1", "date": "2026-11-06", "invoice": "INV-1",
                   "lines": [{"item": "E005", "amount": "103.00"}]})  # 折让: net 100.00, tax 3.00
    assert "Cr 222109 -3.00" in zf.postings(zf.voucher_of(book, "credit_note", "HZ-1"))
    assert zf.balance(book, "222109") == D("-27.00")
    assert zf.findings(book) == {}


def test_under_revenue_at_invoice_too(new_book, zf):
    book = new_book(revenue="invoice", master=concrete_master(zf))
    zf.docs(book, *sale())
    assert "Cr 222109 30.00" in zf.postings(zf.voucher_of(book, "invoice", "INV-1"))
    assert zf.findings(book) == {}


def test_a_book_that_never_sells_at_a_levy_rate_keeps_its_chart(new_book, zf):
    book = new_book(master=concrete_master(zf))
    zf.docs(book, *sale(item="A001", qty="1", price="1130.00"))
    assert "222109" not in book.accounts
    assert "Cr 22210102 130.00" in zf.postings(zf.voucher_of(book, "invoice", "INV-1"))


def test_the_close_charges_surcharges_on_the_simple_tax_and_leaves_it_on_222109(new_book, zf):
    """Only the 30.00 of 简易计税 is due (no 销项): no transfer from 222101; 城建税 7% of 30.00 = 2.10
    (教育费附加 exempt: sales of 1,000.00 ≤ 100,000.00)."""
    book = new_book(master=concrete_master(zf))
    zf.docs(book, *sale())
    book.user = "主管"
    post_period(book, "2026-11")
    steps = {s["step"]: s for s in preview_close(book, "2026-11")["steps"]}
    assert "vat_transfer" not in steps
    assert [(ln["account"], ln["debit"], ln["credit"]) for ln in steps["surcharges"]["lines"]] == [
        ("540302", "2.10", "0.00"), ("222104", "0.00", "2.10")]
    close_period(book, "2026-11")
    assert zf.balance(book, "222109") == D("-30.00")
    assert zf.findings(book) == {}


def test_the_vat_report_shows_the_simple_tax_of_the_month(new_book, zf):
    from reports.vat import as_json, vat
    book = new_book(master=concrete_master(zf))
    zf.docs(book, *sale())
    month = as_json(vat(book, "2026-11", "2026-11"))["months"][0]
    assert (month["output"], month["simple_output"], month["simple"]) == ("0.00", "30.00", "30.00")


def test_check_finds_simple_method_tax_posted_to_output_vat(new_book, zf):
    """A second 3% invoice whose tax went to 销项税额 is found (invariant 18)."""
    from sqlalchemy import select, update

    from storage.models import Account, Document, Voucher, VoucherLine
    book = new_book(master=concrete_master(zf))
    zf.docs(book, *sale(), *sale(qty="1", price="515.00", n="2"))  # the second: net 500.00, tax 15.00
    simple, output = (book.session.scalar(select(Account.id).where(Account.code == c)) for c in ("222109", "22210102"))
    second = book.session.scalar(select(Voucher.id).join(Document, Document.voucher_id == Voucher.id)
                                 .where(Document.no == "INV-2"))
    book.session.execute(update(VoucherLine).where(VoucherLine.voucher_id == second, VoucherLine.account_id == simple)
                         .values(account_id=output))
    book.session.commit()
    assert zf.findings(book)["18 简易计税 sales are on 222109"] == [
        "222109 简易计税: 发票按征收率计算的税额为 45.00，其凭证记入 30.00"]
