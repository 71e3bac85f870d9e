"""A code field with completion on code, name and 助记码 (typing `hdjd` offers 华东机电)."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from storage.queries.lookups import Choice

HaystackRole = Qt.ItemDataRole.UserRole + 5


class ChoiceModel(QStringListModel):
    """Labels ("C001  华东机电") that answer the completer's filter with their haystack."""

    def __init__(self, choices: list[Choice], parent=None):
        super().__init__([c.label for c in choices], parent)
        self.choices = choices

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == HaystackRole and index.isValid():
            return self.choices[index.row()].haystack
        return super().data(index, role)


def make_completer(choices: list[Choice], parent: QWidget) -> QCompleter:
    source = ChoiceModel(choices, parent)
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(source)
    proxy.setFilterRole(HaystackRole)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer = QCompleter(parent)
    completer.setModel(proxy)
    # The proxy filters by haystack; the completer must not filter the labels again.
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setMaxVisibleItems(12)
    completer.proxy = proxy  # type: ignore[attr-defined]
    return completer


def find_choice(choices: list[Choice], text: str) -> Choice | None:
    """The choice a typed text means: its exact code, a label, or the one match of code/name/助记码."""
    text = text.strip()
    if not text:
        return None
    code = text.split()[0]
    for c in choices:
        if c.code == code or c.label == text:
            return c
    hits = [c for c in choices if text.lower() in c.haystack or c.name == text]
    return hits[0] if len(hits) == 1 else None


class LookupEdit(QLineEdit):
    """Type a code, a name or 助记码; Enter or leaving the field settles on one choice."""

    chosen = Signal(object)  # the Choice, or None when cleared

    def __init__(self, choices: list[Choice], parent: QWidget | None = None, placeholder: str = ""):
        super().__init__(parent)
        self.choices = choices
        self.choice: Choice | None = None
        self.setPlaceholderText(placeholder or "编码、名称或助记码")
        self._completer = make_completer(choices, self)
        self.setCompleter(self._completer)
        self.textEdited.connect(self._filter)
        self._completer.activated[str].connect(self._activated)
        self.editingFinished.connect(self.settle)

    def _filter(self, text: str) -> None:
        self._completer.proxy.setFilterFixedString(text.strip().lower())
        if text.strip():
            self.fit_popup()
            self._completer.complete()

    def fit_popup(self) -> int:
        """The popup as wide as its longest label (a grid cell is narrower than 三相异步电动机's name),
        never wider than the screen; the width it takes."""
        popup = self._completer.popup()
        popup.setTextElideMode(Qt.TextElideMode.ElideNone)
        metrics = popup.fontMetrics()
        proxy = self._completer.proxy
        labels = (proxy.index(r, 0).data() or "" for r in range(min(proxy.rowCount(), 2000)))
        widest = max((metrics.horizontalAdvance(label) for label in labels), default=0)
        width = widest + popup.verticalScrollBar().sizeHint().width() + 2 * popup.frameWidth() + 28
        screen = self.screen()
        if screen is not None:
            width = min(width, screen.availableGeometry().width())
        popup.setMinimumWidth(max(width, self.width()))
        return popup.minimumWidth()

    def _activated(self, label: str) -> None:
        self.set_choice(find_choice(self.choices, label))

    def settle(self) -> Choice | None:
        """Resolve what was typed to one choice (showing its label) or leave the text as typed."""
        found = find_choice(self.choices, self.text())
        if found is not None and found is not self.choice:
            self.set_choice(found)
        elif not self.text().strip() and self.choice is not None:
            self.set_choice(None)
        return self.choice

    def set_choice(self, choice: Choice | None) -> None:
        self.choice = choice
        self.setText(choice.label if choice else "")
        self.chosen.emit(choice)

    def set_code(self, code: str) -> None:
        self.set_choice(next((c for c in self.choices if c.code == code), None))

    def code(self) -> str:
        """The chosen code, or what was typed (so the use case names an unknown code)."""
        settled = self.settle()
        return settled.code if settled else self.text().strip()
