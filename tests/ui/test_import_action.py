"""文件 → 导入… in the window: an interchange document or a bank's own export, read on a worker;
the pages show what it added, a refusal names its row and adds nothing."""
from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import func, select

from interchange.importer import import_data
from storage.models import BankLine, Customer
from tests.ui.test_main_window import make_window
from ui import import_actions

CCB_HEADER = ("账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,"
              "记账日期,摘要,备注,账户明细编号-交易流水号")
CCB_LINE = ("31050161393600000123,华东测试贸易有限公司,20261125 10:01:02,0,29090.00,529090.00,人民币元,"
            "华东机电有限公司,6222021001000123456,工商银行上海分行,20261125,货款,,1001-0001")


@pytest.fixture
def said(monkeypatch):
    """What the window told the user, instead of modal boxes."""
    out: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: out.append(("info", text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: out.append(("warning", text)))
    return out


def test_a_json_document_is_imported_on_a_worker_and_the_lists_show_it(qtbot, book, tmp_path, said):
    path = tmp_path / "客户.json"
    path.write_text(json.dumps({"format": "zhangfang-interchange/1", "customers": [
        {"code": "C900", "name": "华东机电有限公司"}]}, ensure_ascii=False), encoding="utf-8")
    window = make_window(qtbot, book)
    assert import_actions.import_file(window, str(path)) is not None
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert said == [("info", "已导入：customers 1")]
    window.show_page("customers")
    page = window.current_page()
    codes = {page.model.index(r, 0).data() for r in range(page.model.rowCount())}
    assert "C900" in codes


def test_a_refused_document_names_its_row_and_adds_nothing(qtbot, book, tmp_path, said):
    path = tmp_path / "坏.json"
    path.write_text(json.dumps({"format": "zhangfang-interchange/1", "customers": [
        {"code": "C901", "name": "甲公司"}, {"code": "C902", "name": "乙公司", "credit_limit": "很多"}]},
        ensure_ascii=False), encoding="utf-8")
    window = make_window(qtbot, book)
    import_actions.import_file(window, str(path))
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    kind, text = said[0]
    assert kind == "warning" and "customers[1]" in text and "信用额度" in text
    book.refresh()
    assert book.session.scalar(select(func.count()).select_from(Customer)) == 0


def test_a_bank_export_goes_to_the_chosen_account_and_opens_the_matching_desk(qtbot, book, tmp_path, said,
                                                                                monkeypatch):
    import_data(book, {"accounts": [{"code": "100201", "name": "建设银行基本户", "parent": "1002"}],
                       "bank_accounts": [{"code": "CCB", "name": "建设银行基本户", "account": "100201"}],
                       "customers": [{"code": "C001", "name": "华东机电有限公司"}]})
    path = tmp_path / "建行流水.csv"
    path.write_bytes(("\r\n".join([CCB_HEADER, CCB_LINE]) + "\r\n").encode("gbk"))
    offered = []
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda _p, _t, _l, items, *a, **k: (offered.extend(items), (items[-1], True))[1])
    window = make_window(qtbot, book)
    import_actions.import_file(window, str(path))
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert offered == ["银行流水：CCB 建设银行基本户"]  # a .csv is never an interchange document
    assert said == [("info", "导入银行流水 1 笔")]
    assert window.current_page().name == "matching"
    book.refresh()
    assert book.session.scalar(select(BankLine.counterparty)) == "华东机电有限公司"
