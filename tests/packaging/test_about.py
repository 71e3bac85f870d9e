"""帮助 → 关于账房: the version, the book's schema and the program's, Python, Qt and the data folder."""
from __future__ import annotations

import platform

from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction

from storage import db
from ui.dialogs.about import AboutDialog
from ui.main_window import MainWindow
from ui.version import VERSION


def test_help_about_shows_version_schema_python_qt_and_data_folder(qtbot, book, monkeypatch, tmp_path):
    monkeypatch.setattr(AboutDialog, "exec", lambda self: self.show() or 0)  # no modal loop in a test
    window = MainWindow(book)
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("帮助"))
    about = next(a for a in help_menu.actions() if isinstance(a, QAction) and a.text().startswith("关于"))
    about.trigger()
    text = window.about_dialog.text()
    assert f"版本 Version：{VERSION}" in text
    assert f"本账套结构 Book schema：{db.code_schema()}" in text
    assert f"Python：{platform.python_version()}" in text
    assert qVersion() in text
    assert f"数据文件夹 Data folder：{tmp_path / 'home'}" in text  # ZHANGFANG_HOME of the test
    assert str(book.target) in text


def test_the_application_has_an_icon_and_a_version(qapp):
    from ui.app import application
    app = application()
    assert not app.windowIcon().isNull()
    assert app.windowIcon().pixmap(64, 64).width() == 64
    assert app.applicationVersion() == VERSION
