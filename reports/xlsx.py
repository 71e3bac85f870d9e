"""The one Excel writer: a Document streamed into a write-only workbook, one sheet per section.

Amounts are numeric cells ('#,##0.00'), dates are dates, codes and user text stay text (a
summary typed as '=HYPERLINK(…)' is never a formula), the header is frozen and filtered, and
totals are SUM formulas so a user who adds rows keeps them right."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.table import Col, Document, Row, Section, is_formula_like, plain

MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
QTY = "#,##0.####"
TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
CENTER = Alignment(horizontal="center")
FIRST = 3  # row 1: title, row 2: the column header, data from row 3


class _Styles:
    """Named style objects shared by every cell (openpyxl de-duplicates them; creating one per
    cell would cost time for a million rows)."""

    def __init__(self) -> None:
        self.indents = {n: Alignment(indent=n) for n in range(1, 6)}


def _cell(ws, col: Col, value, bold: bool = False, indent: int = 0, styles: _Styles | None = None) -> WriteOnlyCell:
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
        cell.number_format = QTY
    elif col.kind == "date":
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        cell = WriteOnlyCell(ws, value=day)
        cell.number_format = DATE
    else:
        cell = WriteOnlyCell(ws, value=value)
    if bold:
        cell.font = BOLD
    return cell


def write(doc: Document, out: str | Path) -> None:
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
    ws.freeze_panes = f"A{FIRST}"
    title = " ".join(x for x in (doc.title, doc.company, doc.period, *doc.info, doc.unit) if x)
    head = WriteOnlyCell(ws, value=title)
    head.font = TITLE_FONT
    ws.append([head])
    header = []
    for col in cols:
        c = WriteOnlyCell(ws, value=col.title)
        c.font, c.fill, c.alignment = HEADER_FONT, HEADER_FILL, CENTER
        header.append(c)
    ws.append(header)
    styles = _Styles()
    n = FIRST - 1
    for r in section.rows:
        row = r if isinstance(r, Row) else None
        values = row.values if row else r
        out = []
        for i, (col, v) in enumerate(zip(cols, values, strict=True)):
            bold, indent = row.style(i) if row else (False, 0)
            out.append(_cell(ws, col, v, bold, indent, styles))
        ws.append(out)
        n += 1
    if n >= FIRST:
        ws.auto_filter.ref = f"A{FIRST - 1}:{last_col}{n}"
    if section.totals is not None:
        ws.append(_totals(ws, section, n))


def _totals(ws, section: Section, last: int) -> list:
    out = []
    for i, (col, v) in enumerate(zip(section.columns, section.totals.values, strict=True)):  # type: ignore[union-attr]
        how = section.total_formulas.get(i)
        letter = get_column_letter(i + 1)
        if how is None or last < FIRST:
            cell = _cell(ws, col, v, bold=True)
        else:
            rng = f"{letter}{FIRST}:{letter}{last}"
            if how.startswith("sumif:"):
                key = get_column_letter(int(how.split(":")[1]) + 1)
                formula = f"=SUMIF({key}{FIRST}:{key}{last},1,{rng})"
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
