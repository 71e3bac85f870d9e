"""The start-up benchmark's hook (bench/bundle.py): with ZHANGFANG_REPORT_FIRST_PAINT set, the window
says "first-paint" once it has painted and the app quits, so a start can be timed from outside."""
from __future__ import annotations

from ui.app import FIRST_PAINT, run


def test_the_window_reports_its_first_paint_and_quits(qapp, book_path, monkeypatch, capsys):
    monkeypatch.setenv(FIRST_PAINT, "1")
    assert run(str(book_path)) == 0
    assert capsys.readouterr().out.splitlines().count("first-paint") == 1
