"""The keyboard in every dialog, in one place (installed once on the application):
- it opens on its first field (unless the dialog chose one, as the login does for the password);
- Enter moves to the next field; from the last one it saves (the dialog's default button);
- Ctrl+S saves wherever the dialog has 保存.
Entry forms inside dialogs move on Enter themselves (ui/forms/form_base.py); there no button may
take Enter for itself (that is how Enter once saved a new customer after 名称)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox)
LEFT_ALONE = (QMessageBox, QFileDialog, QProgressDialog, QInputDialog)


def typable(w: QWidget) -> bool:
    return (isinstance(w, INPUTS) and w.isEnabled() and w.isVisible()
            and not (isinstance(w, (QLineEdit, QAbstractSpinBox)) and w.isReadOnly()))


def inputs_in_order(dialog: QWidget) -> list[QWidget]:
    """The dialog's fields in Tab order."""
    out: list[QWidget] = []
    w = dialog.nextInFocusChain()
    while w is not dialog and w is not None and len(out) < 500:
        if dialog.isAncestorOf(w) and typable(w) and w not in out:
            out.append(w)
        w = w.nextInFocusChain()
    return out


def _form_of(w: QWidget):
    from ui.forms.form_base import EntryForm
    while w is not None:
        if isinstance(w, EntryForm):
            return w
        w = w.parentWidget()
    return None


class DialogKeys(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()  # every event of the application passes here: the cheap tests first
        if kind == QEvent.Type.Show and isinstance(watched, QDialog) and not isinstance(watched, LEFT_ALONE):
            if not watched.property("zf_keys"):
                watched.setProperty("zf_keys", True)
                prepare(watched)
            first_field(watched)
        elif kind == QEvent.Type.KeyPress and watched.property("zf_enter_moves") \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return next_field(watched)
        return False


def prepare(dialog: QDialog) -> None:
    from ui.forms.form_base import EntryForm
    forms = dialog.findChildren(EntryForm)
    if forms:
        for button in dialog.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        QShortcut(QKeySequence("Ctrl+S"), dialog, forms[0].save)
    else:
        save = next((b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "").startswith("保存")), None)
        if save is not None:
            QShortcut(QKeySequence("Ctrl+S"), dialog, save.click)
        for w in dialog.findChildren(QWidget):
            if isinstance(w, INPUTS) and _form_of(w) is None:
                w.setProperty("zf_enter_moves", True)  # the filter on the application reads it


def first_field(dialog: QDialog) -> None:
    chosen = dialog.focusWidget()
    if chosen is not None and typable(chosen):
        return
    fields = inputs_in_order(dialog)
    if fields:
        fields[0].setFocus(Qt.FocusReason.TabFocusReason)


def next_field(w: QWidget) -> bool:
    """Enter in a dialog's field: the next field (True), or from the last one let the dialog take it."""
    dialog = w.window()
    fields = inputs_in_order(dialog)
    if isinstance(w, QComboBox) and w.view().isVisible():
        return False  # Enter chooses in the open list
    if w in fields and fields.index(w) + 1 < len(fields):
        target = fields[fields.index(w) + 1]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(target, QLineEdit):
            target.selectAll()
        return True
    return False


DIALOG_KEYS = DialogKeys()


def install(app: QApplication | None = None) -> None:
    app = app or QApplication.instance()
    if app is not None and not app.property("zf_dialog_keys"):
        app.setProperty("zf_dialog_keys", True)
        app.installEventFilter(DIALOG_KEYS)
