"""The month-end close through the use cases, with figures computed by hand: VAT transfer with and
without 留抵, surcharges by place and taxpayer, recurring vouchers, reopen and re-close, the
year-end carry, and a preview that changes nothing."""
from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from interchange.importer import import_data
from reports.trial_balance import trial_balance
from reports.vouchers import journal
from storage.models import AuditLog
from storage.queries.checks import run_checks
from usecases.closing import close_period, preview_close, reopen_period
from usecases.setup import init_book
from usecases.vouchers import post_period

F = "zhangfang-interchange/1"
# A001 1,130.00 incl. 13% (net 1,000.00, tax 130.00); L01 101.00 incl. 1% (net 100.00, tax 1.00)
MASTER = {
    "format": F,
    "accounts": [{"code": "100201", "name": "工商银行基本户", "parent": "1002"}],
    "customers": [{"code": "C1", "name": "华东机电有限公司"}],
    "suppliers": [{"code": "S1", "name": "苏州精工部件厂"}],
    "items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13", "price": "1130.00"},
              {"code": "L01", "name": "小件", "unit": "个", "tax_rate": "0.01", "price": "101.00"}],
    "warehouses": [{"code": "W01", "name": "主仓"}],
    "opening_balances": {"date": "2026-10-31", "lines": [
        {"account": "100201", "debit": "1000000.00"},
        {"account": "1405", "item": "A001", "debit": "60000.00"},
        {"account": "1405", "item": "L01", "debit": "100000.00"},
        {"account": "3001", "credit": "1160000.00"}]},
    "opening_stock": [{"item": "A001", "warehouse": "W01", "qty": "100", "unit_cost": "600.00"},
                      {"item": "L01", "warehouse": "W01", "qty": "2000", "unit_cost": "50.00"}],
}


def make_book(book_target, **init):
    """A general taxpayer's book charges A001 at 13% (L01 at the 3% simple levy, unsold here); a
    small-scale one may charge only levy rates, so A001 goes to 3% and L01 keeps the reduced 1%."""
    book = init_book(book_target(), "测试公司", "2026-11", **init)
    master = copy.deepcopy(MASTER)
    a001, l01 = master["items"]
    if init.get("taxpayer") == "small":
        a001["tax_rate"] = "0.03"
    else:
        l01["tax_rate"] = "0.03"
    import_data(book, master)
    return book


def sell(book, n, day, item, qty):
    """Order, ship and invoice `qty` of `item` on `day`."""
    import_data(book, {"format": F, "documents": [
        {"type": "sales_order", "no": f"SO-{n}", "date": day, "customer": "C1", "lines": [{"item": item, "qty": qty}]},
        {"type": "outbound", "no": f"OUT-{n}", "date": day, "order": f"SO-{n}", "warehouse": "W01",
         "lines": [{"item": item, "qty": qty}]},
        {"type": "invoice", "no": f"INV-{n}", "date": day, "outbounds": [f"OUT-{n}"]}]})


def buy(book, n, day, qty, price="791.00"):
    """Order, receive and get the invoice for `qty` A001 at 791.00 incl. 13% (net 700.00, tax 91.00)."""
    import_data(book, {"format": F, "documents": [
        {"type": "purchase_order", "no": f"PO-{n}", "date": day, "supplier": "S1",
         "lines": [{"item": "A001", "qty": qty, "price": price}]},
        {"type": "inbound", "no": f"IN-{n}", "date": day, "order": f"PO-{n}", "warehouse": "W01",
         "lines": [{"item": "A001", "qty": qty}]},
        {"type": "purchase_invoice", "no": f"PI-{n}", "date": day, "inbounds": [f"IN-{n}"]}]})


def close(book, period, amounts=None):
    """Another person (会计) posts the month and closes it; the preparer carries on afterwards."""
    preparer, book.user = book.user, "会计"
    try:
        post_period(book, period)
        return close_period(book, period, amounts)
    finally:
        book.user = preparer


def step_lines(book, period):
    """{summary: [(account, debit, credit)]} of the vouchers the close steps wrote (source close_step)."""
    out = {}
    for v in journal(book, period, period):
        if v["source"] and v["source"]["type"] in ("close_step", "close") and "冲销" not in v["summary"]:
            out[v["summary"]] = [(ln["account"], D(ln["debit"]), D(ln["credit"])) for ln in v["lines"]]
    return out


def closing(book, period, code):
    row = next((r for r in trial_balance(book, period, period)["rows"] if r["code"] == code), None)
    return (row["closing_debit"], row["closing_credit"]) if row else None


def no_findings(book):
    assert {k: v for k, v in run_checks(book).items() if v} == {}


@pytest.fixture
def book(book_target):
    b = make_book(book_target)
    yield b
    b.close()


def test_output_above_input_transfers_vat_and_accrues_all_three_surcharges(book):
    buy(book, 1, "2026-11-02", "100")  # 进项 100 × 91.00 = 9,100.00
    sell(book, 1, "2026-11-05", "A001", "150")  # 销项 150 × 130.00 = 19,500.00; sales 150,000.00
    written = close(book, "2026-11")
    assert [(v.source_type, v.preparer, v.status) for v in written] == [
        ("close_step", "系统", "posted"), ("close_step", "系统", "posted"), ("close", "系统", "posted")]
    steps = step_lines(book, "2026-11")
    # 19,500.00 − 9,100.00 = 10,400.00 owed; 城建税 7% 728.00, 教育费附加 3% 312.00, 地方教育附加 2% 208.00
    assert steps["2026-11 转出未交增值税（财会〔2016〕22号）"] == [("22210104", D("10400.00"), D("0.00")),
                                                        ("222102", D("0.00"), D("10400.00"))]
    surcharges = next(v for k, v in steps.items() if "计提附加税费" in k)
    assert surcharges == [("540302", D("728.00"), D("0.00")), ("222104", D("0.00"), D("728.00")),
                          ("540303", D("312.00"), D("0.00")), ("222105", D("0.00"), D("312.00")),
                          ("540304", D("208.00"), D("0.00")), ("222106", D("0.00"), D("208.00"))]
    # profit: 150,000.00 − cost 150 × 650.00 (average of 600 and 700) − 1,248.00 surcharges
    assert closing(book, "2026-11", "3103") == (D("0.00"), D("51252.00"))
    assert closing(book, "2026-11", "222101") == (D("0.00"), D("0.00"))
    no_findings(book)


def test_carried_input_vat_stays_then_offsets_the_next_month_and_the_year_end_empties_3103(book):
    buy(book, 1, "2026-11-02", "100")  # 进项 9,100.00
    sell(book, 1, "2026-11-05", "A001", "10")  # 销项 1,300.00: 7,800.00 留抵, nothing to transfer or levy
    close(book, "2026-11")
    assert [k for k in step_lines(book, "2026-11")] == ["结转2026-11损益"]
    assert closing(book, "2026-11", "222101") == (D("7800.00"), D("0.00"))
    sell(book, 2, "2026-12-05", "A001", "100")  # 销项 13,000.00 less 7,800.00 carried in; sales 100,000.00
    close(book, "2026-12")
    steps = step_lines(book, "2026-12")
    assert steps["2026-12 转出未交增值税（财会〔2016〕22号）"][0] == ("22210104", D("5200.00"), D("0.00"))
    # 5,200.00 × 7% = 364.00; the education surcharges are exempt (sales exactly 100,000.00)
    assert next(v for k, v in steps.items() if "计提附加税费" in k) == [("540302", D("364.00"), D("0.00")),
                                                                    ("222104", D("0.00"), D("364.00"))]
    # the year: (10,000.00 − 6,500.00) + (100,000.00 − 65,000.00 − 364.00) = 38,136.00 to 310401
    assert closing(book, "2026-12", "3103") in (None, (D("0.00"), D("0.00")))
    assert closing(book, "2026-12", "310401") == (D("0.00"), D("38136.00"))
    no_findings(book)


def test_a_county_company_pays_5_percent(book_target):
    book = make_book(book_target)
    import_data(book, {"format": F, "settings": {"location": "county"}})
    buy(book, 1, "2026-11-02", "100")
    sell(book, 1, "2026-11-05", "A001", "150")
    close(book, "2026-11")
    surcharges = next(v for k, v in step_lines(book, "2026-11").items() if "计提附加税费" in k)
    assert surcharges[:2] == [("540302", D("520.00"), D("0.00")), ("222104", D("0.00"), D("520.00"))]  # 10,400 × 5%
    book.close()


def test_a_small_scale_company_in_2026_pays_half_on_the_months_vat(book_target):
    book = make_book(book_target, taxpayer="small", filing="monthly")  # above 100,000.00: no exemption
    buy(book, 1, "2026-11-02", "10")  # 91.00 a unit on 22210101: no deduction for a small-scale base
    sell(book, 1, "2026-11-05", "L01", "1500")  # sales 150,000.00, VAT 1,500.00 at 1%
    close(book, "2026-11")
    steps = step_lines(book, "2026-11")
    assert not any("转出未交增值税" in k for k in steps)  # a small-scale taxpayer pays 222101 itself
    # 1,500.00 × 7% × 50% = 52.50; × 3% × 50% = 22.50; × 2% × 50% = 15.00
    assert next(v for k, v in steps.items() if "计提附加税费" in k) == [
        ("540302", D("52.50"), D("0.00")), ("222104", D("0.00"), D("52.50")),
        ("540303", D("22.50"), D("0.00")), ("222105", D("0.00"), D("22.50")),
        ("540304", D("15.00"), D("0.00")), ("222106", D("0.00"), D("15.00"))]
    book.close()


def test_reopen_reverses_every_step_and_logs_the_reason_and_a_re_close_writes_the_same(book):
    buy(book, 1, "2026-11-02", "100")
    sell(book, 1, "2026-11-05", "A001", "150")
    close(book, "2026-11")
    first = step_lines(book, "2026-11")
    before = trial_balance(book, "2026-11", "2026-11")
    assert reopen_period(book, "2026-11", "发票漏录") == 3
    log = book.session.scalars(select(AuditLog).where(AuditLog.action == "reopen")).one()
    assert "reason: 发票漏录" in log.detail
    assert closing(book, "2026-11", "222104") in (None, (D("0.00"), D("0.00")))  # the red reversal nets it out
    assert closing(book, "2026-11", "222102") in (None, (D("0.00"), D("0.00")))
    close_period(book, "2026-11")
    assert step_lines(book, "2026-11") == first
    again = trial_balance(book, "2026-11", "2026-11")
    pick = lambda tb: {r["code"]: (r["closing_debit"], r["closing_credit"]) for r in tb["rows"]}  # noqa: E731
    assert pick(again) == pick(before)
    no_findings(book)


def test_the_preview_shows_the_close_and_changes_nothing(book):
    buy(book, 1, "2026-11-02", "100")
    sell(book, 1, "2026-11-05", "A001", "150")
    book.user = "会计"
    post_period(book, "2026-11")
    vouchers, tb = journal(book, "2026-11", "2026-11"), trial_balance(book, "2026-11", "2026-11")
    plan = preview_close(book, "2026-11")
    assert journal(book, "2026-11", "2026-11") == vouchers and trial_balance(book, "2026-11", "2026-11") == tb
    assert plan["blocking"] == []
    assert [s["step"] for s in plan["steps"]] == ["vat_transfer", "surcharges", "profit_and_loss"]
    assert plan["steps"][1]["lines"][0] == {"account": "540302", "account_name": "城市维护建设税",
                                            "summary": "计提城市维护建设税 10400.00×7%",
                                            "debit": "728.00", "credit": "0.00"}
    close_period(book, "2026-11")
    assert [[(ln["account"], ln["debit"], ln["credit"]) for ln in s["lines"]] for s in plan["steps"]] == [
        [(a, f"{d:.2f}", f"{c:.2f}") for a, d, c in lines] for lines in step_lines(book, "2026-11").values()]


def test_a_blocked_preview_names_every_cause_in_one_line_each(book):
    sell(book, 1, "2026-11-05", "A001", "10")
    plan = preview_close(book, "2026-11")
    assert [(b["kind"], b["message"], b["subject"]) for b in plan["blocking"]] == [
        ("unposted_vouchers", "2 vouchers are not posted: 记-1, 记-2", {"type": "voucher", "no": "记-1"})]
    with pytest.raises(Exception, match="2 vouchers are not posted"):
        close_period(book, "2026-11")


def test_recurring_voucher_with_an_amount_asked_at_close(book):
    import_data(book, {"format": F, "voucher_templates": [
        {"code": "GZ", "summary": "计提工资", "lines": [{"account": "5602", "ask": True},
                                                   {"account": "5601", "debit": "5000.00"}, {"account": "2211"}]}]})
    book.user = "会计"
    with pytest.raises(Exception, match=r"voucher template GZ \(计提工资\) line 1 \(5602\).*--amount GZ:5602="):
        close_period(book, "2026-11")
    with pytest.raises(Exception, match="--amount GZ:5603: no voucher template asks for it"):
        close_period(book, "2026-11", {"GZ:5602": D("32000.00"), "GZ:5603": D("1.00")})
    close_period(book, "2026-11", {"GZ:5602": D("32000.00")})
    assert step_lines(book, "2026-11")["2026-11 凭证模板: 计提工资"] == [
        ("5602", D("32000.00"), D("0.00")), ("5601", D("5000.00"), D("0.00")), ("2211", D("0.00"), D("37000.00"))]
    assert closing(book, "2026-11", "3103") == (D("37000.00"), D("0.00"))
    no_findings(book)


def test_templates_refuse_unknown_fields_and_unbalanced_fixed_lines(book):
    with pytest.raises(Exception) as refused:
        import_data(book, {"format": F, "voucher_templates": [
            {"code": "FZ", "summary": "房租摊销", "lines": [{"account": "5602", "debit": "3000.00", "memo": "x"},
                                                        {"account": "1801", "credit": "2999.00"}]}]})
    text = str(refused.value)
    assert "voucher_templates[0] (FZ) line 1: field 'memo' is not a field of a template line" in text
    with pytest.raises(Exception, match="debits 3000.00 and credits 2999.00 do not balance"):
        import_data(book, {"format": F, "voucher_templates": [
            {"code": "FZ", "summary": "房租摊销", "lines": [{"account": "5602", "debit": "3000.00"},
                                                        {"account": "1801", "credit": "2999.00"}]}]})


def test_check_finds_an_unposted_voucher_in_a_closed_period_and_profit_left_after_the_year_end(book):
    from sqlalchemy import update

    from storage.models import Balance, Voucher
    sell(book, 1, "2026-11-05", "A001", "10")
    close(book, "2026-11")
    close(book, "2026-12")
    no_findings(book)
    book.session.execute(update(Voucher).where(Voucher.period == "2026-11", Voucher.number == 1)
                         .values(status="saved"))
    book.session.execute(update(Balance).where(Balance.account_id == book.account_id("3103"),
                                               Balance.period == "2026-12").values(credit=Balance.credit + D("12.34")))
    book.session.commit()
    assert run_checks(book)["11 closed periods hold posted vouchers only; 3103 is zero after a year-end close"] == [
        "closed period 2026-11 holds voucher 记-1, which is saved",
        "3103 is -12.34 after the year-end close of 2026-12; it should be zero"]


def test_a_tampered_balance_of_the_month_blocks_the_close(book):
    from sqlalchemy import update

    from storage.models import Balance
    sell(book, 1, "2026-11-05", "A001", "10")
    book.session.execute(update(Balance).where(Balance.account_id == book.account_id("5001"),
                                               Balance.period == "2026-11").values(credit=Balance.credit + D("1.00")))
    book.session.commit()
    causes = [(b["kind"], b["message"]) for b in preview_close(book, "2026-11")["blocking"]]
    assert ("trial_balance", "period 2026-11: debit 18600.00 ≠ credit 18601.00") in causes  # 11,300 + 6,000 + 1,300
    assert ("trial_balance", "period 2026-11 account 5001: kept balance 0.00/10001.00 but voucher lines say "
                             "0.00/10000.00") in causes


def test_vat_paid_within_the_month_beyond_what_was_owed_goes_out_as_overpaid(book):
    sell(book, 1, "2026-11-05", "A001", "10")  # 销项 1,300.00
    import_data(book, {"format": F, "documents": [{"type": "voucher", "date": "2026-11-15", "summary": "预缴增值税",
                                                   "lines": [{"account": "22210103", "debit": "2000.00"},
                                                             {"account": "100201", "credit": "2000.00"}]}]})
    close(book, "2026-11")
    # 2,000.00 paid against 1,300.00 owed: 700.00 多交 to 222102's debit side; the surcharges are on the
    # month's 1,300.00 due, prepaid or not (version 3): 城建税 91.00 (sales under 100,000.00: no 教育费附加)
    steps = step_lines(book, "2026-11")
    assert steps["2026-11 转出未交增值税（财会〔2016〕22号）"] == [("222102", D("700.00"), D("0.00")),
                                                        ("22210106", D("0.00"), D("700.00"))]
    assert next(v for k, v in steps.items() if "计提附加税费" in k) == [
        ("540302", D("91.00"), D("0.00")), ("222104", D("0.00"), D("91.00"))]
    assert closing(book, "2026-11", "222101") in (None, (D("0.00"), D("0.00")))
    no_findings(book)


# ---- version 3: the small-scale exemption, quarterly filing, prepaid VAT in the base ------------------
def small_quarterly(tmp_path):
    book = init_book(tmp_path / "q.sqlite", "小公司", "2026-10", taxpayer="small")
    master = copy.deepcopy(MASTER)
    master["items"][0]["tax_rate"] = "0.03"
    master["opening_balances"]["date"] = "2026-09-30"
    master["opening_stock"][1]["qty"] = "4000"  # 4,000 L01 at 50.00
    lines = master["opening_balances"]["lines"]
    lines[2]["debit"], lines[3]["credit"] = "200000.00", "1260000.00"
    import_data(book, master)
    return book


def test_a_small_scale_quarterly_book_under_300000_owes_no_vat_and_no_surcharges(tmp_path):
    """Oct 120,000.00 (above a month's 100,000.00), Nov 90,000.00, Dec 80,000.00 of 1% sales: the
    quarter's 290,000.00 is under 300,000.00, so its 2,900.00 of VAT goes to 5301 at December's close."""
    book = small_quarterly(tmp_path)
    assert book.settings["filing"] == "quarterly"
    for n, (month, qty) in enumerate((("2026-10", "1200"), ("2026-11", "900"), ("2026-12", "800")), 1):
        sell(book, n, f"{month}-05", "L01", qty)
        close(book, month)
        steps = step_lines(book, month)
        assert not any("计提附加税费" in k for k in steps), (month, steps)
        if month != "2026-12":
            assert not any("免征增值税" in k for k in steps), (month, steps)
    exempt = next(v for k, v in step_lines(book, "2026-12").items() if "免征增值税" in k)
    assert exempt == [("222101", D("2900.00"), D("0.00")), ("5301", D("0.00"), D("2900.00"))]
    assert closing(book, "2026-12", "222101") in (None, (D("0.00"), D("0.00")))
    assert {k: v for k, v in run_checks(book).items() if v} == {}
    book.close()


def test_a_small_scale_quarter_above_300000_owes_all_of_it(tmp_path):
    book = small_quarterly(tmp_path)
    for n, month in enumerate(("2026-10", "2026-11", "2026-12"), 1):
        sell(book, n, f"{month}-05", "L01", "1100")  # 110,000.00 a month: 330,000.00
        close(book, month)
    steps = step_lines(book, "2026-12")
    assert not any("免征增值税" in k for k in steps)
    # 3,300.00 × 7% × 50% = 115.50 on the quarter, at its last close
    assert next(v for k, v in steps.items() if "计提附加税费" in k)[:2] == [
        ("540302", D("115.50"), D("0.00")), ("222104", D("0.00"), D("115.50"))]
    book.close()


def test_vat_prepaid_in_the_month_is_in_the_surcharge_base(book):
    sell(book, 1, "2026-11-05", "A001", "10")  # 1,300.00 of output VAT
    import_data(book, {"format": F, "documents": [{"type": "voucher", "date": "2026-11-15", "summary": "异地预缴增值税",
                                                    "lines": [{"account": "22210103", "debit": "500.00"},
                                                              {"account": "100201", "credit": "500.00"}]}]})
    close(book, "2026-11")
    steps = step_lines(book, "2026-11")
    assert next(v for k, v in steps.items() if "转出未交增值税" in k)[0] == ("22210104", D("800.00"), D("0.00"))
    # the base is the month's 1,300.00 due, not the 800.00 left after the prepayment: 城建税 91.00
    assert next(v for k, v in steps.items() if "计提附加税费" in k)[:2] == [
        ("540302", D("91.00"), D("0.00")), ("222104", D("0.00"), D("91.00"))]


def test_check_finds_a_quarter_under_the_limit_without_its_exemption(tmp_path):
    from sqlalchemy import text
    book = small_quarterly(tmp_path)
    for n, month in enumerate(("2026-10", "2026-11", "2026-12"), 1):
        sell(book, n, f"{month}-05", "L01", "100")
        close(book, month)
    name = "15 a small-scale period under the limit took the VAT exemption"
    assert run_checks(book)[name] == []
    with book.unit():
        book.session.execute(text("UPDATE vouchers SET summary = '改过' WHERE summary LIKE '%免征增值税%'"))
    assert run_checks(book)[name] == ["period 2026-12: sales within 300000.00 but the VAT exemption was not taken"]
    book.close()
