"""Bank export files to rows of cells: CSV (UTF-8 with or without BOM, else GB18030), `.xls`
(BIFF, read by xlrd — openpyxl cannot) and `.xlsx` (openpyxl, read-only)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from domain.errors import Rejected

Rows = list[list[object]]


def check_bounds(path: Path) -> None:
    """Before any reader: a 2 KB .xlsx may declare a million rows (interchange/bounds.py)."""
    from interchange.bounds import check_size, check_xlsx
    if path.suffix.lower() == ".xlsx":
        check_xlsx(path)
    else:
        check_size(path, "银行流水文件")


def read_rows(path: Path) -> Rows:
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        return _csv(path)
    if suffix == ".xls":
        return _xls(path)
    if suffix == ".xlsx":
        return _xlsx(path)
    raise Rejected("a bank statement is a .csv, .xls or .xlsx file")


def decode(data: bytes) -> str:
    """UTF-8 first (a BOM is dropped); Chinese Excel saves CSV as GBK, which GB18030 contains."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise Rejected(f"byte {e.start}: the file is neither UTF-8 nor GBK/GB18030 text") from None


def _csv(path: Path) -> Rows:
    text = decode(path.read_bytes())
    # Some banks export tab-separated text under a .csv name.
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    dialect = "excel-tab" if first.count("\t") > first.count(",") else "excel"
    # Banks pad cells with tabs and wrap numbers as ="0123" to keep Excel from mangling them.
    return [[_unwrap(c) for c in row] for row in csv.reader(io.StringIO(text), dialect=dialect)]


def _unwrap(cell: str) -> str:
    s = cell.strip().strip("\t")
    if s.startswith('="') and s.endswith('"'):
        s = s[2:-1]
    return s


def _xls(path: Path) -> Rows:
    import xlrd
    try:
        book = xlrd.open_workbook(str(path), ragged_rows=True)  # rows as long as their cells, unpadded
    except Exception as e:  # a corrupt workbook fails in many ways (XLRDError, CompDocError, struct.error…)
        raise Rejected(f"not a readable .xls workbook ({e})") from None
    sheet = book.sheet_by_index(0)
    from interchange.bounds import check_extent
    check_extent(f"{path.name}: 工作表 {sheet.name}", sheet.nrows,
                 max((sheet.row_len(r) for r in range(sheet.nrows)), default=0))
    rows: Rows = []
    for r in range(sheet.nrows):
        row: list[object] = []
        for c in range(sheet.row_len(r)):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype == xlrd.XL_CELL_EMPTY:
                row.append(None)
            else:
                row.append(cell.value)
        rows.append(row)
    return rows


def _xlsx(path: Path) -> Rows:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError, InvalidFileException) as e:
        raise Rejected(f"not a readable .xlsx workbook ({e})") from None
    try:
        ws = wb.worksheets[0]
        return [list(row) for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
