"""The look of the app: the bundled Chinese font, Fusion style and a light stylesheet."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FONT_FILE = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"
FONT_POINTS = 10

ACCENT = "#1e6fd9"

STYLESHEET = f"""
QMainWindow, QStackedWidget > QWidget {{ background: #ffffff; }}
#sidebar {{ background: #f4f6f9; border-right: 1px solid #dfe3e8; }}
#brand {{ font-size: 18pt; font-weight: bold; color: {ACCENT}; padding: 14px 16px 0 16px; }}
#company {{ color: #5c6470; padding: 2px 16px 12px 16px; }}
#navigation {{ background: transparent; border: none; outline: 0; }}
#navigation::item {{ padding: 6px 12px 6px 22px; border-left: 3px solid transparent; color: #1f2329; }}
#navigation::item:disabled {{ padding: 12px 12px 4px 14px; }}
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
QMenuBar {{ background: #ffffff; border-bottom: 1px solid #dfe3e8; padding: 2px 6px; }}
QMenuBar::item {{ padding: 4px 10px; background: transparent; }}
QMenuBar::item:selected {{ background: #e3eefc; color: {ACCENT}; }}
QStatusBar {{ background: #f4f6f9; border-top: 1px solid #dfe3e8; color: #5c6470; }}
QStatusBar QLabel {{ padding: 0 10px; }}
"""


def load_font(app: QApplication) -> None:
    """Use the bundled font, so Chinese renders on machines that have no CJK font."""
    family = FONT_FAMILY
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    if font_id >= 0 and QFontDatabase.applicationFontFamilies(font_id):
        family = QFontDatabase.applicationFontFamilies(font_id)[0]
    app.setFont(QFont(family, FONT_POINTS))


def apply(app: QApplication) -> None:
    # Fusion with its light palette looks the same everywhere and never mixes a dark
    # desktop palette into our light stylesheet.
    app.setStyle("Fusion")
    style = app.style()
    app.setPalette(style.standardPalette())
    load_font(app)
