"""A book opened for work: the engine, a session, the acting user, and the unit of work.

Use cases take a Book and wrap their changes in `with book.unit():` — one DB transaction, or a
SAVEPOINT inside an outer one (an import applies each document in its own savepoint, then
commits or rolls back the whole file). A write unit takes SQLite's write lock up front
(BEGIN IMMEDIATE, see storage/db.py), so two writers queue instead of failing.

Reads outside a unit run in a short read transaction that `refresh()` (or leaving `reading()`)
ends, so the next read sees what other processes committed — the GUI's F5. A Book is used by one
thread at a time: a worker thread takes `book.spawn()`, which shares the engine and has a session
of its own; `book.acting(user)` is the same book with another person acting, so the acting user is
passed along rather than mutated.
"""
from __future__ import annotations

import getpass
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

import resources
from domain.errors import Rejected
from domain.master import DEFAULT_VAT_RATES
from domain.messages import Message
from domain.posting import TemplateSet, load_template_set
from domain.voucher import AccountRule
from storage import db, write_new
from storage.models import Account, Setting

RESOURCES = resources.ROOT  # package data (resources/__init__.py), not the checkout


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers; a book still needs a preparer
        return "user"


def _row_lookup(key: tuple) -> bool:
    """A pin that is a row (or its absence) found by a table's own key or code — (Customer, 'C001'),
    (Period, '2026-11'): a rolled-back savepoint restores the database to what it was when that
    pin was made, so the pin holds again. Other pins (counters, kept lists) may have been changed
    in place inside the savepoint and are forgotten."""
    return isinstance(key[0], type) and hasattr(key[0], "__table__")


class Book:
    # Called with the book at the end of every outer unit of work, inside its transaction (the use
    # cases register what they keep in step with the book's state; storage imports none of them).
    before_commit: list[Callable[[Book], None]] = []

    def __init__(self, engine: Engine, user: str | None = None, target: str = "", *, owns_engine: bool = True):
        self.engine = engine
        self.target = target
        self.user = user or default_user()
        self._owns_engine = owns_engine
        self.session: Session = db.session_factory(engine)()
        self._depth = 0
        self._settings: dict[str, str] | None = None
        self._accounts: dict[str, AccountRule] | None = None
        self._account_ids: dict[str, int] | None = None
        self._account_codes: dict[int, str] | None = None
        self._templates: TemplateSet | None = None
        # Rows looked up again and again inside one unit of work (the customer, the item, the
        # period, the next voucher number), held until the unit ends. The session's identity
        # map holds rows only weakly, so without this each lookup went back to the database.
        self._pins: dict[tuple, Any] = {}
        # Attributes of loaded rows updated with plain SQL behind the session's back
        # (storage/write_new.py, a document's voucher link), per open unit: a rollback expires
        # them, as SQLAlchemy does for what it flushed itself.
        self._written: list[list[tuple[Any, tuple[str, ...]]]] = []
        # Rows inserted by storage/write_new.py, per open unit, as (class, ids): a rollback takes
        # any the session holds out of it, as SQLAlchemy does for the rows it inserted itself.
        self._inserted: list[list[tuple[type, Sequence[int]]]] = []
        # Inside `optimistic()`, nested units take no savepoint; one that fails taints the run.
        self._savepoints = True
        self._tainted = False
        write_new.install(self.session, self)

    # ---- opening -------------------------------------------------------------------
    @classmethod
    def open(cls, target: str | Path, user: str | None = None, *, create: bool = False) -> Book:
        """Open a book, migrating it to this version's schema. Never creates one unless asked."""
        target = str(target)
        if not db.is_url(target):
            path = Path(target)
            if not create and not path.exists():
                raise Rejected(Message("book_missing", target=target))
            if not create:
                db.verify_book_file(path)
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
        engine = db.make_engine(target)
        db.migrate(engine, target)
        return cls(engine, user, target)

    def close(self) -> None:
        self.session.close()
        if self._owns_engine:
            self.engine.dispose()

    def spawn(self, user: str | None = None) -> Book:
        """The same book for another thread or another person: same engine, its own session.
        Close it when done; the engine stays with the book it came from."""
        return Book(self.engine, user or self.user, self.target, owns_engine=False)

    def acting(self, user: str) -> Book:
        """The same book with `user` acting (reviewer, closer): a sibling, not a mutation."""
        return self.spawn(user)

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- the unit of work ------------------------------------------------------------
    @contextmanager
    def unit(self) -> Iterator[Book]:
        """One transaction; nested units become savepoints. Rolls back on any exception."""
        outer = self._depth == 0
        if outer and self.session.in_transaction():
            self.session.commit()  # end a read-only transaction left open by queries
        token = db.WRITING.set(True) if outer else None
        if not outer and not self._savepoints:
            with self._plain_nested():
                yield self
            return
        tx = self.session.begin() if outer else self.session.begin_nested()
        pins_before = None if outer else self._pins.copy()
        self._depth += 1
        self._written.append([])
        self._inserted.append([])
        try:
            yield self
            if outer:
                for hook in Book.before_commit:  # e.g. the stored tasks, kept in the same transaction
                    hook(self)
                self.session.flush()
            tx.commit()
        except BaseException:
            if outer:  # also a transaction a failed flush already deactivated (no savepoint to end)
                self.session.rollback()
            elif tx.is_active:
                tx.rollback()
            for row, attrs in self._written.pop():
                if row in self.session:
                    self.session.expire(row, attrs)
            write_new.let_go(self.session, self._inserted.pop())
            self.forget()
            if pins_before:  # rows found by code before the savepoint are still those rows
                self._pins.update((k, v) for k, v in pins_before.items() if _row_lookup(k))
            raise
        else:
            kept, made = self._written.pop(), self._inserted.pop()
            if self._written:
                self._written[-1] += kept  # the enclosing unit may still roll them back
                self._inserted[-1] += made
        finally:
            self._depth -= 1
            if token is not None:
                db.WRITING.reset(token)
                self._pins.clear()

    @contextmanager
    def _plain_nested(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
            self.session.flush()
        except BaseException:
            self._tainted = True  # what it wrote stays until the enclosing unit rolls back
            raise
        finally:
            self._depth -= 1

    @property
    def in_unit(self) -> bool:
        return self._depth > 0

    @property
    def savepoints(self) -> bool:
        """Whether a nested unit that fails is undone alone (not so inside `optimistic()`)."""
        return self._savepoints

    @property
    def tainted(self) -> bool:
        """Inside `optimistic()`: whether a nested unit failed, leaving its writes in place."""
        return self._tainted

    @contextmanager
    def optimistic(self) -> Iterator[None]:
        """Inside the current unit, nested units take no savepoint (SAVEPOINT, RELEASE and the flush
        SQLAlchemy does before each cost more than a small document's own writes). A nested unit that
        fails cannot then be undone alone: it taints the run (`tainted`), and the caller — who asked
        for this because it rolls everything back on any failure — must roll back the enclosing unit."""
        assert self._depth, "optimistic() runs inside a unit"
        saved = self._savepoints, self._tainted
        self._savepoints, self._tainted = False, False
        try:
            yield
        finally:
            self._savepoints, self._tainted = saved

    def refresh(self) -> None:
        """End the read transaction and forget loaded rows, so the next read sees every commit
        made since — by this process or another (WAL keeps a reader on its snapshot until then)."""
        if self._depth:
            return  # inside a unit the transaction is ours; never cut it short
        if self.session.in_transaction():
            self.session.rollback()
        self.session.expire_all()
        self.forget()

    @contextmanager
    def reading(self) -> Iterator[Book]:
        """A short read transaction: queries inside see one consistent snapshot, which is let go
        on leaving, so a long-lived window never pins an old snapshot (or the WAL) open."""
        try:
            yield self
        finally:
            self.refresh()

    def pinned(self, key: tuple, load: Callable[[], Any]) -> Any:
        """`load()`'s result, kept for the rest of the unit of work under `key`. Outside a unit
        nothing is kept (a reader must see other writers' changes). A rollback forgets it all."""
        if not self._depth:
            return load()
        if key not in self._pins:
            self._pins[key] = load()
        return self._pins[key]

    def repin(self, key: tuple, value: Any) -> None:
        if self._depth:
            self._pins[key] = value

    def wrote(self, row: Any, *attrs: str) -> None:
        """Attributes of a row updated with plain SQL and set as loaded: a rollback of the unit expires
        them, so they are read again from what the database kept."""
        if self._written:
            self._written[-1].append((row, attrs))

    def written_kinds(self) -> set[type]:
        """The classes of the rows storage/write_new.py wrote in this unit so far (those rows never
        show in what a flush lists as new or changed)."""
        return ({cls for level in self._inserted for cls, _ids in level}
                | {type(row) for level in self._written for row, _attrs in level})

    def inserted(self, cls: type, ids: Sequence[int]) -> None:
        """Rows of `cls` with these ids inserted by storage/write_new.py in this unit."""
        if self._inserted:
            self._inserted[-1].append((cls, ids))

    def pin_of(self, key: tuple) -> Any:
        """What is pinned under `key` in this unit, or None (nothing is loaded for it)."""
        return self._pins.get(key)

    def unpin(self, key: tuple) -> None:
        """Let go of one pinned value: the next `pinned()` loads it again."""
        self._pins.pop(key, None)

    def forget(self) -> None:
        """Drop caches of book data (after a rollback, or when the chart changes)."""
        self._pins.clear()
        self._settings = None
        self._accounts = None
        self._account_ids = None
        self._account_codes = None
        self._templates = None

    # ---- settings, chart, templates -----------------------------------------------------
    @property
    def settings(self) -> dict[str, str]:
        if self._settings is None:
            self._settings = {s.key: s.value for s in self.session.scalars(select(Setting))}
        return self._settings

    def set_setting(self, key: str, value: str) -> None:
        self.session.merge(Setting(key=key, value=value))
        self._settings = None

    @property
    def is_initialised(self) -> bool:
        return "company" in self.settings

    @property
    def revenue_mode(self) -> str:
        return self.settings.get("revenue", "shipment")

    @property
    def taxpayer(self) -> str:
        """'general' (一般纳税人, the default) or 'small' (小规模纳税人)."""
        return self.settings.get("taxpayer", "general")

    @property
    def vat_rates(self) -> tuple[Decimal, ...]:
        """Rates an item may default to: those in force on some day from the book's start to a year ahead
        (resources/tax/vat.toml), unless the book lists its own. An item is bought as well as sold, so any
        taxpayer's rate may be its default; what a sale may charge is checked on the order (pricing)."""
        raw = self.settings.get("vat_rates")
        if raw:
            return tuple(Decimal(r) for r in raw.split(","))
        if "start_period" not in self.settings:
            return DEFAULT_VAT_RATES
        import datetime as dt

        from storage.vat import load_vat_table
        first = dt.date.fromisoformat(self.settings["start_period"] + "-01")
        return load_vat_table().ever(None, first, dt.date.today() + dt.timedelta(days=366))

    @property
    def templates(self) -> TemplateSet:
        """The book's posting templates: a copy kept in the book, so upgrading the program
        never changes how an existing book posts."""
        if self._templates is None:
            text = self.settings.get("posting_templates")
            if text is None:
                raise Rejected(Message("book_without_templates"))
            self._templates = load_template_set(tomllib.loads(text))
        return self._templates

    def role(self, name: str) -> str:
        return self.templates.role(name)

    @property
    def accounts(self) -> dict[str, AccountRule]:
        if self._accounts is None:
            self._load_accounts()
        assert self._accounts is not None
        return self._accounts

    def account_id(self, code: str) -> int:
        if self._account_ids is None:
            self._load_accounts()
        assert self._account_ids is not None
        return self._account_ids[code]

    def account_code(self, account_id: int) -> str:
        if self._account_codes is None:
            self._load_accounts()
        assert self._account_codes is not None
        return self._account_codes[account_id]

    def reload_chart(self) -> None:
        """Read the chart again: an account was added inside the unit of work (222109 on first use)."""
        self._load_accounts()

    def _load_accounts(self) -> None:
        rows = self.session.execute(select(Account.id, Account.code, Account.name, Account.is_leaf,
                                           Account.active, Account.aux)).all()
        self._accounts = {r.code: AccountRule(r.code, r.name, r.is_leaf, r.active, r.aux) for r in rows}
        self._account_ids = {r.code: r.id for r in rows}
        self._account_codes = {r.id: r.code for r in rows}
