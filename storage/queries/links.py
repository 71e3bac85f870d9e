"""上查/下查: the documents upstream and downstream of a document, and its voucher."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import aliased

from storage.book import Book
from storage.models import Document, DocumentLine, Voucher


@dataclass(frozen=True)
class Link:
    type: str
    no: str
    date: str


def _link(d: Document) -> Link:
    return Link(d.type, d.no, d.date.isoformat())


def upstream(book: Book, doc: Document) -> list[Link]:
    """Documents whose lines this document's lines consume (an outbound → its order), plus the
    document it names (a credit note → its invoice)."""
    src = aliased(DocumentLine)
    q = (select(Document).join(src, src.doc_id == Document.id)
         .join(DocumentLine, DocumentLine.src_line_id == src.id).where(DocumentLine.doc_id == doc.id).distinct())
    found = {d.id: d for d in book.session.scalars(q)}
    if doc.ref_id and doc.ref_id not in found:
        found[doc.ref_id] = book.session.get(Document, doc.ref_id)
    return sorted((_link(d) for d in found.values()), key=lambda x: (x.date, x.no))


def downstream(book: Book, doc: Document) -> list[Link]:
    """Documents that consume this document's lines (an order → its outbounds → their invoices)."""
    src = aliased(DocumentLine)
    q = (select(Document).join(DocumentLine, DocumentLine.doc_id == Document.id)
         .join(src, DocumentLine.src_line_id == src.id).where(src.doc_id == doc.id).distinct())
    found = {d.id: d for d in book.session.scalars(q)}
    for d in book.session.scalars(select(Document).where(Document.ref_id == doc.id)):
        found.setdefault(d.id, d)
    return sorted((_link(d) for d in found.values()), key=lambda x: (x.date, x.no))


def voucher_of(book: Book, doc: Document) -> str | None:
    v = book.session.get(Voucher, doc.voucher_id) if doc.voucher_id else None
    return f"{v.period} {v.word}-{v.number}" if v else None


def document_of(book: Book, voucher: Voucher) -> Link | None:
    d = book.session.get(Document, voucher.source_id) if voucher.source_id else None
    return _link(d) if d else None
