"""Ledgers as they are kept on paper (REPORTS.md v3): 本月合计 and 本年累计 after each month,
过次页 / 承前页 carrying the month's sums and the balance across page breaks, the all-customer 1122
ledger naming each line's customer, and a 合计 never alone at the head of the last page."""
from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pytest

from reports.ledger import ledger
from reports.pdf import ROW_H, paginate
from reports.table import Col, Document, Row, Section
from reports.tables import ledger as ledger_doc
from tests.reports.conftest import pdf_text
from ui.cli.main import main

AMOUNT = r"([\d,]+\.\d\d)?"


def test_each_month_closes_with_month_and_year_totals_counted_from_january(demo):
    sep = ledger(demo, "1122", "2026-09", "2026-09")
    octo = ledger(demo, "1122", "2026-10", "2026-10")
    both = ledger(demo, "1122", "2026-09", "2026-10")
    m_sep, m_oct = sep["months"][0], octo["months"][0]
    assert m_sep["debit"] == sum((ln["debit"] for ln in sep["lines"]), Decimal(0))
    assert m_oct["ytd_debit"] == m_sep["debit"] + m_oct["debit"], "本年累计 includes September though the range starts later"
    assert m_oct["ytd_credit"] == m_sep["credit"] + m_oct["credit"]
    assert [m["ytd_debit"] for m in both["months"]] == [m_sep["ytd_debit"], m_oct["ytd_debit"]]
    labels = [r.values[2] for r in ledger_doc(both).sections[0].rows if isinstance(r, Row)]
    assert labels == ["期初余额", "本月合计", "本年累计", "本月合计", "本年累计"]


def test_the_pdf_carries_forward_across_pages_and_names_each_customer(demo_path, tmp_path):
    out = tmp_path / "lg.pdf"
    assert main(["--db", str(demo_path), "report", "ledger", "--account", "1122", "--from", "2026-09", "--to",
                 "2026-10", "--format", "pdf", "--out", str(out)]) == 0
    pages = [p for p in pdf_text(out).split("\f") if p.strip()]
    assert len(pages) >= 3
    forward = re.compile(r"过次页\s+" + AMOUNT + r"\s*" + AMOUNT + r"\s+([借贷平])\s+([\d,]+\.\d\d)")
    back = re.compile(r"承前页\s+" + AMOUNT + r"\s*" + AMOUNT + r"\s+([借贷平])\s+([\d,]+\.\d\d)")
    for page, following in zip(pages, pages[1:], strict=False):
        f, b = forward.search(page), back.search(following)
        assert f and b, "every page but the last ends with 过次页, the next begins with 承前页"
        assert f.groups() == b.groups()
    assert "过次页" not in pages[-1] and "承前页" not in pages[0]
    assert "往来单位" in pages[0] and "有限公司" in pages[0]
    text = "".join(pages)
    assert text.count("本月合计") == 2 and text.count("本年累计") == 2


def test_xlsx_ledger_has_the_month_rows(demo_path, tmp_path):
    out = tmp_path / "lg.xlsx"
    assert main(["--db", str(demo_path), "report", "ledger", "--account", "1002", "--from", "2026-09", "--to",
                 "2026-10", "--format", "xlsx", "--out", str(out)]) == 0
    labels = [r[2] for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True) if r[2] in
              ("本月合计", "本年累计")]
    assert labels == ["本月合计", "本年累计"] * 2


def test_general_ledger_has_year_totals(demo_path, tmp_path):
    out = tmp_path / "gl.pdf"
    assert main(["--db", str(demo_path), "report", "general-ledger", "--account", "1122", "--from", "2026-10",
                 "--to", "2026-10", "--format", "pdf", "--out", str(out)]) == 0
    text = pdf_text(out)
    month = re.search(r"本月合计\s+([\d,]+\.\d\d)", text)
    year = re.search(r"本年累计\s+([\d,]+\.\d\d)", text)
    assert month and year and Decimal(year[1].replace(",", "")) > Decimal(month[1].replace(",", ""))


@pytest.mark.parametrize("body", range(20, 60))
def test_a_total_never_stands_alone_at_the_head_of_a_page(body):
    cols = (Col("项目", "text", 10), Col("金额", "money", 10))
    doc = Document("表", "公司", "2026-11", [Section(cols, [("x", Decimal(1))] * body,
                                                     totals=Row(("合计", Decimal(body)), bold=True))])
    pages = paginate(doc, 30 * ROW_H)
    last_rows = [it for it in pages[-1] if it[0] == "row"]
    assert len(last_rows) >= 2 or len(pages) == 1
    assert sum(1 for p in pages for it in p if it[0] == "row") == body + 1
