"""The new-book wizard's use case (usecases/new_company.py): init, then the banks as 1002 sub-accounts."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from domain.errors import Rejected
from storage.book import Book
from storage.models import Account, BankAccount
from usecases.new_company import BankAccountLine, create_company, credit_code_reason


def test_two_banks_become_100201_and_100202(tmp_path):
    target = tmp_path / "n.sqlite"
    create_company(target, "华东机电", "2026-07", tax_id="91310000MA1K000019", taxpayer="small",
                   banks=[BankAccountLine("工商银行基本户", "6222 0000 1111", "工行张江支行"),
                          BankAccountLine("建设银行一般户")])
    with Book.open(target) as book:
        s = book.session
        assert [(a.code, a.name, a.is_leaf) for a in s.scalars(
            select(Account).where(Account.code.like("1002%")).order_by(Account.code))] == [
            ("1002", "银行存款", False), ("100201", "工商银行基本户", True), ("100202", "建设银行一般户", True)]
        rows = s.execute(select(BankAccount.code, BankAccount.number, Account.code).join(
            Account, Account.id == BankAccount.account_id).order_by(BankAccount.code)).all()
        assert [tuple(r) for r in rows] == [("YH01", "622200001111", "100201"), ("YH02", None, "100202")]
        assert book.settings["filing"] == "quarterly"  # a small-scale taxpayer's default


def test_a_bank_without_a_name_is_refused_before_anything_is_made(tmp_path):
    target = tmp_path / "n.sqlite"
    with pytest.raises(Rejected) as e:
        create_company(target, "华东机电", "2026-07", banks=[BankAccountLine("", "6222")])
    assert "名称必填" in str(e.value)
    assert not target.exists()


@pytest.mark.parametrize(("typed", "reason"), [
    ("91310000MA1K000019", None), ("9131 0000 ma1k 0000 19", None),
    ("91310000MA1K00001", "应为 18 位"), ("91310000MA1K00001I", "不允许的字符"),
    ("B1310000MA1K000019", "登记管理部门码"), ("91310000MA1K000018", "应为“9”")])
def test_credit_code_reasons_are_chinese(typed, reason):
    told = credit_code_reason(typed)
    assert told is None if reason is None else reason in told
