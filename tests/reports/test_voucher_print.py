"""记账凭证 as an accountant files them (REPORTS.md v3): 附单据 counts the source document, accounts
by full path, parties by name and code, long 摘要 wrapped at 8 pt or more, pages numbered,
three to a page without splitting an ordinary voucher."""
from __future__ import annotations

import re

from reports.voucher_pdf import GEOMETRY, PAD, WRAPPED, XS, rows_per_slot, wrap
from tests.reports.conftest import pdf_text
from tests.rows import manual_voucher
from ui.cli.main import main


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def vouchers_pdf(path, out, per_page=2) -> str:
    assert main(["--db", str(path), "report", "vouchers", "--from", "2026-11", "--to", "2026-11", "--per-page",
                 str(per_page), "--format", "pdf", "--out", str(out)]) == 0
    return squash(pdf_text(out))


def test_document_vouchers_count_their_source_and_print_full_paths_and_names(worked_path, tmp_path):
    text = vouchers_pdf(worked_path, tmp_path / "v.pdf")
    assert "应交税费—应交增值税—销项税额" in text
    assert "1122应收账款—华东机电有限公司（C001）" in text
    assert "附0张" not in text and "附1张" in text


def test_a_long_summary_wraps_at_eight_points_and_keeps_every_character(worked, tmp_path):
    summary = "支付华东机电有限公司十一月份设备维修及零配件更换费用（合同编号 HT-2026-118）"
    manual_voucher(worked, "2026-11-25", summary, [{"account": "5602", "debit": "300.00", "summary": summary},
                                                    {"account": "1001", "credit": "300.00", "summary": summary}])
    text = vouchers_pdf(worked.target, tmp_path / "v.pdf")
    lines, size = wrap(summary, XS[1] - XS[0] - 2 * PAD)  # the 摘要 column
    assert len(lines) > 1 and all(squash(line) in text for line in lines)  # all of it, wrapped
    assert size >= 8 and size == WRAPPED and "".join(lines) == summary
    assert any(line.endswith("HT-2026-118）") or "HT-2026-118" in line for line in lines), "a code is not split"


def test_pages_are_numbered_and_three_to_a_page_hold_at_least_five_lines(worked, tmp_path):
    assert rows_per_slot(3) >= 5 and rows_per_slot(2) >= 10
    for g in GEOMETRY.values():  # the rows are computed from the space, and fit in it
        used = g.title + g.date_gap + (g.rows + 2) * g.row + g.sign_gap + g.bottom
        assert used <= g.slot
    lines = [{"account": "5602", "debit": "10.00"} for _ in range(5)] + [{"account": "1001", "credit": "50.00"}]
    manual_voucher(worked, "2026-11-26", "零星费用", lines)
    text = vouchers_pdf(worked.target, tmp_path / "v.pdf", per_page=3)
    assert "记字第4号" in text and "记字第4号（1/2）" not in text
    assert re.search(r"第1页共(\d+)页", text) and "第2页共2页" in text


def test_vouchers_stream_from_a_generator_and_the_page_total_comes_out_right(tmp_path):
    import datetime as dt
    from decimal import Decimal

    from reports.voucher_pdf import render_vouchers
    taken = []

    def vouchers():
        for n in range(1, 6):
            taken.append(n)
            yield {"word": "记", "number": n, "date": dt.date(2026, 11, n), "attachments": 0, "preparer": "甲",
                   "reviewer": "", "poster": "", "lines": [
                       {"summary": "付款", "account": "5602", "account_name": "管理费用", "debit": Decimal("1.00"),
                        "credit": Decimal("0.00"), "dimension": "", "dimension_name": ""},
                       {"summary": "付款", "account": "1001", "account_name": "库存现金", "debit": Decimal("0.00"),
                        "credit": Decimal("1.00"), "dimension": "", "dimension_name": ""}]}
    out = tmp_path / "v.pdf"
    render_vouchers({"company": "公司", "from": "2026-11", "to": "2026-11", "vouchers": vouchers()}, out)
    text = squash(pdf_text(out))
    assert taken == [1, 2, 3, 4, 5]
    assert "第1页共3页" in text and "第3页共3页" in text and "记字第5号" in text
