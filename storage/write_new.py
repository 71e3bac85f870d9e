"""The posting tables' rows, written by this module alone, on SQLite and PostgreSQL alike.

Posting a document adds a handful of rows and changes a few (the order's status, stock on hand, what
is open) and flushes. Through the unit of work each flush cost more than everything else about the
document: sorting rows by dependency, an INSERT per row with RETURNING to learn its id, bookkeeping
per attribute. The tables posting writes are simple — an integer id, columns, many-to-one links among
themselves — so inside a unit of work, before each flush (`before_flush`):

- new rows of these tables get their ids here (`take_ids`: the one place the engines differ — on
  SQLite the unit holds the write lock, so one past the greatest is ours to hand out, the id SQLite
  would have chosen; on PostgreSQL the table's own sequence gives them); they are written with one
  executemany per table (storage/driver.py) and become the session's rows as if loaded
  (`make_transient_to_detached`, then `add`);
- rows of these tables changed since loaded are written as one UPDATE per table and set of columns,
  and settle the same way.

The flush then has nothing left to do. Anything this cannot vouch for — a new row of another table,
a deletion, a row whose default is computed, a changed key or link — leaves it to the unit of work,
exactly as before. Vouchers, their lines, allocations and cash-flow rows are never ORM rows while
posting: `insert_row` / `insert_now` write them as plain values. Every row written here is recorded
with the unit (Book.inserted, Book.wrote): a rollback takes what the session holds of them out of
it, or reads them again. Only public SQLAlchemy API is used.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table, bindparam, event, func, select
from sqlalchemy.orm import ColumnProperty, Session, make_transient, make_transient_to_detached
from sqlalchemy.orm.attributes import (
    NO_VALUE,
    PASSIVE_NO_INITIALIZE,
    get_history,
    instance_state,
    set_committed_value,
)
from sqlalchemy.orm.interfaces import MANYTOONE, ONETOMANY

from storage.driver import dialect_of, insert_rows, update_rows
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
    """Write new and changed rows of these tables this way at every flush of `book`'s session inside a unit."""
    event.listen(session, "before_flush", lambda s, _ctx, objects: objects is None and write_new(book))


def new_row(cls: type, **values: Any) -> Any:
    """`cls(**values)` for a new posting row given column values only, without an attribute event per
    column (building a row that way cost more than writing it): the instance is made by SQLAlchemy's
    own `ClassManager.new_instance()` and the values put in its state's dict, which is all this
    module reads when it writes the row (and all the unit of work reads of a new row). Only for
    columns whose setting does nothing but record the value; anything else given — a relationship,
    an unknown name — goes to the constructor."""
    if not _plain_columns(cls).issuperset(values):
        return cls(**values)
    row = cls.__mapper__.class_manager.new_instance()  # type: ignore[attr-defined]
    instance_state(row).dict.update(values)
    return row


@cache
def _plain_columns(cls: type) -> frozenset[str]:
    """The column attributes with no listener of their own and no history read back on setting."""
    attrs = cls.__mapper__.all_orm_descriptors  # type: ignore[attr-defined]
    return frozenset(prop.key for prop in cls.__mapper__.column_attrs  # type: ignore[attr-defined]
                     if not attrs[prop.key].impl.dispatch.set and not attrs[prop.key].impl.active_history)


def add_new(session: Session, row: Any) -> None:
    """session.add() for a new row."""
    session.add(row)


def set_now(book: Any, row: Any, **values: Any) -> None:
    """An explicit update of a posting row already in the database (an order's status, what is open of
    an item, stock on hand): one UPDATE now, the values then the row's loaded ones, so nothing is left
    for a flush to find; recorded with the unit, whose rollback reads them again. A row not yet
    written, or with other changes waiting, simply takes the values: they are written with the rest."""
    state = instance_state(row)
    if not book.in_unit or state.key is None or state.modified:
        for key, value in values.items():
            setattr(row, key, value)
        return
    columns = tuple(values)
    table = state.mapper.local_table
    if update_rows(book.session, table, columns, [[values[k] for k in columns] + list(state.key[1])]) != 1:
        raise RuntimeError(f"{table.name}: row {state.key[1]} not updated")
    for key in columns:
        set_committed_value(row, key, values[key])
    book.wrote(row, *columns)


def on_written(session: Session, fn: Callable[[list[Any], list[Any]], None]) -> None:
    """Have `fn(inserted, updated)` told of the rows written here: they never show in what a flush
    lists as new or changed."""
    session.info.setdefault(WRITTEN, []).append(fn)


def write_new(book: Any) -> None:
    """Before a flush: write the new rows and then the changed ones, or leave all to the flush."""
    session: Session = book.session
    if not book.in_unit:
        return  # outside a unit nothing would take them out again on a rollback: the flush writes them
    new = list(session.new)
    deleted = list(session.deleted)
    if deleted or any(type(o) not in _FAST for o in new):
        # the unit of work writes them: ids we kept may be taken, or (a row deleted) not be SQLite's
        _forget_next_ids(book, [*new, *deleted])
        return
    objs = sorted(new, key=lambda o: instance_state(o).insert_order)  # ids in the order rows were made
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
        ids = take_ids(book, table, len(rows))
        for i, o in zip(ids, rows, strict=True):
            instance_state(o).dict["id"] = i  # settled with the rest by _adopt
        # the ids of rows deleted meanwhile: what the session held of them is gone
        _drop_held(session, (identity_of(cls, i) for i in ids))
        insert_rows(session, table, [_values(o) for o in rows])
        book.inserted(cls, ids)
    _adopt(session, objs)
    for fn in session.info.get(WRITTEN, ()):
        fn(objs, [])


def _update_changed(book: Any, session: Session) -> None:
    """Rows of these tables (and stock) changed since loaded, as one UPDATE per table and set of columns
    — what the flush would do, less its bookkeeping. Anything else changed leaves it all to the flush."""
    dirty = list(session.dirty)
    if not dirty:
        return
    changes = []
    for o in dirty:
        state = instance_state(o)
        if state.class_ not in _UPDATABLE or state.key is None:
            return
        changed = _changed_columns(state)
        if changed is None:
            return
        changes.append((o, state, changed))
    groups: dict[tuple, list[list[Any]]] = {}  # (table, columns) → each row's values, then its key
    for _o, state, (changed, _) in changes:
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
    for o, _state, (changed, collections) in changes:
        _settle(session, o)
        if changed or collections:
            updated.append(o)
            book.wrote(o, *changed, *collections)  # a rollback of the unit reads them again
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
    obj = state.obj()
    for key, old in state.committed_state.items():
        prop = mapper.attrs[key]
        if isinstance(prop, ColumnProperty):
            column = prop.columns[0]
            if column.primary_key or (state.class_ is Document and key in ("type", "no")):
                return None  # a renumbered document may free a number another row is about to take
            if old is NO_VALUE or old != state.dict.get(key):
                out.append(key)
        elif prop.direction is ONETOMANY:
            history = get_history(obj, key, PASSIVE_NO_INITIALIZE)
            if history.deleted or any(instance_state(o).key is None or o not in state.dict[key]
                                      for o in history.added):
                return None
            if any(getattr(o, prop.back_populates or "", None) is not obj for o in history.added):
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
    return not computed or computed <= d.keys()


def _values(o: Any) -> dict[str, Any]:
    """The row's columns, its links to rows written just before it filled in. Every column is put in
    the object's own state as it is written (so nothing is left to load back); `_adopt` then makes
    that state the loaded one."""
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
    """The new rows, just written, become the session's rows as if loaded. A new document's lines are
    those written with it (or appended later, to a collection then known): none are read back."""
    lines: dict[int, list[Any]] = {}
    for o in objs:
        if type(o) is DocumentLine:
            lines.setdefault(instance_state(o).dict["doc_id"], []).append(o)
    # out of the session, detached with their values as loaded, and added back: a document first
    # brings its lines with it (the add cascades), so each of them is not added again on its own
    for o in objs:
        make_transient(o)
    for o in objs:
        make_transient_to_detached(o)
    for o in objs:
        if o not in session:
            session.add(o)
    for o in objs:
        if type(o) is Document and "lines" not in instance_state(o).dict:
            set_committed_value(o, "lines", lines.get(o.id, []))


def _settle(session: Session, o: Any) -> None:
    """A row whose every change is written: its state becomes what was loaded (public API: out of the
    session, made detached with its values as committed, and added back)."""
    make_transient(o)
    make_transient_to_detached(o)
    session.add(o)


def _drop_held(session: Session, keys: Iterable[tuple]) -> None:
    """The session lets go of what it holds under these identities: rows no longer in the database,
    which become transient again (as SQLAlchemy leaves the rows it inserted in a unit rolled back)."""
    held = session.identity_map
    for key in keys:
        row = held.get(key)
        if row is not None:
            make_transient(row)


def identity_of(cls: type, row_id: int) -> tuple:
    """The session's identity key of a row of these tables (a single table each, one integer key): what
    sqlalchemy.orm.util.identity_key gives, without looking the mapper up each time."""
    return (cls, (row_id,), None)


def insert_row(book: Any, table: Table, row: dict[str, Any]) -> int:
    """Write one new row of these tables now, without an ORM row for it, and return its id."""
    new_id = insert_now(book, table, [row])
    assert new_id is not None
    return new_id


def insert_now(book: Any, table: Table, rows: list[dict[str, Any]]) -> int | None:
    """Write new rows of these tables now, without ORM rows for them (nothing reads them back as such
    while posting), with the ids `take_ids` gives; the first of them is returned (None for no rows)."""
    session: Session = book.session
    if not rows:
        return None
    ids = take_ids(book, table, len(rows))
    cls = _CLASS_OF[table.name]
    # the ids of rows deleted meanwhile: what the session held of them is gone
    _drop_held(session, (identity_of(cls, i) for i in ids))
    insert_rows(session, table, [row | {"id": i} for i, row in zip(ids, rows, strict=True)])
    book.inserted(cls, ids)
    return ids[0]


def let_go(session: Session, inserted: list[tuple[type, Sequence[int]]]) -> None:
    """After a rollback: rows inserted here in the unit rolled back, that the session holds, are gone
    from the database — the session lets go of them, as SQLAlchemy does of the rows it inserted itself."""
    _drop_held(session, (identity_of(cls, i) for cls, ids in inserted for i in ids))


def take_ids(book: Any, table: Table, n: int) -> Sequence[int]:
    """`n` ids for new rows of `table`, in increasing order. The one place where the engines
    differ in writing: on PostgreSQL the table's own sequence gives them (several writers may take
    ids side by side); on SQLite one past the greatest, as SQLite would give them — its writer holds
    the database's write lock for the whole unit, so nobody else takes one meanwhile. That counter is
    kept for the unit of work; a flush that inserts rows of the table itself lets go of it
    (`_forget_next_ids`)."""
    session: Session = book.session
    if dialect_of(session).name == "postgresql":
        return _from_sequence(session, table, n)
    key = ("next id", table.name)
    first = book.pinned(key, lambda: _first_free_id(session, table))
    book.repin(key, first + n)
    return range(first, first + n)


def _from_sequence(session: Session, table: Table, n: int) -> list[int]:
    return [row[0] for row in session.connection().execute(_next_ids(table), {"n": n})]


@cache
def _next_ids(table: Table):
    seq = func.pg_get_serial_sequence(table.name, table.c.id.name)
    return select(func.nextval(seq)).select_from(func.generate_series(1, bindparam("n")))


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
