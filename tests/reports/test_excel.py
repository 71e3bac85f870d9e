"""The voucher journal in Excel: numbers are numbers, codes are text, formulas stay text."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl

from interchange.importer import import_data
from reports.tables import journal
from reports.vouchers import journal_rows
from reports.xlsx import write
from tests.reports.conftest import header_row
from tests.rows import manual_voucher
from usecases.setup import init_book

DATA = Path(__file__).parents[1] / "storage" / "data"


def test_voucher_sheet_holds_amounts_as_numbers_and_text_as_text(tmp_path):
    book = init_book(tmp_path / "b.sqlite", "测试公司", "2026-11")
    import_data(book, json.loads((DATA / "worked_master.json").read_text(encoding="utf-8")))
    import_data(book, json.loads((DATA / "worked_documents.json").read_text(encoding="utf-8")))
    manual_voucher(book, "2026-11-25", "=HYPERLINK(\"http://x\")", [{"account": "5602", "debit": "0.10"},
                                                                    {"account": "1002", "credit": "0.10"}])
    out = tmp_path / "v.xlsx"
    write(journal({"company": "测试公司", "from": "2026-11", "to": "2026-11",
                   "rows": journal_rows(book, "2026-11", "2026-11")}), out)
    book.close()
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(min_row=header_row(ws), values_only=True))  # the header block above
    assert rows[0][:3] == ("期间", "凭证字", "凭证号")
    receipt = next(r for r in rows if r[7] == "RC-0001" and r[9] == "1002")
    assert receipt[11] == 50000 and isinstance(receipt[11], (int, float))  # a number Excel can sum
    assert receipt[9] == "1002" and isinstance(receipt[9], str)             # an account code stays text
    typed = next(c for row in ws.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
    assert typed.data_type == "s" and typed.quotePrefix  # stored as text: Excel shows it, never runs it
    assert sum(Decimal(str(r[11])) for r in rows[1:]) == sum(Decimal(str(r[12])) for r in rows[1:])


def test_journal_shows_statuses_sources_and_parties_in_chinese(worked, tmp_path):
    out = tmp_path / "j.xlsx"
    write(journal({"company": "示例", "from": "2026-11", "to": "2026-11",
                   "rows": journal_rows(worked, "2026-11", "2026-11")}), out)
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(min_row=header_row(ws), values_only=True))
    head = rows[0]
    col = {t: head.index(t) for t in ("状态", "来源单据类型", "客户编码", "客户名称")}
    body = rows[1:]
    assert {r[col["状态"]] for r in body} <= {"未审核", "已审核", "已记账"}
    assert {"销售出库单", "销售发票", "收款单"} <= {r[col["来源单据类型"]] for r in body}
    english = {"posted", "saved", "reviewed", "outbound", "invoice", "receipt", "close", "close_step"}
    assert not english & {v for r in body for v in r if isinstance(v, str)}
    ar = next(r for r in body if r[col["客户编码"]] == "C001")
    assert ar[col["客户名称"]] == "华东机电有限公司"
