"""F5 shows what another process committed: the window lets go of its read snapshot first."""
from __future__ import annotations

from PySide6.QtCore import Qt

from storage.book import Book
from tests.rows import manual_voucher
from ui.main_window import MainWindow


def test_f5_shows_a_voucher_posted_by_another_process(qtbot, book, book_path):
    window = MainWindow(book)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_page("vouchers")
    page = window.current_page()
    assert page.model.total == 0
    with Book.open(book_path, user="会计") as other:  # its own engine and connection, like the CLI
        manual_voucher(other, "2026-11-10", "股东投入", [{"account": "1002", "debit": "100.00"},
                                                     {"account": "3001", "credit": "100.00"}])
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    assert page.model.total == 1
    assert page.model.index(0, 3).data() == "股东投入"
