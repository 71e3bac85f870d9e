"""`make dist`: the one-folder bundle for the machine it runs on, with its icon, desktop entry and
archive. Run from the checkout with the project's venv (the `dist` extra installs PyInstaller).

    dist/zhangfang/zhangfang                          the program (CLI; no arguments opens the window)
    dist/zhangfang/zhangfang.desktop, zhangfang.png   the desktop entry and its icon (Linux)
    dist/zhangfang/install-desktop-entry              puts both in the user's menu, with this folder's path
    dist/zhangfang-<version>-linux-x86_64.tar.gz      unpacks to zhangfang/
    (Windows: dist/zhangfang/zhangfang.exe and dist/zhangfang-<version>-windows-x86_64.zip, untested)

The icons (PNG, ICO) are drawn from the committed SVG by Qt at build time, so no raster is committed.
"""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST, BUILD = ROOT / "dist", ROOT / "build"
sys.path.insert(0, str(ROOT))

from ui.version import VERSION  # noqa: E402

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Version=1.0
Name=Zhangfang
Name[zh_CN]=账房
GenericName=Accounting
GenericName[zh_CN]=财务软件
Comment=Business flow and books as one, for small finance teams
Comment[zh_CN]=业财一体的小企业账务软件
Exec={exec} %f
Icon={icon}
Terminal=false
Categories=Office;Finance;
StartupWMClass=zhangfang
"""

INSTALL_ENTRY = """#!/bin/sh
# Adds 账房 to the desktop's application menu for this user, pointing at this folder.
set -e
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/zhangfang.png" "$icons/zhangfang.png"
sed -e "s|^Exec=.*|Exec=\\"$here/zhangfang\\" %f|" -e "s|^Icon=.*|Icon=zhangfang|" \\
  "$here/zhangfang.desktop" > "$apps/zhangfang.desktop"
echo "installed $apps/zhangfang.desktop"
"""


def platform_tag() -> str:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{system}-{machine}"


def draw_icons(out: Path) -> tuple[Path, Path]:
    """zhangfang.png (256 px) and zhangfang.ico (16…256 px) from resources/icons/zhangfang.svg."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QIcon, QImageWriter

    from resources import icon_path
    _app = QGuiApplication.instance() or QGuiApplication([])
    icon = QIcon(str(icon_path()))
    out.mkdir(parents=True, exist_ok=True)
    png, ico = out / "zhangfang.png", out / "zhangfang.ico"
    if not icon.pixmap(256, 256).save(str(png)):
        raise SystemExit(f"could not draw {png}")
    writer = QImageWriter(str(ico), b"ico")
    if not writer.write(icon.pixmap(256, 256).toImage()):
        print(f"note: no .ico written ({writer.errorString()}); Windows builds need it", file=sys.stderr)
    return png, ico


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main() -> int:
    started = time.perf_counter()
    png, ico = draw_icons(BUILD / "icons")
    env = dict(os.environ)
    if sys.platform in ("win32", "darwin"):  # the executable carries its icon there, not on Linux
        env["ZHANGFANG_ICON"] = str(ico)
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"),
                    str(ROOT / "packaging" / "zhangfang.spec")], cwd=ROOT, env=env, check=True)
    bundle = DIST / "zhangfang"
    tag = platform_tag()
    if sys.platform == "win32":
        archive = DIST / f"zhangfang-{VERSION}-{tag}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(bundle.rglob("*")):
                z.write(f, Path("zhangfang") / f.relative_to(bundle))
    else:
        shutil.copy2(png, bundle / "zhangfang.png")
        entry = DESKTOP_ENTRY.format(exec="zhangfang", icon="zhangfang")
        (bundle / "zhangfang.desktop").write_text(entry, encoding="utf-8")
        (DIST / "zhangfang.desktop").write_text(entry, encoding="utf-8")
        script = bundle / "install-desktop-entry"
        script.write_text(INSTALL_ENTRY, encoding="utf-8")
        script.chmod(0o755)
        archive = DIST / f"zhangfang-{VERSION}-{tag}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(bundle, arcname="zhangfang")
    mb = 1024 * 1024
    print(f"bundle  {bundle}: {folder_size(bundle) / mb:.0f} MB unpacked")
    print(f"archive {archive}: {archive.stat().st_size / mb:.0f} MB")
    print(f"make dist took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
