"""Export a list as shown (its search, filters and sort) to an .xlsx file, every matching row."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from reports.table import is_formula_like
from reports.xlsx import MONEY, ensure_folder, print_setup, qty_format
from storage.book import Book
from storage.queries.lists import ListQuery, ListSpec

PAGE = 2000


def export_list(book: Book, spec: ListSpec, query: ListQuery, out: str | Path, progress=None) -> int:
    """Write the rows to `out`, amounts as numbers; returns how many rows were written.
    `progress(done, total, what)` hears after each page (and may raise to cancel)."""
    ensure_folder(out)
    expected = spec.count(book, query) if progress else 0
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(spec.title[:31])
    print_setup(ws, landscape=len(spec.columns) > 6)
    ws.print_title_rows = "1:1"  # the column header on every printed page
    ws.freeze_panes = "A2"
    header = []
    for col in spec.columns:
        cell = WriteOnlyCell(ws, value=col.title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    count, after = 0, None
    while True:
        rows, after = spec.page(book, query, after, PAGE)
        for row in rows:
            ws.append([_cell(ws, v, c.kind) for v, c in zip(row, spec.columns, strict=False)])
        count += len(rows)
        if progress:
            progress(count, expected, f"已写出 {count:,} / {expected:,} 行")
        if len(rows) < PAGE:
            break
    wb.save(str(out))
    return count


def _cell(ws, value, kind: str):
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, Decimal):  # a number without float noise
        cell.number_format = {"money": MONEY, "qty": qty_format(value)}.get(kind, "General")
    elif isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"  # what a user typed stays text, never a formula
        cell.quotePrefix = True
    return cell
