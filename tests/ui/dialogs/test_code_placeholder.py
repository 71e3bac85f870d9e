"""Issue 30, item 4: the code field's placeholder shows the book's own format, the next free code."""
from __future__ import annotations

from domain.codes import next_code
from tests.ui.books import add_customers, numbered_customers
from ui.dialogs.master import MasterForm


def test_the_next_code_follows_the_books_numbering():
    assert next_code(["C0001", "C0002", "C0450"], "X") == "C0451"
    assert next_code(["A001", "A002", "SPECIAL", "B7"], "X") == "A003"
    assert next_code([], "C0001") == "C0001"


def test_a_new_customer_shows_the_next_code_of_the_book(qtbot, ctx, book):
    add_customers(book, numbered_customers(12))
    form = MasterForm(ctx, "customer", None)
    qtbot.addWidget(form)
    assert form.fields["code"].placeholderText() == "如 C0013"


def test_an_empty_book_shows_a_four_digit_code(qtbot, ctx):
    for kind, example in (("customer", "如 C0001"), ("supplier", "如 S0001"), ("item", "如 A0001")):
        form = MasterForm(ctx, kind, None)
        qtbot.addWidget(form)
        assert form.fields["code"].placeholderText() == example
