"""A year's 序时账 exported by the command a user runs (`export vouchers`), each format in its own
process timed from outside with /usr/bin/time (CPU seconds and peak resident memory, everything the
process holds). The baselines, run the same way in the same window: for xlsx the same sheet through
openpyxl's write-only mode (the writer before issue 32), for JSON the same year as CSV (the floor of
reading the rows and writing them out), and for memory one month as JSON (what a process with the
book open holds before an export could grow with the lines)."""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

from bench.context import Context
from bench.result import Figure, Result

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], code: Path) -> tuple[float, float]:
    done = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *cmd], cwd=code, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"export failed: {done.stderr[-2000:]}")
    _wall, user, system, kb = done.stderr.strip().splitlines()[-1].split()
    return float(user) + float(system), int(kb) / 1024


def timed_export(book: Path, fmt: str, first: str, last: str, out: Path, code: Path = ROOT) -> tuple[float, float]:
    """(CPU seconds, peak resident MB) of `main.py export vouchers` run from the checkout `code`.
    CPU (user + system) rather than wall: the machine is shared, and a single-threaded export's CPU
    time is what its wall time is on a quiet machine, less waiting for the disk."""
    cmd = [sys.executable, str(code / "main.py"), "--db", str(book),
           "export", "vouchers", "--from", first, "--to", last, "--format", fmt, "--out", str(out)]
    figures = timed(cmd, code)
    out.unlink(missing_ok=True)
    return figures


def timed_openpyxl(book: Path, first: str, last: str, out: Path) -> tuple[float, float]:
    """The same export through openpyxl's write-only mode (what `write` was before issue 32)."""
    figures = timed([sys.executable, "-m", "bench.exports", "--openpyxl", str(book), first, last, str(out)], ROOT)
    out.unlink(missing_ok=True)
    return figures


def openpyxl_export(book: Path, first: str, last: str, out: Path) -> None:
    from reports.tables import journal
    from reports.vouchers import journal_rows
    from reports.xlsx import write_openpyxl
    from storage.book import Book
    with Book.open(book, "会计") as b:
        write_openpyxl(journal({"company": b.settings.get("company", ""), "from": first, "to": last,
                                "rows": journal_rows(b, first, last)}), out)


def busiest_year(path: Path) -> str:
    import sqlite3
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT substr(v.period, 1, 4) y FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id "
                           "GROUP BY y ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()


def year_figures(book: Path, year: str, folder: Path, runs: int = 3, code: Path = ROOT) -> dict[str, float]:
    """Medians of `runs` alternating runs: each format's seconds and peak MB for the year."""
    first, last = f"{year}-01", f"{year}-12"
    seen: dict[str, list[tuple[float, float]]] = {"xlsx": [], "json": [], "csv": [], "month": [], "openpyxl": []}
    for _ in range(runs):
        if code == ROOT:
            seen["openpyxl"].append(timed_openpyxl(book, first, last, folder / "o.xlsx"))
        for fmt in ("xlsx", "json", "csv"):
            seen[fmt].append(timed_export(book, fmt, first, last, folder / f"j.{fmt}", code))
        seen["month"].append(timed_export(book, "json", first, first, folder / "m.json", code))
    out = {}
    for key, pairs in seen.items():
        if not pairs:
            continue
        out[f"{key}_s"] = statistics.median(s for s, _ in pairs)
        out[f"{key}_mb"] = statistics.median(m for _, m in pairs)
    return out


def measure(ctx: Context) -> list[Result]:
    from bench.books import scratch_copy
    from storage.book import Book

    path = scratch_copy(ctx.book, ctx.tmp)
    Book.open(path, "会计").close()  # brought to this code's schema before any timing
    year = busiest_year(path)
    f = year_figures(path, year, ctx.tmp)
    print(f"    year {year}", flush=True)
    csv_s, month_mb = Figure("journal_csv_year_s", f["csv_s"], "s"), Figure("journal_json_month_peak_mb", f["month_mb"], "MB")
    return [Result(Figure("journal_xlsx_year_s", f["xlsx_s"], "s"), Figure("openpyxl_write_only_year_s", f["openpyxl_s"], "s")),
            Result(Figure("openpyxl_write_only_year_peak_mb", f["openpyxl_mb"], "MB"), month_mb),
            Result(Figure("journal_xlsx_year_peak_mb", f["xlsx_mb"], "MB"), month_mb),
            Result(Figure("journal_json_year_s", f["json_s"], "s"), csv_s),
            Result(Figure("journal_json_year_peak_mb", f["json_mb"], "MB"), month_mb),
            Result(Figure("journal_csv_year_peak_mb", f["csv_mb"], "MB"), month_mb)]


if __name__ == "__main__":  # python -m bench.exports BOOK [CODE_CHECKOUT [RUNS]]: one year's figures, any checkout
    import json
    import tempfile
    if sys.argv[1] == "--openpyxl":
        openpyxl_export(Path(sys.argv[2]), sys.argv[3], sys.argv[4], Path(sys.argv[5]))
        sys.exit(0)
    book_path = Path(sys.argv[1])
    code = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else ROOT
    with tempfile.TemporaryDirectory() as tmp:
        runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
        year = busiest_year(book_path)
        print(year, json.dumps(year_figures(book_path, year, Path(tmp), runs, code=code), indent=1))
