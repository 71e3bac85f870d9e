"""A command's start: `main.py --help` beside a bare `python -c pass` in the same interpreter."""
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


def measure(ctx: Context) -> list[Result]:
    cli = _median_run([sys.executable, str(ROOT / "main.py"), "--help"])
    bare = _median_run([sys.executable, "-c", "pass"])
    return [Result(millis("cli_help_start_ms", cli), millis("bare_python_start_ms", bare))]
