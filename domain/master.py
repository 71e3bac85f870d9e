"""Master data and its validation: customers, suppliers, items, warehouses, bank accounts, accounts.

Each `parse_*` takes a row as it comes from JSON or a sheet and returns a value object, or raises
Rejected listing every bad field (the caller adds the row's place).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from domain.credit_code import credit_code_problem, normalise_credit_code
from domain.errors import Problem, Rejected, shown
from domain.messages import Message
from domain.money import parse_amount, parse_price, parse_rate

# 0, 0.5%, 1%, 1.5%, 3%, 5%, 6%, 9%, 13%: the rates in force; a book may configure its own list.
DEFAULT_VAT_RATES = tuple(Decimal(r) for r in ("0", "0.005", "0.01", "0.015", "0.03", "0.05", "0.06", "0.09", "0.13"))
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$")
AUX_KINDS = ("customer", "supplier", "item")
T = TypeVar("T")


@dataclass(frozen=True)
class CustomerData:
    code: str
    name: str
    tax_id: str | None = None
    credit_limit: Decimal | None = None
    payment_days: int = 30
    contact: str | None = None
    phone: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class SupplierData:
    code: str
    name: str
    tax_id: str | None = None
    payment_days: int = 30
    contact: str | None = None
    phone: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class ItemData:
    code: str
    name: str
    unit: str
    tax_rate: Decimal
    price: Decimal | None = None
    spec: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class WarehouseData:
    code: str
    name: str


@dataclass(frozen=True)
class BankAccountData:
    code: str
    name: str
    account: str
    bank_name: str | None = None
    number: str | None = None


@dataclass(frozen=True)
class AccountData:
    code: str
    name: str
    parent: str
    aux: str | None = None


class _Fields:
    """Reads fields of one row, collecting problems instead of stopping at the first."""

    def __init__(self, row: Any, known: set[str]):
        self.problems: list[Problem] = []
        self.row: dict[str, Any] = row if isinstance(row, dict) else {}
        if not isinstance(row, dict):
            self.problems.append(Problem("", Message("must_be_object")))
        for key in self.row:
            if key not in known:
                self.problems.append(Problem("", Message("not_known_field", name=shown(key))))

    def fail(self, field: str, message: str) -> None:
        self.problems.append(Problem(f"field {field!r}", message))

    def text(self, field: str, *, required: bool = False, max_len: int = 200) -> str | None:
        value = self.row.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(field, Message("is_required"))
            return None
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.fail(field, Message("must_be_text"))
            return None
        value = str(value).strip()
        if len(value) > max_len:
            self.fail(field, Message("too_long", max=max_len))
        return value

    def code(self, field: str = "code") -> str:
        value = self.text(field, required=True, max_len=32)
        if value is not None and not CODE.match(value):
            self.fail(field, Message("bad_code_chars", value=shown(value)))
        return value or ""

    def parsed(self, field: str, parse: Callable[[Any], T], *, required: bool = False) -> T | None:
        value = self.row.get(field)
        if value is None or value == "":
            if required:
                self.fail(field, Message("is_required"))
            return None
        try:
            return parse(value)
        except ValueError as e:
            self.fail(field, e.args[0] if e.args and isinstance(e.args[0], str) else str(e))
            return None

    def whole_number(self, field: str, default: int, lo: int, hi: int) -> int:
        value = self.row.get(field, default)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            self.fail(field, Message("whole_number_range", lo=lo, hi=hi))
            return default
        return value

    def done(self) -> None:
        if self.problems:
            raise Rejected(self.problems)


def _tax_id(f: _Fields) -> str | None:
    tax_id = f.text("tax_id", max_len=40)
    if tax_id is not None:
        tax_id = normalise_credit_code(tax_id)
        problem = credit_code_problem(tax_id)
        if problem:
            f.fail("tax_id", Message("credit_code_of", code=tax_id, problem=problem))
    return tax_id


def parse_customer(row: Any) -> CustomerData:
    f = _Fields(row, {"code", "name", "tax_id", "credit_limit", "payment_days", "contact", "phone", "address"})
    data = CustomerData(
        code=f.code(), name=f.text("name", required=True) or "", tax_id=_tax_id(f),
        credit_limit=f.parsed("credit_limit", parse_amount), payment_days=f.whole_number("payment_days", 30, 0, 3650),
        contact=f.text("contact", max_len=100), phone=f.text("phone", max_len=50), address=f.text("address", max_len=300))
    f.done()
    return data


def parse_supplier(row: Any) -> SupplierData:
    f = _Fields(row, {"code", "name", "tax_id", "payment_days", "contact", "phone", "address"})
    data = SupplierData(
        code=f.code(), name=f.text("name", required=True) or "", tax_id=_tax_id(f),
        payment_days=f.whole_number("payment_days", 30, 0, 3650), contact=f.text("contact", max_len=100),
        phone=f.text("phone", max_len=50), address=f.text("address", max_len=300))
    f.done()
    return data


def parse_item(row: Any, vat_rates: tuple[Decimal, ...] = DEFAULT_VAT_RATES) -> ItemData:
    f = _Fields(row, {"code", "name", "unit", "tax_rate", "price", "spec", "category"})
    rate = f.parsed("tax_rate", parse_rate, required=True)
    if rate is not None and rate not in vat_rates:
        allowed = "、".join(f"{(r * 100).normalize():f}%" for r in vat_rates)
        f.fail("tax_rate", Message("vat_rate_not_in_force", rate=f"{(rate * 100).normalize():f}%", allowed=allowed))
    data = ItemData(code=f.code(), name=f.text("name", required=True) or "", unit=f.text("unit", required=True, max_len=16) or "",
                    tax_rate=rate if rate is not None else Decimal(0), price=f.parsed("price", parse_price),
                    spec=f.text("spec", max_len=100), category=f.text("category", max_len=40))
    f.done()
    return data


def parse_warehouse(row: Any) -> WarehouseData:
    f = _Fields(row, {"code", "name"})
    data = WarehouseData(code=f.code(), name=f.text("name", required=True, max_len=100) or "")
    f.done()
    return data


def parse_bank_account(row: Any) -> BankAccountData:
    f = _Fields(row, {"code", "name", "account", "bank_name", "number"})
    number = f.text("number", max_len=40)
    data = BankAccountData(code=f.code(), name=f.text("name", required=True, max_len=100) or "",
                           account=f.text("account", required=True, max_len=32) or "",
                           bank_name=f.text("bank_name", max_len=100), number=number)
    f.done()
    return data


def parse_account(row: Any) -> AccountData:
    f = _Fields(row, {"code", "name", "parent", "aux"})
    code = f.text("code", required=True, max_len=32) or ""
    parent = f.text("parent", required=True, max_len=32) or ""
    if code and not code.isdigit():
        f.fail("code", Message("must_be_digits", value=shown(code)))
    elif code and parent and not (code.startswith(parent) and len(code) == len(parent) + 2):
        f.fail("code", Message("sub_account_code", parent=parent, value=shown(code)))
    aux = f.text("aux", max_len=16)
    if aux is not None and aux not in AUX_KINDS:
        f.fail("aux", Message("not_one_of", value=shown(aux), choices="、".join(AUX_KINDS)))
    data = AccountData(code=code, name=f.text("name", required=True, max_len=100) or "", parent=parent, aux=aux)
    f.done()
    return data
