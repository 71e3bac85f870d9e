"""The one PDF renderer: a Document drawn on the ReportLab canvas (A4, title, company, period,
单位：元, repeated column headers, right-aligned amounts, signatures, 第 x 页 共 y 页), in the
bundled font embedded as a subset and no other."""
from __future__ import annotations

import datetime as dt
from collections import deque
from decimal import Decimal
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from domain.money import fmt_qty, fmt_thousands
from reports.output import checkpoint
from reports.table import Col, Document, Row, Section
from resources import font_path

FONT = "WQY"
FONT_FILE = font_path()
BODY, SMALL, TITLE = 8.5, 7.5, 16
ROW_H, HEAD_H = 6 * mm, 7 * mm
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 14 * mm, 12 * mm, 12 * mm
SIGN_H = 10 * mm
PAD = 1.4 * mm
GRID = 0.4
HEAD_FILL = (0.93, 0.94, 0.96)


def register_font() -> str:
    """Register the bundled CJK font once and make it every new canvas's starting font, so no
    unembedded Helvetica is ever referenced (PITFALLS.md)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    rl_config.canvas_basefontname = FONT
    return FONT


def new_canvas(out: str | Path, size, title: str) -> Canvas:
    register_font()
    c = Canvas(str(out), pagesize=size, initialFontName=FONT, initialFontSize=BODY, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("账房 Zhangfang")
    return c


def fit(text: str, width: float, size: float) -> tuple[str, float]:
    """The text and a font size that fit the width: shrink down to 6 pt, then cut with an ellipsis."""
    w = pdfmetrics.stringWidth(text, FONT, size)
    if w <= width:
        return text, size
    smaller = max(6.0, size * width / w)
    if pdfmetrics.stringWidth(text, FONT, smaller) <= width:
        return text, smaller
    while text and pdfmetrics.stringWidth(text + "…", FONT, smaller) > width:
        text = text[:-1]
    return text + "…", smaller


def draw_text(c: Canvas, x: float, y: float, text: str, size: float, *, align: str = "left",
              bold: bool = False) -> None:
    """One string; bold is drawn as fill and stroke, the font having no bold face."""
    if align == "right":
        x -= pdfmetrics.stringWidth(text, FONT, size)
    elif align == "center":
        x -= pdfmetrics.stringWidth(text, FONT, size) / 2
    t = c.beginText(x, y)
    t.setFont(FONT, size)
    if not bold:
        t.textOut(text)
        c.drawText(t)
        return
    # The render mode is graphics state that outlives the text object, and a new text object
    # believes it is 0 and writes nothing for setTextRenderMode(0): so bold is drawn inside
    # saveState/restoreState, and the text after it is plain again.
    c.saveState()
    c.setLineWidth(0.25)
    t.setTextRenderMode(2)
    t.textOut(text)
    c.drawText(t)
    c.restoreState()


def cell_text(col: Col, value) -> str:
    if value is None:
        return ""
    if col.kind == "money":
        if col.blank_zero and not value:
            return ""
        return fmt_thousands(Decimal(value))
    if col.kind == "qty":
        return fmt_qty(Decimal(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _align(col: Col) -> str:
    return col.align or {"money": "right", "qty": "right", "int": "center", "date": "center"}.get(col.kind, "left")


def _items(doc: Document):
    """("gap" | "heading" | "header", section) and ("row", section, row, is_body, keep_with_previous)."""
    for n, s in enumerate(doc.sections):
        if n:
            yield ("gap", s)
        if s.heading:
            yield ("heading", s)
        yield ("header", s)
        for r in s.rows:
            if isinstance(r, Row):
                yield ("row", s, r, False, r.keep)
            else:
                yield ("row", s, Row(tuple(r)), True, False)
        if s.totals is not None:
            yield ("row", s, s.totals, False, True)  # a 合计 never alone at the head of a page


_HEIGHT = {"gap": 3 * mm, "heading": 7 * mm, "header": HEAD_H, "row": ROW_H}


class _Carried:
    """The running 过次页 figures of the section being laid out."""

    def __init__(self, section: Section) -> None:
        self.spec = section.carry
        self.columns = len(section.columns)
        self.sums: dict[int, Decimal] = {}
        self.kept: dict[int, object] = {}

    def add(self, row: Row, body: bool) -> None:
        spec = self.spec
        if spec is None:
            return
        if body:
            for i in spec.sums:
                self.sums[i] = self.sums.get(i, Decimal(0)) + (row.values[i] or Decimal(0))
        if any(row.values[i] is not None for i in spec.keep):
            self.kept = {i: row.values[i] for i in spec.keep}
        if not body and row.values[spec.label] in spec.reset:
            self.sums = {}

    def snapshot(self) -> tuple[dict, dict]:
        return dict(self.sums), dict(self.kept)

    def restore(self, state: tuple[dict, dict]) -> None:
        self.sums, self.kept = dict(state[0]), dict(state[1])

    def row(self, label: str) -> Row:
        assert self.spec is not None
        values = [None] * self.columns
        values[self.spec.label] = label
        for i in self.spec.sums:
            values[i] = self.sums.get(i, Decimal(0))
        for i, v in self.kept.items():
            values[i] = v
        return Row(tuple(values), bold=True)


def paginate(doc: Document, body_height: float) -> list[list]:
    """Items per page. A section continued on a new page gets its column header again; a ledger's
    page ends with 过次页 and the next begins with 承前页; a row kept with the one before it (a
    合计, 本月合计) takes that row along to the new page rather than stand alone."""
    pages: list[list] = [[]]
    left = body_height
    current_header = None
    carried: _Carried | None = None
    history: deque = deque(maxlen=8)  # the carried figures before each of the last rows placed
    for it in _items(doc):
        kind = it[0]
        h = _HEIGHT[kind]
        if kind == "header":
            current_header = it
            carried = _Carried(it[1])
            history.clear()
            h += ROW_H  # never a header alone at the foot of a page
        if kind in ("heading", "gap"):
            h += HEAD_H + ROW_H
        carrying = kind == "row" and carried is not None and carried.spec is not None
        if h + (ROW_H if carrying else 0) > left and pages[-1]:
            moved = _pull_back(pages[-1]) if kind == "row" and it[4] else []
            if carrying and moved and len(moved) <= len(history):
                carried.restore(history[-len(moved)])
            elif moved and carrying:  # too far back to know the figures: leave the rows where they are
                pages[-1].extend(moved)
                moved = []
            if carrying:
                pages[-1].append(("row", it[1], carried.row("过次页"), False, False))
            pages.append([])
            left = body_height
            if kind == "row" and current_header is not None:
                pages[-1].append(current_header)
                left -= HEAD_H
                if carrying:
                    pages[-1].append(("row", it[1], carried.row("承前页"), False, False))
                    left -= ROW_H
            for x in moved:
                if carrying:
                    history.append(carried.snapshot())
                    carried.add(x[2], x[3])
                pages[-1].append(x)
                left -= ROW_H
            if kind == "gap":
                continue
        pages[-1].append(it)
        left -= _HEIGHT[kind]
        if carrying:
            history.append(carried.snapshot())
            carried.add(it[2], it[3])
    return pages


def _pull_back(page: list) -> list:
    """The rows at the foot of the page that go to the next with a kept row: the kept rows before
    it and the body row they belong to — unless that would leave the page without a row."""
    moved: list = []
    while page and page[-1][0] == "row":
        moved.insert(0, page.pop())
        if not moved[0][4]:
            break
    if not any(x[0] == "row" for x in page):
        page.extend(moved)
        return []
    return moved


def render(doc: Document, out: str | Path) -> None:
    size = landscape(A4) if doc.landscape else A4
    width, height = size
    top = height - MARGIN_TOP - _header_height(doc)
    body = top - MARGIN_BOTTOM - SIGN_H - 4 * mm
    pages = paginate(doc, body)
    c = new_canvas(out, size, f"{doc.title} {doc.company} {doc.period}")
    for n, items in enumerate(pages, 1):
        checkpoint()  # the window's 取消 stops the writer here
        _page_header(c, doc, width, height)
        _page_body(c, items, width, top)
        if doc.signatures and n == len(pages):
            _signatures(c, doc.signatures, width)
        draw_text(c, width / 2, MARGIN_BOTTOM - 5 * mm, f"第 {n} 页 共 {len(pages)} 页", SMALL, align="center")
        c.showPage()
    c.save()


def _header_height(doc: Document) -> float:
    return 10 * mm + 6 * mm + 5 * mm * len(doc.info) + 2 * mm + (4 * mm if doc.state else 0)


def _page_header(c: Canvas, doc: Document, width: float, height: float) -> None:
    y = height - MARGIN_TOP - 6 * mm
    draw_text(c, width / 2, y, doc.title, TITLE, align="center", bold=True)
    tw = pdfmetrics.stringWidth(doc.title, FONT, TITLE)
    c.setLineWidth(0.6)
    c.line(width / 2 - tw / 2 - 2 * mm, y - 2 * mm, width / 2 + tw / 2 + 2 * mm, y - 2 * mm)
    if doc.form:
        draw_text(c, width - MARGIN_X, y + 2 * mm, doc.form, SMALL, align="right")
    if doc.state:  # 已结账, or 未结账 with the unposted vouchers the figures include
        y -= 6.5 * mm
        c.setFillColorRGB(*((0, 0, 0) if doc.state == "已结账" else (0.78, 0.16, 0.16)))
        draw_text(c, width / 2, y, doc.state, SMALL, align="center")
        c.setFillColorRGB(0, 0, 0)
        y += 2.5 * mm
    y -= 10 * mm
    draw_text(c, MARGIN_X, y, f"编制单位：{doc.company}", BODY)
    draw_text(c, width / 2, y, doc.period, BODY, align="center")
    draw_text(c, width - MARGIN_X, y, doc.unit, BODY, align="right")
    for line in doc.info:
        y -= 5 * mm
        draw_text(c, MARGIN_X, y, line, BODY)


def _widths(section: Section, total: float) -> list[float]:
    weights = [col.width for col in section.columns]
    return [total * w / sum(weights) for w in weights]


def _page_body(c: Canvas, items: list, width: float, top: float) -> None:
    y = top
    usable = width - 2 * MARGIN_X
    block: list | None = None  # [section, top of its grid, bottom so far] of the table being drawn
    for it in items:
        kind, section = it[0], it[1]
        if kind == "gap":
            y -= _HEIGHT["gap"]
            continue
        if kind == "heading":
            y -= _HEIGHT["heading"]
            draw_text(c, MARGIN_X, y + 2 * mm, section.heading, BODY + 1, bold=True)
            continue
        widths = _widths(section, usable)
        if kind == "header":
            if block is not None:
                _close_block(c, *block, _widths(block[0], usable))
            _column_header(c, section, widths, y, usable)
            block = [section, y, y - HEAD_H]
            y -= HEAD_H
            continue
        _row(c, section, widths, it[2], y)
        y -= ROW_H
        c.setLineWidth(GRID)
        c.line(MARGIN_X, y, MARGIN_X + usable, y)
        if block is not None:
            block[2] = y
    if block is not None:
        _close_block(c, *block, _widths(block[0], usable))


def _column_header(c: Canvas, section: Section, widths: list[float], y: float, usable: float) -> None:
    c.setFillColorRGB(*HEAD_FILL)
    c.rect(MARGIN_X, y - HEAD_H, usable, HEAD_H, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    x = MARGIN_X
    for col, w in zip(section.columns, widths, strict=True):
        text, size = fit(col.title, w - 2 * PAD, BODY)
        draw_text(c, x + w / 2, y - HEAD_H + 2.3 * mm, text, size, align="center")
        x += w
    c.setLineWidth(GRID)
    c.line(MARGIN_X, y, MARGIN_X + usable, y)
    c.line(MARGIN_X, y - HEAD_H, MARGIN_X + usable, y - HEAD_H)


def _row(c: Canvas, section: Section, widths: list[float], row: Row, y: float) -> None:
    x = MARGIN_X
    for i, (col, w, value) in enumerate(zip(section.columns, widths, row.values, strict=True)):
        bold, indent = row.style(i)
        pad = PAD + (indent * 3 * mm if col.kind == "text" else 0)
        text, size = fit(cell_text(col, value), w - pad - PAD, BODY)
        align = _align(col)
        tx = x + pad if align == "left" else x + w - PAD if align == "right" else x + w / 2
        draw_text(c, tx, y - ROW_H + 1.9 * mm, text, size, align=align, bold=bold)
        x += w


def _close_block(c: Canvas, section: Section, y_top: float, y_bottom: float, widths: list[float]) -> None:
    """The vertical rules of a table drawn from its header down to its last row on this page."""
    c.setLineWidth(GRID)
    x = MARGIN_X
    c.line(x, y_top, x, y_bottom)
    for w in widths:
        x += w
        c.line(x, y_top, x, y_bottom)


def _signatures(c: Canvas, labels: tuple[str, ...], width: float) -> None:
    y = MARGIN_BOTTOM + 2 * mm
    step = (width - 2 * MARGIN_X) / len(labels)
    for i, label in enumerate(labels):
        x = MARGIN_X + i * step
        draw_text(c, x, y, f"{label}：", BODY)
        lw = pdfmetrics.stringWidth(f"{label}：", FONT, BODY)
        c.setLineWidth(0.4)
        c.line(x + lw, y - 0.8 * mm, x + step - 8 * mm, y - 0.8 * mm)
