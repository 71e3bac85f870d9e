"""First start (issue 30): no default book yet, so the window asks — 新建账套 (the wizard), 打开账套 (a file,
or a book on a database server), or 示例账套 (the demo company, one click, as before).

`gui --screenshot` and `ZHANGFANG_FIRST_START=demo` (an unattended start: kiosks, the start-up
benchmark) skip the question and make the demo book as before."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

UNATTENDED = "ZHANGFANG_FIRST_START"  # "demo": make the demo book without asking
FILTER = "账房账套 (*.sqlite *.db);;所有文件 (*)"


class FirstStartDialog(QDialog):
    """`choice` is "new", "open" or "demo" once accepted; `target` the file or server URL to open."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("欢迎使用账房")
        self.choice: str | None = None
        self.target: str | None = None
        layout = QVBoxLayout(self)
        title = QLabel("<h2>欢迎使用账房</h2>")
        layout.addWidget(title)
        layout.addWidget(QLabel("还没有账套。请选择："))
        self.new_button = self._choice(layout, "新建账套…", "为自己的公司建账：公司信息、纳税人类型、启用期间、银行账户，"
                                       "然后导入客户商品并录入期初余额。", self._pick_new)
        self.open_button = self._choice(layout, "打开账套…", "打开已有的账套文件（.sqlite）。", self._pick_open)
        server = QHBoxLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("服务器账套地址，如 postgresql+psycopg://会计@192.168.1.10/账房")
        self.url_button = QPushButton("连接")
        self.url_button.clicked.connect(self._server)
        server.addWidget(self.url, 1)
        server.addWidget(self.url_button)
        layout.addLayout(server)
        self.demo_button = self._choice(layout, "示例账套", "一家示例商贸公司，带几个月的业务数据，用来先看看账房能做什么。",
                                        self._pick_demo)
        self.new_button.setDefault(True)
        self.new_button.setFocus()
        self.setMinimumWidth(600)
        self.adjustSize()

    def _choice(self, layout: QVBoxLayout, text: str, explain: str, slot) -> QPushButton:
        row = QHBoxLayout()
        button = QPushButton(text)
        button.setMinimumWidth(140)
        button.clicked.connect(slot)  # a bound method: no lambda holding the dialog in a cycle
        label = QLabel(explain)
        label.setWordWrap(True)
        row.addWidget(button)
        row.addWidget(label, 1)
        layout.addLayout(row)
        return button

    def _pick_new(self) -> None:
        self.choose("new")

    def _pick_open(self) -> None:
        self.choose("open")

    def _pick_demo(self) -> None:
        self.choose("demo")

    def choose(self, choice: str, target: str | None = None) -> None:
        if choice == "open" and target is None:
            from ui import file_dialogs
            target = file_dialogs.open_file(self, "打开账套", FILTER)
            if not target:
                return
        self.choice, self.target = choice, target
        self.accept()

    def _server(self) -> None:
        url = self.url.text().strip()
        if "://" not in url:
            QMessageBox.warning(self, "打开账套", "服务器账套地址应形如 postgresql+psycopg://用户@主机/数据库")
            return
        self.choose("open", url)


def first_start(default_path: Path, parent: QWidget | None = None) -> tuple[str, bool] | None:
    """Ask; the book to open and whether it is a fresh demo book still to fill, or None (the user left)."""
    dialog = FirstStartDialog(parent)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        if dialog.choice == "demo":
            from ui.default_book import prepare_default_book
            path, fresh = prepare_default_book()
            return str(path), fresh
        if dialog.choice == "open" and dialog.target:
            return dialog.target, False
        if dialog.choice == "new":
            from ui.setup.new_book_wizard import NewBookWizard
            wizard = NewBookWizard(default_path, parent)
            if wizard.exec() == QDialog.DialogCode.Accepted and wizard.path:
                return wizard.path, False
            if wizard.path:  # made, then the guide was left: the book is there, open it
                return wizard.path, False
    return None
