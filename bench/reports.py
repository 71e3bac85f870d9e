"""Writing reports: a 10,000-line statement PDF on our canvas renderer beside a bare ReportLab
LongTable of the same rows; the voucher journal to xlsx through our streaming writer beside bare
openpyxl write-only cells with the same formats (and our writer's peak memory); one customer's
month statement on the bench book beside a bare SELECT of its lines.

    .venv/bin/python -m bench.reports [--lines 10000] [--journal 100000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from bench.result import Figure, Result, millis, rate

JOURNAL = {"small": 100_000, "medium": 300_000, "large": 1_000_000}


def statement_rows(n: int) -> list[tuple]:
    day = dt.date(2026, 11, 1)
    rows, balance = [], Decimal("0.00")
    for i in range(n):
        debit = Decimal(i % 997 * 113) / 100 if i % 3 else Decimal("0.00")
        credit = Decimal("0.00") if i % 3 else Decimal(i % 89 * 1000) / 100
        balance += debit - credit
        rows.append((day + dt.timedelta(days=i % 30), "销售出库", f"OUT-{i:06d}", f"销售出库 OUT-{i:06d} 华东机电有限公司",
                     debit, credit, balance))
    return rows


def statement_pdf(n: int, folder: Path) -> Result:
    """Our renderer (pagination, repeated headers, page x of y) against LongTable's, same rows."""
    from reports.pdf import render
    from reports.table import Col, Document, Row, Section

    rows = statement_rows(n)
    cols = (Col("日期", "date", 10), Col("类型", "text", 9), Col("单号", "code", 17), Col("摘要", "text", 28),
            Col("应收增加", "money", 13, blank_zero=True), Col("收款及减少", "money", 13, blank_zero=True),
            Col("余额", "money", 14))
    doc = Document("对账单", "测速公司", "2026-11", [Section(cols, rows, totals=Row(rows[-1], bold=True))],
                   info=["客户：华东机电有限公司（C001）"], signatures=("制表", "客户确认（盖章）"))
    start = time.perf_counter()
    render(doc, folder / "ours.pdf")
    ours = time.perf_counter() - start
    start = time.perf_counter()
    _longtable(rows, folder / "longtable.pdf")
    bare = time.perf_counter() - start
    return Result(millis(f"statement_pdf_{n}_lines_ms", ours), millis("longtable_same_rows_ms", bare))


def _longtable(rows: list[tuple], out: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

    from domain.money import fmt_thousands
    from reports.pdf import FONT, register_font

    register_font()
    data = [("日期", "类型", "单号", "摘要", "应收增加", "收款及减少", "余额")]
    data += [(d.isoformat(), t, no, s, fmt_thousands(a) if a else "", fmt_thousands(b) if b else "", fmt_thousands(c))
             for d, t, no, s, a, b, c in rows]
    table = LongTable(data, repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8.5), ("ALIGN", (4, 0), (-1, -1), "RIGHT"),
                               ("GRID", (0, 0), (-1, -1), 0.4, (0, 0, 0))]))
    SimpleDocTemplate(str(out), pagesize=A4, initialFontName=FONT).build([table])


def journal_rows(n: int):
    day = dt.date(2026, 11, 3)
    for i in range(n):
        yield ("2026-11", "记", i // 4 + 1, day, "已记账", f"销售出库 OUT-{i // 4:06d}", "销售出库单",
               f"OUT-{i // 4:06d}", "销售出库", "1122", "应收账款", Decimal(i % 9973) + Decimal("0.13"), Decimal("0.00"),
               "C001", "华东机电有限公司", "", "", "A001", "伺服电机", Decimal(i % 7 + 1))


def journal_xlsx(n: int, folder: Path) -> list[Result]:
    from reports.tables import journal
    from reports.xlsx import write

    def ours(count: int, out: Path) -> None:
        write(journal({"company": "测速公司", "from": "2026-11", "to": "2026-11", "rows": journal_rows(count)}), out)

    start = time.perf_counter()
    ours(n, folder / "ours.xlsx")
    mine = time.perf_counter() - start
    start = time.perf_counter()
    _bare_openpyxl(n, folder / "bare.xlsx")
    bare = time.perf_counter() - start
    sample = min(n, 50_000)  # tracemalloc slows everything; the peak of a streaming writer does not grow with n
    tracemalloc.start()
    ours(sample, folder / "mem.xlsx")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return [Result(rate("journal_xlsx_lines_per_s", n, mine, "lines/s"),
                   rate("bare_openpyxl_lines_per_s", n, bare, "lines/s")),
            Result(Figure(f"journal_xlsx_peak_mb_{sample}_lines", peak / 2**20, "MB"))]


def _bare_openpyxl(n: int, out: Path) -> None:
    """openpyxl write-only with the same cell formats, no guards and no table description."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("凭证")
    ws.append(["期间", "凭证字", "凭证号", "日期", "状态", "凭证摘要", "来源单据类型", "来源单号", "摘要", "科目编码", "科目名称",
               "借方金额", "贷方金额", "客户编码", "客户名称", "供应商编码", "供应商名称", "存货编码", "存货名称", "数量"])
    for row in journal_rows(n):
        cells = []
        for i, v in enumerate(row):
            c = WriteOnlyCell(ws, value=v)
            if i in (11, 12):
                c.number_format = "#,##0.00"
            elif i == 3:
                c.number_format = "yyyy-mm-dd"
            elif i == 19:
                c.number_format = "#,##0"  # a whole quantity, as ours formats it
            cells.append(c)
        ws.append(cells)
    wb.save(out)


def statement_on_book(path: Path) -> Result | None:
    """One month of the busiest customer, built from the book, beside a bare SELECT of its lines."""
    import sqlite3

    from sqlalchemy import func, select

    from reports.statement import statement
    from storage.book import Book
    from storage.models import Customer, Period, VoucherLine

    book = Book.open(path, "会计")
    try:
        cid = book.session.scalar(select(VoucherLine.customer_id).where(VoucherLine.customer_id.is_not(None))
                                  .group_by(VoucherLine.customer_id).order_by(func.count().desc()).limit(1))
        if cid is None:
            return None
        customer = book.session.get(Customer, cid)
        last = book.session.scalar(select(func.max(Period.period)).where(Period.status == "closed")) or \
            book.session.scalar(select(func.min(Period.period)))
        from domain.periods import period_end, period_start
        first_day, last_day = period_start(last), period_end(last)
        statement(book, customer, first_day, last_day)  # warm caches as an open window has
        start = time.perf_counter()
        statement(book, customer, first_day, last_day)
        ours = time.perf_counter() - start
    finally:
        book.close()
    con = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        con.execute("SELECT l.* FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id "
                    "WHERE l.customer_id = ? AND v.date BETWEEN ? AND ?",
                    (cid, first_day.isoformat(), last_day.isoformat())).fetchall()
        bare = time.perf_counter() - start
    finally:
        con.close()
    return Result(millis("statement_one_month_ms", ours), millis("select_its_lines_ms", bare))


def measure(ctx) -> list[Result]:
    results = [statement_pdf(10_000, ctx.tmp)]
    results += journal_xlsx(JOURNAL.get(ctx.scale, 100_000), ctx.tmp)
    on_book = statement_on_book(ctx.book.path)
    if on_book is not None:
        results.append(on_book)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=10_000)
    ap.add_argument("--journal", type=int, default=100_000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [statement_pdf(a.lines, Path(tmp)), *journal_xlsx(a.journal, Path(tmp))]
    for r in results:
        print(r.as_json())


if __name__ == "__main__":
    main()
