"""BANKS.md version 3 on the engine alone: look-alike names told apart before anything is stripped, a
branch is not its head office, numbers in the book's own formats, 代付, learned payers, short unique
names, part payments naming their invoice, overpayments and advances to 2203, non-customer credits."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.matching.engine import match_lines
from domain.matching.model import Allocation, Knowledge, Line, OpenCharge, Party

D = Decimal
DAY = dt.date(2026, 11, 20)
JS = Party(1, "C001", "江苏恒力液压有限公司")
SZ = Party(2, "C002", "恒力液压（苏州）有限公司")
HQ = Party(3, "C003", "华东机电有限公司")
BR = Party(4, "C004", "华东机电有限公司苏州分公司")
ZJ = Party(5, "C005", "张记五金")
YF = Party(6, "C006", "杭州云帆电子科技有限公司")
ALL = (JS, SZ, HQ, BR, ZJ, YF)


def inv(pid: int, ref: str, amount: str, day: int = 1, orders: tuple[str, ...] = ()) -> OpenCharge:
    return OpenCharge(pid, ref, dt.date(2026, 10, day), D(amount), None, orders)


CHARGES = [inv(1, "XS2610001", "35460.00", 1, ("XSDD2609036",)), inv(1, "XS2610002", "12000.00", 2),
           inv(2, "XS2610003", "35460.00", 3), inv(3, "XS2610004", "8000.00", 4),
           inv(4, "XS2610005", "8000.00", 5), inv(5, "XS2610006", "4520.00", 6), inv(6, "XS2610007", "53100.00", 7)]


def one(amount: str, who: str = "", memo: str = "", knowledge: Knowledge | None = None):
    return match_lines([Line(1, DAY, D(amount), who, "", memo)], ALL, CHARGES, knowledge)[0]


def test_the_exact_legal_name_tells_look_alikes_apart():
    a = one("35460.00", "江苏恒力液压有限公司")
    assert (a.status, a.party_id, a.allocations) == ("accepted", 1, (Allocation("XS2610001", D("35460.00")),))
    b = one("35460.00", "恒力液压(苏州)有限公司")
    assert (b.status, b.party_id) == ("accepted", 2)
    assert one("35460.00", "恒力液压").status != "accepted"  # both are 恒力液压 once stripped


def test_a_branch_is_not_its_head_office():
    m = one("8000.00", "华东机电有限公司苏州分公司")
    assert (m.status, m.party_id, m.allocations[0].ref) == ("accepted", 4, "XS2610005")
    m = one("8000.00", "华东机电有限公司")
    assert (m.status, m.party_id, m.allocations[0].ref) == ("accepted", 3, "XS2610004")


def test_order_and_invoice_numbers_in_the_books_own_formats_without_a_hyphen():
    m = one("35460.00", "李四", "付XSDD2609036货款")
    assert (m.party_id, m.allocations[0].ref) == (1, "XS2610001") and "订单号" in m.reason
    m = one("12000.00", "李四", "XS-2610002")
    assert (m.status, m.party_id, m.allocations[0].ref) == ("accepted", 1, "XS2610002")


def test_a_one_character_typo_counts_only_when_it_names_one_document_of_the_customer():
    m = one("5000.00", "江苏恒力液压有限公司", "XS261O002 部分")  # O for 0; the payer is proven by name
    assert m.allocations == (Allocation("XS2610002", D("5000.00")),) and "差一个字符" in m.reason


def test_someone_else_pays_for_the_customer_the_memo_names():
    m = one("4520.00", "李四", "代张记五金付货款")
    assert (m.status, m.party_id, m.allocations[0].ref) == ("proposed", 5, "XS2610006")  # first sight: a person
    learned = Knowledge(payers={"李四": {5}})
    assert one("4520.00", "李四", "代张记五金付货款", learned).status == "accepted"
    assert one("4520.00", "李四", "货款", learned).status == "accepted"  # the learned payer alone


def test_a_group_company_paying_for_a_customer_is_not_taken_for_itself():
    m = one("4520.00", "江苏恒力液压有限公司", "代张记五金付款")
    assert (m.party_id, m.status) == (5, "proposed")


def test_a_short_name_only_one_customer_carries_and_an_exact_open_amount_is_auto_bookable():
    m = one("53100.00", "云帆电子")
    assert (m.status, m.party_id, m.allocations[0].ref) == ("accepted", 6, "XS2610007")
    assert one("50000.00", "云帆电子").status == "proposed"


def test_a_part_payment_naming_its_invoice_under_the_exact_legal_name_is_booked():
    m = one("10000.00", "江苏恒力液压有限公司", "XS2610002 部分货款")
    assert (m.status, m.allocations) == ("accepted", (Allocation("XS2610002", D("10000.00")),))
    assert one("10000.00", "李四", "XS2610002 部分货款").status == "proposed"  # the number alone: a person


def test_an_overpayment_settles_what_it_names_and_leaves_the_rest_unapplied():
    m = one("13000.00", "江苏恒力液压有限公司", "XS2610002")
    assert (m.status, m.allocations, m.advance) == ("accepted", (Allocation("XS2610002", D("12000.00")),),
                                                    D("1000.00"))
    m = one("40000.00", "江苏恒力液压有限公司")  # no memo: whole invoices only, never part of the next
    assert m.status == "proposed" and m.allocations == (Allocation("XS2610001", D("35460.00")),)
    assert m.advance == D("4540.00") and "2203" in m.reason


def test_an_advance_is_not_put_on_old_invoices():
    ahead = Knowledge(orders={"XSDD2611050": (1, "XSDD2611050")})
    m = one("12000.00", "江苏恒力液压有限公司", "XSDD2611050", ahead)  # equals XS2610002, but quotes a new order
    assert (m.status, m.allocations, m.advance) == ("accepted", (), D("12000.00")) and "2203" in m.reason
    m = one("12000.00", "江苏恒力液压有限公司", "预付款")
    assert (m.allocations, m.advance) == ((), D("12000.00"))


@pytest.mark.parametrize(("memo", "who", "account"), [
    ("结息", "中国建设银行", "5603"), ("出口退税", "国家金库苏州中心支库", "1221"), ("流动资金贷款发放", "", "2001"),
    ("投标保证金退还", "华东机电有限公司", "1221"), ("稳岗补贴", "苏州市人社局", "5301"),
    ("内部转账", "示例商贸有限公司", "1002"), ("银承到期托收", "", "1121")])
def test_non_customer_credits_are_proposed_to_their_accounts_never_to_invoices(memo, who, account):
    m = one("8000.00", who, memo)
    assert (m.party_id, m.allocations, m.status, m.account) == (None, (), "proposed", account)
