"""Who may do what (issue 26), checked where the work is done: each use case that changes the book
names its action (`@requires("post")`), and a person whose roles lack it is refused with one
sentence naming the action and the roles that may do it — on the command line and in the window.

A book without people lets everyone do everything, as before. With people, `book.user` is the
name the window or the command line authenticated (usecases/people.py). What a person may do is
read once per unit of work (a bulk import checks it once, not per document).

A guarded use case that calls another runs it under its own permission: an import saves every
kind of document, a close posts its vouchers, without each inner step asking again.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select

from domain.errors import Rejected
from domain.people import actions_of, refusal
from storage.book import Book
from storage.models import User

F = TypeVar("F", bound=Callable[..., Any])
# The action of the outermost guarded use case running on this thread, or None.
_COVERED: ContextVar[str | None] = ContextVar("zhangfang_access_covered", default=None)


@dataclass(frozen=True)
class Person:
    name: str
    roles: tuple[str, ...]
    disabled: bool
    actions: frozenset[str]


class Refused(Rejected):
    """A missing permission: the book is unchanged; the refusal itself is logged."""

    def __init__(self, message: str, *, user: str, action: str):
        super().__init__(message)
        self.user, self.action, self.logged = user, action, False


def people(book: Book) -> dict[str, Person]:
    """The book's people by name (empty: a book without users)."""
    return book.pinned(("people",), lambda: _load(book))


def _load(book: Book) -> dict[str, Person]:
    out = {}
    for name, roles, disabled in book.session.execute(select(User.name, User.roles, User.disabled)):
        codes = tuple(r for r in roles.split(",") if r)
        out[name] = Person(name, codes, disabled, actions_of(codes))
    return out


def allowed(book: Book, action: str) -> bool:
    if _COVERED.get() is not None:
        return True
    known = people(book)
    if not known:
        return True
    p = known.get(book.user)
    return p is not None and not p.disabled and action in p.actions


def check(book: Book, action: str) -> None:
    """Refuse (exit 2 on the command line) unless the acting person may do `action`."""
    if allowed(book, action):
        return
    p = people(book).get(book.user)
    if p is None or p.disabled:
        message = f"{book.user} 不是本账套的有效用户，无权{refusal(book.user, (), action).split('无权', 1)[1]}"
    else:
        message = refusal(book.user, p.roles, action)
    e = Refused(message, user=book.user, action=action)
    if not book.in_unit:  # logged in a transaction of its own; inside a unit the caller's edge logs it
        log_refusal(book, e)
    raise e


def log_refusal(book: Book, e: Refused) -> None:
    if e.logged:
        return
    from storage.oplog import append_now
    append_now(book, "refused", record=e.action, detail=str(e))
    e.logged = True


def requires(action: str | Callable[..., str]) -> Callable[[F], F]:
    """The use case needs `action` (or the action `action(*args)` names, e.g. per document type)."""
    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def guarded(book: Book, *args: Any, **kwargs: Any) -> Any:
            if _COVERED.get() is not None:
                return fn(book, *args, **kwargs)
            name = action if isinstance(action, str) else action(*args, **kwargs)
            check(book, name)
            with covered(name):
                return fn(book, *args, **kwargs)
        guarded.action = action  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]
    return wrap


class covered:
    """Inside, no further check: the operation that opened it (`action`) was allowed as a whole."""

    def __init__(self, action: str):
        self.action = action

    def __enter__(self) -> None:
        self._token = _COVERED.set(self.action)

    def __exit__(self, *exc: object) -> None:
        _COVERED.reset(self._token)


def is_covered() -> bool:
    return _COVERED.get() is not None


def in_bulk() -> bool:
    """Inside an import or the demo: their own log entry stands for every row they write."""
    return _COVERED.get() in ("import", "demo")

