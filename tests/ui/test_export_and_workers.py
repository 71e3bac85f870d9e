"""Exporting a list as shown, and long work on a worker with its progress dialog."""
from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from storage.queries.lists import LISTS, ListQuery
from tests.ui.books import add_customers
from ui.export import export_list
from ui.workers import RUNNING, run_with_progress


def test_export_writes_the_filtered_sorted_rows_with_numbers(qapp, book, tmp_path):
    add_customers(book, [{"code": "C001", "name": "华东机电有限公司", "credit_limit": "9000"},
                         {"code": "C002", "name": "杭州新联贸易公司", "credit_limit": "200000"},
                         {"code": "C003", "name": "=SUM(A1)贸易", "credit_limit": "5"}])
    spec = LISTS["customers"]
    out = tmp_path / "c.xlsx"
    assert export_list(book, spec, ListQuery(search="c00", sort=4, descending=True), out) == 3
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("编码", "名称", "助记码", "统一社会信用代码", "信用额度")
    assert [r[0] for r in rows[1:]] == ["C002", "C001", "C003"]
    assert Decimal(str(rows[1][4])) == Decimal("200000")
    assert rows[3][1] == "=SUM(A1)贸易"  # text stays text, never a formula


def test_work_runs_on_a_worker_and_reports_its_result(qtbot):
    seen, done = [], []

    def work(progress):
        for i in range(3):
            progress(i + 1, 3, f"第 {i + 1} 步")
        return "完成"

    worker = run_with_progress(None, "测试", work, done.append)
    worker.progressed.connect(lambda d, t, w: seen.append(d))
    qtbot.waitUntil(lambda: done == ["完成"] and not RUNNING, timeout=5000)
