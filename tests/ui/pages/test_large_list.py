"""A list of 200,000 sales orders sorts by amount in SQL: the true largest first, one page loaded."""
from __future__ import annotations

import random
import sqlite3

from PySide6.QtCore import QPoint, Qt

from storage.queries.lists import LISTS
from ui.models.paged_table import RawRole
from ui.pages.list_page import ListPage

ROWS = 200_000


def fill_orders(path, book) -> int:
    """Insert the orders straight into the table (not through use cases: only the list is tested).
    Returns the largest amount and the sum, in fen."""
    book.refresh()  # let go of the fixture's read snapshot before another connection writes
    rng = random.Random(5)
    amounts = [rng.randrange(1, 10_000_000) for _ in range(ROWS)]
    amounts[123_456] = 99_999_999  # the largest sits far beyond the first page
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO documents (type, no, date, amount, status, created_by, created_at) "
            "VALUES ('sales_order', ?, ?, ?, 'open', 'bulk', '2026-11-01 09:00:00.000000')",
            ((f"SO-{i:07d}", f"2026-11-{1 + i % 28:02d}", a) for i, a in enumerate(amounts)))
    con.close()
    return max(amounts), sum(amounts)


def test_sorting_200000_orders_by_amount_shows_the_largest_first(qtbot, ctx, book, book_path):
    largest, total = fill_orders(book_path, book)
    page = ListPage(LISTS["sales_order"], ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    assert page.status.text().startswith("共 200,000 条")
    amount = next(i for i, c in enumerate(page.spec.columns) if c.key == "amount")
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(amount) + header.sectionSize(amount) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))  # ascending
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))  # descending
    assert page.model.index(0, amount).data() == "999,999.99"
    assert page.model.index(0, amount).data(RawRole) * 100 == largest
    assert page.model.rowCount() < 1000  # a page, not every row
    # the totals row sums every row in SQL, not the loaded page
    assert page.footer.model().index(0, amount).data() == f"{total / 100:,.2f}"
