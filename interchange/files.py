"""Files in, whoever asks (the command line or the window): an interchange document as JSON or as
the Excel template, or a bank's own statement export. Each is read by its adapter and handed to the
use cases; a file that cannot be read is refused naming the file, and nothing is written."""
from __future__ import annotations

from pathlib import Path

from domain.errors import Rejected
from storage.book import Book

BANK_SUFFIXES = (".csv", ".txt", ".xls", ".xlsx")
PLAIN_BANK_SUFFIXES = (".csv", ".xls", ".txt")  # never an interchange document


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise Rejected(f"file {path} does not exist or is not a file")
    return path


def import_document(book: Book, path: str | Path, progress=None) -> dict[str, int]:
    """An interchange document (.json, or .xlsx in the template's sheets): what it added, by section."""
    from interchange.importer import import_data
    path = _existing(Path(path))
    if path.suffix.lower() in PLAIN_BANK_SUFFIXES:
        raise Rejected(f"{path}: a bank statement needs --bank-account CODE (which account it is)")
    workbook = path.suffix.lower() == ".xlsx"
    if workbook:
        from interchange.xlsx_import import read_workbook
        data = read_workbook(path)
    else:
        from interchange.jsonfile import read_json
        data = read_json(path)
    try:  # a JSON file says what it is ("format"); a workbook's sheets do
        return import_data(book, data, progress, require_format=not workbook)
    except Rejected as e:  # a workbook names its sheet and row instead of customers[3]
        raise getattr(data, "relocate", lambda e: e)(e) from None


def import_bank_statement(book: Book, path: str | Path, account: str):
    """A bank's own export for `account`: header found by its words, the mapping remembered per
    account, duplicates skipped. Returns the use case's StatementImport (added, skipped)."""
    from interchange.bank_files import check_bounds, read_rows
    from interchange.bank_layout import read_statement
    from usecases import banking
    path = _existing(Path(path))
    if path.suffix.lower() not in BANK_SUFFIXES:
        raise Rejected(f"{path}: a bank statement is a .csv, .xls or .xlsx file")
    check_bounds(path)  # its messages name the file already
    try:
        layout, lines = read_statement(read_rows(path), banking.remembered(book, account))
    except Rejected as e:
        raise e.located(path.name) from None
    return banking.add_lines(book, account, lines, path.name, layout.headers)
