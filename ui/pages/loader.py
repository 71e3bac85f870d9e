"""A page's figures computed off the GUI thread: `PageLoader.load(compute)` runs `compute(book)` on a
worker with a Book of its own (SQLite connections belong to one thread) and hands the result back on
the GUI thread through `loaded`. The page keeps showing its last figures meanwhile, so a click never
waits for a query over the book. A newer load supersedes an older one: the older result is dropped."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from storage.book import Book
from ui.workers import RUNNING, Worker


class PageLoader(QObject):
    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, open_book: Callable[[], Book], parent: QObject | None = None):
        super().__init__(parent)
        self._open_book = open_book
        self._generation = 0
        self._workers: set[Worker] = set()

    @property
    def busy(self) -> bool:
        return bool(self._workers)

    def load(self, compute: Callable[[Book], Any]) -> None:
        self._generation += 1
        generation = self._generation
        open_book = self._open_book

        def work(_progress) -> tuple[int, bool, Any]:
            try:
                book = open_book()  # opened here, so its connection is this thread's own
                try:
                    return generation, True, compute(book)
                finally:
                    book.close()
            except Exception as e:  # shown on the page; the worker's own session rolled back
                from storage.failures import explain
                failure = explain(e)
                return generation, False, failure.message if failure else str(e)

        worker = Worker(work)
        RUNNING.add(worker)  # alive until its thread ends, even if the page is closed first
        self._workers.add(worker)
        # bound methods of this GUI-thread object: Qt queues the calls onto the GUI thread
        worker.succeeded.connect(self._deliver)
        worker.finished.connect(self._done)
        worker.start()

    def _deliver(self, outcome: tuple[int, bool, Any]) -> None:
        generation, ok, value = outcome
        if generation != self._generation:
            return  # a newer load is under way; its figures are the ones to show
        if ok:
            self.loaded.emit(value)
        else:
            self.failed.emit(value)

    def _done(self) -> None:
        worker = self.sender()
        if not isinstance(worker, Worker):
            return
        self._workers.discard(worker)
        RUNNING.discard(worker)
        worker.deleteLater()

    def wait(self, ms: int = 30_000) -> None:
        """Block until the running loads have finished (closing a page, tests); their results still
        arrive through the event loop."""
        for worker in list(self._workers):
            worker.wait(ms)
