"""Starting the desktop app: QApplication, the font, the book, the main window (or screenshots)."""
from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from domain.errors import Rejected
from storage.book import Book
from ui import theme
from ui.default_book import ensure_default_book
from ui.main_window import MainWindow

NO_DISPLAY = ("没有可用的图形显示 (no display): run under a desktop session, "
              "or use the command line (python main.py --help), or set QT_QPA_PLATFORM=offscreen")


def display_problem() -> str | None:
    """Why a window cannot open here, or None. Qt itself would abort the process instead."""
    if not sys.platform.startswith("linux"):
        return None
    if any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return NO_DISPLAY


def run(target: str | None, user: str | None = None, screenshot_dir: str | None = None) -> int:
    """Open the book `target` (the default book when None) in the main window; the exit code."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Zhangfang")
    theme.apply(app)

    try:
        path = target if target is not None else str(ensure_default_book())
        book = Book.open(path, user)
    except Exception as e:
        # Show why the book did not open instead of a window-less traceback.
        if not isinstance(e, Rejected):
            traceback.print_exc()
        message = f"无法打开账套 (cannot open the book): {e}"
        print(message, file=sys.stderr)
        if screenshot_dir is None:
            QMessageBox.critical(None, "账房 Zhangfang", message)
        return 1
    try:
        window = MainWindow(book)
        if screenshot_dir is not None:
            return _screenshots(app, window, Path(screenshot_dir))
        window.show()
        return app.exec()
    finally:
        book.close()


def _screenshots(app: QApplication, window: MainWindow, folder: Path) -> int:
    """Render every page to folder/NN-name.png; for looking at the UI without a desktop."""
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(1280, 800)
    window.show()
    try:
        for number, name in enumerate(window.page_names(), start=1):
            window.show_page(name)
            app.processEvents()
            target = folder / f"{number:02d}-{name}.png"
            if not window.grab().save(str(target)):
                print(f"could not write {target}", file=sys.stderr)
                return 1
    finally:
        window.close()
        window.deleteLater()
    return 0
