"""Fixtures for UI tests: a fresh book in tmp_path."""
from __future__ import annotations

import pytest

from storage.book import Book
from tests.ui.books import COMPANY
from usecases.setup import init_book


@pytest.fixture
def book_path(tmp_path):
    init_book(tmp_path / "book.sqlite", COMPANY, start="2026-11").close()
    return tmp_path / "book.sqlite"


@pytest.fixture
def book(book_path):
    with Book.open(book_path, user="tester") as opened:
        yield opened
