"""Open, create, back up and restore a book from the window; a missing book offers 创建 or 打开其他."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from domain.errors import Rejected
from ui import file_dialogs
from ui.forms.problems import said

FILTER = "账房账套 (*.sqlite *.db);;所有文件 (*)"


def missing_book(target: str, parent: QWidget | None = None) -> str | None:
    """The book named does not exist: create it there, open another, or give up (None)."""
    box = QMessageBox(QMessageBox.Icon.Question, "账房 Zhangfang", f"账套文件不存在：\n{target}", parent=parent)
    create = box.addButton("创建", QMessageBox.ButtonRole.AcceptRole)
    other = box.addButton("打开其他…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is create:
        return _create_at(parent, target)
    if box.clickedButton() is other:
        path, _ = QFileDialog.getOpenFileName(parent, "打开账套", str(Path(target).parent), FILTER)
        return path or None
    return None


def _create_at(parent: QWidget | None, path: str) -> str | None:
    """The new-book wizard (ui/setup/new_book_wizard.py) with `path` as its file; the book made, or None."""
    from ui.setup.new_book_wizard import NewBookWizard
    wizard = NewBookWizard(path, parent)
    wizard.exec()
    return wizard.path


def switch_to(window, path: str) -> None:
    """Show the book at `path` in a new main window and close this one (and its book)."""
    from PySide6.QtWidgets import QApplication

    from storage.book import Book
    try:
        book = Book.open(path, window.book.user)
    except Rejected as e:
        QMessageBox.warning(window, "打开账套", said(e))
        return
    from ui.people.login import logged_in
    if not logged_in(book):  # a book with people asks who opens it (issue 26)
        book.close()
        return
    new = type(window)(book)  # a main window like this one: this module stays below ui/main_window.py
    app = QApplication.instance()
    app._zf_windows = [*getattr(app, "_zf_windows", []), new]  # keep it alive
    new.show()
    old_book = window.book
    window.close()
    old_book.close()


def open_book(window) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "打开账套", str(Path(str(window.book.target)).parent), FILTER)
    if path:
        switch_to(window, path)


def create_book(window) -> None:
    path = _create_at(window, file_dialogs.suggested("新账套.sqlite"))
    if path:
        switch_to(window, path)


def _may_back_up(window, title: str) -> bool:
    """备份与恢复 needs the permission (issue 26); a refusal shows the command line's sentence."""
    from usecases.access import check
    try:
        check(window.book, "backup")
    except Rejected as e:
        QMessageBox.warning(window, title, said(e))
        return False
    return True


def _logged(book, action: str, detail: str) -> None:
    from storage.oplog import append_now
    append_now(book, action, record=f"book {Path(str(book.target)).name}", detail=detail)


def backup(window) -> None:
    from storage.backup import backup_book
    if not _may_back_up(window, "备份账套"):
        return
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    path = file_dialogs.save_file(window, "备份账套", f"{Path(str(window.book.target)).stem}-{stamp}.bak.sqlite", FILTER)
    if not path:
        return
    try:
        backup_book(str(window.book.target), path)
    except Rejected as e:
        QMessageBox.warning(window, "备份账套", said(e))
        return
    _logged(window.book, "backup", f"to {path}")
    QMessageBox.information(window, "备份账套", f"已备份到\n{path}")


def restore(window) -> None:
    from storage.backup import restore_book
    if not _may_back_up(window, "从备份恢复"):
        return
    path = file_dialogs.open_file(window, "从备份恢复", FILTER)
    if not path:
        return
    sure = QMessageBox.question(window, "从备份恢复", f"用备份\n{path}\n替换当前账套的全部内容？此操作不能撤销。")
    if sure != QMessageBox.StandardButton.Yes:
        return
    target = str(window.book.target)
    window.book.refresh()
    try:
        restore_book(path, target)
    except Rejected as e:
        QMessageBox.warning(window, "从备份恢复", said(e))
        return
    from storage.book import Book
    with Book.open(target, window.book.user) as restored:  # the restored book records who put it back
        _logged(restored, "restore", f"from {path}")
    switch_to(window, target)
