"""How big an input file may be, checked before any parser reads it (issue 33).

An .xlsx is a zip of XML: a 2 KB file can declare a sheet of A1:XFD1048576, put two cells a million
rows apart (openpyxl then builds every row between), or unpack to gigabytes. So before openpyxl
opens one we look at the zip's directory (every member's unpacked size and compression ratio — what
Python's zipfile will ever hand out is capped by those declared sizes) and stream each sheet's XML
once for its declared <dimension> and the real extent of its cells. An .xls, CSV or JSON file is
limited by its size on disk (and an .xls by its extent once xlrd has read it). Each refusal says in
words which limit, and what the file has.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from domain.errors import Rejected

MAX_CELLS = 2_000_000  # rows × columns of a sheet's extent: 100,000 rows of 20 columns
MAX_COLUMNS = 200
MAX_UNPACKED = 200 * 1024 * 1024  # all members of an .xlsx, unpacked
MAX_RATIO = 100  # unpacked / packed of one member above 1 MB: ordinary sheets pack 5–30 times
MAX_FILE = 64 * 1024 * 1024  # a JSON, CSV or .xls file on disk
_RATIO_FLOOR = 1024 * 1024

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})(\d{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"(\d{1,7})\"")
# cells and rows may leave out r= (they then follow the one before): counted by their tags
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")
_CHUNK = 1 << 20


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def column_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def check_size(path: Path, what: str = "文件") -> None:
    size = path.stat().st_size
    if size > MAX_FILE:
        raise Rejected(f"{path.name}: {what}有 {_mb(size)}，超过上限 {_mb(MAX_FILE)}；请拆成几个较小的文件导入"
                       f" (file too large)")


def check_xlsx(path: Path) -> None:
    """Refuse an .xlsx whose unpacking or whose sheets would take more than the limits allow."""
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
            total = sum(m.file_size for m in members)
            if total > MAX_UNPACKED:
                raise Rejected(f"{path.name}: 解压后有 {_mb(total)}，超过上限 {_mb(MAX_UNPACKED)}"
                               " (workbook too large when unpacked)")
            for m in members:
                if m.file_size > _RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                    raise Rejected(f"{path.name}: {m.filename} 压缩比 {m.file_size // max(m.compress_size, 1):,} 倍，"
                                   f"超过上限 {MAX_RATIO} 倍，疑为压缩炸弹 (zip bomb)")
            for m in members:  # every XML part: the workbook's relations may put a sheet anywhere
                if m.filename.lower().endswith(".xml") and m.file_size > 0:
                    _check_sheet(path, z, m)
    except zipfile.BadZipFile:
        raise Rejected(f"{path} is not an Excel workbook") from None


def _check_sheet(path: Path, z: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    name = f"{path.name}: 工作表 {member.filename.rsplit('/', 1)[-1]}"
    max_row = max_col = cells = rows = 0
    tail = b""
    first = True
    with z.open(member) as f:
        while chunk := f.read(_CHUNK):
            data = tail + chunk
            if first:
                _check_declared(name, data[:65536])
                first = False
            # a reference cut by the chunk's end is matched again in the next round, from the tail
            cut = max(data.rfind(b"<"), 0)
            body, tail = data[:cut], data[cut:]
            cells += len(_CELL_TAG.findall(body))
            rows += len(_ROW_TAG.findall(body))
            max_row = max(max_row, rows)
            for col, row in _CELL_REF.findall(body):
                max_row = max(max_row, int(row))
                max_col = max(max_col, column_number(col))
            for row in _ROW_REF.findall(body):
                max_row = max(max_row, int(row))
            _check_extent(name, max_row, max_col, cells, "")
            if len(tail) > _CHUNK:  # one tag longer than a megabyte is no spreadsheet
                raise Rejected(f"{name}: 含有异常的超长内容 (a tag over 1 MB)")
    for col, row in _CELL_REF.findall(tail):
        max_row, max_col = max(max_row, int(row)), max(max_col, column_number(col))
    _check_extent(name, max_row, max_col, cells, "")


def _check_declared(name: str, head: bytes) -> None:
    m = _DIMENSION.search(head)
    if not m or not m.group(3):
        return
    _check_extent(name, int(m.group(4)), column_number(m.group(3)), 0, "声明的")


def _check_extent(name: str, rows: int, cols: int, cells: int, declared: str) -> None:
    if cols > MAX_COLUMNS:
        raise Rejected(f"{name}: {declared}范围有 {cols:,} 列，超过上限 {MAX_COLUMNS} 列 (too many columns)")
    if rows * cols > MAX_CELLS or cells > MAX_CELLS:
        raise Rejected(f"{name}: {declared}范围有 {rows:,} 行 × {cols:,} 列，超过上限 {MAX_CELLS:,} 个单元格"
                       " (sheet too large)")


def check_extent(name: str, rows: int, cols: int) -> None:
    """The same limit for a sheet another reader (xlrd) has already sized."""
    _check_extent(name, rows, cols, 0, "")
