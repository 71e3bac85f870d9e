"""The one Excel writer: a Document streamed into a write-only workbook, one sheet per section.

Amounts are numeric cells ('#,##0.00'), dates are dates, codes and user text stay text (a
summary typed as '=HYPERLINK(…)' is never a formula), the header is frozen and filtered, and
totals are SUM formulas so a user who adds rows keeps them right.

Every sheet prints as filed (REPORTS.md v3): a header block (the title merged across the table,
表号, 编制单位, period, 单位：元, the 已结账 / 含未记账凭证 mark), A4 in the document's orientation
fitted to one page wide, the column header repeated on every page, "第 &P 页 共 &N 页" in the
footer, and the form's signature line under the table. Statutory forms have no autofilter."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from reports.output import ensure_folder
from reports.table import Col, Document, Row, Section, is_formula_like, plain

MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
TITLE_FONT = Font(bold=True, size=16)
HEADER_FONT = Font(bold=True)
BOLD = Font(bold=True)
MARK_FONT = Font(size=9, color="C62828")
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
CENTER = Alignment(horizontal="center", vertical="center")
LEFT = Alignment(horizontal="left")
RIGHT = Alignment(horizontal="right")
FOOTER = "第 &P 页 共 &N 页"


def qty_format(value) -> str:
    """A quantity's format by its own decimals: 250 shows "250", 2.5 "2.5", 0.125 "0.125" — never
    "250." as '#,##0.####' shows a whole number."""
    exponent = value.normalize().as_tuple().exponent if hasattr(value, "normalize") else 0
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0." + "0" * places if places else "#,##0"


class _Styles:
    """Named style objects shared by every cell (openpyxl de-duplicates them; creating one per
    cell would cost time for a million rows)."""

    def __init__(self, ruled: bool = False) -> None:
        self.indents = {n: Alignment(indent=n) for n in range(1, 6)}
        thin = Side(style="thin", color="808080")
        # A statutory form is ruled like the paper one; a long ledger prints the grid instead.
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin) if ruled else None


def _cell(ws, col: Col, value, bold: bool = False, indent: int = 0, styles: _Styles | None = None) -> WriteOnlyCell:
    cell = _value_cell(ws, col, value, bold, indent, styles)
    if styles is not None and styles.border is not None:
        cell.border = styles.border
    return cell


def _value_cell(ws, col: Col, value, bold: bool, indent: int, styles: _Styles | None) -> WriteOnlyCell:
    if value is None or (col.blank_zero and col.kind == "money" and not value):
        return WriteOnlyCell(ws, value=None)
    if col.kind in ("text", "code"):
        text = str(value)
        cell = WriteOnlyCell(ws, value=text)
        if is_formula_like(text):  # what a user typed stays what they typed
            cell.data_type = "s"
            cell.quotePrefix = True
        if indent and styles is not None:
            cell.alignment = styles.indents[min(indent, 5)]
    elif col.kind == "money":
        cell = WriteOnlyCell(ws, value=value)  # Decimal goes in as a number, without float noise
        cell.number_format = MONEY
    elif col.kind == "qty":
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = qty_format(value)
    elif col.kind == "date":
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        cell = WriteOnlyCell(ws, value=day)
        cell.number_format = DATE
    else:
        cell = WriteOnlyCell(ws, value=value)
        if col.kind == "int":
            cell.alignment = CENTER
    if bold:
        cell.font = BOLD
    return cell


def _fast(ws, col: Col):
    """The converter of an unstyled body cell: plain values where openpyxl needs no cell object."""
    if col.kind in ("text", "code"):
        def text(v):
            if v is None:
                return None
            v = str(v)
            return _cell(ws, col, v) if v[:1] in ("=", "+", "-", "@") else v
        return text
    if col.kind == "int":
        return lambda v: v
    return lambda v: _cell(ws, col, v)


def write(doc: Document, out: str | Path) -> None:
    """Every report's Excel file: XlsxWriter's constant-memory writer (reports/xlsx_stream.py)."""
    from reports.xlsx_stream import write as write_stream
    write_stream(doc, out)


def write_openpyxl(doc: Document, out: str | Path) -> None:
    """The same sheet through openpyxl's write-only mode: what `write` did before issue 32, kept so the
    bench measures the two side by side (bench/exports.py)."""
    ensure_folder(out)
    wb = Workbook(write_only=True)
    wb.properties.title = doc.title
    wb.properties.creator = "账房 Zhangfang"
    used: set[str] = set()
    for n, section in enumerate(doc.sections):
        name = (section.sheet or section.heading or doc.title)[:31]
        if name in used:
            name = f"{name[:28]}{n + 1}"
        used.add(name)
        _sheet(wb.create_sheet(name), doc, section)
    wb.save(out)


def _sheet(ws, doc: Document, section: Section) -> None:
    cols = section.columns
    last_col = get_column_letter(len(cols))
    for i, col in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(col.width * 1.15, len(col.title) * 2.2) + 2
    print_setup(ws, doc.landscape)
    header_row = header_rows(doc) + 1
    first = header_row + 1
    ws.freeze_panes = f"A{first}"  # before the first row: a write-only sheet writes its view first
    ws.print_title_rows = f"{header_row}:{header_row}"
    _header_block(ws, doc, len(cols))
    header = []
    for col in cols:
        c = WriteOnlyCell(ws, value=col.title)
        c.font, c.fill, c.alignment = HEADER_FONT, HEADER_FILL, CENTER
        if doc.statutory:
            c.border = _Styles(ruled=True).border
        header.append(c)
    ws.append(header)
    styles = _Styles(ruled=doc.statutory)
    if not doc.statutory:
        ws.print_options.gridLines = True
    plain_cells = [_fast(ws, col) for col in cols]  # one converter per column, chosen once
    n = header_row
    for r in section.rows:
        if isinstance(r, Row):
            ws.append([_cell(ws, col, v, *r.style(i), styles) for i, (col, v) in enumerate(zip(cols, r.values,
                                                                                              strict=True))])
        else:
            ws.append([conv(v) for conv, v in zip(plain_cells, r, strict=True)])
        n += 1
    if n >= first and not doc.statutory:
        ws.auto_filter.ref = f"A{header_row}:{last_col}{n}"
    if section.totals is not None:
        ws.append(_totals(ws, section, first, n))
        n += 1
    if doc.signatures and section is doc.sections[-1]:
        ws.append([])
        ws.append(_signature_row(ws, doc.signatures, len(cols), n + 2))


def print_setup(ws, landscape: bool) -> None:
    """A4, the orientation given, one page wide and as many tall as it takes, page footer."""
    ws.page_setup.paperSize = "9"  # A4 (ECMA-376 paper size code)
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9


def _merged(ws, row: int, first: int, last: int, cell: WriteOnlyCell) -> list:
    """The cell at `first` with blanks up to `last` (1-based columns), merged when they span."""
    if last > first:
        ws.merged_cells.add(f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")
    return [None] * (first - 1) + [cell] + [None] * (last - first)


def _text(ws, value: str, font: Font | None = None, alignment: Alignment | None = None) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=value)
    c.data_type = "s"  # a company name or a customer's is never a formula
    if font is not None:
        c.font = font
    if alignment is not None:
        c.alignment = alignment
    return c


def header_rows(doc: Document) -> int:
    """How many rows the header block takes above the column header."""
    return 2 + bool(doc.form or doc.state) + len(doc.info)


def _header_block(ws, doc: Document, ncols: int) -> None:
    """Title, 表号 and mark, 编制单位 / period / unit, info lines."""
    row = 1
    ws.row_dimensions[row].height = 26
    ws.append(_merged(ws, row, 1, ncols, _text(ws, doc.title, TITLE_FONT, CENTER)))
    if doc.form or doc.state:
        row += 1
        mark = _text(ws, doc.state, MARK_FONT, CENTER)
        form = _text(ws, doc.form, None, RIGHT)
        if ncols >= 3:
            ws.append(_merged(ws, row, 2, ncols - 1, mark) + [form])
        else:
            ws.append([_text(ws, " ".join(x for x in (doc.state, doc.form) if x), None, LEFT)])
    row += 1
    company = _text(ws, f"编制单位：{doc.company}", None, LEFT)
    period = _text(ws, doc.period, None, CENTER)
    unit = _text(ws, doc.unit, None, RIGHT)
    if ncols >= 3:
        ws.append([company] + _merged(ws, row, 2, ncols - 1, period)[1:] + [unit])
    else:
        ws.append([_text(ws, f"编制单位：{doc.company}  {doc.period}  {doc.unit}", None, LEFT)])
    for line in doc.info:
        row += 1
        ws.append(_merged(ws, row, 1, ncols, _text(ws, line, None, LEFT)))


def _signature_row(ws, labels: tuple[str, ...], ncols: int, row: int) -> list:
    """单位负责人： 会计主管： 制表： in one line across the table, room left to sign."""
    text = (" " * 16).join(f"{label}：" for label in labels)
    return _merged(ws, row, 1, ncols, _text(ws, text, None, LEFT))


def _totals(ws, section: Section, first: int, last: int) -> list:
    out = []
    for i, (col, v) in enumerate(zip(section.columns, section.totals.values, strict=True)):  # type: ignore[union-attr]
        how = section.total_formulas.get(i)
        letter = get_column_letter(i + 1)
        if how is None or last < first:
            cell = _cell(ws, col, v, bold=True)
        else:
            rng = f"{letter}{first}:{letter}{last}"
            if how.startswith("sumif:"):
                key = get_column_letter(int(how.split(":")[1]) + 1)
                formula = f"=SUMIF({key}{first}:{key}{last},1,{rng})"
            else:
                formula = f"=SUM({rng})"
            cell = WriteOnlyCell(ws, value=formula)
            cell.number_format = MONEY
            cell.font = BOLD
        out.append(cell)
    return out


def write_csv(section: Section, out: str | Path) -> None:
    """The same table as CSV (UTF-8 with BOM so Excel reads the Chinese), formula-like text defused."""
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([c.key or c.title for c in section.columns])
        kinds = [c.kind for c in section.columns]
        for r in section.rows:
            values = r.values if isinstance(r, Row) else r
            w.writerow([plain(v, k) for v, k in zip(values, kinds, strict=True)])
