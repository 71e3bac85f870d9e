"""The database engine the suite runs on, chosen in one place.

`pytest` runs on SQLite files (a book is a path in the test's tmp_path). `pytest --engine postgresql`
runs the same tests on PostgreSQL: ZHANGFANG_TEST_PG names a server database the tests may create
databases from (e.g. `postgresql+psycopg://postgres@/postgres?host=/tmp/pg&port=5432`); each book is a
new database, copied from a template that already holds the schema (a copy costs ~50 ms, where
migrating an empty database costs a second). Every database made is dropped when the run ends.

Tests ask for books through the `book_target` fixture (tests/conftest.py), and read or change a book
behind the product's back through `query`, `execute`, `dump` and `copy` here, which work on both.
Tests that are about SQLite files themselves (backup files, WAL, a file that is not a book) carry
`@pytest.mark.sqlite_only` and are skipped on PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
import sqlite3
import sys
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url

PG_ENV = "ZHANGFANG_TEST_PG"
ENGINES = ("sqlite", "postgresql")

Target = Path | str  # a SQLite file, or a database URL


class _State:
    engine = "sqlite"
    admin: Engine | None = None
    template: str | None = None
    made: list[str] = []
    counter = itertools.count(1)


def configure(engine: str) -> None:
    """Called once by tests/conftest.py with the --engine option."""
    if engine == "postgresql" and not os.environ.get(PG_ENV):
        raise RuntimeError(f"--engine postgresql needs {PG_ENV}, the URL of a PostgreSQL database to create "
                           "test databases from (see .ci/pg-cluster)")
    _State.engine = engine


def engine() -> str:
    return _State.engine


def on_postgresql() -> bool:
    return _State.engine == "postgresql"


def new(folder: Path, name: str = "book.sqlite") -> Target:
    """Where a new, empty book goes: `folder/name`, or a new database holding the empty schema."""
    if not on_postgresql():
        return folder / name
    return _create(template=_template())


def copy(src: Target, folder: Path, name: str = "copy.sqlite") -> Target:
    """A consistent copy of a book nobody has open: SQLite's backup API, or a database made from it."""
    if not on_postgresql():
        dst = folder / name
        a, b = sqlite3.connect(src), sqlite3.connect(dst)
        try:
            a.backup(b)  # consistent even with the book's WAL file beside it
        finally:
            a.close()
            b.close()
        return dst
    return _create(template=make_url(str(src)).database)


def query(book: Target, sql: str, params: dict | None = None) -> list[tuple]:
    """Rows of a read-only SQL statement (`:name` parameters), dates and times as SQLite stores them."""
    with _connect(book) as conn:
        return [tuple(_as_stored(v) for v in row) for row in conn.execute(text(sql), params or {})]


def execute(book: Target, sql: str, params: dict | None = None) -> None:
    """Change a book behind the product's back, committed (what `check` exists to catch)."""
    with _connect(book) as conn:
        conn.execute(text(sql), params or {})
        conn.commit()


def dump(book: Target) -> str:
    """Every row of every table, sorted, values as SQLite stores them: two dumps are equal when the book
    did not change, and a server book and its copy in a SQLite file dump alike."""
    out = []
    with _connect(book) as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.exec_driver_sql(f'SELECT * FROM "{table}"').all()
            out.append(f"{table}:\n" + "\n".join(sorted(repr(tuple(_as_stored(v) for v in r)) for r in rows)))
    return "\n".join(out)


def discard(*books: Target) -> None:
    """Drop databases a test is done with (a run makes hundreds; each holds a few megabytes). Files are
    left to pytest's tmp_path. Whoever still has one open is cut off."""
    if not on_postgresql() or _State.admin is None:
        return
    with _State.admin.connect() as conn:
        for book in books:
            name = make_url(str(book)).database
            if name in _State.made:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                _State.made.remove(name)


def drop_all() -> None:
    """At the end of the run: every database the run made, and the template."""
    if _State.admin is None:
        return
    with _State.admin.connect() as conn:
        for name in reversed(_State.made):
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _State.admin.dispose()
    _State.admin, _State.template, _State.made = None, None, []


# ---- PostgreSQL -----------------------------------------------------------------------------------

def _admin() -> Engine:
    if _State.admin is None:
        _State.admin = create_engine(os.environ[PG_ENV], isolation_level="AUTOCOMMIT")
    return _State.admin


def _url(database: str) -> str:
    return make_url(os.environ[PG_ENV]).set(database=database).render_as_string(hide_password=False)


def _create(template: str | None) -> str:
    name = f"zf_test_{os.getpid()}_{next(_State.counter)}"
    with _admin().connect() as conn:
        # FILE_COPY copies the template's files (PostgreSQL 15 logs every block of it otherwise).
        strategy = " STRATEGY FILE_COPY" if conn.dialect.server_version_info >= (15,) else ""
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template or "template0"}"{strategy}')
    _State.made.append(name)
    return _url(name)


def _template() -> str:
    """A database at the code's schema and nothing else, made once per run."""
    if _State.template is None:
        from storage.book import Book
        url = _create(template=None)
        Book.open(url, create=True).close()  # migrates it; closing disposes every connection to it
        _State.template = make_url(url).database
    return _State.template


def _connect(book: Target):
    target = str(book)
    url = target if "://" in target else f"sqlite:///{Path(target).resolve()}"
    engine = create_engine(url)
    conn = engine.connect()

    class _Closing:
        def __enter__(self):
            return conn

        def __exit__(self, *exc):
            conn.close()
            engine.dispose()

    return _Closing()


def _as_stored(value):
    """A PostgreSQL value as SQLAlchemy writes it into SQLite, so one assertion fits both."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S.%f")
    return value


def main(argv: list[str]) -> int:
    """`python -m tests.engines create` prints the URL of a new, empty database on ZHANGFANG_TEST_PG's
    server (the conformance check's --db); `drop URL` drops it. Used by the Makefile."""
    admin = create_engine(os.environ[PG_ENV], isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if argv[:1] == ["create"]:
                name = f"zf_check_{os.getpid()}"
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0')
                print(_url(name))
            elif argv[:1] == ["drop"] and len(argv) == 2:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(argv[1]).database}" WITH (FORCE)')
            else:
                print("usage: python -m tests.engines create | drop URL", file=sys.stderr)
                return 2
    finally:
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
