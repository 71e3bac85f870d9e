"""帮助 → 关于 and `--version`: what a support call asks first — which program, which book schema,
which Python and Qt, where the data lives. Qt-free except for Qt's version, read when asked."""
from __future__ import annotations

import platform
import sys

from ui.version import VERSION


def version_line() -> str:
    """`zhangfang --version`: the program and the book schema it writes."""
    from storage.db import code_schema
    return f"账房 Zhangfang {VERSION} (账套结构 schema {code_schema()}, Python {platform.python_version()})"


def facts(book_target: str | None, book_schema: str | None) -> list[tuple[str, str]]:
    """(label, value) rows of the About box, in the order a person reads them."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from storage.db import code_schema
    from ui.default_book import default_book_path
    bundled = "（独立安装包 bundle）" if getattr(sys, "frozen", False) else ""
    return [
        ("版本 Version", f"{VERSION}{bundled}"),
        ("本账套结构 Book schema", book_schema or "—"),
        ("程序支持的结构 Program schema", code_schema()),
        ("Python", platform.python_version()),
        ("Qt / PySide6", f"{qVersion()} / {pyside_version}"),
        ("数据文件夹 Data folder", str(default_book_path().parent)),
        ("当前账套 Book", _where(book_target)),
    ]


def _where(target: str | None) -> str:
    """The book as a full path (a database URL as it is, its password hidden)."""
    if not target:
        return "—"
    if "://" in target:
        from sqlalchemy.engine import make_url
        return make_url(target).render_as_string(hide_password=True)
    from pathlib import Path
    return str(Path(target).resolve())
