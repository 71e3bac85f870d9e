"""Driving main.py as other systems do: a subprocess, its exit status, stdout and stderr (INTERCHANGE.md)."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests import engines

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
MASTER = DATA / "master.json"  # the worked example of ACCOUNTING.md (copied from the conformance kit)
DOCUMENTS = DATA / "documents.json"
_VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
PYTHON = str(_VENV_PYTHON) if _VENV_PYTHON.exists() else sys.executable
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
FORMAT = "zhangfang-interchange/1"
PREPARER = "张三"  # imports the documents of the shared book; another person must review and post them


def run(*args: object, timeout: float = 120) -> tuple[int, str, str]:
    """`python main.py ARGS…` in the project root: (exit status, stdout, stderr)."""
    p = subprocess.run([PYTHON, "main.py", *(str(a) for a in args)], cwd=ROOT, env=ENV, capture_output=True,
                       text=True, encoding="utf-8", timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def on(book: Path, *args: object, user: str | None = None) -> tuple[int, str, str]:
    """A sub-command on a book, `--db` (and `--user`) before the sub-command."""
    return run("--db", book, *(("--user", user) if user else ()), *args)


def ok(book: Path, *args: object, user: str | None = None) -> str:
    rc, out, err = on(book, *args, user=user)
    assert rc == 0, f"main.py {' '.join(map(str, args))}: exit {rc}\n{err}"
    return out


def errors(err: str) -> list[str]:
    """The problem lines of stderr; every line of a refusal begins with 'error:'."""
    lines = [x for x in err.splitlines() if x.strip()]
    assert lines, "a refusal says why on stderr"
    assert all(x.startswith("error:") for x in lines), f"every stderr line begins 'error:':\n{err}"
    return lines


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def doc(*documents: dict, **sections: object) -> dict:
    return {"format": FORMAT, **sections, **({"documents": list(documents)} if documents else {})}


def new_book(path: Path, *, master: bool = True, documents: bool = False, user: str | None = None) -> Path:
    ok(path, "init", "--company", "示例商贸有限公司", "--start", "2026-11")
    if master:
        ok(path, "import", MASTER, user=user)
    if documents:
        ok(path, "import", DOCUMENTS, user=user)
    return path


def copy_book(src: engines.Target, dst: Path) -> engines.Target:
    """A consistent copy of a book (SQLite's backup API, a book runs in WAL mode; or a new database)."""
    return engines.copy(src, dst.parent, dst.name)


def query(book: engines.Target, sql: str) -> list[tuple]:
    """Read-only inspection of the book's tables."""
    return engines.query(book, sql)


def tamper(book: engines.Target) -> None:
    """Change one voucher line's debit behind the product's back (what `check` exists to catch)."""
    engines.execute(book, "UPDATE voucher_lines SET debit = debit + 100 "
                          "WHERE id = (SELECT min(id) FROM voucher_lines WHERE debit > 0)")


def export_vouchers(book: Path, out: Path, first: str = "2026-11", last: str = "2026-12") -> dict:
    ok(book, "export", "vouchers", "--from", first, "--to", last, "--format", "json", "--out", out)
    return json.loads(out.read_text(encoding="utf-8"))


def in_process(capsys, *args: object) -> tuple[int, str, str]:
    """The command line run inside the test process: (exit code, stdout, stderr)."""
    from ui.cli.main import main
    capsys.readouterr()
    rc = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


def told(err: str) -> list[str]:
    """The error lines of a refusal: every line an `error:` line, never a traceback."""
    lines = [x for x in err.splitlines() if x.strip()]
    assert lines and all(x.startswith("error:") for x in lines), err
    assert "Traceback" not in err
    return lines


def file_dump(path: Path) -> str:
    """A SQLite book file as SQL text: equal when nothing in it changed."""
    con = sqlite3.connect(path)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()
