"""Eight people posting into one book at once (issue 26 part 5): on PostgreSQL writers run side by
side, on SQLite each waits its turn; either way every document is saved once, document and voucher
numbers stay gapless and unique, and `check` finds nothing wrong."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench import writers
from tests import engines

ROOT = Path(__file__).resolve().parents[2]
# The figure is 8 × 250 on PostgreSQL; SQLite (one writer at a time) runs a smaller round.
EACH = int(os.environ.get("ZHANGFANG_WRITERS_EACH") or (100 if engines.on_postgresql() else 40))


def test_eight_writers_at_once_save_every_document_once_with_gapless_numbers(book_target):
    target = str(book_target())
    writers.prepare(target)
    got = writers.run(target, 8, EACH)
    assert got.failures == [] and got.saved == 8 * EACH
    if engines.on_postgresql():
        assert got.busy == 0  # on a server nobody is ever told to come back later
    assert writers.gaps(target) == []
    assert engines.query(target, "SELECT count(*) FROM documents WHERE type = 'receipt'") == [(8 * EACH,)]
    check = subprocess.run([sys.executable, "main.py", "--db", target, "check"], cwd=ROOT, capture_output=True,
                           text=True, encoding="utf-8", timeout=600)
    assert check.returncode == 0, check.stdout + check.stderr
