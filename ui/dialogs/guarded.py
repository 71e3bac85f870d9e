"""A dialog around an entry form: Esc, × and 取消 with unsaved entries ask 保存 / 不保存 / 取消."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ui.forms.form_base import EntryForm


class FormDialog(QDialog):
    form: EntryForm

    def __init__(self, parent=None):
        super().__init__(parent)
        from ui import dialog_keys
        dialog_keys.install()  # opened on its first field, Ctrl+S saves (once per application)

    def reject(self) -> None:
        form = getattr(self, "form", None)
        if form is not None and not form.may_close():
            return  # 取消, or 保存 that failed: the dialog stays with everything typed
        if self.result() == QDialog.DialogCode.Accepted or not self.isVisible():
            return  # 保存 succeeded on the way out and the form's saved signal accepted the dialog
        super().reject()
