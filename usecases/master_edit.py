"""Editing and deactivating master data from the window, with the importer's validation (domain.master)."""
from __future__ import annotations

from dataclasses import asdict

from domain.errors import Conflict, Rejected, refuse
from domain.master import (
    AccountData,
    BankAccountData,
    CustomerData,
    ItemData,
    SupplierData,
    WarehouseData,
    parse_account,
    parse_bank_account,
    parse_customer,
    parse_item,
    parse_supplier,
    parse_warehouse,
)
from domain.messages import Message
from domain.messages import label as label_of
from storage.book import Book
from storage.models import Account, AuditLog, BankAccount, Customer, Item, Supplier, Warehouse
from storage.oplog import append
from usecases import master
from usecases.access import requires
from usecases.results import Saved

KINDS = {"customer": (Customer, parse_customer, master.add_customer, "客户"),
         "supplier": (Supplier, parse_supplier, master.add_supplier, "供应商"),
         "item": (Item, parse_item, master.add_item, "商品"),
         "warehouse": (Warehouse, parse_warehouse, master.add_warehouse, "仓库"),
         # added here, changed only by their own rules (a used account keeps its place in the chart)
         "bank_account": (BankAccount, parse_bank_account, master.add_bank_account, "银行账户"),
         "account": (Account, parse_account, master.add_account, "会计科目")}
ADD_ONLY = ("bank_account", "account")
MasterData = CustomerData | SupplierData | ItemData | WarehouseData | BankAccountData | AccountData


def read_master(book: Book, kind: str, row: dict) -> MasterData:
    """A master-data form's fields as the typed record the importer reads too (domain.master)."""
    parse = KINDS[kind][1]
    return parse(row, book.vat_rates) if kind == "item" else parse(row)


def snapshot(book: Book, kind: str, row_id: int, fields: tuple[str, ...]) -> dict[str, object] | None:
    """The row's fields as stored now (never a copy the session held from earlier), for a form to
    show and to hand back to save_master as what it read."""
    obj = book.session.get(KINDS[kind][0], row_id, populate_existing=True)
    return None if obj is None else {k: getattr(obj, k) for k in fields if hasattr(obj, k)}


@requires("master")
def save_master(book: Book, kind: str, data: MasterData, row_id: int | None = None,
                read: dict[str, object] | None = None) -> Saved[MasterData]:
    """Add (row_id None) or change one customer, supplier, item or warehouse. The code of an
    existing row stays: documents and imports name it. `read`: the fields as the person saw them
    (snapshot); when the stored row differs, someone else changed it meanwhile and the save is
    refused (Conflict) rather than overwrite their change."""
    model, _parse, add, label = KINDS[kind]
    if row_id is None:
        return add(book, data)
    if kind in ADD_ONLY:
        raise Rejected(Message("add_only", what=kind))
    with book.unit():
        obj = book.session.get(model, row_id, populate_existing=True)  # as stored, under the write lock
        if obj is None:
            raise Rejected(Message("record_missing", what=kind, id=row_id))
        changed = [k for k, v in (read or {}).items() if getattr(obj, k) != v]
        if changed:
            raise Conflict(Message("changed_by_other", what=kind, code=obj.code, fields="、".join(map(label_of, changed))))
        if data.code != obj.code:
            raise refuse("code_fixed", field="code", code=obj.code)
        before = {k: getattr(obj, k) for k in asdict(data)}
        for key, value in asdict(data).items():
            setattr(obj, key, value)
        changed = [k for k, v in asdict(data).items() if before[k] != v]
        if changed:
            append(book, "master", record=f"{kind} {obj.code}", before={k: before[k] for k in changed},
                   after={k: getattr(obj, k) for k in changed})
        book.session.flush()
        return Saved(obj.id, data)


@requires("master")
def set_active(book: Book, kind: str, row_id: int, active: bool) -> None:
    """停用/启用: a deactivated row stays in history but new documents cannot name it."""
    model = KINDS[kind][0]
    with book.unit():
        obj = book.session.get(model, row_id)
        if obj is None:
            raise Rejected(Message("record_missing", what=kind, id=row_id))
        obj.active = active
        book.session.add(AuditLog(at=__import__("datetime").datetime.now(), user=book.user,
                                  action="activate" if active else "deactivate", detail=f"{kind} {obj.code}",
                                  record=f"{kind} {obj.code}"))
