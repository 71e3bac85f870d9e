"""Issue 30, item 6: `gui --screenshot DIR` takes every page at 1280×720, 1366×768 and 1920×1080, all in DIR
(1280x720-01-home.png …); `--size WxH` takes one size with the plain names."""
from __future__ import annotations

from pathlib import Path

from ui import screenshots
from ui.cli.main import main


def _record(monkeypatch):
    taken: list[tuple[Path, tuple[int, int]]] = []

    def fake(app, window, folder, size):
        taken.append((folder, size))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "01-home.png").write_bytes(b"png")
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(screenshots, "take_screenshots", fake)
    return taken


def test_three_sizes_without_size(qapp, book_path, tmp_path, monkeypatch):
    taken = _record(monkeypatch)
    assert main(["--db", str(book_path), "gui", "--screenshot", str(tmp_path / "shots")]) == 0
    sizes = ((1280, 720), (1366, 768), (1920, 1080))
    assert [size for _folder, size in taken] == list(sizes)
    shots = tmp_path / "shots"
    assert sorted(p.name for p in shots.iterdir()) == [f"{w}x{h}-01-home.png" for w, h in sizes]


def test_one_size_when_told(qapp, book_path, tmp_path, monkeypatch):
    taken = _record(monkeypatch)
    assert main(["--db", str(book_path), "gui", "--screenshot", str(tmp_path / "s"), "--size", "1366x768"]) == 0
    assert taken == [(tmp_path / "s", (1366, 768))]
