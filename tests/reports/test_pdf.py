"""The PDFs as a reader gets them: their text (pdftotext) and their fonts (pdffonts)."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from domain.errors import Rejected
from reports import render
from reports.balance_sheet import balance_sheet
from tests.reports.conftest import pdf_fonts, pdf_text
from tests.rows import manual_voucher
from ui.cli.main import main


def squash(text: str) -> str:
    """pdftotext drops the spaces between Chinese characters; compare without spaces."""
    return re.sub(r"\s+", "", text)


def report(book_path, *args) -> int:
    return main(["--db", str(book_path), "report", *map(str, args)])


def test_statement_pdf_shows_customer_closing_balance_and_pages(worked_path, tmp_path):
    out = tmp_path / "st.pdf"
    assert report(worked_path, "statement", "--customer", "C001", "--from", "2026-11-01", "--to", "2026-11-30",
                  "--format", "pdf", "--out", out) == 0
    text = pdf_text(out)
    assert "华东机电有限公司" in text and "对账单" in text
    assert re.search(r"本期合计 / 期末应收\s+67,800.00\s+50,000.00\s+29,100.00", text)
    assert "INV-0001" in text and "第1页共1页" in squash(text) and "客户确认" in text


def test_every_font_is_the_bundled_one_embedded_as_a_subset(worked_path, tmp_path):
    for name, args in {"tb": ("trial-balance", "--from", "2026-11", "--to", "2026-11"),
                       "v": ("vouchers", "--from", "2026-11", "--to", "2026-11"),
                       "bs": ("balance-sheet", "--period", "2026-11")}.items():
        out = tmp_path / f"{name}.pdf"
        assert report(worked_path, *args, "--format", "pdf", "--out", out) == 0
        fonts = pdf_fonts(out)
        assert fonts, f"{name}.pdf lists no font"
        for f in fonts:
            assert "Helvetica" not in f[0], f"{name}.pdf references {f[0]}"
            assert f[-5:-3] == ["yes", "yes"], f"{name}.pdf: {f[0]} is not embedded as a subset"
            assert "WenQuanYi" in f[0] or "WQY" in f[0] or "Micro" in f[0]


def test_voucher_print_writes_daxie_with_zheng_after_jiao(worked, tmp_path):
    manual_voucher(worked, "2026-11-25", "报销差旅费", [{"account": "5602", "debit": "1005.50"},
                                                    {"account": "1001", "credit": "1005.50"}])
    path = worked.target
    out = tmp_path / "v.pdf"
    assert report(path, "vouchers", "--from", "2026-11", "--to", "2026-11", "--format", "pdf", "--out", out) == 0
    text = pdf_text(out)
    assert "壹仟零伍元伍角整" in text and "伍万元整" in text and "壹拾万零叁仟捌佰元整" in text
    assert "记字第4号" in squash(text) and "1,005.50" in text
    assert "第1页共" in squash(text)  # a 4,000-page print is numbered


def test_a_long_voucher_continues_on_the_next_slot_with_one_total(worked, tmp_path):
    lines = [{"account": "5602", "debit": "10.00"} for _ in range(15)] + [{"account": "1001", "credit": "150.00"}]
    manual_voucher(worked, "2026-11-26", "零星费用", lines)
    out = tmp_path / "v.pdf"
    assert report(worked.target, "vouchers", "--from", "2026-11", "--to", "2026-11", "--per-page", "3",
                  "--format", "pdf", "--out", out) == 0
    text = pdf_text(out)
    assert "记字第4号（1/3）" in squash(text) and "记字第4号（3/3）" in squash(text)
    assert text.count("壹佰伍拾元整") == 1


def test_a_report_longer_than_a_page_repeats_its_header_and_counts_pages(demo_path, tmp_path):
    out = tmp_path / "lg.pdf"
    assert report(demo_path, "ledger", "--account", "1002", "--from", "2026-09", "--to", "2026-10",
                  "--format", "pdf", "--out", out) == 0
    pages = pdf_text(out).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        assert "凭证号" in page and "借或贷" in page, f"page {n} lacks the column header"
        assert f"第{n}页共{len(pages)}页" in squash(page)


def test_an_unbalanced_balance_sheet_is_refused_naming_the_difference(worked, tmp_path):
    bs = balance_sheet(worked, "2026-11")
    bs["difference"] = Decimal("1234.56")  # as a chart with an account in no row would give
    with pytest.raises(Rejected, match="1,234.56"):
        render.to_pdf("balance-sheet", bs, tmp_path / "bs.pdf")
    with pytest.raises(Rejected, match="row 30"):
        render.to_xlsx("balance-sheet", bs, tmp_path / "bs.xlsx")
    assert not (tmp_path / "bs.pdf").exists()


def test_statements_for_every_customer_one_pdf_each(demo_path, tmp_path):
    folder = tmp_path / "statements"
    assert report(demo_path, "statement", "--all", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "pdf",
                  "--out", folder) == 0
    files = sorted(folder.glob("*.pdf"))
    assert len(files) > 5
    text = pdf_text(files[0])
    assert "对账单" in text and "2026-10-31" in text


@pytest.mark.parametrize("args", [
    ("balance-sheet", "--format", "json"),
    ("balance-sheet", "--period", "2026-13", "--format", "json"),
    ("vouchers", "--from", "2026-11", "--to", "2026-11", "--format", "json"),
    ("ledger", "--account", "9999", "--from", "2026-11", "--to", "2026-11", "--format", "json"),
    ("ledger", "--from", "2026-11", "--to", "2026-11", "--format", "json"),
    ("aging", "--format", "json"),
    ("cash-flow", "--from", "2026-12", "--to", "2026-11", "--format", "json"),
    ("statement", "--customer", "NOPE", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json"),
])
def test_bad_arguments_exit_2_with_error_lines(worked_path, tmp_path, capsys, args):
    assert report(worked_path, *args, "--out", tmp_path / "x") == 2
    err = capsys.readouterr().err
    assert err.strip() and all(line.startswith("error:") for line in err.strip().splitlines())
    assert not (tmp_path / "x").exists()


def _render_modes(content: bytes) -> list[int]:
    """The text render mode in force at each text-showing operator of a page's content stream."""
    modes, stack, mode, last = [], [], 0, None
    for token in re.findall(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[[^\]]*\]|[^\s()<>\[\]]+", content):
        if token == b"q":
            stack.append(mode)
        elif token == b"Q":
            mode = stack.pop()
        elif token == b"Tr":
            mode = int(last)
        elif token in (b"Tj", b"TJ", b"'", b'"'):
            modes.append(mode)
        last = token
    return modes


def test_text_after_a_bold_heading_is_drawn_plain(tmp_path):
    # A bold string used to leave the canvas in fill-and-stroke mode, so every later string on
    # the page printed bold: a report full of heavy figures.
    from reportlab.pdfgen.canvas import Canvas

    from reports.pdf import draw_text, register_font
    register_font()
    out = tmp_path / "t.pdf"
    c = Canvas(str(out), pageCompression=0)
    draw_text(c, 50, 800, "资产负债表", 16, bold=True)
    draw_text(c, 50, 780, "货币资金", 10)
    draw_text(c, 50, 760, "合计", 10, bold=True)
    draw_text(c, 50, 740, "应收账款", 10)
    c.save()
    content = out.read_bytes()
    stream = content[content.index(b"stream", content.index(b"BT") - 400):]
    assert _render_modes(stream) == [2, 0, 2, 0]
