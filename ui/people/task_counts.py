"""Counts of waiting work beside the pages where it is done (issue 26): the navigation reads
销售出库单（2）, 凭证查询（5）, 银行对账（1）… for the tasks of the acting person's roles (every role
in a book without people). Read from the stored tasks (one grouped query), so it stays cheap on
every change of the book."""
from __future__ import annotations

from sqlalchemy import func, select

from storage.book import Book
from storage.models import Task
from ui.context import AppContext
from ui.navigation import NavigationList

# The page where each kind of task is done (the same pages the inbox opens).
PAGE_OF = {"order_to_ship": "sales_order", "outbound_to_invoice": "outbound", "invoice_to_collect": "receipt",
           "voucher_to_review": "vouchers", "bank_line_to_match": "matching", "period_to_close": "close_wizard"}


def counts_by_page(book: Book) -> dict[str, int]:
    from usecases.access import people
    known = people(book)
    person = known.get(book.user)
    q = select(Task.kind, func.count()).where(Task.done_at.is_(None)).group_by(Task.kind)
    if known:
        q = q.where(Task.role.in_(person.roles if person and not person.disabled else ()))
    out: dict[str, int] = {}
    for kind, n in book.session.execute(q):
        page = PAGE_OF.get(kind)
        if page:
            out[page] = out.get(page, 0) + n
    return out


def attach(ctx: AppContext, nav: NavigationList) -> None:
    """Keep the navigation's counts in step with the book (at start and after every change)."""
    def update() -> None:
        with ctx.book.reading():
            found = counts_by_page(ctx.book)
        for page in set(PAGE_OF.values()):
            nav.set_count(page, found.get(page, 0))
    ctx.changed.connect(update)
    update()
