"""New documents, their lines, stock moves, open items and allocations written as plain INSERTs.

Posting a document adds a handful of these rows and flushes. Through the unit of work each flush
cost more than everything else about the document (sorting the rows by dependency, an INSERT per
row with RETURNING to learn its id, bookkeeping per attribute). These tables are simple: an integer
id, columns, and many-to-one links among themselves. So before each flush of a unit of work
(`before_flush`), the new rows of these tables are given their ids here — the unit holds SQLite's
write lock, so the next id is ours to hand out, and it is the one SQLite would have chosen — written
with one executemany per table, and handed back to the session as rows just loaded (the same as
storage/ledger.py does for vouchers). What the flush then has left is the updates.

Anything this cannot vouch for — a new row of another table, a deletion, a row whose default is
computed — leaves the whole flush to SQLAlchemy, exactly as before.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from sqlalchemy import Insert, Table, func, insert, select
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state, set_committed_value
from sqlalchemy.orm.interfaces import MANYTOONE

from storage.models import Allocation, Document, DocumentLine, OpenItem, StockMove

# In the order their links allow: a line names its document, a move its document.
FAST = (Document, DocumentLine, StockMove, OpenItem, Allocation)
_FAST = frozenset(FAST)
WRITTEN_NEW = "written new rows"  # session.info: callables told which rows were written here


def install(session: Session, book: Any) -> None:
    """Write new rows of these tables this way at every flush of `book`'s session inside a unit."""
    from sqlalchemy import event
    event.listen(session, "before_flush", lambda s, _ctx, objects: objects is None and write_new(book))


def on_written(session: Session, fn: Callable[[list[Any]], None]) -> None:
    """Have `fn(rows)` told of the rows written here (they never show in a flush's `session.new`)."""
    session.info.setdefault(WRITTEN_NEW, []).append(fn)


def write_new(book: Any) -> None:
    session: Session = book.session
    if not session._new or not book.in_unit:  # outside a unit nothing would take them out on a rollback
        return
    new = session._new  # state → row, as the flush reads it
    if session._deleted or any(type(o) not in _FAST for o in new.values()):
        _forget_next_ids(book, new.values())  # the unit of work writes them: ids we kept may be taken
        return
    objs = [new[s] for s in sorted(new, key=lambda s: s.insert_order)]  # ids in the order rows were made
    if not all(map(_plain, objs)):
        _forget_next_ids(book, objs)  # the unit of work writes them: ids we kept may be taken
        return
    by_class: dict[type, list[Any]] = {}
    for o in objs:
        by_class.setdefault(type(o), []).append(o)
    conn = session.connection()
    for cls in FAST:
        rows = by_class.get(cls)
        if not rows:
            continue
        table: Table = cls.__table__
        first = take_ids(book, table, len(rows))
        for n, o in enumerate(rows):
            o.id = first + n
        conn.execute(_insert(table), [_values(o) for o in rows])
    _adopt(book, session, objs)
    for fn in session.info.get(WRITTEN_NEW, ()):
        fn(objs)


def _plain(o: Any) -> bool:
    """Whether every column of a new row is known now: given, a constant default, or empty."""
    state = instance_state(o)
    if state.key is not None or "id" in state.dict:
        return False  # an id given by hand: the unit of work writes it as given
    for rel in state.mapper.relationships:
        if rel.direction is MANYTOONE and rel.key in state.dict:
            target = state.dict[rel.key]
            if target is not None and type(target) not in _FAST and instance_state(target).key is None:
                return False  # it names a new row of another table
    for column in state.mapper.local_table.columns:
        if column.key not in state.dict and column.default is not None and not column.default.is_scalar:
            return False
    return not getattr(state, "_pending_mutations", None)


def _values(o: Any) -> dict[str, Any]:
    """The row's columns, its links to rows written just before it filled in, and every column set
    on the object (so nothing is left to load back)."""
    state = instance_state(o)
    d = state.dict
    for rel in state.mapper.relationships:
        if rel.direction is MANYTOONE and rel.key in d and d[rel.key] is not None:
            target = d[rel.key]
            for local, remote in rel.local_remote_pairs:
                setattr(o, local.key, getattr(target, remote.key))
    out = {}
    for column in state.mapper.local_table.columns:
        if column.key not in d:
            setattr(o, column.key, column.default.arg if column.default is not None else None)
        out[column.key] = d[column.key]
    return out


def _adopt(book: Any, session: Session, objs: list[Any]) -> None:
    """Pending rows become persistent, as if loaded: out of the session, history reset, back in."""
    for o in objs:
        if o in session:  # a document takes its lines out with it
            session.expunge(o)
    for o in objs:
        if isinstance(o, Document) and "lines" not in instance_state(o).dict:
            set_committed_value(o, "lines", [])  # a document just written has no lines but its own
        make_transient_to_detached(o)
    for o in objs:
        stale = session.identity_map.get(instance_state(o).key)
        if stale is not None and stale is not o:  # an id given out before can only be of a row since deleted
            session.expunge(stale)
        session.add(o)
    book.adopt(*objs)


def take_ids(book: Any, table: Table, n: int) -> int:
    """The first of `n` consecutive ids for new rows of `table`: one past the greatest, as SQLite
    would give them. Kept for the unit of work (which holds the write lock); a flush that inserts
    rows of the table itself lets go of it (`_forget_next_ids`)."""
    key = ("next id", table.name)
    first = book.pinned(key, lambda: 1 + (book.session.connection().execute(_max_id(table)).scalar() or 0))
    book.repin(key, first + n)
    return first


def _forget_next_ids(book: Any, objs: Iterable[Any]) -> None:
    for cls in {type(o) for o in objs}:
        table = getattr(cls, "__table__", None)
        if table is not None:
            book.unpin(("next id", table.name))


@cache
def _max_id(table: Table):
    return select(func.max(table.c.id))


@cache
def _insert(table: Table) -> Insert:
    return insert(table)
