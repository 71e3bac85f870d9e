"""Where the book lives when none is named, and creating it (with demo business) on first start."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import platformdirs

from demo import generate
from domain.periods import period_of, prev_period
from usecases.setup import init_book

DEMO_COMPANY = "示例商贸有限公司"


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
        # start two months back, so the demo business has a closed month and a current one
        book = init_book(path, DEMO_COMPANY, start=prev_period(prev_period(period_of(date.today()))))
        try:
            generate(book, orders=60, seed=7)
        finally:
            book.close()
    except BaseException:
        path.unlink(missing_ok=True)  # a half-made file would be taken for a book on the next start
        raise
    return path
