"""The one-folder bundle as a person without Python runs it: .ci/test-bundle on the archive `make dist`
wrote (init, the Excel template imported, a PDF balance sheet, screenshots, older and newer books)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.version import VERSION

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = ROOT / "dist" / f"zhangfang-{VERSION}-linux-{os.uname().machine}.tar.gz"


@pytest.mark.skipif(not (ROOT / "dist" / "zhangfang" / "zhangfang").exists() or not ARCHIVE.exists(),
                    reason="no bundle: run `make dist` first (CI runs it, then .ci/test-bundle)")
def test_the_bundle_runs_outside_the_checkout_without_python():
    p = subprocess.run([str(ROOT / ".ci" / "test-bundle"), str(ROOT / "dist")], capture_output=True, text=True,
                       env={**os.environ, "PYTHON": sys.executable}, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "test-bundle: ok" in p.stdout
