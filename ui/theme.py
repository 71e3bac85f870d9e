"""The look of the app: the bundled Chinese font, Fusion style and a light stylesheet."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from resources import font_path

FONT_FILE = font_path()
FONT_FAMILY = "WenQuanYi Micro Hei"
FONT_POINTS = 10

ACCENT = "#1e6fd9"

STYLESHEET = f"""
QMainWindow, QStackedWidget > QWidget {{ background: #ffffff; }}
#sidebar {{ background: #f4f6f9; border-right: 1px solid #dfe3e8; }}
#brand {{ font-size: 18pt; font-weight: bold; color: {ACCENT}; padding: 10px 16px 0 16px; }}
#company {{ color: #5c6470; padding: 2px 16px 6px 16px; }}
#navigation {{ background: transparent; border: none; outline: 0; }}
#navigation::item {{ padding: 4px 12px 4px 22px; border-left: 3px solid transparent; color: #1f2329; }}
#navigation::item:disabled {{ padding: 8px 12px 2px 14px; }}
#navigation::item:hover:enabled {{ background: #e9eef5; }}
#navigation::item:selected {{ background: #e3eefc; color: {ACCENT}; border-left: 3px solid {ACCENT}; }}
#pageTitle {{ font-size: 14pt; font-weight: bold; color: #1f2329; }}
#listStatus {{ color: #5c6470; }}
QLineEdit#search {{ border: 1px solid #d0d5dc; border-radius: 4px; padding: 4px 8px; background: #ffffff; }}
QLineEdit#search:focus {{ border-color: {ACCENT}; }}
QTableView {{
    border: 1px solid #dfe3e8; gridline-color: #eceff3; background: #ffffff;
    alternate-background-color: #f8fafc; selection-background-color: #d6e6fb; selection-color: #1f2329;
}}
QTableView::item {{ padding: 0 5px; }}
QHeaderView::section {{
    background: #f0f3f7; color: #1f2329; font-weight: bold; padding: 5px 8px;
    border: none; border-right: 1px solid #e1e5ea; border-bottom: 1px solid #d5dae1;
}}
QTabWidget#tabs::pane {{ border: none; border-top: 1px solid #dfe3e8; }}
QTabBar::tab {{ padding: 6px 14px; border: none; border-bottom: 2px solid transparent; color: #5c6470; }}
QTabBar::tab:selected {{ color: {ACCENT}; border-bottom: 2px solid {ACCENT}; }}
QTabBar::tab:hover {{ color: #1f2329; }}
QPushButton {{ border: 1px solid #d0d5dc; border-radius: 4px; padding: 4px 14px; background: #ffffff; }}
QPushButton:hover {{ border-color: {ACCENT}; color: {ACCENT}; }}
QPushButton:disabled {{ color: #b0b6bf; border-color: #e3e6ea; }}
QPushButton#primary {{ background: {ACCENT}; color: #ffffff; border-color: {ACCENT}; }}
QPushButton#primary:hover {{ background: #185cb5; color: #ffffff; }}
QPushButton#link {{ border: none; color: {ACCENT}; padding: 2px 4px; text-decoration: underline; background: transparent; text-align: left; }}
QLineEdit, QComboBox, QDateEdit, QSpinBox {{ border: 1px solid #d0d5dc; border-radius: 4px; padding: 3px 6px; background: #ffffff; }}
QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QSpinBox:focus {{ border-color: {ACCENT}; }}
QLineEdit[error="true"] {{ border-color: #d0312d; background: #fff5f5; }}
#fieldError {{ color: #d0312d; }}
#hint {{ color: #5c6470; background: #f4f8fd; border: 1px solid #d6e6fb; border-radius: 4px; padding: 8px 12px; }}
#card, #kpiCard {{ background: #ffffff; border: 1px solid #dfe3e8; border-radius: 6px; }}
#kpiTitle {{ color: #5c6470; }}
#kpiValue {{ font-size: 15pt; font-weight: bold; color: #1f2329; }}
#sectionTitle {{ font-size: 11pt; font-weight: bold; color: #1f2329; }}
#flowLabel {{ font-weight: bold; color: #5c6470; padding-right: 8px; }}
#flowArrow {{ color: #8a919f; font-size: 14pt; }}
QPushButton#flowNode {{ background: #f4f6f9; border: 1px solid #dfe3e8; border-radius: 8px; padding: 6px 10px; color: #1f2329; }}
QPushButton#flowNode[busy="true"] {{ background: #fff7e6; border-color: #f0c36d; }}
QPushButton#flowNode:checked {{ background: #e3eefc; border: 2px solid {ACCENT}; color: {ACCENT}; }}
#docTitle {{ font-size: 16pt; font-weight: bold; color: #1f2329; }}
#docStatus {{ color: #5c6470; }}
#totalsBar QLabel {{ font-weight: bold; }}
QTableView#totals {{ border-top: none; background: #f0f3f7; }}
#balanceOk {{ color: #2e7d32; font-weight: bold; }}
#balanceOff {{ color: #d0312d; font-weight: bold; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 0; }}
QScrollBar::handle:vertical {{ background: #c9ced6; border-radius: 4px; min-height: 24px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: transparent; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 0; }}
QScrollBar::handle:horizontal {{ background: #c9ced6; border-radius: 4px; min-width: 24px; }}
QScrollBar::add-line:horizontal, QScrollBar::sub-line:horizontal {{ width: 0; }}
QScrollBar::add-page:horizontal, QScrollBar::sub-page:horizontal {{ background: transparent; }}
/* focus is always visible (issue 30): a ring on buttons, fields, lists and the current grid cell */
QPushButton:focus {{ border: 2px solid {ACCENT}; padding: 3px 13px; }}
QPushButton#primary:focus {{ border: 2px solid #0b2f66; }}
QPushButton#link:focus {{ border: 1px dashed {ACCENT}; padding: 1px 3px; }}
QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QSpinBox:focus {{ border: 2px solid {ACCENT}; padding: 2px 5px; }}
QLineEdit#search:focus {{ border: 2px solid {ACCENT}; padding: 3px 7px; }}
QCheckBox:focus {{ border: 1px dashed {ACCENT}; }}
QTableView:focus {{ border: 1px solid {ACCENT}; }}
QTableView::item:focus {{ border: 2px solid {ACCENT}; }}
#navigation:focus {{ border: 1px solid {ACCENT}; }}
QMenuBar {{ background: #ffffff; border-bottom: 1px solid #dfe3e8; padding: 2px 6px; }}
QMenuBar::item {{ padding: 4px 10px; background: transparent; }}
QMenuBar::item:selected {{ background: #e3eefc; color: {ACCENT}; }}
QStatusBar {{ background: #f4f6f9; border-top: 1px solid #dfe3e8; color: #5c6470; }}
QStatusBar QLabel {{ padding: 0 10px; }}
"""


_family: str | None = None


def font_family() -> str:
    """The bundled Chinese font's family, registered with Qt on first use (printing needs it too)."""
    global _family
    if _family is None:
        _family = FONT_FAMILY
        font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
        if font_id >= 0 and QFontDatabase.applicationFontFamilies(font_id):
            _family = QFontDatabase.applicationFontFamilies(font_id)[0]
    return _family


def load_font(app: QApplication) -> None:
    """Use the bundled font, so Chinese renders on machines that have no CJK font."""
    app.setFont(QFont(font_family(), FONT_POINTS))


def apply(app: QApplication) -> None:
    # Fusion with its light palette looks the same everywhere and never mixes a dark
    # desktop palette into our light stylesheet.
    app.setStyle("Fusion")
    style = app.style()
    app.setPalette(style.standardPalette())
    load_font(app)
