"""The matching engine on its own: evidence rules of BANKS.md and precision/recall on a generated month."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from domain.matching.engine import match_lines
from domain.matching.model import Allocation, Knowledge, Line, OpenCharge, Party
from domain.matching.names import head_office, normalize
from tests.domain.matching_cases import generate

D = Decimal
DAY = dt.date(2026, 4, 10)
HD = Party(1, "C001", "上海华东机电有限公司", "91310000MA1K000019")
HQ = Party(2, "C002", "华东电气集团有限公司")


def inv(pid: int, ref: str, amount: str, day: int = 1, vat: str | None = None, orders: tuple[str, ...] = ()) -> OpenCharge:
    return OpenCharge(pid, ref, dt.date(2026, 3, day), D(amount), vat, orders)


def line(amount: str, counterparty: str = "", memo: str = "", account: str = "", lid: int = 1) -> Line:
    return Line(lid, DAY, D(amount), counterparty, account, memo)


def one(lines, charges, parties=(HD, HQ), knowledge=None):
    return match_lines(lines if isinstance(lines, list) else [lines], parties, charges, knowledge)[0]


def test_names_normalise_brackets_suffixes_and_places():
    assert normalize("上海华东机电有限公司") == "华东机电"
    assert normalize("华东机电（上海）有限公司") == "华东机电"
    assert normalize("上海市 华东机电 股份有限公司") == "华东机电"
    assert normalize("江苏省苏州华东机电集团有限公司") == "华东机电"
    assert normalize("ＡＢＣ科技有限责任公司") == "abc科技"
    assert normalize("华东机电有限公司苏州分公司") == "华东机电@苏州分公司"  # a branch is not its head office
    assert head_office(normalize("华东机电有限公司苏州分公司")) == "华东机电"
    assert normalize("华东电气集团有限公司") != normalize("上海华东机电有限公司")


def test_exact_open_amount_of_a_named_customer_is_accepted():
    m = one(line("11300.00", "华东机电(上海)有限公司"), [inv(1, "INV-1", "11300.00"), inv(1, "INV-2", "500.00")])
    assert (m.status, m.party_id, m.allocations) == ("accepted", 1, (Allocation("INV-1", D("11300.00")),))
    assert m.confidence >= 0.85 and "一致" in m.reason


def test_two_equal_invoices_are_a_proposal_suggesting_the_older():
    m = one(line("500.00", "上海华东机电有限公司"), [inv(1, "INV-2", "500.00", 9), inv(1, "INV-1", "500.00", 2)])
    assert m.status == "proposed" and m.allocations == (Allocation("INV-1", D("500.00")),)
    assert "需人工确认" in m.reason


def test_combination_oldest_first_and_fee_to_5603():
    charges = [inv(1, "INV-1", "100.00", 1), inv(1, "INV-2", "230.00", 2), inv(1, "INV-3", "999.00", 3)]
    m = one(line("330.00", "华东机电"), charges)
    assert m.status == "accepted" and {a.ref for a in m.allocations} == {"INV-1", "INV-2"}
    m = one(line("984.00", "华东机电"), charges)  # a fee is a proposal until one was confirmed for the customer
    assert m.status == "proposed" and m.fee == D("15.00") and m.allocations == (Allocation("INV-3", D("999.00")),)
    m = one(line("984.00", "华东机电"), charges, knowledge=Knowledge(fee_parties={1}))
    assert m.status == "accepted" and m.fee == D("15.00") and m.allocations == (Allocation("INV-3", D("999.00")),)
    assert "5603" in m.reason


def test_an_account_seen_on_two_customers_stops_counting():
    charges = [inv(1, "INV-1", "800.00"), inv(2, "INV-9", "800.00")]
    learned = Knowledge({"6222000011112222": {1}})
    assert one(line("800.00", "张伟", account="6222000011112222"), charges, knowledge=learned).status == "accepted"
    shared = Knowledge({"6222000011112222": {1, 2}})
    m = one(line("800.00", "张伟", account="6222000011112222"), charges, knowledge=shared)
    assert m.status == "unmatched" and "不作为依据" in m.reason


def test_memo_numbers_tax_id_invoice_and_order_identify_the_customer():
    charges = [inv(1, "INV-1", "100.00", vat="12345678"), inv(1, "INV-2", "100.00", vat="0" * 19 + "1",
                                                               orders=("SO-0007",))]
    assert one(line("100.00", "王芳", "发票12345678货款"), charges).allocations[0].ref == "INV-1"
    assert one(line("100.00", "王芳", "发票" + "0" * 19 + "1"), charges).allocations[0].ref == "INV-2"
    assert one(line("100.00", "王芳", "货款 so-0007"), charges).allocations[0].ref == "INV-2"
    m = one(line("100.00", "", "91310000MA1K000019 货款"), charges)
    assert m.party_id == 1 and m.status == "proposed"  # tax id known, but two equal invoices


def test_fuzzy_name_alone_is_never_accepted():
    m = one(line("11300.00", "华东机电设备厂"), [inv(1, "INV-1", "11300.00")])
    assert m.status == "proposed" and "fuzzy" in m.reason


def test_accepted_lines_consume_what_is_open():
    ms = match_lines([line("300.00", "华东机电", lid=1), line("300.00", "华东机电", lid=2)],
                     [HD], [inv(1, "INV-1", "300.00")])
    assert [m.status for m in ms] == ["accepted", "proposed"]


def test_interest_is_proposed_to_5603_never_to_an_invoice():
    m = one(line("12.34", "中国工商银行", "结息"), [inv(1, "INV-1", "12.34")])
    assert (m.status, m.kind, m.account, m.allocations) == ("proposed", "interest", "5603", ())


def test_money_out_matches_suppliers_bills():
    s = Party(1, "S001", "苏州精工部件厂")
    m = match_lines([line("-5000.00", "苏州精工部件厂")], [s], [inv(1, "PI-1", "5000.00")], kind="payment")[0]
    assert (m.status, m.kind, m.allocations[0].ref) == ("accepted", "payment", "PI-1")


def test_precision_and_recall_on_a_generated_month():
    case = generate()
    matches = match_lines(case.lines, case.parties, case.charges, case.knowledge)
    accepted = [m for m in matches if m.status == "accepted"]
    correct = 0
    wrong = []
    for m in accepted:
        t = case.truth[m.line_id]
        got = frozenset((a.ref, a.amount) for a in m.allocations)
        if t.party_id == m.party_id and got == t.allocations and m.fee == t.fee:
            correct += 1
        else:
            wrong.append((t.scenario, m.reason))
    positives = [lid for lid, t in case.truth.items() if t.party_id is not None]
    by_line = {m.line_id: m for m in matches}
    # Recall counts auto-bookings and right proposals (issue 28): a fee or a branch is now a proposal.
    found = sum(1 for lid in positives if by_line[lid].party_id == case.truth[lid].party_id and frozenset(
        (a.ref, a.amount) for a in by_line[lid].allocations) == case.truth[lid].allocations)
    precision = correct / len(accepted)
    recall = found / len(positives)
    print(f"\nmatching: {len(case.lines)} lines, {len(positives)} with a certain receipt, {len(accepted)} accepted, "
          f"precision {precision:.2%}, recall {recall:.2%}")
    assert len(case.lines) > 250
    assert precision >= 0.995, wrong[:5]
    assert recall >= 0.90
