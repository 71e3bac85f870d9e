"""本年累计 in the 科目余额表 (ACCOUNTING.md version 3: the opening's 本年累计 feeds the trial balance's):
`report trial-balance` JSON rows and totals carry `ytd_debit` / `ytd_credit` — January of `--to`'s year
to `--to`, plus what a book begun mid-year brought in — and the xlsx has the two columns."""
from __future__ import annotations

import json

from openpyxl import load_workbook

from interchange.importer import import_data
from tests.cli.helpers import in_process
from tests.reports.test_mid_year_opening import OPENING, F
from usecases.setup import init_book

SALE = {"type": "voucher", "date": "2026-07-10", "summary": "服务收入",
        "lines": [{"account": "100201", "debit": "11300.00"}, {"account": "5001", "credit": "10000.00"},
                  {"account": "22210102", "credit": "1300.00"}]}
SPEND = {"type": "voucher", "date": "2026-08-03", "summary": "付房租",
         "lines": [{"account": "5602", "debit": "2000.00"}, {"account": "100201", "credit": "2000.00"}]}


def test_a_july_book_prints_the_years_figures_beside_the_months(book_target, tmp_path, capsys):
    target = book_target()
    book = init_book(target, "七月建账公司", "2026-07", user="会计")
    import_data(book, OPENING)
    import_data(book, {"format": F, "documents": [SALE, SPEND]})
    book.close()
    out = tmp_path / "tb.json"
    code, _, err = in_process(capsys, "--db", str(target), "report", "trial-balance", "--from", "2026-08", "--to", "2026-08",
                              "--format", "json", "--out", str(out))
    assert code == 0, err
    tb = json.loads(out.read_text(encoding="utf-8"))
    rows = {r["code"]: r for r in tb["rows"]}
    # the bank: 300,000.00 / 200,000.00 before July, July's 11,300.00 in, August's 2,000.00 out
    assert (rows["100201"]["ytd_debit"], rows["100201"]["ytd_credit"]) == ("311300.00", "202000.00")
    assert (rows["1002"]["ytd_debit"], rows["1002"]["ytd_credit"]) == ("311300.00", "202000.00")  # parent sums
    assert (rows["100201"]["debit"], rows["100201"]["credit"]) == ("0.00", "2000.00")  # 本期 unchanged
    assert rows["5602"]["ytd_debit"] == "2000.00"
    assert tb["totals"]["ytd_debit"] == "313300.00"  # 100201 311,300.00 + 5602 2,000.00 (first-level rows shown)
    xlsx = tmp_path / "tb.xlsx"
    code, _, err = in_process(capsys, "--db", str(target), "report", "trial-balance", "--from", "2026-08", "--to", "2026-08",
                              "--format", "xlsx", "--out", str(xlsx))
    assert code == 0, err
    cells = [c.value for row in load_workbook(xlsx).active.iter_rows(max_row=12) for c in row]
    assert "本年累计借方" in cells and "本年累计贷方" in cells
