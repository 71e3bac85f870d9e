"""Alerts (异常预警): every kind raised on a small book, then resolved by what people do, with the
raise/resolve log kept; and the KPIs of a small book computed by hand."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from storage.models import AlertLog, BankLine, Period, Voucher
from storage.queries.alerts import KINDS
from storage.queries.kpi import measures
from usecases.alerts import raise_alerts
from usecases.closing import close_period
from usecases.matching import book_as
from usecases.vouchers import post_period

D = dt.date


def kinds(found: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a in found:
        out.setdefault(a["kind"], set()).add(a["subject"]["no"])
    return out


def test_every_kind_is_raised_then_resolved(book, zf):
    zf.docs(book,
            {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C001",
             "lines": [{"item": "A001", "qty": "10", "price": "1130.00"}]},
            {"type": "outbound", "no": "OUT-1", "date": "2026-11-03", "order": "SO-1", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "5"}]},
            {"type": "sales_order", "no": "SO-2", "date": "2026-11-04", "customer": "C003",
             "lines": [{"item": "B002", "qty": "2000", "price": "7.77"}]},
            {"type": "sales_order", "no": "SO-4", "date": "2026-11-14", "customer": "C003",
             "lines": [{"item": "C003", "qty": "1", "price": "10.00"}]},
            {"type": "outbound", "no": "OUT-4", "date": "2026-11-15", "order": "SO-4", "warehouse": "W02",
             "lines": [{"item": "C003", "qty": "1"}]},
            {"type": "voucher", "date": "2026-11-10", "summary": "代垫运费",
             "lines": [{"account": "1122", "customer": "C002", "debit": "1500.00"},
                       {"account": "100201", "credit": "1500.00"}]},
            {"type": "receipt", "no": "RC-1", "date": "2026-11-12", "customer": "C003", "amount": "500.00",
             "account": "100201", "allocations": []},
            {"type": "bank_statement", "account": "100201", "lines": [
                {"date": "2026-11-10", "amount": "3.21", "counterparty": "中国工商银行", "reference": "结息",
                 "bank_ref": "B1"}]})
    first = raise_alerts(book, D(2026, 11, 28))
    assert kinds(first) == {
        # C002's charge (due on its date); C001's opening balance falls due 30 days after the opening (v3)
        "overdue_invoice": {"2026-11 记-3"},
        "shipped_not_invoiced": {"OUT-1", "OUT-4"},
        "order_not_shipped": {"SO-1", "SO-2"},
        "unmatched_bank_line": {"B1"},
        "unapplied_receipt": {"RC-1"},
        "credit_limit": {"C002"},
        "below_cost": {"OUT-4"},
        "low_stock": {"B002"},
        "voucher_not_reviewed": {"2026-11"},
    }
    by = {(a["kind"], a["subject"]["no"]): a for a in first}
    assert by[("shipped_not_invoiced", "OUT-1")]["amount"] == "5650.00"
    assert by[("order_not_shipped", "SO-2")]["amount"] == "15540.00"
    assert by[("credit_limit", "C002")]["role"] == "owner" and by[("credit_limit", "C002")]["amount"] == "1500.00"
    # Each alert names the role whose home it goes to (issue 26): bank lines and money to the cashier.
    assert {k: a["role"] for (k, _), a in by.items()} == {
        "overdue_invoice": "cashier", "shipped_not_invoiced": "accountant", "order_not_shipped": "warehouse",
        "unmatched_bank_line": "cashier", "unapplied_receipt": "cashier", "credit_limit": "owner",
        "below_cost": "owner", "low_stock": "purchasing", "voucher_not_reviewed": "accountant"}
    assert by[("below_cost", "OUT-4")]["amount"] == "10.57"  # cost 20.00 − net 9.43
    assert by[("unapplied_receipt", "RC-1")]["amount"] == "500.00"
    assert {a["severity"] for a in first} <= {"high", "medium", "low"}
    assert all(a["raised_on"] == "2026-11-28" and a["message"] for a in first)

    # What people do: ship, buy, invoice, collect, book the interest, review.
    zf.docs(book,
            {"type": "outbound", "no": "OUT-2", "date": "2026-11-29", "order": "SO-1", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "5"}]},
            {"type": "purchase_order", "no": "PO-1", "date": "2026-11-29", "supplier": "S001",
             "lines": [{"item": "B002", "qty": "1000", "price": "5.65"}]},
            {"type": "inbound", "no": "IN-1", "date": "2026-11-29", "order": "PO-1", "warehouse": "W01",
             "lines": [{"item": "B002", "qty": "1000"}]},
            {"type": "outbound", "no": "OUT-3", "date": "2026-11-29", "order": "SO-2", "warehouse": "W01",
             "lines": [{"item": "B002", "qty": "2000"}]},
            {"type": "invoice", "no": "INV-1", "date": "2026-11-30", "outbounds": ["OUT-1", "OUT-2"]},
            {"type": "invoice", "no": "INV-2", "date": "2026-11-30", "outbounds": ["OUT-3", "OUT-4"]},
            {"type": "receipt", "no": "RC-2", "date": "2026-11-30", "customer": "C001", "amount": "11300.00",
             "account": "100201", "allocations": [{"invoice": "opening", "amount": "11300.00"}]},
            {"type": "receipt", "no": "RC-3", "date": "2026-11-30", "customer": "C002", "amount": "1500.00",
             "account": "100201"})
    book_as(book, book.session.scalar(select(BankLine.id)), "interest")
    middle = kinds(raise_alerts(book, D(2026, 12, 16)))  # OUT-4 left the 31-day below-cost window
    assert middle == {"voucher_not_reviewed": {"2026-11"}, "period_not_closed": {"2026-11"}}

    post_period(book.acting("审核人"), "2026-11")
    close_period(book.acting("审核人"), "2026-11")
    assert raise_alerts(book, D(2026, 12, 20)) == []
    logs = book.session.scalars(select(AlertLog)).all()
    assert {log.kind for log in logs} == set(KINDS)
    assert all(log.resolved_on is not None for log in logs)
    first_batch = [log for log in logs if log.raised_on == D(2026, 11, 28) and log.kind != "voucher_not_reviewed"]
    assert first_batch and all(log.resolved_on == D(2026, 12, 16) for log in first_batch)


def test_kpis_of_a_small_book_by_hand(book, zf):
    zf.docs(book,
            {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C003",
             "lines": [{"item": "A001", "qty": "10", "price": "1130.00"}]},
            {"type": "outbound", "no": "OUT-1", "date": "2026-11-05", "order": "SO-1", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "10"}]},
            {"type": "invoice", "no": "INV-1", "date": "2026-11-09", "outbounds": ["OUT-1"]},
            {"type": "receipt", "no": "RC-1", "date": "2026-11-22", "customer": "C003", "amount": "11300.00",
             "account": "100201"},
            {"type": "sales_order", "no": "SO-2", "date": "2026-11-10", "customer": "C003",
             "lines": [{"item": "A001", "qty": "20", "price": "1130.00"}]},
            {"type": "outbound", "no": "OUT-2", "date": "2026-11-20", "order": "SO-2", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "20"}]},
            {"type": "invoice", "no": "INV-2", "date": "2026-11-21", "outbounds": ["OUT-2"]},
            {"type": "voucher", "date": "2026-11-25", "summary": "办公费",
             "lines": [{"account": "5602", "debit": "100.00"}, {"account": "100201", "credit": "100.00"}]})
    post_period(book.acting("审核人"), "2026-11")
    close_period(book.acting("审核人"), "2026-11")
    with book.unit():  # closed on 2026-12-04: four days after the month's end
        book.session.execute(update(Period).where(Period.period == "2026-11").values(closed_at=dt.datetime(2026, 12, 4, 9)))
        book.session.add(AlertLog(kind="overdue_invoice", subject_type="invoice", subject_no="X", severity="low",
                                  since=D(2026, 11, 1), raised_at=dt.datetime(2026, 11, 3), raised_on=D(2026, 11, 3),
                                  resolved_at=dt.datetime(2026, 11, 9), resolved_on=D(2026, 11, 9)))
    got = {m["name"]: (m["value"], m["unit"]) for m in measures(book, "2026-11", "2026-11")}
    # SO-1 ordered 11-02, settled by RC-1 on 11-22: 20 days; SO-2 is not paid yet.
    assert got["order_to_cash_days"] == ("20.0", "days")
    # Ship → invoice: 4 days (OUT-1 → INV-1) and 1 day (OUT-2 → INV-2): median 2.5.
    assert got["ship_to_invoice_days"] == ("2.5", "days")
    # 1122 at month end: opening 11300 (C001) + 33900 charged − 11300 received = 33900; × 30 / 33900.
    assert got["dso_days"] == ("30.0", "days")
    assert got["close_days"] == ("4.0", "days")
    assert got["alert_response_days"] == ("6.0", "days")
    assert got["exception_response_hours"] == ("144.0", "hours")  # 异常响应时长: 11-03 00:00 → 11-09 00:00
    # Cost of sales 30 × 600 = 18000; 1405 from 67000 to 49000: average 58000.
    assert got["inventory_turnover"] == ("0.31", "times")
    assert got["sales"] == ("33900.00", "CNY") and got["receipts"] == ("11300.00", "CNY")
    # 5 vouchers written by documents (OUT-1, INV-1, RC-1, OUT-2, INV-2) of 9: the hand-typed 办公费 and
    # the close's three (VAT transfer, surcharges, 结转损益) were not.
    assert got["auto_voucher_ratio"] == ("0.56", "ratio")
    assert book.session.scalar(select(func.count()).select_from(Voucher)) == 9


def test_shipped_not_invoiced_prices_the_rest_in_whole_fen(book, zf):
    zf.docs(book,
            {"type": "sales_order", "no": "SO-9", "date": "2026-11-02", "customer": "C003",
             "lines": [{"item": "B002", "qty": "3", "price": "3.335"}]},
            {"type": "outbound", "no": "OUT-9", "date": "2026-11-03", "order": "SO-9", "warehouse": "W01",
             "lines": [{"item": "B002", "qty": "3"}]},
            {"type": "invoice", "no": "INV-9", "date": "2026-11-04", "lines": [{"outbound": "OUT-9", "item": "B002",
                                                                             "qty": "1"}]})
    found = {a["kind"]: a for a in raise_alerts(book, D(2026, 11, 20))}
    # 10.01 shipped (3 × 3.335 rounded), 1 of 3 invoiced: 2/3 of 10.01 = 6.673… → 6.67, never a float.
    assert found["shipped_not_invoiced"]["amount"] == "6.67"
