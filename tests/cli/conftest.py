"""Books for the command-line tests, made once per session through main.py itself.

Tests that change a book work on a copy (copy_book), so the shared ones stay as made.
"""
from __future__ import annotations

import pytest

from tests import engines
from tests.cli import helpers
from tests.cli.helpers import PREPARER, copy_book, new_book


@pytest.fixture(scope="session")
def run():
    """run(*args) -> (exit status, stdout, stderr) of `python main.py ARGS…`."""
    return helpers.run


@pytest.fixture(scope="session")
def empty_book(tmp_path_factory):
    """A book just made by init: chart of accounts and periods from 2026-11, nothing else."""
    return new_book(engines.new(tmp_path_factory.mktemp("empty")), master=False)


@pytest.fixture(scope="session")
def master_book(tmp_path_factory):
    """The worked example's master data, opening balances and opening stock."""
    return new_book(engines.new(tmp_path_factory.mktemp("master")))


@pytest.fixture(scope="session")
def documents_book(tmp_path_factory):
    """…plus the worked example's documents (SO-0001, OUT-0001, INV-0001, RC-0001), prepared by 张三."""
    return new_book(engines.new(tmp_path_factory.mktemp("documents")), documents=True, user=PREPARER)


@pytest.fixture
def copy_of(tmp_path):
    """copy_of(book) -> a private copy to change (dropped after the test on PostgreSQL)."""
    made = []

    def copy(book):
        made.append(copy_book(book, tmp_path / f"copy-{len(made)}.sqlite"))
        return made[-1]

    yield copy
    engines.discard(*made)
