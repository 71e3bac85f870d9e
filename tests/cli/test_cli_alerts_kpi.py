"""`alerts --as-of` and `kpi --from --to` as other systems read them (INTERCHANGE.md shapes)."""
from __future__ import annotations

import json

from tests.cli.helpers import errors, ok, on

REQUIRED_KPIS = {"order_to_cash_days", "ship_to_invoice_days", "dso_days", "auto_voucher_ratio", "close_days",
                 "alert_response_days", "inventory_turnover"}


def test_alerts_shape_on_the_worked_example(documents_book, copy_of, tmp_path):
    book = copy_of(documents_book)
    out = tmp_path / "alerts.json"
    ok(book, "alerts", "--as-of", "2026-12-31", "--format", "json", "--out", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["as_of"] == "2026-12-31"
    found = {(a["kind"], a["subject"]["type"], a["subject"]["no"]): a for a in data["alerts"]}
    # SO-0001 ordered 100, shipped 60; INV-0001 (due 12-05) has 29100.00 open; 2026-11 is neither reviewed nor closed.
    assert found[("order_not_shipped", "sales_order", "SO-0001")]["amount"] == "45200.00"
    assert found[("overdue_invoice", "invoice", "INV-0001")]["amount"] == "29100.00"
    assert found[("overdue_invoice", "invoice", "INV-0001")]["since"] == "2026-12-05"
    assert ("period_not_closed", "period", "2026-11") in found
    assert ("voucher_not_reviewed", "period", "2026-11") in found
    for a in data["alerts"]:
        assert set(a) >= {"kind", "severity", "subject", "customer", "amount", "since", "message"}


def test_kpi_names_every_measure_of_the_contract(documents_book, tmp_path):
    out = tmp_path / "kpi.json"
    ok(documents_book, "kpi", "--from", "2026-11", "--to", "2026-11", "--format", "json", "--out", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["from"], data["to"]) == ("2026-11", "2026-11")
    got = {m["name"]: m for m in data["measures"]}
    assert set(got) >= REQUIRED_KPIS
    assert got["ship_to_invoice_days"]["value"] == "2.0"  # OUT-0001 11-03 → INV-0001 11-05


def test_bad_dates_are_refused(documents_book, tmp_path):
    rc, _, err = on(documents_book, "alerts", "--as-of", "2026-13-01", "--format", "json", "--out", tmp_path / "a")
    assert rc == 2 and errors(err)[0].startswith("error: --as-of")
    rc, _, err = on(documents_book, "kpi", "--from", "2026-12", "--to", "2026-11", "--format", "json",
                    "--out", tmp_path / "k")
    assert rc == 2 and errors(err)
