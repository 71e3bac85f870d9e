"""帮助 → 关于账房: the version, the open book's schema and the program's, Python and Qt, and where
the data lives — selectable, so a person can paste it into a support message."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from ui.about import facts


class AboutDialog(QDialog):
    def __init__(self, parent=None, book_target: str | None = None, book_schema: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("关于账房")
        self.rows = facts(book_target, book_schema)
        top = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(QApplication.windowIcon().pixmap(72, 72))
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel("<b style='font-size:16pt'>账房 Zhangfang</b><br>业财一体的小企业账务软件<br>"
                       "Business flow and books as one, for small finance teams.")
        top.addWidget(title, 1)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for label, value in self.rows:
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            form.addRow(f"{label}：", shown)
            self.values[label] = shown
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def text(self) -> str:
        """What the box says, as plain lines (tests and support messages)."""
        return "\n".join(f"{label}：{value}" for label, value in self.rows)
