"""The hostile cases of issue 33, repeatable by hand: python -m bench.probe_failures [--kills N] [--dir DIR]

Each case drives main.py as a user would and states what it expects; the table at the end says what
happened (exit code, seconds, peak memory of the child, the last stderr line). Exit 0 when every case
behaved, 1 otherwise.

- hostile files: an xlsx declaring A1:XFD1048576 (bank and master data), two cells a million rows
  apart, a zip bomb, a JSON beyond the size limit — refused in words, quickly, in little memory;
- a lock held past the busy timeout — exit 75; a full disk — exit 2 (a real tiny tmpfs when run as
  root, else SQLite's own SQLITE_FULL through max_page_count); a read-only book (a read-only bind mount
  as root, else file modes) — reports work, writes refused;
- SIGKILL at random moments of an import and of a backup — the book stays whole and all-or-nothing,
  a killed backup leaves nothing that looks like a backup and the next one succeeds;
- restore over a damaged book, and of another company's book without --force.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
FORMAT = "zhangfang-interchange/1"
MASTER = ROOT / "tests" / "cli" / "data" / "master.json"
RESULTS: list[tuple[str, bool, str]] = []


# main.py, reporting its own peak memory to a file (the child's rusage would include the probe's own
# memory from before exec: the probe builds a 300 MB zip bomb in memory)
_MEASURED = """
import atexit, os, sys
sys.path.insert(0, os.getcwd())
def _peak():  # VmHWM belongs to this program's memory; ru_maxrss would carry the parent's over exec
    kb = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
    open(os.environ["ZF_PROBE_PEAK"], "w").write(kb)
atexit.register(_peak)
from ui.cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
sys.exit(code)
"""


def cli(*args: object, timeout: float = 600, env: dict | None = None) -> tuple[int, float, float, str]:
    """main.py ARGS: (exit code, seconds, peak MB of the child, stderr)."""
    peak = Path(tempfile.mktemp(prefix="zf-probe-peak-"))
    started = time.perf_counter()
    p = subprocess.run([PY, "-c", _MEASURED, *map(str, args)], cwd=ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=timeout,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "ZF_PROBE_PEAK": str(peak), **(env or {})})
    seconds = time.perf_counter() - started
    mb = int(peak.read_text() or 0) / 1024 if peak.exists() else float("nan")
    peak.unlink(missing_ok=True)
    return p.returncode, seconds, mb, p.stderr.decode("utf-8", "replace")


def expect(case: str, ok: bool, detail: str) -> None:
    RESULTS.append((case, ok, detail))
    print(f"{'ok  ' if ok else 'FAIL'} {case}: {detail}", flush=True)


def told(err: str) -> bool:
    lines = [x for x in err.splitlines() if x.strip()]
    return bool(lines) and all(x.startswith("error:") for x in lines) and "Traceback" not in err


def last(err: str) -> str:
    lines = err.strip().splitlines()
    return lines[-1][:110] if lines else ""


def refused(case: str, *args: object, code: int = 2, words: str = "", max_s: float = 30, max_mb: float = 600,
            env: dict | None = None) -> None:
    rc, s, mb, err = cli(*args, env=env)
    good = rc == code and told(err) and words in err and s <= max_s and mb <= max_mb
    expect(case, good, f"exit {rc}, {s:.1f} s, {mb:.0f} MB, {last(err)}")


def make_book(path: Path) -> Path:
    for args in (("init", "--company", "甲公司", "--start", "2026-11"), ("import", MASTER)):
        rc, _, _, err = cli("--db", path, *args)
        assert rc == 0, err
    return path


def copy(src: Path, dst: Path) -> Path:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst


def count(book: Path, sql: str = "SELECT count(*) FROM vouchers") -> int:
    con = sqlite3.connect(f"{book.as_uri()}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


# ---- hostile files ---------------------------------------------------------------------------------

def _workbook(change=None) -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "customers"
    ws.append(["code", "name"])
    ws.append(["C900", "新客户"])
    raw = io.BytesIO()
    wb.save(raw)
    if change is None:
        return raw.getvalue()
    src, out = zipfile.ZipFile(raw), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, change(body) if info.filename == "xl/worksheets/sheet1.xml" else body,
                         compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def hostile_files(base: Path, work: Path) -> None:
    book = copy(base, work / "hostile.sqlite")
    declared = work / "declared.xlsx"
    declared.write_bytes(_workbook(lambda x: x.replace(b'ref="A1:B2"', b'ref="A1:XFD1048576"')))
    far = work / "far.xlsx"
    far.write_bytes(_workbook(lambda x: x.replace(b'<dimension ref="A1:B2" />', b"").replace(
        b"</sheetData>", b'<row r="1048576"><c r="T1048576"><v>1</v></c></row></sheetData>')))
    bomb = work / "bomb.xlsx"
    bomb.write_bytes(_workbook(lambda x: x.replace(b"<sheetData>", b"<!--" + b" " * (300 << 20) + b"--><sheetData>")))
    ratio = work / "ratio.xlsx"  # under the unpacked limit, caught by its compression ratio
    ratio.write_bytes(_workbook(lambda x: x.replace(b"<sheetData>", b"<!--" + b" " * (150 << 20) + b"--><sheetData>")))
    big = work / "big.json"
    with open(big, "w", encoding="utf-8") as f:
        f.write(f'{{"format": "{FORMAT}", "customers": [')
        f.write(",".join(json.dumps({"code": f"C{i:07d}", "name": f"客户{i}有限公司" * 4}, ensure_ascii=False)
                         for i in range(700_000)))
        f.write("]}")
    for name, f in (("declared", declared), ("far apart", far), ("zip bomb", bomb), ("packed 1000:1", ratio)):
        refused(f"xlsx {name} ({f.stat().st_size:,} bytes), master data", "--db", book, "import", f)
        refused(f"xlsx {name}, bank file", "--db", book, "import", f, "--bank-account", "1002")
    refused(f"JSON of {big.stat().st_size / 2**20:.0f} MB", "--db", book, "import", big, words="超过上限")
    expect("hostile files left the book as it was", count(book) == count(base), f"{count(book)} vouchers")


# ---- lock, full disk, read-only --------------------------------------------------------------------

def fee_file(work: Path, n: int = 1, name: str = "fees.json", day: str = "2026-11-25") -> Path:
    f = work / name
    f.write_text(json.dumps({"format": FORMAT, "documents": [
        {"type": "voucher", "date": day, "summary": f"手续费 {i}",
         "lines": [{"account": "5603", "debit": "1.00"}, {"account": "1002", "credit": "1.00"}]}
        for i in range(n)]}, ensure_ascii=False), encoding="utf-8")
    return f


def lock(base: Path, work: Path) -> None:
    book = copy(base, work / "locked.sqlite")
    holder = sqlite3.connect(book, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        refused("import while another writer holds the lock past 10 s", "--db", book, "import", fee_file(work),
                code=75, words="稍后重试", max_s=40)
    finally:
        holder.rollback()
        holder.close()


_FULL_SHIM = """
import sys
sys.path.insert(0, {root!r})
from storage import db
from sqlalchemy import event
_orig = db.make_engine
def _make_engine(target):
    engine = _orig(target)
    event.listen(engine, "connect", lambda c, r: c.execute(
        "PRAGMA max_page_count=" + str(c.execute("PRAGMA page_count").fetchone()[0])))
    return engine
db.make_engine = _make_engine
from ui.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def full_disk(base: Path, work: Path) -> None:
    if os.geteuid() == 0 and shutil.which("mount"):
        tiny = work / "tiny"
        tiny.mkdir()
        size = base.stat().st_size + 600 * 1024
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(tiny)]).returncode == 0:
            try:
                book = copy(base, tiny / "book.sqlite")
                refused("demo on a tmpfs that fills up", "--db", book, "demo", "--orders", "400", words="磁盘已满",
                        max_s=300)
                rc, _, _, err = cli("--db", book, "check")
                expect("the book on the full disk still checks", rc == 0, f"exit {rc} {last(err)}")
            finally:
                subprocess.run(["umount", str(tiny)])
            return
    book = copy(base, work / "full.sqlite")
    shim = work / "full_shim.py"
    shim.write_text(_FULL_SHIM.format(root=str(ROOT)), encoding="utf-8")
    started = time.perf_counter()
    p = subprocess.run([PY, str(shim), "--db", str(book), "import", str(fee_file(work, 3000, "many.json"))],
                       cwd=ROOT, capture_output=True, text=True)
    expect("import when the book may not grow (SQLITE_FULL)", p.returncode == 2 and told(p.stderr) and "磁盘已满" in p.stderr,
           f"exit {p.returncode}, {time.perf_counter() - started:.1f} s, {last(p.stderr)}")


def read_only(base: Path, work: Path) -> None:
    src = work / "rosrc"
    src.mkdir()
    book = copy(base, src / "book.sqlite")
    where, undo = src, lambda: None
    if os.geteuid() == 0 and shutil.which("mount"):
        mnt = work / "ro"
        mnt.mkdir()
        if subprocess.run(["mount", "--bind", str(src), str(mnt)]).returncode == 0:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(mnt)])
            where, undo = mnt, lambda: subprocess.run(["umount", str(mnt)])
    else:
        book.chmod(0o444)
        src.chmod(0o555)
        undo = lambda: (src.chmod(0o755), book.chmod(0o644))  # noqa: E731
    try:
        ro_book = where / "book.sqlite"
        rc, _, _, err = cli("--db", ro_book, "check")
        expect("check of a read-only book", rc == 0, f"exit {rc} {last(err)}")
        rc, _, _, err = cli("--db", ro_book, "report", "trial-balance", "--from", "2026-11", "--to", "2026-11",
                            "--format", "json", "--out", work / "tb.json")
        expect("report of a read-only book", rc == 0, f"exit {rc} {last(err)}")
        refused("import into a read-only book", "--db", ro_book, "import", fee_file(work), words="只读")
        refused("post in a read-only book", "--db", ro_book, "post", "--period", "2026-11", words="只读")
    finally:
        undo()


# ---- SIGKILL -----------------------------------------------------------------------------------

def kills(base: Path, work: Path, n: int) -> None:
    rng = random.Random(33)
    book = copy(base, work / "killed.sqlite")
    rc, _, _, err = cli("--db", book, "demo", "--orders", "300")  # a book worth a few seconds of backup
    assert rc == 0, err
    day = count(book, "SELECT min(period) FROM periods WHERE status = 'open'") + "-15"  # the demo closed some
    many = fee_file(work, 6000, "kill.json", day)
    # how long each takes uninterrupted, so the kills fall anywhere inside it
    trial = copy(book, work / "trial.sqlite")
    rc, import_s, _, err = cli("--db", trial, "import", many)
    assert rc == 0, err  # the file itself imports: a kill is the only thing that can stop it
    _, backup_s, _, _ = cli("--db", book, "backup", "--out", work / "trial-backup.sqlite")
    print(f"     (import of 6,000 vouchers {import_s:.1f} s, backup {backup_s:.1f} s uninterrupted)", flush=True)
    for i in range(n):
        before = count(book)
        p = subprocess.Popen([PY, "main.py", "--db", str(book), "import", str(many)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * import_s)
        p.send_signal(signal.SIGKILL)
        p.wait()
        after = count(book)
        rc, _, _, err = cli("--db", book, "check")
        whole = rc == 0 and after in (before, before + 6000)
        expect(f"SIGKILL during import #{i + 1}", whole, f"vouchers {before} -> {after}, check exit {rc}")
        if after != before:  # the file got in: its duplicates would be refused from now on
            many = fee_file(work, 6000, f"kill{i}.json", day)
            data = json.loads(many.read_text(encoding="utf-8"))
            for d in data["documents"]:
                d["summary"] += f" 第{i}轮"
            many.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for i in range(n):
        out = work / f"kill-backup-{i}.sqlite"
        p = subprocess.Popen([PY, "main.py", "--db", str(book), "backup", "--out", str(out)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.0) * backup_s)
        p.send_signal(signal.SIGKILL)
        p.wait()
        if out.exists():  # finished before the kill: then it must be a whole book
            rc, _, _, err = cli("--db", out, "check")
            expect(f"SIGKILL during backup #{i + 1} (finished first)", rc == 0, f"check exit {rc}")
        else:
            rc, _, _, err = cli("--db", book, "backup", "--out", out)
            leftovers = [x.name for x in work.glob(f".{out.name}.partial-*")]
            expect(f"SIGKILL during backup #{i + 1}", rc == 0 and not leftovers,
                   f"no file at --out; the next backup exit {rc}, left {leftovers}")


# ---- restore --------------------------------------------------------------------------------------

def restore(base: Path, work: Path) -> None:
    book = copy(base, work / "damaged.sqlite")
    good = work / "good-backup.sqlite"
    rc, _, _, err = cli("--db", book, "backup", "--out", good)
    assert rc == 0, err
    data = bytearray(book.read_bytes())
    data[4096:4096 * 4] = b"\xa5" * (4096 * 3)
    book.write_bytes(bytes(data))
    rc, _, _, err = cli("--db", book, "restore", good)
    kept = [p for p in work.iterdir() if p.name.startswith("damaged.replaced-")]
    whole = bool(kept) and kept[0].read_bytes() == bytes(data)
    expect("restore over a damaged book", rc == 0 and whole, f"exit {rc}, replaced kept whole: {whole} {last(err)}")
    rc, _, _, err = cli("--db", book, "check")
    expect("the restored book checks", rc == 0, f"exit {rc}")
    other = work / "other.sqlite"
    cli("--db", other, "init", "--company", "另一家公司", "--start", "2026-11")
    refused("restore of another company's book without --force", "--db", book, "restore", other, words="另一家公司")
    junk = work / "junk.sqlite"
    junk.write_bytes(b"not a book" * 1000)
    refused("backup of a file that is not a book", "--db", junk, "backup", "--out", work / "junk-copy.sqlite")
    expect("no output for a non-book", not (work / "junk-copy.sqlite").exists(), "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=5, help="SIGKILLs of each kind (default 5)")
    ap.add_argument("--dir", help="work folder (default: a new temporary one, removed at the end)")
    ap.add_argument("--only", action="append", help="hostile, lock, full, readonly, kills, restore")
    args = ap.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="zf-probe-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        base = make_book(work / "base.sqlite")
        cases = {"hostile": lambda: hostile_files(base, work), "lock": lambda: lock(base, work),
                 "full": lambda: full_disk(base, work), "readonly": lambda: read_only(base, work),
                 "kills": lambda: kills(base, work, args.kills), "restore": lambda: restore(base, work)}
        for name, run in cases.items():
            if not args.only or name in args.only:
                run()
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)
    bad = [c for c, ok, _ in RESULTS if not ok]
    print(f"\n{len(RESULTS) - len(bad)} of {len(RESULTS)} cases behaved" + (f"; failed: {', '.join(bad)}" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
