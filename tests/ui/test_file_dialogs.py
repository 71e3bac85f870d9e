"""Issue 30, item 4: file dialogs start in the documents folder, then wherever the user last chose —
never the program's folder."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from ui import file_dialogs


@pytest.fixture
def documents(tmp_path, monkeypatch):
    home = tmp_path / "user"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home / "Documents"


@pytest.fixture
def asked(monkeypatch):
    """Every dialog's starting place; the user picks the file `asked.answer`."""
    class Seen(list):
        fake = None
    seen = Seen()

    def fake(_parent, _title, start, _filters="", *a, **k):
        seen.append(start)
        return getattr(fake, "answer", ""), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake)
    seen.fake = fake
    return seen


def test_first_the_documents_folder_then_the_last_one_chosen(qapp, documents, asked, tmp_path):
    assert file_dialogs.documents_folder() == documents
    file_dialogs.save_file(None, "导出 Excel", "销售订单.xlsx", "Excel (*.xlsx)")
    assert asked[-1] == str(documents / "销售订单.xlsx")
    elsewhere = tmp_path / "财务" / "2026"
    elsewhere.mkdir(parents=True)
    asked.fake.answer = str(elsewhere / "备份.sqlite")
    file_dialogs.save_file(None, "备份账套", "b.sqlite", "*")
    asked.fake.answer = ""
    file_dialogs.open_file(None, "导入", "*")
    assert asked[-1] == str(elsewhere)
    file_dialogs.save_file(None, "保存报表", "资产负债表.pdf", "PDF (*.pdf)")
    assert Path(asked[-1]) == elsewhere / "资产负债表.pdf"


def test_a_folder_since_removed_falls_back_to_documents(qapp, documents, asked, tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    file_dialogs.remember(gone / "x.xlsx")
    gone.rmdir()
    file_dialogs.open_file(None, "导入", "*")
    assert asked[-1] == str(documents)


def test_the_list_export_asks_in_the_documents_folder(qtbot, ctx, documents, asked):
    from ui.pages.registry import page as entry
    page = entry("customers").factory(ctx)
    qtbot.addWidget(page)
    page._export()
    assert Path(asked[-1]).parent == documents
