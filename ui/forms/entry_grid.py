"""An entry grid worked from the keyboard: Enter moves to the next editable cell and, past the last
one, adds a line; item cells complete on code, name and 助记码; amounts edit in the AmountEdit;
a refused cell turns red with its reason."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from storage.queries.lookups import Choice
from ui.models.paged_table import LEFT, RIGHT
from ui.widgets.amount_edit import AmountEdit
from ui.widgets.lookup import LookupEdit

ErrorRole = Qt.ItemDataRole.UserRole + 10
RefusedRole = Qt.ItemDataRole.UserRole + 11  # the error is a refused keystroke, not the use case's
ERROR_BG = QColor("#fde2e1")


@dataclass(frozen=True)
class GridColumn:
    key: str
    title: str
    kind: str = "text"  # text | lookup | amount | price | qty | readonly | readonly_amount
    width: int = 100

    @property
    def editable(self) -> bool:
        return not self.kind.startswith("readonly")

    @property
    def numeric(self) -> bool:
        return self.kind in ("amount", "price", "qty", "readonly_amount")


class GridDelegate(QStyledItemDelegate):
    """Editors by column kind: a lookup with completion, or the amount widget."""

    def __init__(self, grid: EntryGrid):
        super().__init__(grid)
        self.grid = grid

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        col = self.grid.columns[index.column()]
        if col.kind == "lookup":
            editor = LookupEdit(self.grid.choices_for(col.key), parent)
            editor.setFrame(False)
            return editor
        if col.kind in ("amount", "price", "qty"):
            places = {"amount": 2, "price": 6, "qty": 4}[col.kind]
            editor = AmountEdit(parent, places=places, allow_negative=col.kind == "amount")
            editor.what = col.title
            editor.setPlaceholderText("")
            editor.setFrame(False)
            row = index.row()
            editor.refused.connect(lambda message, k=col.key: self.grid.refuse(row, k, message))
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, LookupEdit):
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
            return
        if isinstance(editor, AmountEdit):
            editor.setText((index.data(Qt.ItemDataRole.EditRole) or "").replace(",", ""))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, LookupEdit):
            choice = editor.settle()
            model.setData(index, choice.code if choice else editor.text().strip(), Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, AmountEdit):
            editor._reformat()
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            # marked once the editor gives the cell back: marking it while open would reset the editor
            if editor.refused_once:
                self.grid.mark_refused(index.row(), index.column(), editor.refused_once)
            else:  # typed cleanly this time: an earlier refusal's mark goes
                self.grid.clear_refusal(index.row(), index.column())
            return
        super().setModelData(editor, model, index)


class EntryGrid(QTableWidget):
    """Lines of a document being entered. `line_changed(row)` fires when a cell was edited."""

    line_changed = Signal(int)
    refused = Signal(int, str, str)  # row, column key, why what was typed was not taken

    def __init__(self, columns: list[GridColumn], choices: Callable[[str], list[Choice]],
                 parent: QWidget | None = None, *, can_add: bool = True):
        super().__init__(0, len(columns), parent)
        self.columns = columns
        self._choices = choices
        self.can_add = can_add
        self.setHorizontalHeaderLabels([c.title for c in columns])
        self.setItemDelegate(GridDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.verticalHeader().setFixedWidth(36)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for i, c in enumerate(columns):
            header.resizeSection(i, c.width)
            if c.numeric:
                self.horizontalHeaderItem(i).setTextAlignment(RIGHT)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.itemChanged.connect(lambda item: self.line_changed.emit(item.row()))
        if can_add:
            self.add_line()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_to_width()

    def fit_to_width(self) -> None:
        """The columns' chosen widths when they fit; on a narrow window (1280×720) each gives up what
        it does not need for its title and contents, so the last column is not pushed out of view."""
        header = self.horizontalHeader()
        chosen = [c.width for c in self.columns]
        room = self.viewport().width()
        if room <= 0:
            return
        excess = sum(chosen) - room
        if excess > 0:
            titles = header.fontMetrics()
            least = [max(self.sizeHintForColumn(i), titles.horizontalAdvance(c.title) + 20) + 8
                     for i, c in enumerate(self.columns)]
            spare = [max(w - m, 0) for w, m in zip(chosen, least, strict=True)]
            total_spare = sum(spare)
            if total_spare:
                cut = min(excess, total_spare)
                chosen = [w - (cut * sp + total_spare - 1) // total_spare for w, sp in zip(chosen, spare, strict=True)]
        for i, width in enumerate(chosen):  # the last stretches into any room left
            header.resizeSection(i, width)

    def choices_for(self, key: str) -> list[Choice]:
        return self._choices(key)

    def col(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    # ---- lines ----------------------------------------------------------------------------
    def add_line(self, values: dict[str, str] | None = None) -> int:
        row = self.rowCount()
        self.blockSignals(True)
        self.insertRow(row)
        for i, c in enumerate(self.columns):
            item = QTableWidgetItem("")
            item.setTextAlignment(RIGHT if c.numeric else LEFT)
            if not c.editable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setForeground(QBrush(QColor("#5c6470")))
            self.setItem(row, i, item)
        self.blockSignals(False)
        for key, text in (values or {}).items():
            self.set_text(row, key, text)
        return row

    def text(self, row: int, key: str) -> str:
        item = self.item(row, self.col(key))
        return item.text().strip() if item else ""

    def set_text(self, row: int, key: str, text: str) -> None:
        item = self.item(row, self.col(key))
        if item is not None and item.text() != text:
            item.setText(text)

    def filled_rows(self, key: str) -> list[int]:
        """Rows that carry something in column `key` (blank lines are ignored on saving)."""
        return [r for r in range(self.rowCount()) if self.text(r, key)]

    def make_readonly(self, key: str) -> None:
        for r in range(self.rowCount()):
            item = self.item(r, self.col(key))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)

    # ---- errors ---------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.blockSignals(True)
        for r in range(self.rowCount()):
            for c in range(self.columnCount()):
                item = self.item(r, c)
                if item is not None and item.data(ErrorRole):
                    item.setData(ErrorRole, None)
                    item.setToolTip("")
                    item.setBackground(QBrush())
        self.blockSignals(False)

    def mark_error(self, row: int, key: str, message: str) -> None:
        item = self.item(row, self.col(key))
        if item is None:
            return
        self.blockSignals(True)
        item.setData(ErrorRole, message)
        item.setToolTip(message)
        item.setBackground(QBrush(ERROR_BG))
        self.blockSignals(False)

    def refuse(self, row: int, key: str, message: str) -> None:
        """A letter typed into a number cell: the form shows why at once (not dropped in silence); the
        cell is marked when its editor closes (mark_refused)."""
        self.refused.emit(row, key, message)

    def mark_refused(self, row: int, col: int, message: str) -> None:
        self.mark_error(row, self.columns[col].key, message)
        self.item(row, col).setData(RefusedRole, True)

    def clear_refusal(self, row: int, col: int) -> None:
        item = self.item(row, col)
        if item is not None and item.data(RefusedRole):
            self.blockSignals(True)
            item.setData(RefusedRole, None)
            item.setData(ErrorRole, None)
            item.setToolTip("")
            item.setBackground(QBrush())
            self.blockSignals(False)

    def error(self, row: int, key: str) -> str | None:
        item = self.item(row, self.col(key))
        return item.data(ErrorRole) if item is not None else None

    # ---- keyboard -------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.advance()
            return
        if event.key() == Qt.Key.Key_Delete and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if self.can_add and self.rowCount() > 1:
                self.removeRow(self.currentRow())
                self.line_changed.emit(-1)
            return
        super().keyPressEvent(event)

    def advance(self) -> None:
        """Enter: the next editable cell of this line, else the next line (added at the end)."""
        row, col = self.currentRow(), self.currentColumn()
        editable = [i for i, c in enumerate(self.columns) if c.editable and self._cell_editable(row, i)]
        later = [i for i in editable if i > col]
        if later:
            self.setCurrentCell(row, later[0])
            self.editItem(self.currentItem())
            return
        if row + 1 >= self.rowCount():
            if not self.can_add:
                self.setCurrentCell(row, col)
                self.focusNextChild()
                return
            self.add_line()
        first = next((i for i, c in enumerate(self.columns) if c.editable and self._cell_editable(row + 1, i)), 0)
        self.setCurrentCell(row + 1, first)
        self.editItem(self.currentItem())

    def _cell_editable(self, row: int, col: int) -> bool:
        item = self.item(row, col)
        return item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEditable)

    def closeEditor(self, editor, hint) -> None:
        # Enter in a line edit reaches keyPressEvent above, which moves on; the delegate then closes
        # that (by now stale) editor from a queued call, which must not move on a second time.
        current = self.indexWidget(self.currentIndex()) is editor
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and current:
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.advance()
            return
        if hint in (QAbstractItemDelegate.EndEditHint.EditNextItem, QAbstractItemDelegate.EndEditHint.EditPreviousItem):
            # Tab / Shift+Tab in a cell: the next editable cell, and past the last one out of the grid
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            forward = hint == QAbstractItemDelegate.EndEditHint.EditNextItem
            if not self.tab_step(forward):
                self.leave(forward)
            return
        super().closeEditor(editor, hint)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt's name
        """Tab with no cell being edited: as in a cell. Tab never adds a line (Enter does)."""
        if self.hasFocus() and self.tab_step(forward):
            return True
        return self.leave(forward)

    def tab_step(self, forward: bool) -> bool:
        """The next (previous) editable cell, over lines; False past the last (before the first)."""
        cells = [(r, c) for r in range(self.rowCount()) for c in range(self.columnCount())
                 if self.columns[c].editable and self._cell_editable(r, c)]
        here = (self.currentRow(), self.currentColumn())
        later = [rc for rc in cells if (rc > here if forward else rc < here)]
        if not later:
            return False
        row, col = later[0] if forward else later[-1]
        self.setCurrentCell(row, col)
        self.editItem(self.currentItem())
        return True

    def leave(self, forward: bool) -> bool:
        """Focus the widget after (before) the grid in the Tab order: Tab never stays trapped."""
        w = self.nextInFocusChain() if forward else self.previousInFocusChain()
        for _ in range(1000):
            if w is None or w is self:
                return False
            policy = w.focusPolicy().value
            if (not self.isAncestorOf(w) and policy & Qt.FocusPolicy.TabFocus.value and w.isVisible()
                    and w.isEnabled() and w.window() is self.window()):
                w.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
                return True
            w = w.nextInFocusChain() if forward else w.previousInFocusChain()
        return False
