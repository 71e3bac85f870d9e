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
