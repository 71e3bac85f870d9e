"""Books for the report tests: the worked example (made in-process) and a demo book of 200 orders."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from interchange.importer import import_data
from storage.book import Book
from usecases.setup import init_book

DATA = Path(__file__).parents[1] / "storage" / "data"


def worked_example(path: Path) -> Path:
    book = init_book(path, "示例商贸有限公司", "2026-11")
    import_data(book, json.loads((DATA / "worked_master.json").read_text(encoding="utf-8")))
    import_data(book, json.loads((DATA / "worked_documents.json").read_text(encoding="utf-8")))
    book.close()
    return path


@pytest.fixture(scope="session")
def worked_path(tmp_path_factory) -> Path:
    """SO-0001, OUT-0001 (67,800.00), INV-0001, RC-0001 (50,000.00) on the worked example's openings."""
    return worked_example(tmp_path_factory.mktemp("worked") / "book.sqlite")


@pytest.fixture
def worked(worked_path, tmp_path):
    """A private copy of the worked example, opened."""
    copy = tmp_path / "worked.sqlite"
    # through SQLite, not the file: commits may still sit in the shared book's -wal
    src, dst = sqlite3.connect(worked_path), sqlite3.connect(copy)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    book = Book.open(copy, "会计")
    yield book
    book.close()


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory) -> Path:
    """init … && demo --orders 200: several months of business, one of them closed."""
    from demo import generate
    path = tmp_path_factory.mktemp("demo") / "book.sqlite"
    book = init_book(path, "演示商贸有限公司", "2026-09")
    generate(book, orders=200, seed=1)
    book.close()
    return path


@pytest.fixture(scope="session")
def demo(demo_path):
    book = Book.open(demo_path, "会计")
    yield book
    book.close()


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: apt-get install poppler-utils)")
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run([tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def header_row(ws) -> int:
    """The row of a sheet's column header: the one above the frozen pane (the header block —
    title, 表号, 编制单位 — sits above it)."""
    return int(ws.freeze_panes[1:]) - 1
