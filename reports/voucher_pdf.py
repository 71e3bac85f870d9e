"""记账凭证 print: 2 (or 3) vouchers per A4 in the standard layout — 凭证字号, 日期, 附单据数,
摘要, 会计科目, 借方金额, 贷方金额, 合计 with the amount in 大写, 记账/审核/制单.

REPORTS.md v3: the account by its full path (应交税费—应交增值税—销项税额) and the customer,
supplier or item by name and code; a long 摘要 or account wraps onto a second line at 8 pt or
more (a line that needs more takes another row), never shrinks to nothing; every page numbered.
A voucher longer than its slot continues on the next slot as 第 k/n 张, the 合计 on its last one.
How many rows a slot holds is computed from its height, so three to a page still hold 7 lines."""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from domain.money import daxie, fmt_thousands
from reports.output import checkpoint
from reports.pdf import FONT, draw_text, fit, new_canvas

ZERO = Decimal("0.00")
WIDTH, HEIGHT = A4
LEFT, RIGHT = 16 * mm, WIDTH - 16 * mm
COLS = (("摘要", 0.28), ("会计科目", 0.36), ("借方金额", 0.18), ("贷方金额", 0.18))
BODY, SMALL, WRAPPED = 9, 8, 8  # WRAPPED: the size of a text on two lines, the floor (never below 8 pt)
PAD = 1.5 * mm
LINES_IN_A_ROW = 2  # a row holds two wrapped lines; a text needing more takes more rows
MAX_LINES = 4
_TOKENS = re.compile(r"（?[A-Za-z0-9][A-Za-z0-9.\-_/]*）?|.", re.S)


@dataclass(frozen=True)
class Geometry:
    """Where a slot's parts sit, from the top of the slot down."""

    per_page: int
    row: float
    title: float  # the title's baseline below the slot's top
    title_size: float
    date_gap: float  # the date line below the title
    sign_gap: float  # the signatures below the table
    bottom: float  # left free under the signatures (the page number sits in the last slot's)

    @property
    def slot(self) -> float:
        return HEIGHT / self.per_page

    @property
    def rows(self) -> int:
        """Body rows a slot holds: what is left after title, date line, header, 合计 and signatures."""
        fixed = self.title + self.date_gap + 3 * mm + 2 * self.row + self.sign_gap + self.bottom
        return int((self.slot - fixed) // self.row)


GEOMETRY = {2: Geometry(2, 8 * mm, 14 * mm, 16, 9 * mm, 6 * mm, 9 * mm),
            3: Geometry(3, 7 * mm, 10 * mm, 14, 7 * mm, 5 * mm, 7 * mm)}


def rows_per_slot(per_page: int) -> int:
    return GEOMETRY[per_page].rows


def _xs() -> list[float]:
    xs = [LEFT]
    for _, share in COLS:
        xs.append(xs[-1] + (RIGHT - LEFT) * share)
    return xs


XS = _xs()


def wrap(text: str, width: float) -> tuple[list[str], float]:
    """The text in lines that fit the width: one line at the body size when it fits, else lines
    of WRAPPED points broken between characters (CJK has no spaces), at most MAX_LINES, the last
    cut with an ellipsis."""
    if pdfmetrics.stringWidth(text, FONT, BODY) <= width:
        return [text], BODY
    lines: list[str] = []
    current = ""
    for token in _TOKENS.findall(text):  # a code or a number is never split across lines
        if current and pdfmetrics.stringWidth(current + token, FONT, WRAPPED) > width:
            lines.append(current)
            current = ""
        current += token
    if current:
        lines.append(current)
    if len(lines) > MAX_LINES:
        last, _ = fit(lines[MAX_LINES - 1] + "".join(lines[MAX_LINES:]), width, WRAPPED)
        lines = lines[:MAX_LINES - 1] + [last]
    return lines, WRAPPED


def account_text(ln: dict) -> str:
    """1122 应收账款—华东机电有限公司（C001）: the full path, the party or item by name and code."""
    text = f"{ln['account']} {ln['account_name']}"
    if ln.get("dimension"):
        name = ln.get("dimension_name") or ""
        text += f"—{name}（{ln['dimension']}）" if name else f"—{ln['dimension']}"
    return text


@dataclass
class _Line:
    summary: tuple[list[str], float]
    account: tuple[list[str], float]
    debit: Decimal
    credit: Decimal
    units: int  # rows it takes


def _laid_out(ln: dict) -> _Line:
    summary = wrap(ln["summary"] or "", XS[1] - XS[0] - 2 * PAD)
    account = wrap(account_text(ln), XS[2] - XS[1] - 2 * PAD)
    units = max(1, math.ceil(max(len(summary[0]), len(account[0])) / LINES_IN_A_ROW))
    return _Line(summary, account, ln["debit"], ln["credit"], units)


def slots(vouchers, per_page: int) -> Iterator[tuple[dict, list[_Line], int, int]]:
    """(voucher, its lines on this slot, k, n) for every slot to print; lines are kept whole."""
    size = rows_per_slot(per_page)
    for v in vouchers:
        chunks: list[list[_Line]] = [[]]
        used = 0
        for ln in map(_laid_out, v["lines"]):
            if used + ln.units > size and chunks[-1]:
                chunks.append([])
                used = 0
            chunks[-1].append(ln)
            used += ln.units
        for k, chunk in enumerate(chunks, 1):
            yield v, chunk, k, len(chunks)


def render_vouchers(data: dict, out: str | Path, per_page: int = 2) -> None:
    """Slot by slot from the vouchers as they come (a generator is never held whole): the page
    total is a form drawn on every page and defined once the last page is known."""
    if per_page not in GEOMETRY:
        raise ValueError("vouchers print 2 or 3 to a page")
    g = GEOMETRY[per_page]
    c = new_canvas(out, A4, f"记账凭证 {data['company']} {data['from']}–{data['to']}")
    frames: dict[int, str] = {}
    count = 0
    for i, (v, lines, k, n) in enumerate(slots(data["vouchers"], per_page)):
        count = i + 1
        pos = i % per_page
        top = HEIGHT - pos * g.slot
        if pos == 0:
            checkpoint()  # the window's 取消 stops the writer here
            if i:
                c.showPage()
            _page_number(c, i // per_page + 1)
        else:  # the cutting line between this voucher and the one above
            c.setDash(2, 2)
            c.setLineWidth(0.3)
            c.line(8 * mm, top, WIDTH - 8 * mm, top)
            c.setDash()
        if pos not in frames:
            frames[pos] = f"voucherFrame{pos}"
            c.beginForm(frames[pos])
            _frame(c, data["company"], top, g)
            c.endForm()
        c.doForm(frames[pos])
        _slot(c, v, lines, k, n, top, g)
    if not count:
        draw_text(c, WIDTH / 2, HEIGHT / 2, f"{data['from']} 至 {data['to']} 没有凭证", 12, align="center")
        _page_number(c, 1)
    c.showPage()
    c.beginForm("pageTotal")
    draw_text(c, WIDTH / 2, 5 * mm, f"{max(1, math.ceil(count / per_page))} 页", SMALL - 1)
    c.endForm()
    c.save()


def _page_number(c, n: int) -> None:
    """第 n 页 共 … and the total, a form defined at the end."""
    draw_text(c, WIDTH / 2, 5 * mm, f"第 {n} 页 共 ", SMALL - 1, align="right")
    c.doForm("pageTotal")


SIGNERS = (("记账", "poster"), ("审核", "reviewer"), ("出纳", ""), ("制单", "preparer"))


def _frame(c, company: str, top: float, g: Geometry) -> None:
    """What every voucher in this slot position shares — title, 核算单位, column titles, the rules
    but the body's, 附/张, the signature labels — drawn once into a form the slots reuse."""
    row = g.row
    y = top - g.title
    half = g.title_size * 1.6 * mm
    draw_text(c, WIDTH / 2, y, "记 账 凭 证", g.title_size, align="center", bold=True)
    c.setLineWidth(0.6)
    c.line(WIDTH / 2 - half, y - 2 * mm, WIDTH / 2 + half, y - 2 * mm)
    c.line(WIDTH / 2 - half, y - 2.8 * mm, WIDTH / 2 + half, y - 2.8 * mm)
    y -= g.date_gap
    draw_text(c, LEFT, y, f"核算单位：{company}", SMALL)
    y -= 3 * mm
    xs = XS
    table_top = y
    text_dy = row / 2 - 0.35 * BODY
    for i, (title, _) in enumerate(COLS):
        draw_text(c, (xs[i] + xs[i + 1]) / 2, y - row + text_dy, title, BODY, align="center")
    bottom = table_top - row * (g.rows + 2)
    c.setLineWidth(0.5)
    c.line(LEFT, table_top, RIGHT, table_top)
    c.line(LEFT, table_top - row, RIGHT, table_top - row)
    c.line(LEFT, bottom + row, RIGHT, bottom + row)
    c.line(LEFT, bottom, RIGHT, bottom)
    c.line(xs[2], table_top, xs[2], bottom)  # 合计 spans 摘要 and 会计科目
    for x in (xs[0], xs[3], xs[4]):
        c.line(x, table_top, x, bottom)
    c.line(xs[1], table_top, xs[1], bottom + row)
    middle = (table_top + bottom) / 2
    for dy, text in ((5 * mm, "附"), (-5 * mm, "张")):
        draw_text(c, RIGHT + 3.5 * mm, middle + dy, text, SMALL, align="center")
    step = (RIGHT - LEFT) / 4
    for i, (label, _) in enumerate(SIGNERS):
        draw_text(c, LEFT + i * step, bottom - g.sign_gap, f"{label}：", BODY)


def _slot(c, v: dict, lines: list[_Line], k: int, n: int, top: float, g: Geometry) -> None:
    """What is this voucher's own, over the slot's frame."""
    row = g.row
    y = top - g.title - g.date_gap
    d = v["date"]
    draw_text(c, WIDTH / 2, y, f"{d.year} 年 {d.month:02d} 月 {d.day:02d} 日", BODY, align="center")
    number = f"{v['word']}字第 {v['number']} 号" + (f"（{k}/{n}）" if n > 1 else "")
    draw_text(c, RIGHT, y, number, BODY, align="right")
    y -= 3 * mm
    xs = XS
    table_top = y
    text_dy = row / 2 - 0.35 * BODY
    y -= row
    c.setLineWidth(0.3)
    rules = []
    used = 0
    for ln in lines:
        _line(c, xs, y, ln, row)
        y -= row * ln.units
        used += ln.units
        rules.append((LEFT, y, RIGHT, y))
    for _ in range(g.rows - used - 1):  # the last body rule is the frame's
        y -= row
        rules.append((LEFT, y, RIGHT, y))
    if used >= g.rows:
        rules = rules[:-1]
    c.lines(rules)
    y = table_top - row * (g.rows + 1)
    debit = sum((ln["debit"] for ln in v["lines"]), ZERO)
    credit = sum((ln["credit"] for ln in v["lines"]), ZERO)
    base = y - row + text_dy
    if k == n:
        words, size_ = fit(f"合计  人民币（大写）{daxie(debit)}", xs[2] - LEFT - 2 * PAD, BODY)
        draw_text(c, LEFT + PAD, base, words, size_)
        draw_text(c, xs[3] - PAD, base, fmt_thousands(debit), BODY, align="right")
        draw_text(c, xs[4] - PAD, base, fmt_thousands(credit), BODY, align="right")
    else:
        draw_text(c, LEFT + PAD, base, f"（第 {k}/{n} 张，合计见第 {n} 张）", BODY)
    bottom = y - row
    draw_text(c, RIGHT + 3.5 * mm, (table_top + bottom) / 2, f"{v['attachments']}", SMALL, align="center")
    step = (RIGHT - LEFT) / 4
    label_w = pdfmetrics.stringWidth("记账：", FONT, BODY)
    for i, (_, key) in enumerate(SIGNERS):
        if key and v[key]:
            draw_text(c, LEFT + i * step + label_w, bottom - g.sign_gap, v[key], BODY)


def _line(c, xs: list[float], y: float, ln: _Line, row: float) -> None:
    height = row * ln.units
    for col, (texts, size) in ((0, ln.summary), (1, ln.account)):
        leading = size * 1.15  # user space is in points, as font sizes are
        block = leading * (len(texts) - 1) + 0.8 * size  # first line's top to last line's baseline
        first = y - (height - block) / 2 - 0.8 * size
        for n, text in enumerate(texts):
            draw_text(c, xs[col] + PAD, first - n * leading, text, size)
    base = y - height / 2 - 0.35 * BODY
    for i, amount in ((3, ln.debit), (4, ln.credit)):
        if amount:
            draw_text(c, xs[i] - PAD, base, fmt_thousands(amount), BODY, align="right")
