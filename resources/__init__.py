"""The data the program ships with: the chart of accounts, posting templates, tax tables, statement
layouts, close steps, the demo's names, the CJK font and the icon.

They are package data, found through importlib.resources, so an installed wheel or the one-folder
bundle finds them wherever it runs — never through the folders of a git checkout.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

ROOT: Traversable = files(__name__)

# Libraries that want a file name (ReportLab's TTFont, Qt's font database) get a real file; when
# the package sits in a zip that is a temporary copy, kept until the process ends.
_KEPT = contextlib.ExitStack()
atexit.register(_KEPT.close)


def resource(*parts: str) -> Traversable:
    """The shipped file or folder at `parts` ('charts', 'small.toml'; a part may hold '/')."""
    node = ROOT
    for part in parts:
        for piece in part.split("/"):
            node = node / piece
    return node


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")


def toml_files(folder: str) -> list[Traversable]:
    """The .toml files of a shipped folder, in name order (the close steps run in that order)."""
    return sorted((p for p in resource(folder).iterdir() if p.name.endswith(".toml")), key=lambda p: p.name)


@functools.cache
def file_path(*parts: str) -> Path:
    """A path on disk for the shipped file, for libraries that open files by name."""
    return _KEPT.enter_context(as_file(resource(*parts)))


def font_path() -> Path:
    """The CJK font (文泉驿微米黑) used on screen and in every PDF."""
    return file_path("fonts", "wqy-microhei.ttc")


def icon_path() -> Path:
    """The application icon (a drawn SVG, committed as a source asset)."""
    return file_path("icons", "zhangfang.svg")
