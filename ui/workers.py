"""Long work off the GUI thread: a worker with its own Book reports progress by signals, a progress
dialog shows it with a cancel button, and the window stays responsive throughout."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ui.forms.problems import said

# Workers alive until their thread ends: never parented to a page, because a page closed while its
# worker runs would destroy a running QThread, which aborts the whole process.
RUNNING: set[Worker] = set()


class Cancelled(Exception):
    """Raised inside the work from its progress callback when the user pressed 取消."""


class Worker(QThread):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[int, int, str], None]], Any], parent: QWidget | None = None):
        super().__init__(parent)
        self._work = work
        self.stop = threading.Event()  # also seen by the writers' checkpoints (reports/output.py)

    @property
    def cancel_requested(self) -> bool:
        return self.stop.is_set()

    @cancel_requested.setter
    def cancel_requested(self, value: bool) -> None:
        if value:
            self.stop.set()
        else:
            self.stop.clear()

    def _progress(self, done: int, total: int, what: str) -> None:
        if self.cancel_requested:
            raise Cancelled()
        self.progressed.emit(done, total, what)

    def run(self) -> None:
        from reports.output import Cancelled as WriterCancelled
        from reports.output import cancellable
        try:
            with cancellable(self.stop):
                result = self._work(self._progress)
            self.succeeded.emit(result)
        except (Cancelled, WriterCancelled):
            self.failed.emit("已取消")
        except Exception as e:  # shown to the user; the worker's own unit of work rolled back
            from storage.failures import explain
            failure = explain(e)  # a lock, a full disk, a read-only book: in Chinese, not SQLite's words
            self.failed.emit(failure.message if failure else said(e))


def run_with_progress(parent: QWidget, title: str, work, on_done: Callable[[Any], None] | None = None) -> Worker:
    """Start `work(progress)` on a worker thread with a modeless progress dialog and 取消."""
    dialog = QProgressDialog(title, "取消", 0, 0, parent)
    dialog.setWindowTitle("账房")
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    worker = Worker(work)
    RUNNING.add(worker)

    def progressed(done: int, total: int, what: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        dialog.setLabelText(f"{title}\n{what}")

    def finished(result: Any) -> None:
        dialog.close()
        if on_done is not None:
            on_done(result)

    def failed(message: str) -> None:
        dialog.close()
        if message != "已取消":
            QMessageBox.warning(parent, "账房", f"{title}未完成：{message}")
        if on_done is not None:
            on_done(None)

    worker.progressed.connect(progressed)
    worker.succeeded.connect(finished)
    worker.failed.connect(failed)
    dialog.canceled.connect(lambda: setattr(worker, "cancel_requested", True))
    worker.finished.connect(lambda: RUNNING.discard(worker))
    worker.finished.connect(worker.deleteLater)
    dialog.show()
    worker.start()
    return worker


def fill_demo_book(window, path: str) -> Worker:
    """First start: the empty default book is already shown; the demo business fills it here."""
    from ui.default_book import fill_demo
    return run_with_progress(window, "正在生成示例账套…", lambda progress: fill_demo(path, progress),
                             lambda _result: window.refresh())
