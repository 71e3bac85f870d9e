"""What posting wrote or changed, written before each flush without the unit of work.

Posting a document adds a handful of rows and changes a few (the order's status, stock on hand, what
is open) and flushes. Through the unit of work each flush cost more than everything else about the
document: sorting rows by dependency, an INSERT per row with RETURNING to learn its id, bookkeeping
per attribute. The tables posting writes are simple — an integer id, columns, many-to-one links among
themselves — so before each flush of a unit of work (`before_flush`), on SQLite:

- new rows of these tables get their ids here: the unit holds SQLite's write lock, so the next id
  is ours to hand out, and it is the one SQLite would have chosen; they are written with one
  executemany per table (storage/driver.py) and made the session's rows by SQLAlchemy's own
  post-INSERT step;
- rows of these tables changed since loaded are written as one UPDATE per table and set of columns.

The flush then has nothing left to do. Anything this cannot vouch for — a new row of another table,
a deletion, a row whose default is computed, a changed key or link — leaves it to the unit of work,
exactly as before. A rollback of the unit takes what was written here out of the session again: new
rows as SQLAlchemy does for those it flushed, changed ones through Book.wrote.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from sqlalchemy import Table, event, func, insert, select
from sqlalchemy.orm import ColumnProperty, Session
from sqlalchemy.orm.attributes import NO_VALUE, PASSIVE_NO_INITIALIZE, instance_state, set_committed_value
from sqlalchemy.orm.interfaces import MANYTOONE, ONETOMANY

from storage.driver import insert_rows, is_sqlite, update_rows
from storage.models import (
    Allocation,
    CashFlow,
    Document,
    DocumentLine,
    OpenItem,
    StockBalance,
    StockMove,
    Voucher,
    VoucherLine,
)

# In the order their links allow: a line or move names its document, a voucher its document, an open
# item its document and voucher, an allocation open items, a cash-flow row its voucher.
FAST = (Document, DocumentLine, StockMove, Voucher, VoucherLine, OpenItem, Allocation, CashFlow)
_FAST = frozenset(FAST)
_CLASS_OF = {cls.__table__.name: cls for cls in FAST}
_UPDATABLE = _FAST | {StockBalance}  # rows changed after loading: a status, an amount, what is open or on hand
WRITTEN = "rows written here"  # session.info: callables told which rows were written here


def install(session: Session, book: Any) -> None:
    """Write new rows of these tables this way at every flush of `book`'s session inside a unit."""
    event.listen(session, "before_flush", lambda s, _ctx, objects: objects is None and write_new(book))
    event.listen(session, "pending_to_persistent", _new_document_lines_known)


def _new_document_lines_known(_session: Session, instance: object) -> None:
    """A document just inserted has exactly the lines appended to it: none when its `lines` were
    never touched (a line names its document through that collection; no line can name an id that
    did not exist). Saying so spares the SELECT the first read or assignment of `lines` would run."""
    if type(instance) is not Document:
        return
    state = instance_state(instance)
    # _pending_mutations: lines appended from their side while the collection was not loaded;
    # when SQLAlchemy no longer has it, nothing is assumed
    if "lines" in state.dict or getattr(state, "_pending_mutations", True):
        return
    set_committed_value(instance, "lines", [])


def new_row(cls: type, **values: Any) -> Any:
    """`cls(**values)` for a new row given column values only, with the state the constructor leaves
    (each value in the row's dict, recorded as set from nothing, the row marked modified) written in
    one go rather than through an attribute event per column: building a row that way cost more than
    writing it. Anything else given — a relationship, an unknown name — goes to the constructor.
    tests/storage/test_write_new.py holds the two side by side for every table written here."""
    plain = _plain_columns(cls)
    if not plain.issuperset(values):
        return cls(**values)
    row = cls.__new__(cls)
    manager = cls._sa_class_manager  # type: ignore[attr-defined]
    state = manager._new_state_if_none(row)
    manager.dispatch.init(state, (), values)  # SQLAlchemy's own listeners (the mapper's configuration)
    if values:
        state.dict.update(values)
        state.committed_state.update(dict.fromkeys(values, NO_VALUE))
        state.modified = True
    return row


@cache
def _plain_columns(cls: type) -> frozenset[str]:
    """The column attributes whose setting does nothing but record the value: no listener, no history
    read back, modified events sent."""
    manager = cls._sa_class_manager  # type: ignore[attr-defined]
    return frozenset(
        prop.key for prop in cls.__mapper__.column_attrs
        if not manager[prop.key].impl.dispatch.set and not manager[prop.key].impl.dispatch._active_history
        and manager[prop.key].impl.send_modified_events)


def add_new(session: Session, row: Any) -> None:
    """session.add() for a new row that names no other row through a relationship (it may hold their
    ids): add() less its walk over the row's relationships to add what they hold (cascade), which finds
    nothing for such a row and cost more than the rest of adding it. Any other row is simply added."""
    state = instance_state(row)
    if state.key is not None or any(key in state.dict for key in _relationships(type(row))):
        session.add(row)
        return
    state._orphaned_outside_of_session = False  # as add() does
    session._save_or_update_impl(state)


@cache
def _relationships(cls: type) -> tuple[str, ...]:
    return tuple(rel.key for rel in cls.__mapper__.relationships)


def on_written(session: Session, fn: Callable[[list[Any], list[Any]], None]) -> None:
    """Have `fn(inserted, updated)` told of the rows written here: they never show in what a flush
    lists as new or changed."""
    session.info.setdefault(WRITTEN, []).append(fn)


def write_new(book: Any) -> None:
    """Before a flush: write the new rows and then the changed ones, or leave all to the flush."""
    session: Session = book.session
    if not book.in_unit or not is_sqlite(session):
        return  # outside a unit nothing would take them out again on a rollback; elsewhere SQLite's way
    new = session._new  # state → row, as the flush reads it
    if session._deleted or any(type(o) not in _FAST for o in new.values()):
        # the unit of work writes them: ids we kept may be taken, or (a row deleted) not be SQLite's
        _forget_next_ids(book, [*new.values(), *session._deleted.values()])
        return
    objs = [new[s] for s in sorted(new, key=lambda s: s.insert_order)]  # ids in the order rows were made
    if not all(map(_plain, objs)):
        _forget_next_ids(book, objs)
        return
    if objs:
        _insert_new(book, session, objs)
    _update_changed(book, session)


def _insert_new(book: Any, session: Session, objs: list[Any]) -> None:
    by_class: dict[type, list[Any]] = {}
    for o in objs:
        by_class.setdefault(type(o), []).append(o)
    for cls in FAST:
        rows = by_class.get(cls)
        if not rows:
            continue
        table: Table = cls.__table__
        first = take_ids(book, table, len(rows))
        for n, o in enumerate(rows):
            instance_state(o).dict["id"] = first + n  # committed with the rest by _adopt
        insert_rows(session, table, [_values(o) for o in rows])
    _adopt(session, objs)
    for fn in session.info.get(WRITTEN, ()):
        fn(objs, [])


def _update_changed(book: Any, session: Session) -> None:
    """Rows of these tables (and stock) changed since loaded, as one UPDATE per table and set of columns
    — what the flush would do, less its bookkeeping. Anything else changed leaves it all to the flush."""
    modified = session.identity_map._modified
    if not modified:
        return
    changes = []
    for state in modified:
        if state.class_ not in _UPDATABLE or state.key is None:
            return
        changed = _changed_columns(state)
        if changed is None:
            return
        changes.append((state, changed))
    groups: dict[tuple, list[list[Any]]] = {}  # (table, columns) → each row's values, then its key
    for state, (changed, _) in changes:
        if changed:
            table = state.mapper.local_table
            columns = tuple(sorted(changed))
            # the key from the row's identity: a row expired and then changed holds no other value
            groups.setdefault((table, columns), []).append([state.dict[k] for k in columns] + list(state.key[1]))
    for (table, columns), rows in groups.items():
        done = update_rows(session, table, columns, rows)
        if done != len(rows):  # what the flush checks too: a row gone meanwhile is not silently skipped
            raise RuntimeError(f"{table.name}: {done} of {len(rows)} rows updated")
    updated = []
    for state, (changed, collections) in changes:
        state._commit_all(state.dict, session.identity_map)
        if changed or collections:
            updated.append(state.obj())
            book.wrote(updated[-1], *changed, *collections)  # a rollback of the unit reads them again
    if updated:
        for fn in session.info.get(WRITTEN, ()):
            fn([], updated)


def _changed_columns(state: Any) -> tuple[list[str], list[str]] | None:
    """The columns whose value differs from the one loaded, and the collections that gained rows just
    written (a line added to a document); None when something else changed (a key, a link, a line
    taken off a document): the flush knows how to write that."""
    mapper = state.mapper
    out: list[str] = []
    collections: list[str] = []
    for key, old in state.committed_state.items():
        prop = mapper.attrs[key]
        if isinstance(prop, ColumnProperty):
            column = prop.columns[0]
            if column.primary_key or (state.class_ is Document and key in ("type", "no")):
                return None  # a renumbered document may free a number another row is about to take
            if old is NO_VALUE or old != state.dict.get(key):
                out.append(key)
        elif prop.direction is ONETOMANY:
            history = state.manager[key].impl.get_history(state, state.dict, PASSIVE_NO_INITIALIZE)
            if history.deleted or any(instance_state(o).key is None or o not in state.dict[key]
                                      for o in history.added):
                return None
            if any(getattr(o, prop.back_populates or "", None) is not state.obj() for o in history.added):
                return None
            collections.append(key)
        else:
            return None
    return out, collections


@cache
def _shape(cls: type) -> tuple[tuple, tuple, frozenset[str]]:
    """Per table: each column's key and constant default; each many-to-one link as (its key, pairs
    of (local column, the target's column)); the columns whose default is computed."""
    mapper = cls.__mapper__
    columns = tuple((c.key, c.default.arg if c.default is not None and c.default.is_scalar else None)
                    for c in mapper.local_table.columns)
    links = tuple((rel.key, tuple((local.key, remote.key) for local, remote in rel.local_remote_pairs))
                  for rel in mapper.relationships if rel.direction is MANYTOONE)
    computed = frozenset(c.key for c in mapper.local_table.columns
                         if c.default is not None and not c.default.is_scalar)
    return columns, links, computed


def _plain(o: Any) -> bool:
    """Whether every column of a new row is known now: given, a constant default, or empty."""
    state = instance_state(o)
    d = state.dict
    if state.key is not None or "id" in d:
        return False  # an id given by hand: the unit of work writes it as given
    _, links, computed = _shape(type(o))
    for key, _pairs in links:
        target = d.get(key)
        if target is not None and type(target) not in _FAST and instance_state(target).key is None:
            return False  # it names a new row of another table
    if computed and not computed <= d.keys():
        return False
    return not getattr(state, "_pending_mutations", None)


def _values(o: Any) -> dict[str, Any]:
    """The row's columns, its links to rows written just before it filled in. Every column is put in
    the object's own state as it is written (so nothing is left to load back): the state is then
    committed as a flush commits it, so this goes past the attribute events."""
    d = instance_state(o).dict
    columns, links, _ = _shape(type(o))
    for key, pairs in links:
        target = d.get(key)
        if target is not None:
            for local, remote in pairs:
                d[local] = getattr(target, remote)
    for key, default in columns:
        if key not in d:
            d[key] = default
    return d


def _adopt(session: Session, objs: list[Any]) -> None:
    """The new rows become persistent the way a flush makes them once its INSERTs are done (SQLAlchemy's
    own step: keys, identity map, history reset, 'pending_to_persistent'; and its transaction lists
    them as new, so a rollback takes them out of the session again)."""
    # an id given out again can only have been a row deleted meanwhile (a new row is never held yet)
    _drop_held(session, [identity_of(type(o), instance_state(o).dict["id"]) for o in objs])
    session._register_persistent({instance_state(o) for o in objs})


def _drop_held(session: Session, keys: Iterable[tuple]) -> None:
    """The session lets go of what it holds under these identities: rows no longer in the database."""
    held = session.identity_map
    for key in keys:
        row = held.get(key)
        if row is not None:
            session.expunge(row)


def identity_of(cls: type, row_id: int) -> tuple:
    """The session's identity key of a row of these tables (a single table each, one integer key): what
    sqlalchemy.orm.util.identity_key gives, without looking the mapper up each time."""
    return (cls, (row_id,), None)


def insert_row(book: Any, table: Table, row: dict[str, Any]) -> int:
    """Write one new row of these tables now, without an ORM row for it, and return its id: on SQLite
    inside a unit the id `take_ids` gives, elsewhere the one INSERT … RETURNING brings back."""
    session: Session = book.session
    if not (book.in_unit and is_sqlite(session)):
        row_id = session.connection().execute(insert(table).returning(table.c.id), row).scalar_one()
        book.inserted(_CLASS_OF[table.name], row_id, 1)  # a rollback lets go of it here too
        return row_id
    new_id = insert_now(book, table, [row])
    assert new_id is not None  # on SQLite inside a unit the counter gives it
    return new_id


def insert_now(book: Any, table: Table, rows: list[dict[str, Any]]) -> int | None:
    """Write new rows of these tables now, without ORM rows for them (nothing reads them back as such
    while posting): on SQLite inside a unit with the ids `take_ids` gives — the counter the flush
    takes from too — and the first of them returned; elsewhere with the ids the database gives (None)."""
    session: Session = book.session
    if not rows:
        return None
    if not (book.in_unit and is_sqlite(session)):
        insert_rows(session, table, rows)
        return None
    first = take_ids(book, table, len(rows))
    cls = _CLASS_OF[table.name]
    # the ids of rows deleted meanwhile: what the session held of them is gone
    _drop_held(session, (identity_of(cls, i) for i in range(first, first + len(rows))))
    insert_rows(session, table, [row | {"id": first + n} for n, row in enumerate(rows)])
    book.inserted(cls, first, len(rows))
    return first


def let_go(session: Session, inserted: list[tuple[type, int, int]]) -> None:
    """After a rollback: rows of those inserted here in the unit rolled back, that the session has
    loaded since, are gone from the database — the session lets go of them, as SQLAlchemy does of the
    rows it inserted itself."""
    _drop_held(session, (identity_of(cls, i) for cls, first, count in inserted for i in range(first, first + count)))


def take_ids(book: Any, table: Table, n: int) -> int:
    """The first of `n` consecutive ids for new rows of `table`: one past the greatest, as SQLite
    would give them (SQLite only: its writer holds the database's write lock for the whole unit, so
    nobody else takes one meanwhile). Kept for the unit of work; a flush that inserts rows of the
    table itself lets go of it (`_forget_next_ids`)."""
    key = ("next id", table.name)
    first = book.pinned(key, lambda: _first_free_id(book.session, table))
    book.repin(key, first + n)
    return first


def _first_free_id(session: Session, table: Table) -> int:
    return 1 + (session.connection().execute(_max_id(table)).scalar() or 0)


def _forget_next_ids(book: Any, objs: Iterable[Any]) -> None:
    for cls in {type(o) for o in objs}:
        table = getattr(cls, "__table__", None)
        if table is not None:
            book.unpin(("next id", table.name))


@cache
def _max_id(table: Table):
    return select(func.max(table.c.id))
