"""The demo books its documents the way an import does: the interchange shape read into a command,
then handed to its use case — so the demo exercises the same adapter and rules as a real file."""
from __future__ import annotations

from typing import Any

from interchange.importer import post_document
from storage.book import Book


def post(book: Book, doc_type: str, **fields: Any) -> Any:
    return post_document(book, {"type": doc_type, **fields})
