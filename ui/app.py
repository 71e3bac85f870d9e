"""Starting the desktop app: QApplication, the font, Qt's Chinese translations, the book, the main
window (or screenshots). The window shows at once; a first start's demo book fills on a worker."""
from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.errors import Rejected
from ui import theme
from ui.people.login import logged_in as _logged_in  # the window and book_actions share it

NO_DISPLAY = ("没有可用的图形显示 (no display): run under a desktop session, "
              "or use the command line (python main.py --help), or set QT_QPA_PLATFORM=offscreen")


# Set by the start-up benchmark (bench/bundle.py): print "first-paint" once the window has painted,
# then quit — the time a person waits, measured from outside the process.
FIRST_PAINT = "ZHANGFANG_REPORT_FIRST_PAINT"


def _quit_after_first_paint(app: QApplication, window) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watch(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and not getattr(self, "seen", False):
                self.seen = True
                QTimer.singleShot(0, done)  # after this paint has finished and been flushed
            return False

    def done() -> None:
        print("first-paint", flush=True)
        window.close()  # as a person closing it would: nothing of it stays active after the run
        app.quit()

    window._first_paint_watch = Watch(window)
    window.installEventFilter(window._first_paint_watch)


def display_problem() -> str | None:
    """Why a window cannot open here, or None. Qt itself would abort the process instead."""
    if not sys.platform.startswith("linux"):
        return None
    if any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return NO_DISPLAY


def application() -> QApplication:
    """The one QApplication, with our look and Qt's own dialogs in Chinese (确定/取消, not OK)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Zhangfang")
    if app.windowIcon().isNull():
        from PySide6.QtGui import QIcon

        from resources import icon_path
        from ui.version import VERSION
        app.setApplicationVersion(VERSION)
        app.setWindowIcon(QIcon(str(icon_path())))
        app.setDesktopFileName("zhangfang")  # ties windows to zhangfang.desktop on Linux desktops
    if not getattr(app, "_zf_ready", False):
        theme.apply(app)
        from ui import dialog_keys
        dialog_keys.install(app)  # every dialog: first field focused, Enter moves on, Ctrl+S saves
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translators = []
        for name in ("qtbase_zh_CN", "qt_zh_CN"):
            tr = QTranslator(app)
            if tr.load(name, folder):
                app.installTranslator(tr)
                translators.append(tr)
        app._zf_translators = translators  # keep them alive as long as the app
        app._zf_ready = True
    return app


def run(target: str | None, user: str | None = None, screenshot_dir: str | None = None,
        screenshot_size: tuple[int, int] | None = (1440, 900)) -> int:
    """Open the book `target` (the default book when None) in the main window; the exit code.
    Screenshots are taken at `screenshot_size`, or at each of ui.screenshots.SIZES when None."""
    app = application()
    from ui.preview_folder import remove_stale
    remove_stale()  # previews a crashed or killed window left behind
    from storage.book import Book

    fresh = False
    try:
        if target is None:
            chosen = _first_start(screenshot_dir)
            if chosen is None:
                return 1
            target, fresh = chosen
        elif screenshot_dir is None and "://" not in target and not Path(target).exists():
            from ui.book_actions import missing_book
            chosen = missing_book(target)
            if chosen is None:
                return 1
            target = chosen
        book = Book.open(target, user)
    except Exception as e:
        # Show why the book did not open instead of a window-less traceback.
        from storage.failures import explain
        failure = explain(e)
        if not isinstance(e, Rejected) and failure is None:
            traceback.print_exc()
        message = f"无法打开账套 (cannot open the book): {failure.message if failure else e}"
        print(message, file=sys.stderr)
        if screenshot_dir is None:
            QMessageBox.critical(None, "账房 Zhangfang", message)
        return 1
    from ui.main_window import MainWindow
    try:
        if screenshot_dir is None and not _logged_in(book, user):
            return 1
        if screenshot_dir is not None:
            from ui.screenshots import SIZES, take_at_sizes
            return take_at_sizes(app, lambda: MainWindow(book), Path(screenshot_dir),
                                 SIZES if screenshot_size is None else (screenshot_size,))
        window = MainWindow(book)
        window.show()
        QTimer.singleShot(0, window.offer_drafts)  # forms a crash left unsaved, offered back
        if os.environ.get(FIRST_PAINT):
            _quit_after_first_paint(app, window)
        if fresh:
            from ui.workers import fill_demo_book
            fill_demo_book(window, target)
        return app.exec()
    finally:
        book.close()


def _first_start(screenshot_dir: str | None) -> tuple[str, bool] | None:
    """The default book, and whether it is a fresh demo book to fill. With none yet, a person is asked
    (新建 / 打开 / 示例账套, issue 30); screenshots and ZHANGFANG_FIRST_START=demo make the demo book."""
    from ui.default_book import default_book_path, prepare_default_book
    from ui.setup.first_start import UNATTENDED, first_start
    path = default_book_path()
    if path.exists() or screenshot_dir is not None or os.environ.get(UNATTENDED) == "demo":
        made, fresh = prepare_default_book()
        return str(made), fresh
    return first_start(path)
