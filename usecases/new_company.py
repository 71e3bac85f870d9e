"""A real company's new book (issue 30): `init`'s use case, then its bank accounts as 1002 sub-accounts
through the importer (`accounts` + `bank_accounts`), the way the product models them — one path, the
same rules as `main.py init` followed by `main.py import`."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from domain.credit_code import ALPHABET, FIRST, LENGTH, normalise_credit_code, with_check_digit
from domain.errors import Problem, Rejected

BANK_PARENT = "1002"
MAX_BANKS = 99  # 100201 … 100299


@dataclass(frozen=True)
class BankAccountLine:
    name: str  # 工商银行基本户
    number: str = ""  # 账号
    bank: str = ""  # 开户行


def credit_code_reason(typed: str) -> str | None:
    """Why a 统一社会信用代码 (GB 32100-2015) is not valid, in Chinese; None when it is."""
    code = normalise_credit_code(typed)
    if len(code) != LENGTH:
        return f"应为 {LENGTH} 位，现为 {len(code)} 位"
    bad = next((c for c in code if c not in ALPHABET), None)
    if bad is not None:
        return f"含不允许的字符“{bad}”（不使用 I、O、Z、S、V）"
    if code[0] not in FIRST:
        return f"第 1 位（登记管理部门码）应为 1–9、A、N 或 Y，不是“{code[0]}”"
    if not code[1:8].isdigit():
        return "第 2–8 位（机构类别码和行政区划码）应为数字"
    expected = with_check_digit(code[:-1])[-1]
    if code[-1] != expected:
        return f"校验码不符：按 GB 32100-2015 第 18 位应为“{expected}”，不是“{code[-1]}”"
    return None


def bank_sections(banks: list[BankAccountLine]) -> dict:
    """The import document's `accounts` and `bank_accounts` for the banks: 100201, 100202 … under 1002,
    each with a bank-account record (code YH01 …: a code of its own, never an account code)."""
    problems: list[Problem] = []
    if len(banks) > MAX_BANKS:
        problems.append(Problem("银行账户", f"最多 {MAX_BANKS} 个"))
    accounts, records = [], []
    for i, bank in enumerate(banks, 1):
        name = bank.name.strip()
        if not name:
            problems.append(Problem(f"银行账户第 {i} 行", "名称必填（如 工商银行基本户）"))
            continue
        code = f"{BANK_PARENT}{i:02d}"
        accounts.append({"code": code, "name": name, "parent": BANK_PARENT})
        record = {"code": f"YH{i:02d}", "name": name, "account": code}
        if bank.bank.strip():
            record["bank_name"] = bank.bank.strip()
        if bank.number.strip():
            record["number"] = bank.number.replace(" ", "").strip()
        records.append(record)
    if problems:
        raise Rejected(problems)
    return {"accounts": accounts, "bank_accounts": records} if accounts else {}


def create_company(target: str | Path, company: str, start: str, *, tax_id: str | None = None,
                   taxpayer: str = "general", filing: str | None = None, location: str = "city",
                   revenue: str = "shipment", banks: list[BankAccountLine] | None = None,
                   user: str | None = None) -> None:
    """Create the book at `target` with its bank accounts, or nothing at all (a refused bank account
    removes the file just made, so the next try starts clean)."""
    from interchange.importer import import_data
    from storage import db
    from usecases.setup import init_book
    sections = bank_sections(list(banks or []))  # refused before any file exists
    if tax_id and credit_code_reason(tax_id):
        raise Rejected(Problem("统一社会信用代码", credit_code_reason(tax_id) or ""))
    existed = db.is_url(str(target)) or Path(target).exists()
    book = init_book(target, company, start, revenue=revenue, user=user, taxpayer=taxpayer, location=location,
                     filing=filing, tax_id=tax_id or None)
    try:
        if sections:
            import_data(book, sections)
    except BaseException:
        book.close()
        if not existed:
            Path(target).unlink(missing_ok=True)
        raise
    book.close()
