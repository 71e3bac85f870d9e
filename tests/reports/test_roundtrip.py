"""Excel as a spreadsheet program prints it: the xlsx converted by LibreOffice headless to PDF,
its page rendered and read back (pypdfium2), and quantities displayed without a trailing point."""
from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from reports.table import Col, Document, Section
from reports.xlsx import write
from ui.cli.main import main


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed; Debian: apt-get install libreoffice-calc-nogui")
    return exe


def convert(src: Path, target: str, tmp: Path) -> Path:
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", target,
                    "--outdir", str(tmp), str(src)], check=True, capture_output=True, timeout=180)
    return tmp / (src.stem + "." + target.split(":")[0])


def test_an_xlsx_export_prints_through_libreoffice_with_its_header_block(worked_path, tmp_path):
    import pypdfium2 as pdfium
    out = tmp_path / "利润表.xlsx"
    assert main(["--db", str(worked_path), "report", "income-statement", "--from", "2026-11", "--to", "2026-11",
                 "--format", "xlsx", "--out", str(out)]) == 0
    pdf = pdfium.PdfDocument(convert(out, "pdf", tmp_path))
    assert len(pdf) == 1, "fitted to one page wide, and the form is one page long"
    page = pdf[0]
    width, height = page.get_size()
    assert width < height, "portrait A4"
    assert round(width / 72 * 25.4) == 210 and round(height / 72 * 25.4) == 297
    bitmap = page.render(scale=0.5)
    assert any(b != 255 for b in bytes(bitmap.buffer)[:200000]), "the page has ink"
    text = page.get_textpage().get_text_bounded().replace(" ", "")
    for word in ("利润表", "会小企02表", "编制单位：示例商贸有限公司", "单位：元", "营业收入", "第1页共1页", "单位负责人"):
        assert word in text, word


def test_quantities_display_as_written_without_a_trailing_point(tmp_path):
    out = tmp_path / "qty.xlsx"
    cols = (Col("存货", "code", 8), Col("数量", "qty", 10))
    rows = [("A", Decimal("250")), ("B", Decimal("2.5")), ("C", Decimal("0.125")), ("D", Decimal("12500.000"))]
    write(Document("数量", "公司", "2026-11", [Section(cols, rows)]), out)
    shown = convert(out, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true", tmp_path)
    cells = {r[0]: r[1] for r in csv.reader(shown.open(encoding="utf-8")) if r and r[0] in "ABCD"}
    assert cells == {"A": "250", "B": "2.5", "C": "0.125", "D": "12,500"}
