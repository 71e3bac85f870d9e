"""Which date a new document starts with: one rule (domain.periods.default_document_date) for every
form and push-down of the window."""
from __future__ import annotations

import datetime as dt

from domain.periods import default_document_date
from storage.book import Book
from storage.models import Document
from storage.queries.periods import current_period


def new_document_date(book: Book, source_id: int | None = None, today: dt.date | None = None) -> dt.date:
    """The source document's date when pushed down from one, else today, held inside the current period."""
    source = book.session.get(Document, source_id) if source_id is not None else None
    return default_document_date(current_period(book), today or _today(),
                                 source.date if source is not None else None)


def _today() -> dt.date:
    return dt.date.today()  # one place a test can hold the calendar still
