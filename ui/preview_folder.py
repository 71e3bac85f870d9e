"""Where the report centre renders its previews: a private folder (0700, as mkdtemp makes it) named
after this process, deleted when the process ends; folders of processes that are gone (a crash, a
kill) are deleted at the next start. Balance sheets are nobody else's business, and 34 folders of
them were found left on one machine (issue 33)."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from storage.backup import alive

PREFIX = "zf-preview-"


def new_preview_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def remove_stale(root: Path | None = None) -> list[Path]:
    """Delete preview folders of this user whose process is gone; what was deleted."""
    root = Path(root or tempfile.gettempdir())
    gone = []
    for folder in root.glob(f"{PREFIX}*"):
        try:
            if not folder.is_dir() or folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        pid = folder.name[len(PREFIX):].split("-", 1)[0]
        if pid.isdigit() and alive(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)  # older folders, named without a pid, go too
        gone.append(folder)
    return gone
