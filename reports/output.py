"""An export's file appears whole or not at all: it is written under a hidden name beside the
target and renamed over it only when complete, so a cancelled or failed export leaves nothing
behind (and never half of a file a user takes for the whole)."""
from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def whole_file(out: str | Path) -> Iterator[Path]:
    """Yields the path to write; on success it becomes `out`, on any exception it is removed."""
    target = Path(out)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        yield partial
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


class Cancelled(Exception):
    """The user pressed 取消: raised inside a writer at its next checkpoint."""


_local = threading.local()


@contextlib.contextmanager
def cancellable(event: threading.Event) -> Iterator[None]:
    """Writers in this thread stop at their next checkpoint() once `event` is set (the window's 取消)."""
    before = getattr(_local, "event", None)
    _local.event = event
    try:
        yield
    finally:
        _local.event = before


def checkpoint() -> None:
    """Called by the writers every few hundred rows or each page: raise Cancelled when asked to stop.
    Costs one attribute look-up where nobody can cancel (the command line)."""
    event = getattr(_local, "event", None)
    if event is not None and event.is_set():
        raise Cancelled()


def ensure_folder(out: str | Path) -> None:
    """Refuse a file in a folder that does not exist before any sheet is begun: a write-only
    sheet left half-written when the save fails prints a stray traceback at exit."""
    import errno
    import os
    folder = Path(out).parent
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(out))
