"""Opening items carry their own due date (BANKS.md version 3): an opening 1122 line with `invoice` may
give `due`; overdue alerts and aging run from it, not from the invoice date + the customer's credit days."""
from __future__ import annotations

import json

from tests import engines
from tests.cli.helpers import FORMAT, in_process, told


def opening(**line):
    return {"format": FORMAT, "customers": [{"code": "C1", "name": "华东机电有限公司", "payment_days": 30}],
            "opening_balances": {"date": "2026-10-31", "lines": [
                {"account": "1122", "customer": "C1", "debit": "5000.00", "invoice": "FP-0412", "date": "2026-08-14",
                 **line},
                {"account": "3001", "credit": "5000.00"}]}}


def book_with(capsys, book_target, tmp_path, **line):
    target = book_target()
    assert in_process(capsys, "--db", str(target), "init", "--company", "测试公司", "--start", "2026-11")[0] == 0
    src = tmp_path / "o.json"
    src.write_text(json.dumps(opening(**line), ensure_ascii=False), encoding="utf-8")
    return target, in_process(capsys, "--db", str(target), "import", str(src))


def overdue(capsys, target, tmp_path, as_of):
    out = tmp_path / "alerts.json"
    assert in_process(capsys, "--db", str(target), "alerts", "--as-of", as_of, "--format", "json",
                      "--out", str(out))[0] == 0
    return [(a["subject"]["no"], a["since"]) for a in json.loads(out.read_text(encoding="utf-8"))["alerts"]
            if a["kind"] == "overdue_invoice"]


def test_an_opening_item_falls_due_on_its_own_due_date(capsys, book_target, tmp_path):
    target, (rc, _, err) = book_with(capsys, book_target, tmp_path, due="2026-11-20")
    assert rc == 0, err
    # without `due` it would be due 2026-09-13 (08-14 + 30 days) and overdue on 11-10
    assert overdue(capsys, target, tmp_path, "2026-11-10") == []
    assert overdue(capsys, target, tmp_path, "2026-11-25") == [("FP-0412", "2026-11-20")]


def test_without_due_it_falls_due_after_the_credit_days(capsys, book_target, tmp_path):
    target, (rc, _, err) = book_with(capsys, book_target, tmp_path)
    assert rc == 0, err
    assert overdue(capsys, target, tmp_path, "2026-11-10") == [("FP-0412", "2026-09-13")]


def test_a_due_date_before_the_invoice_is_refused_and_the_book_unchanged(capsys, book_target, tmp_path):
    target, (rc, _, err) = book_with(capsys, book_target, tmp_path, due="2026-08-01")
    assert rc == 2
    assert any("due" in line and "早于发票日期" in line for line in told(err))
    assert engines.query(target, "SELECT COUNT(*) FROM open_items") == [(0,)]
