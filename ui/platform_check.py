"""Why Qt's xcb platform plugin would not load on this Linux desktop, asked of the loader itself.

A fresh desktop often lacks a few X libraries the plugin links to; Qt then aborts with an English
message that names the wrong one (issue 30, item 8). Before the QApplication is made — or after Qt's
failure exit (`python -m ui.platform_check`) — this runs `ldd` on libqxcb.so (ldd lists the whole
dependency closure), collects the sonames the loader reports "not found", and prints them with the
one `apt-get install` line that brings them. Which libraries are missing comes only from ldd; the
table below only names the Debian package that carries a soname."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# soname → Debian/Ubuntu package. Only for naming the package; never a list of what is required.
DEBIAN_PACKAGES = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def missing_sonames(ldd_output: str) -> list[str]:
    """The sonames ldd reported "not found", each once, in the order ldd gave them."""
    seen: list[str] = []
    for name in _NOT_FOUND.findall(ldd_output):
        if name not in seen:
            seen.append(name)
    return seen


def report(missing: list[str]) -> str:
    """The words for a person: what is missing and the one line that fixes it (Chinese, then English)."""
    known = sorted({DEBIAN_PACKAGES[s] for s in missing if s in DEBIAN_PACKAGES})
    unknown = [s for s in missing if s not in DEBIAN_PACKAGES]
    lines = ["无法启动图形界面：Qt 的 xcb 平台插件缺少以下系统库 "
             "(cannot start the window: Qt's xcb platform plugin is missing these system libraries):"]
    lines += [f"  {s}" for s in missing]
    if known:
        lines += ["在 Debian/Ubuntu 上用这一行安装 (on Debian/Ubuntu, install them with):",
                  f"  sudo apt-get install {' '.join(known)}"]
    for s in unknown:
        lines.append(f"查找提供 {s} 的软件包 (find the package that provides {s}): "
                     f"apt-file search {s}  或 (or)  dnf provides '*/{s}'")
    lines.append("其他发行版见 README 的“系统软件包”一节 (other distributions: README, section System packages).")
    return "\n".join(lines)


def xcb_plugin() -> Path | None:
    """libqxcb.so of the Qt we run on (PySide6's wheel, or the bundle's copy)."""
    try:
        from PySide6.QtCore import QLibraryInfo  # QtCore loads without any platform plugin
        folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    except ImportError:
        return None
    plugin = folder / "libqxcb.so"
    return plugin if plugin.exists() else None


def run_ldd(path: Path) -> str:
    ldd = shutil.which("ldd")
    if ldd is None:
        return ""
    try:
        done = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout


def should_check(env: os._Environ | dict = os.environ, platform: str = sys.platform) -> bool:
    """Only where Qt would load xcb: Linux, QT_QPA_PLATFORM xcb or unset, and an X display."""
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    return chosen.split(":")[0] in ("", "xcb") and bool(env.get("DISPLAY"))


def loads(plugin: Path) -> bool:
    """Whether the dynamic loader can load the plugin with everything it links to (a few ms; Qt loads
    the same libraries moments later, so nothing is wasted). Only when it cannot is ldd asked which."""
    import ctypes
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY)
    except OSError:
        return False
    return True


def xcb_problem(ldd=None, plugin: Path | None = None) -> str | None:
    """The report when the loader finds libraries missing for the xcb plugin, else None."""
    plugin = plugin or xcb_plugin()
    if plugin is None or loads(plugin):
        return None
    missing = missing_sonames((ldd or run_ldd)(plugin))
    return report(missing) if missing else None


def main() -> int:
    """`python -m ui.platform_check`: after Qt's failure exit (make run), say what it lacked."""
    problem = xcb_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
