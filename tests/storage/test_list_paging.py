"""Issue 32: a list sorted by any column and read page by page (keyset on the sort and the id) gives
every row exactly once, in the order of one query over them all — on both engines, blanks and ties
included (many vouchers share a date, a status, an empty reviewer; a first-level account has no
上级科目, the outer join leaving it blank)."""
from __future__ import annotations

import pytest

from storage.queries.lists import LISTS, ListQuery


@pytest.mark.parametrize("name", ["vouchers", "sales_order", "outbound", "invoice", "accounts"])
def test_pages_after_any_sort_are_the_whole_list_once_in_order(worked_book, zf, name):
    book = worked_book()
    zf.docs(book, *zf.WORKED_DOCUMENTS)
    spec = LISTS[name]
    for column in range(len(spec.columns)):
        for descending in (False, True):
            q = ListQuery(sort=column, descending=descending)
            whole, _ = spec.page(book, q, None, 10_000)
            paged, after = [], None
            while True:
                rows, after = spec.page(book, q, after, 2)
                paged += rows
                if len(rows) < 2:
                    break
            assert paged == whole, (spec.columns[column].title, descending)
            assert len({r[-1] for r in paged}) == len(paged) == spec.count(book, q)
    assert spec.count(book) > 0
