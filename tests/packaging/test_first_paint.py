"""The start-up benchmark's hook (bench/bundle.py): with ZHANGFANG_REPORT_FIRST_PAINT set, `gui` says
"first-paint" once its window has painted and quits, so a start can be timed from outside."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui.app import FIRST_PAINT

ROOT = Path(__file__).resolve().parents[2]


def test_the_window_reports_its_first_paint_and_quits(book_path, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", FIRST_PAINT: "1", "ZHANGFANG_HOME": str(tmp_path)}
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(book_path), "gui"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines().count("first-paint") == 1
