"""A command starts at once: parsing arguments and printing help import no database, Qt or report
library (they cost about a second; each command imports what it needs when it runs)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "PySide6", "reportlab", "openpyxl")


def test_help_imports_no_heavy_library():
    probe = ("import sys\n"
             "from ui.cli.main import build_parser\n"
             "try:\n"
             "    build_parser().parse_args(['--help'])\n"
             "except SystemExit:\n"
             "    pass\n"
             f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
