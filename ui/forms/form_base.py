"""What every entry form shares: a title, header fields with an error line beneath each, a general
error line, Enter moving from field to field, Ctrl+S through `save()`, and refusals placed beside
the field that caused them."""
from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from domain.errors import Conflict, Rejected
from ui.context import AppContext
from ui.forms.problems import Placed, place


class EntryForm(QWidget):
    """Subclasses add fields with `field()`, build their body, and implement `submit()`."""

    saved = Signal(int)  # the new document's (or voucher's) id

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._order: list[QWidget] = []
        self._title = title
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 14, 20, 12)
        self.layout_.setSpacing(10)
        head = QHBoxLayout()
        head.addWidget(QLabel(title, objectName="docTitle"))
        head.addStretch(1)
        # A save that failed underneath (lock, full disk, read-only) offers 重试 with everything kept;
        # one refused because someone else changed the record offers 重新载入.
        self.retry_button = QPushButton("重试", objectName="retry")
        self.retry_button.clicked.connect(self.save)
        self.retry_button.hide()
        head.addWidget(self.retry_button)
        self.reload_button = QPushButton("重新载入", objectName="reload")
        self.reload_button.clicked.connect(self._reload)
        self.reload_button.hide()
        head.addWidget(self.reload_button)
        self.save_button = QPushButton("保存 (Ctrl+S)", objectName="primary")
        self.save_button.clicked.connect(self.save)
        head.addWidget(self.save_button)
        self.layout_.addLayout(head)
        self.general_error = QLabel(objectName="fieldError", wordWrap=True)
        self.general_error.hide()
        self.layout_.addWidget(self.general_error)
        self.header = QGridLayout()
        self.header.setHorizontalSpacing(10)
        self.header.setVerticalSpacing(2)
        self.layout_.addLayout(self.header)
        self._slot = 0
        self._clean: dict | None = None  # the entries as they were when the form was opened or saved

    def tab_title(self) -> str:
        return self._title

    # ---- fields ---------------------------------------------------------------------------
    def field(self, key: str, label: str, widget: QWidget, span: int = 1) -> QWidget:
        """A header field in a row of three: its label, the widget, and its error line beneath."""
        row, col = divmod(self._slot, 3)
        self._slot += span
        self.header.addWidget(QLabel(label), row * 2, col * 2, alignment=Qt.AlignmentFlag.AlignRight)
        self.header.addWidget(widget, row * 2, col * 2 + 1, 1, span * 2 - 1)
        error = QLabel(objectName="fieldError", wordWrap=True)
        error.hide()
        self.header.addWidget(error, row * 2 + 1, col * 2 + 1, 1, span * 2 - 1)
        self.header.setColumnStretch(col * 2 + 1, 1)
        self.fields[key] = widget
        self.errors[key] = error
        if isinstance(widget, QLineEdit):
            # returnPressed also fires when a completion popup passes Enter on (an event filter would not)
            self._order.append(widget)
            widget.returnPressed.connect(lambda w=widget: self.next_after(w))
        elif isinstance(widget, QAbstractSpinBox):
            self._order.append(widget)
            widget.installEventFilter(self)
        if hasattr(widget, "refused"):  # a letter typed into an amount: said beneath it, not dropped in silence
            widget.refused.connect(lambda message, label=error: (label.setText(message), label.show()))
        return widget

    def say_on_lines(self, message: str) -> None:
        """A refusal about the lines, under the grid (or at the top when the form has no line errors)."""
        label = getattr(self, "line_errors", self.general_error)
        label.setText(message)
        label.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and watched in self._order:
            self.next_after(watched)
            return True
        return super().eventFilter(watched, event)

    def next_after(self, widget: QWidget) -> None:
        """Enter in a header field: the next field, and after the last one the body (the grid)."""
        i = self._order.index(widget)
        later = [w for w in self._order[i + 1:] if w.isEnabled() and not getattr(w, "isReadOnly", lambda: False)()]
        if later:
            later[0].setFocus()
            if isinstance(later[0], QLineEdit):
                later[0].selectAll()
        else:
            self.enter_body()

    def enter_body(self) -> None:
        """Where the cursor goes after the header (subclasses: the grid's first cell)."""

    # ---- saving ---------------------------------------------------------------------------
    def clear_problems(self) -> None:
        for label in self.errors.values():
            label.hide()
            label.setText("")
        for w in self.fields.values():
            if w.property("error"):
                w.setProperty("error", False)
                w.style().unpolish(w)
                w.style().polish(w)
        self.general_error.hide()
        self.retry_button.hide()
        self.reload_button.hide()

    def show_problems(self, rejected: Rejected) -> None:
        general = []
        for placed in (place(p) for p in rejected.problems):
            if not self.show_line_problem(placed) and not self._show_field_problem(placed):
                general.append(placed.text())
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()

    def _show_field_problem(self, placed: Placed) -> bool:
        if placed.line is not None or placed.field not in self.errors:
            return False
        label = self.errors[placed.field]
        label.setText("\n".join(filter(None, [label.text(), placed.text()])))
        label.show()
        widget = self.fields[placed.field]
        widget.setProperty("error", True)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        return True

    def show_line_problem(self, placed: Placed) -> bool:
        """Subclasses with lines place line problems beside their cells; True when placed."""
        return False

    def save(self) -> bool:
        self.clear_problems()
        try:
            new_id = self.submit()
        except Conflict as e:
            self.show_problems(e)
            self.reload_button.setVisible(self.can_reload())
            return False
        except Rejected as e:
            self.show_problems(e)
            return False
        except Exception as e:  # a lock, a full disk, a read-only book: said in words, the form kept
            from storage.failures import explain
            failure = explain(e)
            if failure is None:
                raise
            self.show_failure(failure.message)
            return False
        if new_id is None:
            return False
        self.mark_clean()
        self.saved.emit(new_id)
        return True

    def show_failure(self, message: str) -> None:
        self.general_error.setText(f"未保存：{message}。填写的内容都还在，可以点“重试”。")
        self.general_error.show()
        self.retry_button.show()
        self.retry_button.setFocus()

    def submit(self) -> int | None:
        raise NotImplementedError

    def can_reload(self) -> bool:
        """Whether this form can load its record again after a conflict (forms that edit one)."""
        return False

    def reload(self) -> None:
        """Load the record again as stored now (forms that edit one)."""

    def _reload(self) -> None:
        self.reload()
        self.clear_problems()

    # ---- nothing lost ---------------------------------------------------------------------
    def state(self) -> dict:
        """What the user can change, as plain data: the header fields and the grid's editable cells.
        Compared to tell unsaved edits, and written as the form's draft."""
        fields = {key: _value(w) for key, w in self.fields.items()}
        grid = getattr(self, "grid", None)
        lines = []
        if grid is not None:
            editable = [c.key for c in grid.columns if c.editable]
            lines = [{k: grid.text(r, k) for k in editable} for r in range(grid.rowCount())]
        return {"fields": fields, "lines": lines}

    def restore_state(self, state: dict) -> None:
        """Put a draft's entries back (fields the form no longer has are skipped)."""
        for key, value in (state.get("fields") or {}).items():
            if key in self.fields and value is not None:
                _set_value(self.fields[key], value)
        grid = getattr(self, "grid", None)
        lines = state.get("lines") or []
        if grid is None or not lines:
            return
        if grid.can_add:
            while grid.rowCount() < len(lines):
                grid.add_line()
        for row, line in enumerate(lines[:grid.rowCount()]):
            for key, text in line.items():
                if any(c.key == key and c.editable for c in grid.columns):
                    grid.set_text(row, key, text)

    def mark_clean(self) -> None:
        """The entries as they stand count as saved (just opened, pre-filled, or saved)."""
        self._clean = self.state()

    def dirty(self) -> bool:
        return self._clean is not None and self.state() != self._clean

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._clean is None:  # a form shown without its opener marking it: clean as first shown
            self.mark_clean()
        grid = getattr(self, "grid", None)
        if grid is not None and not getattr(self, "_tab_ordered", False):
            # Tab out of the lines goes to 保存, not round the window
            self._tab_ordered = True
            QWidget.setTabOrder(grid, self.save_button)
        super().showEvent(event)

    def may_close(self) -> bool:
        """Closing with unsaved entries asks 保存 / 不保存 / 取消; 保存 that fails keeps the form open."""
        if not self.dirty():
            return True
        from ui.unsaved import DISCARD, SAVE, ask_unsaved
        answer = ask_unsaved(self, self.tab_title())
        if answer == SAVE:
            return self.save()
        return answer == DISCARD


def _value(w: QWidget) -> object:
    if isinstance(w, QDateEdit):
        return w.date().toString("yyyy-MM-dd")
    if isinstance(w, QLineEdit):
        return w.text()
    if isinstance(w, QSpinBox):
        return w.value()
    if isinstance(w, QComboBox):
        return w.currentText()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    return None


def _set_value(w: QWidget, value: object) -> None:
    from ui.widgets.lookup import LookupEdit
    if isinstance(w, QDateEdit):
        w.setDate(QDate.fromString(str(value), "yyyy-MM-dd"))
    elif isinstance(w, QLineEdit):
        if w.isReadOnly():
            return
        w.setText(str(value))
        if isinstance(w, LookupEdit):
            w.settle()
    elif isinstance(w, QSpinBox):
        w.setValue(int(value))  # type: ignore[call-overload]
    elif isinstance(w, QComboBox):
        w.setCurrentText(str(value))
    elif isinstance(w, QCheckBox):
        w.setChecked(bool(value))
