"""设置 → 用户与权限: the people of the book, their roles, passwords and whether they may log in, and
the book's rule 制单人与审核人不能为同一人. Every change goes through the use cases, which check that
the one acting may manage people; a refusal shows the same sentence as the command line."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.errors import Rejected
from domain.people import ROLES
from ui.context import AppContext
from ui.forms.problems import said


class PersonDialog(QDialog):
    """A new person (name, roles, password) or another person's roles (`name` given)."""

    def __init__(self, parent: QWidget | None = None, *, name: str | None = None,
                 roles: tuple[str, ...] = (), password: bool = True):
        super().__init__(parent)
        self.setWindowTitle("新增用户" if name is None else f"修改角色 — {name}")
        form = QFormLayout()
        self.name = QLineEdit(name or "", objectName="person_name", readOnly=name is not None)
        form.addRow("用户名", self.name)
        grid = QGridLayout()
        self.roles: dict[str, QCheckBox] = {}
        for i, (code, title) in enumerate(ROLES.items()):
            box = QCheckBox(title, objectName=f"role_{code}", checked=code in roles)
            self.roles[code] = box
            grid.addWidget(box, i // 4, i % 4)
        form.addRow("角色", grid)
        self.password = self.again = None
        if password:
            self.password = QLineEdit(objectName="person_password", echoMode=QLineEdit.EchoMode.Password)
            self.again = QLineEdit(objectName="person_again", echoMode=QLineEdit.EchoMode.Password)
            form.addRow("密码", self.password)
            form.addRow("再输一遍", self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(buttons)

    def chosen_roles(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.roles.items() if box.isChecked())


class PasswordDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"重置密码 — {name}")
        self.password = QLineEdit(objectName="new_password", echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(objectName="new_again", echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow("新密码", self.password)
        form.addRow("再输一遍", self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class UsersPage(QWidget):
    COLUMNS = ("用户名", "角色", "状态")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.table = QTableWidget(0, len(self.COLUMNS), objectName="people_table")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 160)
        self.table.setColumnWidth(1, 320)
        buttons = QHBoxLayout()
        for text, slot, name in (("新增用户…", self.add, "add_person"), ("修改角色…", self.edit_roles, "edit_roles"),
                                 ("重置密码…", self.reset_password, "reset_password"),
                                 ("停用/启用", self.toggle_disabled, "toggle_disabled")):
            b = QPushButton(text, objectName=name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.review_rule = QCheckBox("制单人与审核人不能为同一人（关闭后，一个人可以审核自己录入的凭证）",
                                     objectName="review_by_other")
        self.review_rule.toggled.connect(self._review_rule_changed)
        self.hint = QLabel("账套还没有用户：任何人都以操作系统用户名操作。新增的第一位用户自动成为管理员，"
                           "之后打开账套须登录。", wordWrap=True)
        col = QVBoxLayout(self)
        col.addWidget(QLabel("用户与权限", objectName="page_title"))
        col.addWidget(self.hint)
        col.addLayout(buttons)
        col.addWidget(self.table, 1)
        col.addWidget(self.review_rule)
        ctx.changed.connect(self.reload)
        self.reload()

    # ---- showing ---------------------------------------------------------------------------
    def reload(self) -> None:
        from usecases.people import list_people
        from usecases.setup import review_by_other
        with self.ctx.book.reading():
            rows = list_people(self.ctx.book)
            rule = review_by_other(self.ctx.book)
        self.hint.setVisible(not rows)
        self.table.setRowCount(len(rows))
        for r, p in enumerate(rows):
            for c, text in enumerate((p.name, p.role_names, "已停用" if p.disabled else "正常")):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (p.name, p.roles))
                self.table.setItem(r, c, item)
        self.review_rule.blockSignals(True)
        self.review_rule.setChecked(rule)
        self.review_rule.blockSignals(False)

    def selected(self) -> tuple[str, tuple[str, ...]] | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        if item is None:
            QMessageBox.information(self, "用户与权限", "请先选择一位用户")
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def _run(self, usecase: Callable[..., Any], *args: Any) -> bool:
        try:
            self.ctx.run(usecase, *args)
        except Rejected as e:
            QMessageBox.warning(self, "用户与权限", said(e))
            self.reload()
            return False
        return True

    # ---- changing --------------------------------------------------------------------------
    def add(self) -> None:
        from usecases.people import add_person
        dialog = PersonDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        assert dialog.password is not None and dialog.again is not None
        if dialog.password.text() != dialog.again.text():
            QMessageBox.warning(self, "用户与权限", "两次输入的密码不同")
            return
        self._run(add_person, dialog.name.text(), dialog.chosen_roles(), dialog.password.text())

    def edit_roles(self) -> None:
        from usecases.people import set_roles
        chosen = self.selected()
        if chosen is None:
            return
        dialog = PersonDialog(self, name=chosen[0], roles=chosen[1], password=False)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(set_roles, chosen[0], dialog.chosen_roles())

    def reset_password(self) -> None:
        from usecases.people import set_password
        chosen = self.selected()
        if chosen is None:
            return
        dialog = PasswordDialog(chosen[0], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.password.text() != dialog.again.text():
            QMessageBox.warning(self, "用户与权限", "两次输入的密码不同")
            return
        self._run(set_password, chosen[0], dialog.password.text())

    def toggle_disabled(self) -> None:
        from usecases.people import set_disabled
        chosen = self.selected()
        if chosen is None:
            return
        row = self.table.currentRow()
        disabled = self.table.item(row, 2).text() == "已停用"
        self._run(set_disabled, chosen[0], not disabled)

    def _review_rule_changed(self, on: bool) -> None:
        from usecases.setup import set_review_by_other
        self._run(set_review_by_other, on)
