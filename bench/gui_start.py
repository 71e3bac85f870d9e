"""Run as a script: start the app's window on a book and print the seconds from process start
until the window has been shown and its first page painted (offscreen). With --bare, the same for
an empty PySide6 window — the floor no app can beat."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

START = time.perf_counter()
# the checkout this script is in, not whichever one the virtualenv's editable install points at
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    if sys.argv[1] == "--bare":
        window = QMainWindow()
    else:
        from storage.book import Book
        from ui.main_window import MainWindow
        window = MainWindow(Book.open(sys.argv[1], user="bench"))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    window.grab()  # painted, not merely shown
    print(f"{time.perf_counter() - START:.4f}")


if __name__ == "__main__":
    main()
