"""设置 → 期初余额 (issues 27 and 30): the grid of the chart with its customers and items, 年初余额 and
本年累计 for a book started mid-year, 试算平衡 live, 保存 only when it balances."""
from __future__ import annotations

import os
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from interchange.importer import import_data
from storage.book import Book
from storage.queries.checks import run_checks
from ui.setup.openings import OpeningsEditor
from usecases.opening_edit import current_openings
from usecases.setup import init_book

SHOTS = os.environ.get("ZHANGFANG_TEST_SHOTS")  # a folder: save what the tests show, to look at


def shoot(widget, name):
    if SHOTS:
        from ui.app import application
        application()  # the app's font and look, as the window has them
        os.makedirs(SHOTS, exist_ok=True)
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture
def july(tmp_path):
    init_book(tmp_path / "july.sqlite", "七月开账有限公司", "2026-07").close()
    with Book.open(tmp_path / "july.sqlite", user="会计") as book:
        import_data(book, {"accounts": [{"code": "100201", "name": "工商银行基本户", "parent": "1002"}],
                           "customers": [{"code": "C001", "name": "华东机电有限公司"}],
                           "items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13",
                                      "price": "1130.00"}],
                           "warehouses": [{"code": "W01", "name": "主仓"}]})
        yield book


def test_the_grid_balances_live_and_saves_only_when_it_does(qtbot, july):
    editor = OpeningsEditor(july)
    qtbot.addWidget(editor)
    editor.resize(1100, 700)
    assert "本年累计借方" in editor.columns() and "年初余额" in editor.columns()  # started in July
    editor.set_amount("100201", None, "期初余额", "500,000")
    editor.set_amount("100201", None, "本年累计借方", "300000")
    editor.set_amount("100201", None, "本年累计贷方", "100000")
    editor.set_amount("1122", "C001", "期初余额", "11300")
    editor.set_amount("1405", "A001", "期初余额", "60000")
    editor.set_amount("1405", "A001", "期初数量", "100")
    editor.set_amount("3001", None, "期初余额", "500000")
    assert "试算不平衡" in editor.trial.text() and "差额 71,300.00" in editor.trial.text()
    assert not editor.save_button.isEnabled()
    assert editor.cell("100201", None, "年初余额") == "300,000.00"  # 500,000 − 300,000 + 100,000
    assert editor.total("1122", "期初余额") == "11,300.00"
    assert editor.total("1002", "年初余额") == "300,000.00"
    editor.set_amount("3103", None, "期初余额", "71300")
    editor.set_amount("5001", None, "本年累计贷方", "900000")
    assert "平衡 ✓" in editor.trial.text() and "相符 ✓" in editor.sheet.text()
    shoot(editor, "openings-balanced")
    assert editor.save()
    assert {k: v for k, v in run_checks(july).items() if v} == {}
    stored = {(e.account, e.party): e.balance for e in current_openings(july)}
    assert stored[("1405", "A001")] == D("60000.00") and stored[("3103", None)] == D("71300.00")


def test_a_cell_that_is_not_an_amount_shows_red_and_blocks_saving(qtbot, july):
    editor = OpeningsEditor(july)
    qtbot.addWidget(editor)
    editor.set_amount("100201", None, "期初余额", "12abc")
    assert "不是金额" in editor.trial.text()
    assert not editor.save_button.isEnabled()


def test_openings_page_is_in_settings(qtbot, ctx):
    from ui.pages.registry import page
    entry = page("openings")
    assert (entry.section, entry.title) == ("设置", "期初余额")
    widget = entry.factory(ctx)
    qtbot.addWidget(widget)
    assert widget.columns()[:4] == ["科目编码", "科目名称", "方向", "期初余额"]


def test_assets_held_at_the_opening_fill_1601_and_1602_and_stay_as_the_cards_say(qtbot, tmp_path):
    init_book(tmp_path / "fa.sqlite", "有车公司", "2026-11").close()
    with Book.open(tmp_path / "fa.sqlite", user="会计") as book:
        import_data(book, {
            "opening_balances": {"date": "2026-10-31", "lines": [
                {"account": "1601", "debit": "24000.00"}, {"account": "1602", "credit": "4560.00"},
                {"account": "3001", "credit": "19440.00"}]},
            "documents": [{"type": "fixed_asset", "no": "FA-0", "date": "2026-10-31", "name": "货车",
                           "category": "运输工具", "cost": "24000.00", "life_months": 60, "residual_rate": "0.05",
                           "expense_account": "5601", "opening": True, "accumulated": "4560.00",
                           "months_used": 12}]})
        editor = OpeningsEditor(book)
        qtbot.addWidget(editor)
        assert editor.cell("1601", None, "期初余额") == "24,000.00"
        assert editor.cell("1602", None, "期初余额") == "4,560.00"
        assert "期初资产卡片" in editor.hint.text()
        row = next(i for i, r in enumerate(editor.model.rows) if r.editable and r.account.code == "1601")
        assert not editor.model.flags(editor.model.index(row, editor.col("期初余额"))) & Qt.ItemFlag.ItemIsEditable
        editor.set_amount("1001", None, "期初余额", "1000")
        editor.set_amount("3001", None, "期初余额", "20440")
        assert editor.save()
        assert {k: v for k, v in run_checks(book).items() if v} == {}
        stored = {(e.account, e.party): e.balance for e in current_openings(book)}
        assert stored[("1601", None)] == D("24000.00") and stored[("1001", None)] == D("1000.00")
