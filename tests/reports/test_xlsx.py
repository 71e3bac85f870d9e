"""Excel and CSV as a spreadsheet reads them: numbers, dates, text that stays text, formulas we wrote."""
from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from reports.table import Col, Document, Section
from reports.xlsx import write
from tests.reports.conftest import header_row
from tests.rows import manual_voucher
from ui.cli.main import main


def run(*args) -> int:
    return main([str(a) for a in args])


def test_trial_balance_sheet_has_numbers_text_codes_and_sumif_totals(worked_path, tmp_path):
    out = tmp_path / "tb.xlsx"
    assert run("--db", worked_path, "report", "trial-balance", "--from", "2026-11", "--to", "2026-11",
               "--format", "xlsx", "--out", out) == 0
    ws = openpyxl.load_workbook(out).active
    h = header_row(ws)
    assert ws.freeze_panes == f"A{h + 1}" and ws.auto_filter.ref.startswith(f"A{h}:K")  # …本年累计借方, 本年累计贷方
    header = [c.value for c in ws[h]]
    assert header[:3] == ["科目编码", "科目名称", "级次"]
    bank = next(r for r in ws.iter_rows(min_row=h + 1) if r[0].value == "1002")
    assert bank[0].data_type == "s"  # an account code is text, never the number 1002
    assert bank[7].value == 550000 and bank[7].number_format == "#,##0.00"
    last = next(r for r in ws.iter_rows() if r[0].value == "合计")
    assert last[3].value.startswith(f"=SUMIF(C{h + 1}:C") and f",1,D{h + 1}:D" in last[3].value


def test_ledger_sheet_has_real_dates_and_keeps_formula_text_as_text(worked, tmp_path):
    manual_voucher(worked, "2026-11-25", "=HYPERLINK(\"http://x\",\"点我\")", [
        {"account": "5602", "debit": "12.34"}, {"account": "1001", "credit": "12.34"}])
    out = tmp_path / "lg.xlsx"
    assert run("--db", worked.target, "report", "ledger", "--account", "1001", "--from", "2026-11", "--to",
               "2026-11", "--format", "xlsx", "--out", out) == 0
    ws = openpyxl.load_workbook(out).active
    line = next(r for r in ws.iter_rows(min_row=header_row(ws) + 1) if r[1].value == "记-4")
    assert isinstance(line[0].value, dt.datetime) and line[0].value.date() == dt.date(2026, 11, 25)
    assert line[2].value.startswith("=HYPERLINK") and line[2].data_type == "s" and line[2].quotePrefix
    assert line[4].value == pytest.approx(12.34)


def test_csv_journal_defuses_formula_text(worked, tmp_path):
    manual_voucher(worked, "2026-11-25", "@SUM(1+1)", [{"account": "5602", "debit": "1.00"},
                                                      {"account": "1001", "credit": "1.00"}])
    out = tmp_path / "v.csv"
    assert run("--db", worked.target, "export", "vouchers", "--from", "2026-11", "--to", "2026-11",
               "--format", "csv", "--out", out) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    typed = next(r for r in rows if "SUM" in r["summary"])
    assert typed["summary"] == "'@SUM(1+1)" and typed["debit"] in ("1.00", "0.00")
    assert rows[0]["debit"] == "67800.00" and rows[0]["account"] == "1122"


def test_columns_go_past_z(tmp_path):
    cols = tuple(Col(f"列{i}", "money", 8) for i in range(30))
    out = tmp_path / "wide.xlsx"
    write(Document("宽表", "公司", "2026-11", [Section(cols, [tuple(Decimal(i) for i in range(30))])]), out)
    ws = openpyxl.load_workbook(out).active
    h = header_row(ws)
    assert ws[f"AD{h}"].value == "列29" and ws[f"AD{h + 1}"].value == 29


def test_balance_sheet_and_stock_sheets_hold_the_figures(worked_path, tmp_path):
    bs = tmp_path / "bs.xlsx"
    assert run("--db", worked_path, "report", "balance-sheet", "--period", "2026-11", "--format", "xlsx",
               "--out", bs) == 0
    ws = openpyxl.load_workbook(bs).active
    cash = next(r for r in ws.iter_rows(min_row=header_row(ws) + 1) if r[0].value and "货币资金" in r[0].value)
    assert cash[1].value == 1 and cash[2].value == 550000 and cash[3].value == 500000
    st = tmp_path / "stock.xlsx"
    assert run("--db", worked_path, "report", "stock", "--from", "2026-11", "--to", "2026-11", "--format", "xlsx",
               "--out", st) == 0
    ws = openpyxl.load_workbook(st).active
    row = list(ws.iter_rows(min_row=header_row(ws) + 1, values_only=True))[0]
    assert row[0] == "A001" and row[4] == 100 and row[5] == 60000 and row[8] == 60 and row[11] == 24000


def test_libreoffice_opens_the_export_and_computes_our_totals(worked_path, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; apt-get install libreoffice-calc-nogui to run this")
    out = tmp_path / "tb.xlsx"
    assert run("--db", worked_path, "report", "trial-balance", "--from", "2026-11", "--to", "2026-11",
               "--format", "xlsx", "--out", out) == 0
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", "--outdir", str(tmp_path),
                    str(out)], check=True, capture_output=True, timeout=180)
    rows = list(csv.reader((tmp_path / "tb.csv").open(encoding="utf-8")))
    total = next(r for r in rows if r and r[0] == "合计")
    assert [x.replace(",", "") for x in total[3:9]] == ["571300.00", "571300.00", "161600.00", "161600.00",
                                                        "639100.00", "639100.00"]


def test_a_missing_folder_gives_the_clean_error_and_nothing_else(worked_path, tmp_path):
    out = tmp_path / "nope" / "x.xlsx"
    for args in (("report", "trial-balance", "--from", "2026-11", "--to", "2026-11", "--format", "xlsx"),
                 ("export", "vouchers", "--from", "2026-11", "--to", "2026-11", "--format", "xlsx"),
                 ("report", "ledger", "--account", "1122", "--from", "2026-11", "--to", "2026-11", "--format", "pdf")):
        target = out.with_suffix("." + args[-1])
        done = subprocess.run([sys.executable, "main.py", "--db", str(worked_path), *args, "--out", str(target)],
                              capture_output=True, text=True, cwd=Path(__file__).parents[2], timeout=120)
        assert done.returncode == 2
        assert done.stderr.strip().splitlines() == [f"error: {target}: No such file or directory"], done.stderr
