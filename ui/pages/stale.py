"""Pages that read through their own session follow the window's `changed` signal without
recomputing behind the user's back: a visible page refreshes at once, a hidden one the next time
it is shown. (The dashboard and the matching desk cost a second or so to recompute; doing that for
every saved order while they sit in a background tab would make typing stutter.)"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from ui.context import AppContext


class RefreshWhenShown(QObject):
    def __init__(self, ctx: AppContext, page: QWidget, refresh: Callable[[], None]):
        super().__init__(page)
        self.ctx, self.page, self.refresh = ctx, page, refresh
        self.stale = False
        self._announcing = False
        ctx.changed.connect(self._changed)
        page.installEventFilter(self)

    def announce(self) -> None:
        """The page itself changed the book (and has already redrawn): tell the other pages."""
        self._announcing = True
        try:
            self.ctx.refresh()
        finally:
            self._announcing = False

    def _changed(self) -> None:
        if self._announcing:
            return
        if self.page.isVisible():
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.page and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.refresh()
        return False


def refresh_when_shown(ctx: AppContext, page: QWidget, refresh: Callable[[], None]) -> RefreshWhenShown:
    return RefreshWhenShown(ctx, page, refresh)
