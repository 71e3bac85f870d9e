"""A command's start: `main.py --help` beside a bare `python -c pass` in the same interpreter; the
window's start on the scale's demo book beside an empty PySide6 window."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time

from bench.books import ROOT
from bench.context import Context
from bench.result import Result, millis


def _median_run(args: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _median_printed(args: list[str], runs: int = 5) -> float:
    """The median of what the script prints (its own start-to-painted seconds)."""
    out = [float(subprocess.run(args, cwd=ROOT, capture_output=True, check=True, text=True).stdout.split()[-1])
           for _ in range(runs)]
    return statistics.median(out)


def measure(ctx: Context) -> list[Result]:
    cli = _median_run([sys.executable, str(ROOT / "main.py"), "--help"])
    bare = _median_run([sys.executable, "-c", "pass"])
    script = str(ROOT / "bench" / "gui_start.py")
    from bench.books import scratch_copy
    book = str(scratch_copy(ctx.book, ctx.tmp))  # a migration of this checkout never reaches the cached book
    _median_printed([sys.executable, script, book], runs=1)  # a migration, if any, is not start-up
    window = _median_printed([sys.executable, script, book])
    empty = _median_printed([sys.executable, script, "--bare"])
    return [Result(millis("cli_help_start_ms", cli), millis("bare_python_start_ms", bare)),
            Result(millis("gui_start_to_painted_ms", window), millis("empty_pyside6_window_ms", empty))]
