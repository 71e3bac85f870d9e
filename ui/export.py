"""Export a list as shown (its search, filters and sort) to an .xlsx file, every matching row,
streamed page by page into XlsxWriter's constant-memory writer (flat memory however long)."""
from __future__ import annotations

from pathlib import Path

import xlsxwriter

from reports.output import whole_file
from reports.table import is_formula_like
from reports.xlsx import MONEY, ensure_folder, qty_format
from reports.xlsx_stream import FOOTER
from storage.book import Book
from storage.queries.lists import ListQuery, ListSpec

PAGE = 2000


def export_list(book: Book, spec: ListSpec, query: ListQuery, out: str | Path, progress=None) -> int:
    """Write the rows to `out`, amounts as numbers; returns how many rows were written.
    `progress(done, total, what)` hears after each page (and may raise to cancel)."""
    ensure_folder(out)
    with whole_file(out) as partial:  # 取消 half-way leaves no file, nor half of one
        wb = xlsxwriter.Workbook(str(partial), {"constant_memory": True, "strings_to_numbers": False,
                                                "strings_to_formulas": False, "strings_to_urls": False})
        try:
            return _write(book, spec, query, wb, progress)
        finally:
            wb.close()


def _write(book: Book, spec: ListSpec, query: ListQuery, wb, progress) -> int:
    expected = spec.count(book, query) if progress else 0
    ws = wb.add_worksheet(spec.title[:31])
    ws.set_paper(9)  # A4, one page wide, the column header on every printed page
    if len(spec.columns) > 6:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.fit_width = "1"  # written out, not left to the schema's default (see reports/xlsx_stream.py)
    ws.center_horizontally()
    ws.set_footer(FOOTER)
    ws.repeat_rows(0)
    ws.freeze_panes(1, 0)
    bold, money, quoted = wb.add_format({"bold": True}), wb.add_format({"num_format": MONEY}), \
        wb.add_format({"quote_prefix": True})
    qty: dict[str, object] = {}
    for i, col in enumerate(spec.columns):
        ws.write_string(0, i, col.title, bold)
    count, after = 0, None
    while True:
        rows, after = spec.page(book, query, after, PAGE)
        for row in rows:
            count += 1
            for i, (v, col) in enumerate(zip(row, spec.columns, strict=False)):
                if v is None or v == "":
                    continue
                if isinstance(v, str):
                    ws.write_string(count, i, v, quoted if is_formula_like(v) else None)
                elif hasattr(v, "as_tuple"):  # a Decimal: a number without float noise in 15 digits
                    if col.kind == "qty":
                        fmt = qty_format(v)
                        if fmt not in qty:
                            qty[fmt] = wb.add_format({"num_format": fmt})
                        ws.write_number(count, i, float(v), qty[fmt])
                    else:
                        ws.write_number(count, i, float(v), money if col.kind == "money" else None)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(count, i, v)
                else:
                    ws.write(count, i, v)
        if progress:
            progress(count, expected, f"已写出 {count:,} / {expected:,} 行")
        if len(rows) < PAGE:
            break
    return count
