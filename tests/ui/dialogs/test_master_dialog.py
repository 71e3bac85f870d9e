"""Master data from the window: the importer's validation beside each field, edits and 停用."""
from __future__ import annotations

from sqlalchemy import select

from storage.models import Customer
from tests.ui.books import add_customers
from ui.dialogs.master import MasterDialog, MasterForm


def test_a_bad_tax_id_and_a_missing_name_show_beside_their_fields(qtbot, ctx, book):
    form = MasterForm(ctx, "customer", None)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.fields["code"], "C010")
    qtbot.keyClicks(form.fields["tax_id"], "123")
    assert not form.save()
    assert form.errors["name"].isVisible()
    assert form.errors["tax_id"].isVisible() and "123" in form.errors["tax_id"].text()
    assert book.session.scalar(select(Customer).where(Customer.code == "C010")) is None


def test_edit_keeps_the_code_and_deactivate_stops_new_documents(qtbot, ctx, book):
    add_customers(book, [{"code": "C001", "name": "华东机电有限公司"}])
    cid = book.session.scalar(select(Customer.id).where(Customer.code == "C001"))
    dialog = MasterDialog(ctx, "customer", cid)
    qtbot.addWidget(dialog)
    assert dialog.form.fields["code"].isReadOnly()
    dialog.form.fields["credit_limit"].setText("50000")
    assert dialog.form.save()
    book.refresh()
    assert str(book.session.get(Customer, cid).credit_limit) == "50000.00"
    again = MasterDialog(ctx, "customer", cid)
    qtbot.addWidget(again)
    again.toggle.click()
    book.refresh()
    assert book.session.get(Customer, cid).active is False
