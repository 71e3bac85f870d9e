"""应交增值税明细表 (`report vat`) and aging by due date (REPORTS.md v3)."""
from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import openpyxl

from reports.aging import aging
from reports.vat import vat
from storage.queries.balances import movements
from tests.reports.conftest import header_row, pdf_text
from ui.cli.main import main


def test_vat_months_are_the_222101_movements_and_the_year_adds_them(demo):
    v = vat(demo, "2026-09", "2026-10")
    output = demo.account_id("22210102")
    for m in v["months"]:
        nets = movements(demo, m["period"], m["period"])
        want = -sum((x for (acc, _, _), x in nets.items() if acc == output), Decimal(0))
        assert m["output"] == want and m["output"] > 0
        assert m["input"] > 0
    ytd = v["year_to_date"]
    assert ytd["output"] == sum((m["output"] for m in v["months"]), Decimal(0))  # the book starts in September
    assert ytd["unpaid"] == v["months"][-1]["unpaid"]


def test_report_vat_in_json_xlsx_and_pdf(demo_path, tmp_path):
    base = ["--db", str(demo_path), "report", "vat", "--from", "2026-09", "--to", "2026-10"]
    assert main([*base, "--format", "json", "--out", str(tmp_path / "v.json")]) == 0
    data = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert [m["period"] for m in data["months"]] == ["2026-09", "2026-10"]
    assert re.fullmatch(r"\d+\.\d\d", data["year_to_date"]["output"])
    assert main([*base, "--format", "xlsx", "--out", str(tmp_path / "v.xlsx")]) == 0
    ws = openpyxl.load_workbook(tmp_path / "v.xlsx").active
    h = header_row(ws)
    head = [c.value for c in ws[h]]
    assert head[:4] == ["月份", "销项税额", "进项税额", "进项税额转出"] and "未交增值税期末余额" in head
    assert ws.cell(h + 3, 1).value == "本年累计"
    assert main([*base, "--format", "pdf", "--out", str(tmp_path / "v.pdf")]) == 0
    text = re.sub(r"\s+", "", pdf_text(tmp_path / "v.pdf"))
    assert "应交增值税明细表" in text and "本年累计" in text and "转出未交增值税" in text


def test_aging_by_due_date_counts_the_credit_days(worked):
    by_invoice = aging(worked, dt.date(2026, 11, 30))
    c001 = next(r for r in by_invoice["rows"] if r["customer"] == "C001")
    assert sum(c001["overdue"], Decimal(0)) == sum(c001["amounts"], Decimal(0))
    later = next(r for r in aging(worked, dt.date(2026, 12, 10))["rows"] if r["customer"] == "C001")
    # INV-0001 of 2026-11-05 with 30 days' credit falls due 2026-12-05: 35 days old, 5 days overdue
    assert later["amounts"][1] > 0 and later["overdue"][1] == later["amounts"][1]
    assert later["overdue"][0] == 0


def test_aging_pdf_has_both_views(worked_path, tmp_path):
    out = tmp_path / "ag.pdf"
    assert main(["--db", str(worked_path), "report", "aging", "--as-of", "2026-11-30", "--format", "pdf",
                 "--out", str(out)]) == 0
    text = re.sub(r"\s+", "", pdf_text(out))
    assert "按开票日期" in text and "按到期日" in text and "未到期" in text
