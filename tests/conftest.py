"""Test-wide setup: Qt renders offscreen, so tests run without a display; the database engine the
books live on (`--engine`, tests/engines.py) and the one fixture that makes a book's place."""
import os

import pytest

from tests import engines, refusals

# Must happen before any QApplication exists; without it a headless run aborts inside Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_addoption(parser):
    parser.addoption("--engine", choices=engines.ENGINES, default=os.environ.get("ZHANGFANG_TEST_ENGINE", "sqlite"),
                     help=f"where the tests' books live: SQLite files (default) or PostgreSQL databases "
                          f"(needs {engines.PG_ENV}, a server URL)")


def pytest_configure(config):
    refusals.install()
    try:
        engines.configure(config.getoption("engine"))
    except RuntimeError as e:
        raise pytest.UsageError(str(e)) from None


def pytest_report_header(config):
    return f"books on: {engines.engine()}"


def pytest_collection_modifyitems(config, items):
    if not engines.on_postgresql():
        return
    skip = pytest.mark.skip(reason="about SQLite files; this run's books are PostgreSQL databases")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


def pytest_sessionfinish(session, exitstatus):
    engines.drop_all()
    if refusals.strict_failure() and exitstatus == 0:
        session.exitstatus = 1


@pytest.fixture
def book_target(tmp_path):
    """book_target(name="book.sqlite") → where a new, empty book goes on this run's engine: a file in
    tmp_path, or a new PostgreSQL database. Each call gives a new one."""
    made = []

    def new(name: str = "book.sqlite") -> engines.Target:
        made.append(engines.new(tmp_path, name))
        return made[-1]

    yield new
    engines.discard(*made)



def pytest_terminal_summary(terminalreporter, exitstatus, config):
    refusals.summary(terminalreporter)
