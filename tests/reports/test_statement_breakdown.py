"""对账单 whose parts add up (REPORTS.md v3): a customer who paid ahead reads 预付款余额, never a
negative 尚欠; the unapplied money is listed; under revenue at invoice the shipped-not-invoiced
goods are listed apart and said not to be in the balance."""
from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl

from interchange.importer import import_data
from reports.statement import statement
from reports.tables import statement as statement_doc
from storage.models import Customer
from tests.reports.conftest import DATA, pdf_text
from ui.cli.main import main
from usecases.setup import init_book

FORMAT = "zhangfang-interchange/1"


def receipt(book, no: str, day: str, amount: str) -> None:
    import_data(book, {"format": FORMAT, "documents": [{"type": "receipt", "no": no, "date": day, "customer": "C001",
                                                        "amount": amount, "account": "1002"}]})


def breakdown(doc) -> dict[str, Decimal]:
    part = next(s for s in doc.sections if s.heading == "余额构成")
    return {(r.values if hasattr(r, "values") else r)[0]: (r.values if hasattr(r, "values") else r)[1]
            for r in part.rows}


def test_a_customer_who_paid_ahead_reads_prepaid_and_the_parts_add_up(worked, tmp_path):
    receipt(worked, "RC-0002", "2026-11-25", "100000.00")
    c = worked.session.query(Customer).filter_by(code="C001").one()
    st = statement(worked, c, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert st["closing"] < 0
    doc = statement_doc(st)
    assert doc.info[1] == f"截至 2026-11-30 贵公司预付款余额（本公司尚欠贵公司）人民币 {-st['closing']:,.2f} 元"
    assert "尚欠本公司" not in doc.info[1] and "-7" not in doc.info[1]
    parts = breakdown(doc)
    total = parts.pop("期末余额（应收为正，预收为负）")
    assert total == st["closing"] and sum(parts.values()) == total
    assert parts["减：预收 / 未核销收款"] < 0
    out = tmp_path / "st.pdf"
    assert main(["--db", str(worked.target), "report", "statement", "--customer", "C001", "--from", "2026-11-01",
                 "--to", "2026-11-30", "--format", "pdf", "--out", str(out)]) == 0
    text = re.sub(r"\s+", "", pdf_text(out))
    assert "贵公司预付款余额" in text and "预收/未核销收款" in text and "余额构成" in text
    xlsx = tmp_path / "st.xlsx"
    assert main(["--db", str(worked.target), "report", "statement", "--customer", "C001", "--from", "2026-11-01",
                 "--to", "2026-11-30", "--format", "xlsx", "--out", str(xlsx)]) == 0
    assert "未核销收款" in openpyxl.load_workbook(xlsx).sheetnames


def test_every_demo_statement_adds_up_to_its_closing(demo):
    for c in demo.session.query(Customer).order_by(Customer.code).limit(40):
        st = statement(demo, c, dt.date(2026, 9, 1), dt.date(2026, 10, 31))
        parts = breakdown(statement_doc(st))
        total = parts.pop("期末余额（应收为正，预收为负）")
        assert sum(parts.values()) == total == st["closing"], c.code


def test_under_revenue_at_invoice_shipped_goods_are_listed_apart_and_not_in_the_balance(tmp_path):
    book = init_book(tmp_path / "b.sqlite", "示例商贸有限公司", "2026-11", revenue="invoice")
    import_data(book, json.loads((DATA / "worked_master.json").read_text(encoding="utf-8")))
    docs = json.loads((DATA / "worked_documents.json").read_text(encoding="utf-8"))
    docs["documents"] = [d for d in docs["documents"] if d["type"] in ("sales_order", "outbound")]
    import_data(book, docs)
    c = book.session.query(Customer).filter_by(code="C001").one()
    st = statement(book, c, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    book.close()
    doc = statement_doc(st)
    headings = [s.heading for s in doc.sections]
    assert "已发货未开票（尚未开票，不含在上述余额中）" in headings
    parts = breakdown(doc)
    assert "加：已发货未开票" not in parts
    total = parts.pop("期末余额（应收为正，预收为负）")
    assert sum(parts.values()) == total == st["closing"]


def test_statement_json_lists_the_unapplied_money(worked, tmp_path):
    receipt(worked, "RC-0002", "2026-11-25", "100000.00")
    out = tmp_path / "st.json"
    assert main(["--db", str(worked.target), "report", "statement", "--customer", "C001", "--from", "2026-11-01",
                 "--to", "2026-11-30", "--format", "json", "--out", str(out)]) == 0
    data = json.loads(Path(out).read_text(encoding="utf-8"))
    assert data["unapplied"] and all(re.fullmatch(r"-?\d+\.\d\d", u["open"]) for u in data["unapplied"])


def test_statement_lines_name_every_document_type_in_chinese():
    from reports.tables import _type_title
    assert [_type_title(k) for k in ("invoice", "payment", "close", "close_step", "voucher")] == \
        ["销售发票", "付款单", "结转损益", "期末处理", "凭证"]
