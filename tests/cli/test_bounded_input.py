"""Issue 33, bounded input: hostile workbooks and oversized JSON are refused in words, before any
parser reads them, quickly and without running out of memory; the book is as before."""
from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from interchange import bounds
from tests.cli.helpers import FORMAT, MASTER, copy_book
from tests.cli.helpers import file_dump as dump
from tests.cli.helpers import in_process as _run
from ui.cli.main import main

# SQLite book files: their locks, pages, modes and folders (issue 33); a server book has none of these
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def base_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("bounded") / "book.sqlite"
    assert main(["--db", str(path), "init", "--company", "甲公司", "--start", "2026-11"]) == 0
    assert main(["--db", str(path), "import", str(MASTER)]) == 0
    return path


@pytest.fixture
def book(base_book, tmp_path):
    return copy_book(base_book, tmp_path / "book.sqlite")


def workbook(title: str = "customers") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(["code", "name"])
    ws.append(["C900", "新客户"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML replaced by change(xml)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)
            dst.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def refused(capsys, book: Path, f: Path, *extra: str) -> str:
    before = dump(book)
    started = time.perf_counter()
    rc, _, err = _run(capsys, "--db", book, "import", f, *extra)
    assert rc == 2, err
    lines = err.strip().splitlines()
    assert lines and all(x.startswith("error:") for x in lines) and "Traceback" not in err
    assert time.perf_counter() - started < 20
    assert dump(book) == before
    return err


@pytest.mark.parametrize("extra", [(), ("--bank-account", "1002")], ids=["master", "bank"])
def test_a_2kb_workbook_declaring_a1_xfd1048576_is_refused_before_reading(capsys, book, tmp_path, extra):
    data = rewrite_sheet(workbook(), lambda x: x.replace(b'<dimension ref="A1:B2"', b'<dimension ref="A1:XFD1048576"'))
    assert len(data) < 8000
    f = tmp_path / "huge.xlsx"
    f.write_bytes(data)
    err = refused(capsys, book, f, *extra)
    assert "声明的范围" in err and "16,384 列" in err


@pytest.mark.parametrize("extra", [(), ("--bank-account", "1002")], ids=["master", "bank"])
def test_two_cells_a_million_rows_apart_are_refused(capsys, book, tmp_path, extra):
    far = b'<row r="1048576"><c r="T1048576"><v>1</v></c></row></sheetData>'
    data = rewrite_sheet(workbook(), lambda x: x.replace(b'<dimension ref="A1:B2" />', b"")
                         .replace(b"</sheetData>", far))
    f = tmp_path / "far.xlsx"
    f.write_bytes(data)
    err = refused(capsys, book, f, *extra)
    assert "1,048,576 行" in err


def test_a_zip_bomb_made_here_is_refused_by_its_ratio(capsys, book, tmp_path):
    pad = b"<!--" + b" " * (60 * 1024 * 1024) + b"-->"  # 60 MB of nothing, packs to ~60 KB
    data = rewrite_sheet(workbook(), lambda x: x.replace(b"<sheetData>", pad + b"<sheetData>"))
    assert len(data) < 200_000
    f = tmp_path / "bomb.xlsx"
    f.write_bytes(data)
    err = refused(capsys, book, f)
    assert "压缩炸弹" in err or "解压后" in err


def test_a_workbook_unpacking_beyond_the_limit_is_refused(capsys, book, tmp_path, monkeypatch):
    monkeypatch.setattr(bounds, "MAX_UNPACKED", 10_000)
    f = tmp_path / "big.xlsx"
    f.write_bytes(workbook())
    assert "解压后" in refused(capsys, book, f)


def test_an_ordinary_workbook_still_imports(capsys, book, tmp_path):
    f = tmp_path / "ok.xlsx"
    f.write_bytes(workbook())
    rc, _, err = _run(capsys, "--db", book, "import", f)
    assert rc == 0, err


def test_a_json_file_beyond_the_size_limit_is_refused_in_words(capsys, book, tmp_path, monkeypatch):
    monkeypatch.setattr(bounds, "MAX_FILE", 4096)
    f = tmp_path / "big.json"
    f.write_text(json.dumps({"format": FORMAT, "customers": [
        {"code": f"C{i:04d}", "name": f"客户{i}"} for i in range(200)]}, ensure_ascii=False), encoding="utf-8")
    err = refused(capsys, book, f)
    assert "超过上限" in err and "拆成" in err


def test_a_bank_csv_beyond_the_size_limit_is_refused(capsys, book, tmp_path, monkeypatch):
    monkeypatch.setattr(bounds, "MAX_FILE", 1000)
    f = tmp_path / "bank.csv"
    f.write_text("日期,金额,对方户名\n" + "2026-11-02,100.00,某某\n" * 200, encoding="utf-8")
    assert "超过上限" in refused(capsys, book, f, "--bank-account", "1002")
