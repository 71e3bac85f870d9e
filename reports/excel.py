"""Excel output that streams (write-only workbooks): numbers as numeric cells, identifiers as
text, and text that starts like a formula kept as text."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from storage.book import Book

MONEY = "#,##0.00;[Red]-#,##0.00"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")

VOUCHER_COLUMNS = (("期间", 9), ("凭证字", 6), ("凭证号", 7), ("日期", 11), ("状态", 8), ("凭证摘要", 34),
                   ("来源单据类型", 14), ("来源单号", 18), ("摘要", 30), ("科目编码", 10), ("科目名称", 16),
                   ("借方金额", 14), ("贷方金额", 14), ("客户", 10), ("供应商", 10), ("存货", 10), ("数量", 10))


def text_cell(ws, value: str) -> WriteOnlyCell:
    """A string cell that stays a string: '=SUM(A1)' typed by a user is never a formula."""
    cell = WriteOnlyCell(ws, value=value)
    if value[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _cell(ws, value):
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(ws, value=value)  # openpyxl writes Decimal as a number without float noise
        cell.number_format = MONEY
        return cell
    if isinstance(value, str):
        return text_cell(ws, value)
    return WriteOnlyCell(ws, value=value)


def _header(ws, columns) -> None:
    for i, (_, width) in enumerate(columns):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    cells = []
    for title, _ in columns:
        c = WriteOnlyCell(ws, value=title)
        c.font, c.fill, c.alignment = HEADER_FONT, HEADER_FILL, Alignment(horizontal="center")
        cells.append(c)
    ws.append(cells)


def write_vouchers(book: Book, vouchers: list[dict], out: str | Path) -> None:
    """序时账: one row per voucher line, the voucher's header repeated so the sheet filters well."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("凭证")
    ws.freeze_panes = "A2"
    _header(ws, VOUCHER_COLUMNS)
    for v in vouchers:
        src = v["source"] or {}
        for ln in v["lines"]:
            row = (v["period"], v["word"], v["number"], v["date"], v["status"], v["summary"], src.get("type", ""),
                   src.get("no", ""), ln["summary"], ln["account"], ln["account_name"], Decimal(ln["debit"]),
                   Decimal(ln["credit"]), ln["customer"] or "", ln["supplier"] or "", ln["item"] or "",
                   Decimal(ln["qty"]) if ln["qty"] else None)
            ws.append([_cell(ws, x) for x in row])
    wb.save(out)
