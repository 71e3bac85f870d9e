"""What every page is given: the book, the acting user, and the window's verbs (open a document,
open a voucher, show a page, start a new document) — so pages never reach into the main window."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from storage.book import Book


class AppContext(QObject):
    """Shared by the pages of one window. `changed` fires after any use case changed the book."""

    changed = Signal()

    def __init__(self, book: Book, parent: QObject | None = None):
        super().__init__(parent)
        self.book = book
        # Set by the main window; harmless no-ops when a page lives alone (in a test).
        self.open_document: Callable[[int], None] = lambda _doc_id: None
        self.open_voucher: Callable[[int], None] = lambda _voucher_id: None
        self.show_page: Callable[[str], None] = lambda _key: None
        self.new_document: Callable[..., None] = lambda _doc_type, **_kw: None
        self.open_tab: Callable[[str, str, Any], None] = lambda _key, _title, _widget: None

    def run(self, usecase: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a use case on the book and tell every page the book changed. Rejected propagates
        to the caller, which shows each problem beside its field; so does a lock, a full disk or a
        read-only book (storage/failures.py explains those)."""
        # The window's session lives long: rows it loaded earlier may have been changed since by
        # another process. Let go of them, so the use case reads (and writes from) what is stored now.
        self.book.refresh()
        result = usecase(self.book, *args, **kwargs)
        self.changed.emit()
        return result

    def refresh(self) -> None:
        """Let go of the read snapshot so the next query sees other processes' commits (F5)."""
        self.book.refresh()
        self.changed.emit()
