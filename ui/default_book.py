"""Where the book lives when none is named, and creating it (with demo business) on first start."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import platformdirs

from domain.periods import period_of, prev_period

DEMO_COMPANY = "示例商贸有限公司"
DEMO_ORDERS = 60
DEMO_SEED = 7


def default_book_path() -> Path:
    home = os.environ.get("ZHANGFANG_HOME")
    folder = Path(home) if home else Path(platformdirs.user_data_dir("Zhangfang", "Zhangfang"))
    return folder / "default.sqlite"


def prepare_default_book() -> tuple[Path, bool]:
    """The default book's path and whether it was just created (empty, the demo still to fill).
    Creating takes a moment; the demo business is the long part, left to a worker."""
    from usecases.setup import init_book
    path = default_book_path()
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # start two months back, so the demo business has a closed month and a current one
        init_book(path, DEMO_COMPANY, start=prev_period(prev_period(period_of(date.today())))).close()
    except BaseException:
        path.unlink(missing_ok=True)  # a half-made file would be taken for a book on the next start
        raise
    return path, True


def fill_demo(path: Path | str, progress=None) -> str:
    """Fill a just-created default book with the demo business (on a worker's own Book)."""
    from demo import generate
    from storage.book import Book
    with Book.open(path) as book:
        return generate(book, orders=DEMO_ORDERS, seed=DEMO_SEED, progress=progress)


def ensure_default_book() -> Path:
    """The default book's path, creating a demo book there first if there is none (blocking)."""
    path, fresh = prepare_default_book()
    if fresh:
        try:
            fill_demo(path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    return path
