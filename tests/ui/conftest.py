"""Fixtures for UI tests: a fresh book in tmp_path, preferences kept apart from the desktop's."""
from __future__ import annotations

import pytest

from storage.book import Book
from tests.ui.books import COMPANY
from ui.context import AppContext
from ui.unsaved import ask_unsaved as REAL_ASK
from usecases.setup import init_book


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    # QSettings (window geometry, columns) go to ZHANGFANG_HOME, never the tester's own.
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path / "home"))


@pytest.fixture
def book_path(tmp_path):
    init_book(tmp_path / "book.sqlite", COMPANY, start="2026-11").close()
    return tmp_path / "book.sqlite"


@pytest.fixture
def book(book_path):
    with Book.open(book_path, user="tester") as opened:
        yield opened


@pytest.fixture
def ctx(qapp, book):
    return AppContext(book)


@pytest.fixture(autouse=True)
def unattended_prompts(monkeypatch):
    """Windows and tabs closed at a test's end answer 不保存 to the unsaved-work question (a real
    message box would wait for a person). Tests of the question itself ask for `real_prompts`."""
    from ui import unsaved
    asked: list[str] = []

    def discard(_parent, what):
        asked.append(what)
        return unsaved.DISCARD
    monkeypatch.setattr(unsaved, "ask_unsaved", discard)
    return asked


@pytest.fixture
def real_prompts(monkeypatch, unattended_prompts):
    from ui import unsaved
    monkeypatch.setattr(unsaved, "ask_unsaved", REAL_ASK)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    # pytest-qt closes the test's windows before fixtures end: a test that asked for real prompts must
    # not leave one waiting for a person then
    if "real_prompts" in getattr(item, "fixturenames", ()):
        from ui import unsaved
        unsaved.ask_unsaved = lambda _parent, _what: unsaved.DISCARD
    yield
