"""ui.app: the screenshot run, a book that will not open, and the no-display message."""
import sys

from PySide6.QtGui import QImage

from ui.app import display_problem, run


def test_screenshots_every_page(qapp, book_path, tmp_path):
    shots = tmp_path / "shots"
    assert run(str(book_path), screenshot_dir=str(shots)) == 0
    pngs = sorted(shots.glob("*.png"))
    assert len(pngs) >= 20
    assert pngs[0].name == "01-home.png"
    assert any("voucher-entry" in p.name for p in pngs) and any("empty-book" in p.name for p in pngs)
    image = QImage(str(pngs[0]))
    assert (image.width(), image.height()) == (1440, 900)


def test_missing_book_exits_1(qapp, tmp_path, capsys):
    assert run(str(tmp_path / "nothing.sqlite"), screenshot_dir=str(tmp_path / "shots")) == 1
    assert "不存在" in capsys.readouterr().err


def test_no_display_is_explained(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert "no display" in display_problem()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert display_problem() is None
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":0")
    assert display_problem() is None
