"""Issue 30, item 8: on a fresh Linux desktop the missing X libraries are named, from ldd's own words,
with the one apt-get line that installs them — in Chinese and English."""
from __future__ import annotations

from pathlib import Path

from ui import platform_check
from ui.cli.main import main

FAKE_LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f61)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f61)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibweird-thing.so.3 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f61)
"""


def test_missing_libraries_come_from_the_loader():
    assert platform_check.missing_sonames(FAKE_LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1",
                                                         "libweird-thing.so.3"]
    # present libraries, even ones Qt's own message blames (xcb-cursor), are not named
    assert "cursor" not in platform_check.report(platform_check.missing_sonames(FAKE_LDD))


def test_the_report_gives_one_apt_line_and_words_in_both_languages():
    text = platform_check.xcb_problem(ldd=lambda _p: FAKE_LDD, plugin=Path("/x/libqxcb.so"))
    assert text is not None
    lines = text.splitlines()
    assert [ln.strip() for ln in lines if "apt-get install" in ln] == [
        "sudo apt-get install libxcb-icccm4 libxcb-keysyms1"]
    assert "缺少" in text and "missing" in text
    assert "libweird-thing.so.3" in text and "apt-file search libweird-thing.so.3" in text


def test_nothing_missing_nothing_said():
    ok = FAKE_LDD.replace("=> not found", "=> /lib/x.so (0x1)")
    assert platform_check.xcb_problem(ldd=lambda _p: ok, plugin=Path("/x/libqxcb.so")) is None


def test_only_where_qt_would_load_xcb():
    assert platform_check.should_check({"DISPLAY": ":0"}, "linux")
    assert platform_check.should_check({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not platform_check.should_check({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not platform_check.should_check({}, "linux")
    assert not platform_check.should_check({"DISPLAY": ":0"}, "win32")


def test_the_real_plugin_is_found_and_asked():
    plugin = platform_check.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    assert "libxcb" in platform_check.run_ldd(plugin)
    assert platform_check.loads(plugin)  # this machine has them all: ldd is not even asked
    assert platform_check.xcb_problem(ldd=lambda _p: FAKE_LDD) is None


def test_gui_stops_before_qt_with_the_report(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(platform_check, "loads", lambda _p: False)  # as on a desktop without them
    monkeypatch.setattr(platform_check, "run_ldd", lambda _p: FAKE_LDD)
    assert main(["--db", str(tmp_path / "b.sqlite"), "gui"]) == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in err
