"""Where the book lives when none is named, and creating it (with demo business) on first start."""
from __future__ import annotations

import importlib
import importlib.util
import os
from datetime import date
from pathlib import Path

import platformdirs

from storage.services.setup import init_book

DEMO_COMPANY = "示例商贸有限公司"
DEMO_MODULE = "storage.services.demo"


def default_book_path() -> Path:
    home = os.environ.get("ZHANGFANG_HOME")
    folder = Path(home) if home else Path(platformdirs.user_data_dir("Zhangfang", "Zhangfang"))
    return folder / "default.sqlite"


def ensure_default_book() -> Path:
    """The default book's path, creating a demo book there first if there is none."""
    path = default_book_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        book = init_book(path, DEMO_COMPANY, start=date.today().strftime("%Y-%m"))
    except BaseException:
        # A half-made file would be taken for a book on the next start; remove it so we retry.
        path.unlink(missing_ok=True)
        raise
    try:
        # find_spec, not `except ImportError`: a broken demo module must fail loudly,
        # only a missing one means "no demo yet".
        if importlib.util.find_spec(DEMO_MODULE) is not None:
            importlib.import_module(DEMO_MODULE).generate(book, orders=60, seed=7)
    finally:
        book.close()
    return path
