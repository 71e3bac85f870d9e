"""The credit limit check: what counts as owed, when an order is over, and what it says."""
from __future__ import annotations

from decimal import Decimal

from domain.credit import CreditVerdict, check_order, exposure, over_limit

D = Decimal


def test_order_over_the_limit_without_approval_is_refused_with_the_exact_message():
    verdict = check_order("C002", D("1000.00"), D("900.00"), D("108.00"), None)
    assert verdict.refusal == ("customer C002 credit limit 1,000.00 exceeded: owed and on order 900.00 + "
                               "this order 108.00; needs a manager's approval")
    assert verdict.approved_by is None


def test_thousands_and_negative_owed_print_as_reports_do():
    verdict = check_order("C9", D("1234567.5"), D("-20.005"), D("1234600"), "")
    assert verdict.refusal == ("customer C9 credit limit 1,234,567.50 exceeded: owed and on order -20.01 + "
                               "this order 1,234,600.00; needs a manager's approval")


def test_order_over_the_limit_with_approval_records_the_manager():
    assert check_order("C002", D("1000.00"), D("900.00"), D("108.00"), "王经理") == CreditVerdict(None, "王经理")


def test_order_reaching_the_limit_exactly_passes_and_records_no_approval():
    assert check_order("C002", D("1000.00"), D("900.00"), D("100.00"), "王经理") == CreditVerdict(None, None)


def test_one_fen_over_is_over():
    assert check_order("C002", D("1000.00"), D("900.00"), D("100.01"), None).refusal is not None


def test_no_limit_never_refuses_nor_records_an_approval():
    assert check_order("C001", None, D("99999999.99"), D("1.00"), "王经理") == CreditVerdict(None, None)
    assert not over_limit(None, D("1e9"), D("1e9"))


def test_an_empty_manager_name_is_no_approval():
    assert check_order("C002", D("10.00"), D("0.00"), D("10.01"), "").refusal is not None


def test_uninvoiced_shipments_count_only_under_revenue_at_invoice():
    # at shipment they are already in 1122; counting them again would refuse good customers
    assert exposure(D("500.00"), D("113.00"), D("226.00"), "shipment") == D("726.00")
    assert exposure(D("500.00"), D("113.00"), D("226.00"), "invoice") == D("839.00")


def test_a_credit_balance_lowers_what_is_owed():
    assert exposure(D("-300.00"), D("0.00"), D("200.00"), "shipment") == D("-100.00")
