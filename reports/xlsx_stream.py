"""The Excel writer on XlsxWriter's constant-memory mode: each row goes to disk as it is written,
so a year's 序时账 (65,000 lines) takes a few seconds and flat memory (issue 32; openpyxl's
write-only mode, kept in reports/xlsx.py as `write_openpyxl` for the bench, spent ~80 % of 14 s in
its own cell objects). openpyxl stays the reader.

The sheet is the same as before, property for property (REPORTS.md v3): the header block (title
merged across the table, 表号 and the 已结账 mark, 编制单位 / period / 单位：元, info lines), A4 in the
document's orientation fitted one page wide, the column header repeated on every printed page and
frozen, "第 &P 页 共 &N 页" in the footer, amounts '#,##0.00', quantities by their own decimals,
real dates, codes and user text always text (formula-like text with a quote prefix), SUM/SUMIF
totals, the signature line; statutory forms ruled and without autofilter."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from reports.output import checkpoint
from reports.table import Col, Document, Row, Section, is_formula_like

MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
FOOTER = "&C&9第 &P 页 共 &N 页"
HEADER_FILL = "#EEF2F7"
BORDER_COLOUR = "#808080"


class _Formats:
    """One Format per distinct look, made on first use (a million cells share a handful)."""

    def __init__(self, wb, ruled: bool) -> None:
        self.wb = wb
        self.ruled = ruled
        self.made: dict[tuple, object] = {}

    def get(self, num: str = "", bold: bool = False, indent: int = 0, align: str = "", quote: bool = False,
            ruled: bool | None = None, **extra):
        ruled = self.ruled if ruled is None else ruled
        key = (num, bold, indent, align, quote, ruled, tuple(sorted(extra.items())))
        fmt = self.made.get(key)
        if fmt is None:
            props: dict = dict(extra)
            if num:
                props["num_format"] = num
            if bold:
                props["bold"] = True
            if indent:
                props["indent"] = indent
            if align:
                props["align"] = align
                if align == "center":
                    props["valign"] = "vcenter"
            if quote:
                props["quote_prefix"] = True
            if ruled:
                props.update(border=1, border_color=BORDER_COLOUR)
            fmt = self.made[key] = self.wb.add_format(props) if props else None
        return fmt


def qty_format(value) -> str:
    exponent = value.normalize().as_tuple().exponent if hasattr(value, "normalize") else 0
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0." + "0" * places if places else "#,##0"


def write(doc: Document, out: str | Path) -> None:
    from reports.output import ensure_folder
    ensure_folder(out)
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": doc.title, "author": "账房 Zhangfang"})
    try:
        used: set[str] = set()
        for n, section in enumerate(doc.sections):
            name = (section.sheet or section.heading or doc.title)[:31]
            if name in used:
                name = f"{name[:28]}{n + 1}"
            used.add(name)
            _sheet(wb, wb.add_worksheet(name), doc, section)
    finally:
        wb.close()


def header_rows(doc: Document) -> int:
    return 2 + bool(doc.form or doc.state) + len(doc.info)


def _sheet(wb, ws, doc: Document, section: Section) -> None:
    cols = section.columns
    ncols = len(cols)
    f = _Formats(wb, ruled=doc.statutory)
    for i, col in enumerate(cols):
        ws.set_column(i, i, max(col.width * 1.15, len(col.title) * 2.2) + 2)
    ws.set_paper(9)  # A4
    if doc.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
    # XlsxWriter leaves out fitToWidth="1" as the schema's default; written out, as openpyxl wrote it,
    # for readers that do not apply defaults (XlsxWriter writes any value that is not the int 1)
    ws.fit_width = "1"
    ws.center_horizontally()
    ws.set_footer(FOOTER)
    header_row = header_rows(doc) + 1  # 1-based, as the sheet shows it
    ws.freeze_panes(header_row, 0)
    ws.repeat_rows(header_row - 1)
    if not doc.statutory:
        ws.hide_gridlines(0)  # a long list prints its grid; a statutory form is ruled instead
    row = _header_block(ws, f, doc, ncols)
    head = f.get(bold=True, align="center", bg_color=HEADER_FILL, pattern=1)
    for i, col in enumerate(cols):
        ws.write_string(row, i, col.title, head)
    row += 1
    first = row
    writers = [_writer(ws, f, col) for col in cols]
    for r in section.rows:
        if not (row - first) % 500:
            checkpoint()  # the window's 取消 stops the writer here
        if isinstance(r, Row):
            for i, (col, v) in enumerate(zip(cols, r.values, strict=True)):
                bold, indent = r.style(i)
                _styled(ws, f, row, i, col, v, bold, indent)
        else:
            for i, (put, v) in enumerate(zip(writers, r, strict=True)):
                if v is not None:
                    put(row, i, v)
        row += 1
    last = row - 1  # 0-based index of the last body row (first - 1 when there is none)
    if row > first and not doc.statutory:
        ws.autofilter(first - 1, 0, last, ncols - 1)
    if section.totals is not None:
        _totals(ws, f, section, row, first, last)
        row += 1
    if doc.signatures and section is doc.sections[-1]:
        row += 1  # a blank line, then room to sign
        text = (" " * 16).join(f"{label}：" for label in doc.signatures)
        _merged(ws, row, 0, ncols - 1, text, f.get(align="left", ruled=False))


def _merged(ws, row: int, first: int, last: int, text: str, fmt) -> None:
    if last > first:
        ws.merge_range(row, first, row, last, text, fmt)
    else:
        ws.write_string(row, first, text, fmt)


def _header_block(ws, f: _Formats, doc: Document, ncols: int) -> int:
    """Title, 表号 and mark, 编制单位 / period / unit, info lines; returns the next row (0-based)."""
    ws.set_row(0, 26)
    _merged(ws, 0, 0, ncols - 1, doc.title, f.get(bold=True, align="center", ruled=False, font_size=16))
    row = 1
    if doc.form or doc.state:
        if ncols >= 3:
            _merged(ws, row, 1, ncols - 2, doc.state,
                    f.get(align="center", ruled=False, font_size=9, font_color="#C62828"))
            ws.write_string(row, ncols - 1, doc.form, f.get(align="right", ruled=False))
        else:
            ws.write_string(row, 0, " ".join(x for x in (doc.state, doc.form) if x), f.get(align="left", ruled=False))
        row += 1
    if ncols >= 3:
        ws.write_string(row, 0, f"编制单位：{doc.company}", f.get(align="left", ruled=False))
        _merged(ws, row, 1, ncols - 2, doc.period, f.get(align="center", ruled=False))
        ws.write_string(row, ncols - 1, doc.unit, f.get(align="right", ruled=False))
    else:
        ws.write_string(row, 0, f"编制单位：{doc.company}  {doc.period}  {doc.unit}", f.get(align="left", ruled=False))
    row += 1
    for line in doc.info:
        _merged(ws, row, 0, ncols - 1, line, f.get(align="left", ruled=False))
        row += 1
    return row


def _writer(ws, f: _Formats, col: Col):
    """The writer of an unstyled body cell of `col`, chosen once per column."""
    if col.kind in ("text", "code"):
        plain, quoted = f.get(), f.get(quote=True)

        def text(r, c, v):
            v = str(v)
            if v:  # an empty code or name is no cell at all (a third of a journal's cells)
                ws.write_string(r, c, v, quoted if is_formula_like(v) else plain)
        return text
    return lambda r, c, v: _styled(ws, f, r, c, col, v, False, 0)


def _styled(ws, f: _Formats, r: int, c: int, col: Col, value, bold: bool, indent: int) -> None:
    if value is None or (col.blank_zero and col.kind == "money" and not value):
        if f.ruled:
            ws.write_blank(r, c, None, f.get())
        return
    if col.kind in ("text", "code"):
        text = str(value)
        ws.write_string(r, c, text, f.get(bold=bold, indent=min(indent, 5), quote=is_formula_like(text)))
    elif col.kind == "money":
        ws.write_number(r, c, exact(value), f.get(MONEY, bold))
    elif col.kind == "qty":
        ws.write_number(r, c, exact(value), f.get(qty_format(value), bold))
    elif col.kind == "date":
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        ws.write_datetime(r, c, day, f.get(DATE, bold))
    elif isinstance(value, (int, float)) or hasattr(value, "as_tuple"):
        ws.write_number(r, c, value if isinstance(value, int) else exact(value),
                        f.get(bold=bold, align="center" if col.kind == "int" else ""))
    else:
        ws.write_string(r, c, str(value), f.get(bold=bold))


def exact(value) -> Decimal:
    """A number as the cell stores it: XlsxWriter writes what it is given with '.16G', so a Decimal
    keeps its exact text in the file (0.07), where a float would write 0.07000000000000001."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _totals(ws, f: _Formats, section: Section, row: int, first: int, last: int) -> None:
    for i, (col, v) in enumerate(zip(section.columns, section.totals.values, strict=True)):  # type: ignore[union-attr]
        how = section.total_formulas.get(i)
        if how is None or last < first:
            _styled(ws, f, row, i, col, v, True, 0)
            continue
        letter = xl_col_to_name(i)
        rng = f"{letter}{first + 1}:{letter}{last + 1}"
        if how.startswith("sumif:"):
            key = xl_col_to_name(int(how.split(":")[1]))
            formula = f"=SUMIF({key}{first + 1}:{key}{last + 1},1,{rng})"
        else:
            formula = f"=SUM({rng})"
        # the total we computed is the formula's cached result: a reader that does not recalculate
        # (LibreOffice keeps cached results by default, a phone's viewer) shows it, not 0
        ws.write_formula(row, i, formula, f.get(MONEY, True), exact(v) if v is not None else 0)
