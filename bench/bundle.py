"""The bundle's start (issue 31): `dist/zhangfang/zhangfang --db BOOK gui` from process launch until
its window has painted the first page (offscreen), timed from outside the process, beside the same
start from the source checkout (`python main.py`) and the bundle's size. Skipped with a note when
there is no bundle (`make dist`).

Also a script: `python -m bench.bundle [BOOK]` (default: the small demo book, 2,000 orders) prints
the first start, three cold starts (the bundle's files evicted from the page cache first) and the
median of five warm ones."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.books import ROOT
from bench.context import Context
from bench.result import Figure, Result, millis

BUNDLE = ROOT / "dist" / "zhangfang"
EXE = BUNDLE / ("zhangfang.exe" if sys.platform == "win32" else "zhangfang")
FIRST_PAINT = "ZHANGFANG_REPORT_FIRST_PAINT"  # ui/app.py prints "first-paint" and quits


def start_to_paint(command: list[str], book: Path, home: Path) -> float:
    """Seconds from launching `command --db book gui` until it says its window has painted."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", FIRST_PAINT: "1", "HOME": str(home),
           "ZHANGFANG_HOME": str(home)}
    started = time.perf_counter()
    p = subprocess.Popen([*command, "--db", str(book), "gui"], cwd=home, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    try:
        for line in p.stdout:  # type: ignore[union-attr]
            if line.startswith("first-paint"):
                return time.perf_counter() - started
        raise RuntimeError(f"{command[0]} exited {p.wait()} before painting")
    finally:
        p.wait(timeout=60)


def evict(folder: Path) -> None:
    """Drop the folder's files from the page cache (posix_fadvise, no root needed): the next start reads
    the bundle from disk, as the first start after a reboot does."""
    for f in folder.rglob("*"):
        if f.is_file() and not f.is_symlink():
            fd = os.open(f, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20


def measure(ctx: Context, runs: int = 5) -> list[Result]:
    if not EXE.exists():
        print(f"  bench.bundle: no {EXE} (run make dist); skipped", file=sys.stderr)
        return []
    home = ctx.tmp / "bundle-home"
    home.mkdir(exist_ok=True)
    source = [sys.executable, str(ROOT / "main.py")]
    start_to_paint(source, ctx.book.path, home)  # a migration, if any, is not start-up
    bundle = statistics.median(start_to_paint([str(EXE)], ctx.book.path, home) for _ in range(runs))
    from_source = statistics.median(start_to_paint(source, ctx.book.path, home) for _ in range(runs))
    return [Result(millis("bundle_start_to_painted_ms", bundle), millis("source_start_to_painted_ms", from_source)),
            Result(Figure("bundle_size_mb", folder_mb(BUNDLE), "MB"))]


def main() -> None:
    import tempfile

    from bench.books import demo_book
    book = Path(sys.argv[1]) if len(sys.argv) > 1 else demo_book("small").path
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        first = start_to_paint([str(EXE)], book, home)
        cold = []
        if hasattr(os, "posix_fadvise"):
            for _ in range(3):
                evict(BUNDLE)
                cold.append(start_to_paint([str(EXE)], book, home))
        times = [start_to_paint([str(EXE)], book, home) for _ in range(5)]
        source = [start_to_paint([sys.executable, str(ROOT / "main.py")], book, home) for _ in range(5)]
    print(f"book {book}")
    print(f"bundle first start to painted: {first * 1000:.0f} ms")
    if cold:
        print(f"bundle cold start (its files evicted from the page cache) to painted, median of 3: "
              f"{statistics.median(cold) * 1000:.0f} ms ({', '.join(f'{t * 1000:.0f}' for t in cold)})")
    print(f"bundle start to painted, median of 5: {statistics.median(times) * 1000:.0f} ms "
          f"({', '.join(f'{t * 1000:.0f}' for t in times)})")
    print(f"source (python main.py) median of 5: {statistics.median(source) * 1000:.0f} ms")
    print(f"bundle size: {folder_mb(BUNDLE):.0f} MB unpacked")


if __name__ == "__main__":
    main()
