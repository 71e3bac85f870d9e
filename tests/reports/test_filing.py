"""Statements an accountant files as they come out (REPORTS.md version 3): the statutory header
block, 本期金额 on ranges, the 已结账 / 含未记账凭证 marks, and the print setup of every sheet."""
from __future__ import annotations

import re

import openpyxl
import pytest

from storage.queries.periods import periods
from tests.reports.conftest import header_row, pdf_text
from ui.cli.main import main


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def report(book_path, *args) -> int:
    return main(["--db", str(book_path), "report", *map(str, args)])


@pytest.fixture(scope="module")
def months(demo):
    """The demo book's closed and open periods."""
    ps = periods(demo)
    return [p for p, s in ps if s == "closed"], [p for p, s in ps if s == "open"]


def test_a_range_of_months_is_headed_benqi_a_single_month_benyue(demo_path, months, tmp_path):
    closed, open_ = months
    first, last = closed[0], open_[0]
    for fmt in ("pdf", "xlsx"):
        for name in ("income-statement", "cash-flow"):
            out = tmp_path / f"{name}.{fmt}"
            assert report(demo_path, name, "--from", first, "--to", last, "--format", fmt, "--out", out) == 0
            one = tmp_path / f"{name}-1.{fmt}"
            assert report(demo_path, name, "--from", last, "--to", last, "--format", fmt, "--out", one) == 0
            if fmt == "pdf":
                text, single = squash(pdf_text(out)), squash(pdf_text(one))
            else:
                text, single = (" ".join(str(c) for row in openpyxl.load_workbook(f).active.iter_rows(values_only=True)
                                         for c in row if c) for f in (out, one))
            assert "本期金额" in text and "本月金额" not in text, (name, fmt)
            assert "本月金额" in single and "本期金额" not in single, (name, fmt)


def test_closed_data_says_so_and_open_data_names_its_unposted_vouchers(demo_path, months, tmp_path):
    closed, open_ = months
    assert closed and open_
    shut = tmp_path / "closed.pdf"
    assert report(demo_path, "balance-sheet", "--period", closed[-1], "--format", "pdf", "--out", shut) == 0
    assert "已结账" in squash(pdf_text(shut)) and "未记账" not in squash(pdf_text(shut))
    running = tmp_path / "open.pdf"
    assert report(demo_path, "income-statement", "--from", open_[0], "--to", open_[0], "--format", "pdf",
                  "--out", running) == 0
    assert re.search(r"未结账，含未记账凭证\d+张", squash(pdf_text(running)))
    xlsx = tmp_path / "open.xlsx"
    assert report(demo_path, "cash-flow", "--from", open_[0], "--to", open_[0], "--format", "xlsx",
                  "--out", xlsx) == 0
    ws = openpyxl.load_workbook(xlsx).active
    assert re.fullmatch(r"未结账，含未记账凭证 \d+ 张", ws["B2"].value)


@pytest.mark.parametrize("name,args,form,cols", [
    ("balance-sheet", ("--period", "2026-11"), "会小企01表", 8),
    ("income-statement", ("--from", "2026-11", "--to", "2026-11"), "会小企02表", 4),
    ("cash-flow", ("--from", "2026-11", "--to", "2026-11"), "会小企03表", 4)])
def test_statutory_sheets_carry_the_form_header_block_signatures_and_no_filter(worked_path, tmp_path, name, args,
                                                                               form, cols):
    out = tmp_path / f"{name}.xlsx"
    assert report(worked_path, name, *args, "--format", "xlsx", "--out", out) == 0
    ws = openpyxl.load_workbook(out).active
    last = openpyxl.utils.get_column_letter(cols)
    assert f"A1:{last}1" in {str(r) for r in ws.merged_cells.ranges}, "the title spans the table, not crammed in A1"
    assert ws["A1"].value in ("资产负债表", "利润表", "现金流量表")
    assert ws[f"{last}2"].value == form
    assert ws["A3"].value == "编制单位：示例商贸有限公司" and ws[f"{last}3"].value == "单位：元"
    assert ws["B3"].value in ("2026-11", "2026-11-30")
    assert ws.auto_filter.ref is None
    assert header_row(ws) == 4 and ws.print_title_rows == "$4:$4"
    sign = next(c.value for row in ws.iter_rows() for c in row if c.value and "会计主管" in str(c.value))
    assert sign.startswith("单位负责人：") and sign.rstrip().endswith("制表：")
    assert ws["A4"].border.left.style == "thin"  # ruled like the paper form


@pytest.mark.parametrize("name,args,landscape", [
    ("balance-sheet", ("--period", "2026-11"), False),
    ("income-statement", ("--from", "2026-11", "--to", "2026-11"), False),
    ("cash-flow", ("--from", "2026-11", "--to", "2026-11"), False),
    ("trial-balance", ("--from", "2026-11", "--to", "2026-11"), True),
    ("general-ledger", ("--from", "2026-11", "--to", "2026-11"), False),
    ("ledger", ("--account", "1122", "--from", "2026-11", "--to", "2026-11"), False),
    ("statement", ("--customer", "C001", "--from", "2026-11-01", "--to", "2026-11-30"), False),
    ("aging", ("--as-of", "2026-11-30"), True),
    ("stock", ("--from", "2026-11", "--to", "2026-11"), True)])
def test_every_sheet_prints_on_a4_one_page_wide_with_titles_and_page_numbers(worked_path, tmp_path, name, args,
                                                                              landscape):
    out = tmp_path / f"{name}.xlsx"
    assert report(worked_path, name, *args, "--format", "xlsx", "--out", out) == 0
    for ws in openpyxl.load_workbook(out).worksheets:
        ps = ws.page_setup
        assert ps.paperSize == 9, "A4"
        assert ps.orientation == ("landscape" if landscape else "portrait")
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ps.fitToWidth == 1 and ps.fitToHeight == 0
        h = header_row(ws)
        assert ws.print_title_rows == f"${h}:${h}", "the column header repeats on every page"
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"


@pytest.mark.parametrize("name,extra", [("trial-balance", ()), ("general-ledger", ()),
                                        ("ledger", ("--account", "1002"))])
def test_working_reports_carry_the_marks_too(demo_path, months, tmp_path, name, extra):
    closed, open_ = months
    shut, running = tmp_path / "c.pdf", tmp_path / "o.pdf"
    assert report(demo_path, name, *extra, "--from", closed[-1], "--to", closed[-1], "--format", "pdf",
                  "--out", shut) == 0
    assert report(demo_path, name, *extra, "--from", open_[0], "--to", open_[0], "--format", "pdf",
                  "--out", running) == 0
    assert "已结账" in squash(pdf_text(shut))
    assert re.search(r"未结账，含未记账凭证\d+张", squash(pdf_text(running)))


def test_the_journal_sheet_prints_landscape_with_its_print_setup(worked_path, tmp_path):
    out = tmp_path / "j.xlsx"
    assert main(["--db", str(worked_path), "export", "vouchers", "--from", "2026-11", "--to", "2026-11",
                 "--format", "xlsx", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out).active
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页" and ws.print_title_rows == f"${header_row(ws)}:${header_row(ws)}"
