"""The one question asked before unsaved entries would be lost: 保存 / 不保存 / 取消."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_unsaved(parent: QWidget | None, what: str) -> str:
    """SAVE, DISCARD or CANCEL. Enter means 保存 and Esc means 取消, so no stray key loses work."""
    box = QMessageBox(parent)
    box.setObjectName("unsaved")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("未保存的内容")
    box.setText(f"“{what}”有未保存的内容。")
    box.setInformativeText("保存后关闭，还是不保存直接关闭？")
    save = box.addButton("保存(&S)", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("不保存(&N)", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return SAVE
    if clicked is discard:
        return DISCARD
    return CANCEL
