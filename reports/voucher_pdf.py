"""记账凭证 print: 2 (or 3) vouchers per A4 in the standard layout — 凭证字号, 日期, 附单据数,
摘要, 会计科目, 借方金额, 贷方金额, 合计 with the amount in 大写, 记账/审核/制单. A voucher
longer than its slot continues on the next slot as 第 k/n 张, the 合计 on its last one."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from domain.money import daxie, fmt_thousands
from reports.pdf import draw_text, fit, new_canvas

ZERO = Decimal("0.00")
WIDTH, HEIGHT = A4
LEFT, RIGHT = 16 * mm, WIDTH - 16 * mm
ROW = 8 * mm
COLS = (("摘要", 0.28), ("会计科目", 0.36), ("借方金额", 0.18), ("贷方金额", 0.18))
TOP_PART = 30 * mm  # title, date line and column header
BOTTOM_PART = ROW + 14 * mm  # 合计 and the signatures
BODY, SMALL = 9, 8


def rows_per_slot(per_page: int) -> int:
    slot = HEIGHT / per_page
    return int((slot - 10 * mm - TOP_PART - BOTTOM_PART) // ROW)


def slots(vouchers, per_page: int):
    """(voucher, its lines on this slot, k, n) for every slot to print."""
    size = rows_per_slot(per_page)
    for v in vouchers:
        chunks = [v["lines"][i:i + size] for i in range(0, len(v["lines"]), size)] or [[]]
        for k, chunk in enumerate(chunks, 1):
            yield v, chunk, k, len(chunks)


def render_vouchers(data: dict, out: str | Path, per_page: int = 2) -> None:
    if per_page not in (2, 3):
        raise ValueError("vouchers print 2 or 3 to a page")
    c = new_canvas(out, A4, f"记账凭证 {data['company']} {data['from']}–{data['to']}")
    size = rows_per_slot(per_page)
    slot_h = HEIGHT / per_page
    all_slots = list(slots(data["vouchers"], per_page))
    if not all_slots:
        draw_text(c, WIDTH / 2, HEIGHT / 2, f"{data['from']} 至 {data['to']} 没有凭证", 12, align="center")
    for i, (v, lines, k, n) in enumerate(all_slots):
        pos = i % per_page
        if i and pos == 0:
            c.showPage()
        top = HEIGHT - pos * slot_h
        _slot(c, data["company"], v, lines, k, n, top, size)
        if pos < per_page - 1 and i < len(all_slots) - 1:
            c.setDash(2, 2)
            c.setLineWidth(0.3)
            c.line(8 * mm, top - slot_h, WIDTH - 8 * mm, top - slot_h)
            c.setDash()
    c.showPage()
    c.save()


def _slot(c, company: str, v: dict, lines: list, k: int, n: int, top: float, size: int) -> None:
    y = top - 14 * mm
    draw_text(c, WIDTH / 2, y, "记 账 凭 证", 16, align="center", bold=True)
    c.setLineWidth(0.6)
    c.line(WIDTH / 2 - 24 * mm, y - 2 * mm, WIDTH / 2 + 24 * mm, y - 2 * mm)
    c.line(WIDTH / 2 - 24 * mm, y - 2.8 * mm, WIDTH / 2 + 24 * mm, y - 2.8 * mm)
    y -= 9 * mm
    d = v["date"]
    draw_text(c, LEFT, y, f"核算单位：{company}", SMALL)
    draw_text(c, WIDTH / 2, y, f"{d.year} 年 {d.month:02d} 月 {d.day:02d} 日", BODY, align="center")
    number = f"{v['word']}字第 {v['number']} 号" + (f"（{k}/{n}）" if n > 1 else "")
    draw_text(c, RIGHT, y, number, BODY, align="right")
    y -= 3 * mm
    width = RIGHT - LEFT
    xs = [LEFT]
    for _, share in COLS:
        xs.append(xs[-1] + width * share)
    table_top = y
    c.setLineWidth(0.5)
    for i, (title, _) in enumerate(COLS):
        draw_text(c, (xs[i] + xs[i + 1]) / 2, y - ROW + 2.7 * mm, title, BODY, align="center")
    y -= ROW
    c.line(LEFT, table_top, RIGHT, table_top)
    c.line(LEFT, y, RIGHT, y)
    for i in range(size):
        ln = lines[i] if i < len(lines) else None
        if ln is not None:
            _line(c, xs, y, ln)
        y -= ROW
        c.setLineWidth(0.3)
        c.line(LEFT, y, RIGHT, y)
    debit = sum((ln["debit"] for ln in v["lines"]), ZERO)
    credit = sum((ln["credit"] for ln in v["lines"]), ZERO)
    if k == n:
        words, size_ = fit(f"合计  人民币（大写）{daxie(debit)}", xs[2] - LEFT - 3 * mm, BODY)
        draw_text(c, LEFT + 1.5 * mm, y - ROW + 2.7 * mm, words, size_)
        draw_text(c, xs[3] - 1.5 * mm, y - ROW + 2.7 * mm, fmt_thousands(debit), BODY, align="right")
        draw_text(c, xs[4] - 1.5 * mm, y - ROW + 2.7 * mm, fmt_thousands(credit), BODY, align="right")
    else:
        draw_text(c, LEFT + 1.5 * mm, y - ROW + 2.7 * mm, f"（第 {k}/{n} 张，合计见第 {n} 张）", BODY)
    y -= ROW
    c.setLineWidth(0.5)
    c.line(LEFT, y, RIGHT, y)
    c.line(xs[2], table_top, xs[2], y)  # 合计 spans 摘要 and 会计科目
    for x in (xs[0], xs[3], xs[4]):
        c.line(x, table_top, x, y)
    c.line(xs[1], table_top, xs[1], y + ROW)
    draw_text(c, RIGHT + 1.5 * mm, table_top - 20 * mm, "附", SMALL)
    draw_text(c, RIGHT + 1.5 * mm, table_top - 25 * mm, f"{v['attachments']}", SMALL)
    draw_text(c, RIGHT + 1.5 * mm, table_top - 30 * mm, "张", SMALL)
    y -= 6 * mm
    step = width / 4
    for i, (label, name) in enumerate((("记账", v["poster"]), ("审核", v["reviewer"]), ("出纳", ""),
                                       ("制单", v["preparer"]))):
        draw_text(c, LEFT + i * step, y, f"{label}：{name}", BODY)


def _line(c, xs: list[float], y: float, ln: dict) -> None:
    base = y - ROW + 2.7 * mm
    text, s = fit(ln["summary"], xs[1] - xs[0] - 3 * mm, BODY)
    draw_text(c, xs[0] + 1.5 * mm, base, text, s)
    account = f"{ln['account']} {ln['account_name']}" + (f" / {ln['dimension']}" if ln["dimension"] else "")
    text, s = fit(account, xs[2] - xs[1] - 3 * mm, BODY)
    draw_text(c, xs[1] + 1.5 * mm, base, text, s)
    for i, side in ((3, "debit"), (4, "credit")):
        if ln[side]:
            draw_text(c, xs[i] - 1.5 * mm, base, fmt_thousands(ln[side]), BODY, align="right")


