"""设置 as an accountant reads it: every fact and every template amount in Chinese words, no
internal ids."""
from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel

from domain.posting import AMOUNT_KEYS
from ui.pages.settings_page import AMOUNTS, SettingsPage


def facts(page: SettingsPage) -> dict[str, str]:
    out = {}
    for row in range(page.facts.rowCount()):
        label = page.facts.itemAt(row, page.facts.ItemRole.LabelRole).widget()
        value = page.facts.itemAt(row, page.facts.ItemRole.FieldRole).widget()
        assert isinstance(label, QLabel) and isinstance(value, QLabel)
        out[label.text().rstrip("：")] = value.text()
    return out


def test_location_and_revenue_read_in_chinese(qtbot, ctx):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    shown = facts(page)
    assert shown["所在地"].startswith("市区")
    assert shown["收入确认与模板"] == "出库确认收入"


def test_template_amounts_are_words_not_keys(qtbot, ctx):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    amounts = [page.templates.item(r, 4).text() for r in range(page.templates.rowCount())]
    assert amounts and "发票税额" in amounts
    assert not [a for a in amounts if re.search(r"[A-Za-z_]", a)]


def test_every_posting_amount_key_has_a_word():
    assert set(AMOUNT_KEYS) <= set(AMOUNTS)


def test_the_company_and_its_location_are_edited_and_a_blank_name_is_refused_beside_its_field(qtbot, ctx):
    from ui.dialogs.settings_dialogs import CompanyForm
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    form = CompanyForm(ctx)
    qtbot.addWidget(form)
    form.fields["company"].setText("  ")
    assert not form.save()
    assert form.errors["company"].text() == "公司名称：必须填写"
    assert ctx.book.settings["company"] != ""

    form.fields["company"].setText("华东测试贸易（苏州）有限公司")
    form.fields["location"].setCurrentIndex(form.fields["location"].findData("county"))
    form.fields["small_low_profit"].setChecked(True)
    assert form.save()
    shown = facts(page)  # the page follows the change without a reload
    assert shown["公司名称"] == "华东测试贸易（苏州）有限公司"
    assert shown["所在地"].startswith("县城、镇") and shown["小型微利"].startswith("是")


def test_revenue_split_by_item_category_from_the_mapping_editor(qtbot, ctx):
    from interchange.importer import import_data
    from ui.dialogs.settings_dialogs import MappingDialog
    import_data(ctx.book, {"items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13",
                                      "category": "电机"}]})
    dialog = MappingDialog(ctx)
    qtbot.addWidget(dialog)
    assert [dialog.table.item(0, 0).text()] == ["电机"]  # the items' categories are offered
    dialog.table.item(0, 1).setText("540101")
    assert not dialog.save()
    assert dialog.error.text() == "第 1 行 收入科目：'540101' is not an account under 5001"
    dialog.table.item(0, 1).setText("500101")
    dialog.table.item(0, 2).setText("540101")
    assert dialog.save(), dialog.error.text()
    assert ctx.book.accounts["500101"].name == "电机收入" and ctx.book.accounts["540101"].name == "电机成本"
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert facts(page)["类别科目"] == "电机 → 500101/540101"
