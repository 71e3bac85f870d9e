"""登录: asked when a book has people — at start and on 文件 → 切换用户 (Ctrl+L locks the window).
The last name used is remembered (QSettings); a password never is."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from domain.errors import Rejected
from storage.book import Book
from ui import prefs
from ui.forms.problems import said

LAST_NAME = "login/last_name"


class LoginDialog(QDialog):
    def __init__(self, book: Book, parent: QWidget | None = None, *, locked_by: str | None = None,
                 given: str | None = None):
        super().__init__(parent)
        self.book = book
        self.setWindowTitle("登录 — 账房 Zhangfang")
        self.setModal(True)
        from usecases.people import list_people
        self.name = QComboBox(editable=True, objectName="login_name")
        self.name.addItems([p.name for p in list_people(book) if not p.disabled])
        last = locked_by or given or str(prefs.settings().value(LAST_NAME, "") or "")
        if last:
            self.name.setCurrentText(last)
        self.password = QLineEdit(objectName="login_password", echoMode=QLineEdit.EchoMode.Password)
        self.message = QLabel("", objectName="login_message", wordWrap=True)
        self.message.setStyleSheet("color: #b3261e")
        heading = QLabel(f"账套：{book.settings.get('company', '')}" + ("（已锁定）" if locked_by else ""))
        form = QFormLayout()
        form.addRow("用户", self.name)
        form.addRow("密码", self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("登录")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addWidget(heading)
        col.addLayout(form)
        col.addWidget(self.message)
        col.addWidget(buttons)
        self.user: str | None = None
        (self.password if last else self.name).setFocus()

    def try_login(self) -> None:
        from usecases.people import authenticate
        name, password = self.name.currentText().strip(), self.password.text()
        self.password.clear()
        try:
            authenticate(self.book, name, password, via="window")
        except Rejected as e:
            self.message.setText(said(e))
            self.password.setFocus()
            return
        prefs.settings().setValue(LAST_NAME, name)
        self.user = name
        self.accept()


def log_in(book: Book, parent: QWidget | None = None, *, locked_by: str | None = None,
           given: str | None = None) -> str | None:
    """The name that logged in, or None (cancelled)."""
    dialog = LoginDialog(book, parent, locked_by=locked_by, given=given)
    return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None


def logged_in(book, name: str | None = None) -> bool:
    """A book with people opens on the login dialog (issue 26), on `name` (gui --user) or the last
    name used; the one who logs in acts."""
    from usecases.people import has_people
    with book.reading():
        if not has_people(book):
            return True
    who = log_in(book, given=name)
    if who is None:
        return False
    book.user = who
    return True
