"""Open entry forms kept as drafts on disk, so a crash or a power cut loses at most a few seconds.

One JSON file per open form, in a folder per book under the user data folder (ZHANGFANG_DRAFTS
overrides it; ZHANGFANG_HOME moves it with the other preferences). Written to a hidden partial file,
flushed, then renamed: a draft on disk is always whole. Saving or discarding a form deletes its draft."""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV = "ZHANGFANG_DRAFTS"


def base_folder() -> Path:
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    if os.environ.get("ZHANGFANG_HOME"):
        return Path(os.environ["ZHANGFANG_HOME"]) / "drafts"
    from PySide6.QtCore import QStandardPaths
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(data or Path.home() / ".zhangfang") / "drafts"


def book_folder(target: str) -> Path:
    """The drafts of one book (its path or URL), apart from every other book's."""
    return base_folder() / hashlib.sha256(str(target).encode("utf-8")).hexdigest()[:16]


@dataclass
class Draft:
    path: Path
    data: dict[str, Any]

    @property
    def title(self) -> str:
        return str(self.data.get("title", "单据"))

    @property
    def saved_at(self) -> str:
        return str(self.data.get("saved_at", ""))


def write(folder: Path, draft_id: str, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{draft_id}.json"
    partial = folder / f".{draft_id}.partial"
    with open(partial, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(partial, path)
    return path


def remove(folder: Path, draft_id: str) -> None:
    (folder / f"{draft_id}.json").unlink(missing_ok=True)


def pending(folder: Path) -> list[Draft]:
    """The drafts left behind, oldest first; a file that does not read is skipped (and left alone)."""
    out = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("state"), dict):
            out.append(Draft(path, data))
    return sorted(out, key=lambda d: d.saved_at)
