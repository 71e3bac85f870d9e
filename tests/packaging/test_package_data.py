"""Resources are package data: read through importlib.resources, shipped in the wheel, never found
through the folders of a checkout (issue 31)."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import resources
from storage import db

ROOT = Path(__file__).resolve().parents[2]
CODE = ("ui", "domain", "storage", "reports", "usecases", "interchange", "demo", "resources")


def test_no_program_code_finds_a_resource_through_its_own_file_path():
    offenders = []
    for package in CODE:
        for f in (ROOT / package).rglob("*.py"):
            for no, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"__file__", line) and not line.lstrip().startswith("#"):
                    offenders.append(f"{f.relative_to(ROOT)}:{no}: {line.strip()}")
    assert offenders == []


def test_every_shipped_file_is_readable_through_the_package():
    on_disk = {p.relative_to(ROOT / "resources").as_posix() for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py"}
    for name in on_disk:
        assert resources.resource(name).is_file(), name
    assert {"fonts/wqy-microhei.ttc", "icons/zhangfang.svg", "charts/small.toml"} <= on_disk
    assert resources.font_path().stat().st_size > 1_000_000
    assert [p.name for p in resources.toml_files("close")][0] == "10_recurring.toml"


def test_the_migrations_are_found_as_package_data():
    assert (db.migrations_folder() / "env.py").is_file()
    assert db.code_schema() == db.head_revision()


@pytest.mark.slow
def test_the_wheel_holds_every_resource_and_migration_and_both_commands(tmp_path):
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                       capture_output=True, text=True, timeout=300)
    if p.returncode != 0 and "Could not find a version that satisfies" in p.stderr:
        pytest.skip("no package index for the build backend (setuptools, wheel) here")
    assert p.returncode == 0, p.stderr
    [wheel] = tmp_path.glob("zhangfang-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"resources/{p.relative_to(ROOT / 'resources').as_posix()}" for p in (ROOT / "resources").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    wanted |= {f"storage/migrations/{p.relative_to(ROOT / 'storage' / 'migrations').as_posix()}"
               for p in (ROOT / "storage" / "migrations").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert wanted - names == set()
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "zhangfang = ui.cli.main:main" in text and "zhangfang-gui = ui.cli.main:gui_main" in text
