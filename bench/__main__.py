"""The benchmark suite: `python -m bench --scale small|medium|large --out FILE.json`.

Each module below exposes `measure(ctx) -> list[Result]`; every figure is reported beside a
baseline run in the same process, as a ratio (see bench/README.md for the targets and the last
figures measured). Books come from the demo generator with a fixed seed, cached in .bench-cache/.
"""
from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench.books import SCALES, demo_book, scratch_copy
from bench.context import Context
from bench.result import Result

# One module per area; each measure(ctx) returns figures beside a baseline run in the same process.
MODULES = ("bench.startup", "bench.posting", "bench.ledger", "bench.reports", "bench.closing", "bench.clicks",
           "bench.matching", "bench.bundle", "bench.lists", "bench.exports")


def run(scale: str, only: list[str] | None = None, fresh: bool = False, pg: str | None = None) -> dict:
    """pg: a PostgreSQL server URL — then the posting figures are measured there (bench/postgresql.py)."""
    book = demo_book(scale, fresh=fresh)
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        # every module reads a copy: a branch's migration (run when a module opens the book) must never
        # reach the cached book other checkouts share
        book = dataclasses.replace(book, path=scratch_copy(book, Path(tmp)))
        ctx = Context(scale, book, Path(tmp))
        if pg is not None:
            from bench import postgresql
            started = time.perf_counter()
            results += postgresql.measure(ctx, pg)
            print(f"  bench.postgresql: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        for name in MODULES if pg is None else ():
            if only and name.rsplit(".", 1)[1] not in only:
                continue
            started = time.perf_counter()
            results += importlib.import_module(name).measure(ctx)
            print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return {"scale": scale, "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "date": time.strftime("%Y-%m-%d"), "results": [r.as_json() for r in results]}


def table(report: dict) -> str:
    rows = [f"{'figure':<28} {'value':>12} {'unit':<12} {'baseline':<28} {'base value':>12} {'ratio':>8}"]
    for r in report["results"]:
        b = r["baseline"] or {"name": "—", "value": None}
        bv = "" if b["value"] is None else f"{b['value']:.2f}"
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.3f}"
        rows.append(f"{r['name']:<28} {r['value']:>12.2f} {r['unit']:<12} {b['name']:<28} {bv:>12} {ratio:>8}")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=list(SCALES), default="small")
    ap.add_argument("--out", help="write the figures as JSON to this file")
    ap.add_argument("--only", action="append", help="run only these modules (startup, posting, ledger …)")
    ap.add_argument("--fresh", action="store_true", help="generate the demo book again (and time it)")
    ap.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite",
                    help="postgresql: the posting figures on a server (bench/postgresql.py) instead of the suite")
    ap.add_argument("--pg", metavar="URL", help="with --engine postgresql: a database on the server to create "
                    "bench databases from (default: ZHANGFANG_BENCH_PG, else ZHANGFANG_TEST_PG)")
    ap.add_argument("--writers", type=int, metavar="N", help="with --engine postgresql: only the figure of N "
                    "writers saving documents into one book at once (bench/writers.py)")
    ap.add_argument("--each", type=int, default=250, help="with --writers: documents each writer saves")
    a = ap.parse_args()
    if a.writers:
        _writers_only(a)
        return
    pg = None
    if a.engine == "postgresql":
        from bench.postgresql import server_url
        pg = server_url(a.pg)
    report = run(a.scale, a.only, a.fresh, pg)
    print(f"scale {report['scale']} · Python {report['python']} · SQLite {report['sqlite']} · {report['date']}")
    print(table(report))
    if a.out:
        Path(a.out).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


def _writers_only(a) -> None:
    from bench import writers
    from bench.postgresql import server_url
    if a.engine != "postgresql":
        raise SystemExit("--writers: with --engine postgresql (on SQLite writers take turns by design)")
    results = writers.measure_server(server_url(a.pg), a.writers, a.each)
    report = {"scale": f"{a.writers}x{a.each}", "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
              "date": time.strftime("%Y-%m-%d"), "results": [r.as_json() for r in results]}
    print(table(report))
    if a.out:
        Path(a.out).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
