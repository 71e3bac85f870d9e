"""Issue 30, item 6: `gui --screenshot DIR` takes every page at 1280×720, 1366×768 and 1920×1080 (DIR/WxH/);
`--size WxH` takes one size straight into DIR."""
from __future__ import annotations

from pathlib import Path

from ui import screenshots
from ui.cli.main import main


def _record(monkeypatch):
    taken: list[tuple[Path, tuple[int, int]]] = []

    def fake(app, window, folder, size):
        taken.append((folder, size))
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(screenshots, "take_screenshots", fake)
    return taken


def test_three_sizes_without_size(qapp, book_path, tmp_path, monkeypatch):
    taken = _record(monkeypatch)
    assert main(["--db", str(book_path), "gui", "--screenshot", str(tmp_path / "shots")]) == 0
    assert taken == [(tmp_path / "shots" / f"{w}x{h}", (w, h)) for w, h in ((1280, 720), (1366, 768), (1920, 1080))]


def test_one_size_when_told(qapp, book_path, tmp_path, monkeypatch):
    taken = _record(monkeypatch)
    assert main(["--db", str(book_path), "gui", "--screenshot", str(tmp_path / "s"), "--size", "1366x768"]) == 0
    assert taken == [(tmp_path / "s", (1366, 768))]
