"""Fixed assets across a year: acquisition, monthly straight-line depreciation at every close, a
disposal through 1606, and the register tying to 1601 − 1602 — figures computed by hand."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import update

from domain.errors import Rejected
from interchange.importer import import_data
from reports.trial_balance import trial_balance
from reports.vouchers import journal
from storage.models import Depreciation
from storage.queries.assets import register, register_findings
from storage.queries.checks import run_checks
from usecases.closing import close_period, reopen_period
from usecases.setup import init_book

F = "zhangfang-interchange/1"
MASTER = {"format": F, "accounts": [{"code": "100201", "name": "工商银行基本户", "parent": "1002"}],
          "suppliers": [{"code": "S1", "name": "苏州精工部件厂"}],
          "opening_balances": {"date": "2026-10-31", "lines": [{"account": "100201", "debit": "500000.00"},
                                                                {"account": "3001", "credit": "500000.00"}]}}
# FA-1: 10,000.00, residual 5%, 7 months → 9,500.00 / 7 = 1,357.14 a month, the 7th takes 1,357.16
# FA-2: 36,000.00, residual 5%, 60 months → 34,200.00 / 60 = 570.00 a month
ASSETS = [
    {"type": "fixed_asset", "no": "FA-1", "date": "2026-11-10", "name": "服务器", "category": "电子设备",
     "cost": "10000.00", "tax": "1300.00", "life_months": 7, "residual_rate": "0.05",
     "expense_account": "5602", "account": "100201"},
    {"type": "fixed_asset", "no": "FA-2", "date": "2026-11-20", "name": "货车", "category": "运输工具",
     "cost": "36000.00", "tax": "4680.00", "life_months": 60, "residual_rate": "0.05",
     "expense_account": "5601", "account": "220201", "supplier": "S1"},
]


def months(first, last):
    out, (y, m) = [], map(int, first.split("-"))
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def depreciation(book, period):
    """The 计提折旧 voucher of a month as (account, debit, credit), or None."""
    v = next((v for v in journal(book, period, period)
              if "计提折旧" in v["summary"] and not v["summary"].startswith("冲销")), None)
    return [(ln["account"], D(ln["debit"]), D(ln["credit"])) for ln in v["lines"]] if v else None


def sums(v):
    out = {}
    for ln in v["lines"]:
        d, c = out.get(ln["account"], (D(0), D(0)))
        out[ln["account"]] = (d + D(ln["debit"]), c + D(ln["credit"]))
    return out


def tb_closing(book, period, code):
    row = next((r for r in trial_balance(book, period, period)["rows"] if r["code"] == code), None)
    return (row["closing_debit"], row["closing_credit"]) if row else (D("0.00"), D("0.00"))


@pytest.fixture
def book(book_target):
    b = init_book(book_target(), "测试公司", "2026-11", user="会计")
    import_data(b, MASTER)
    import_data(b, {"format": F, "documents": ASSETS})
    b.user = "主管"  # posts and closes; the documents were prepared by 会计
    yield b
    b.close()


def close(book, period):
    from usecases.vouchers import post_period
    post_period(book, period)
    close_period(book, period)


def test_acquisition_vouchers(book):
    fa1, fa2 = (next(v for v in journal(book, "2026-11", "2026-11") if v["source"]["no"] == no)
                for no in ("FA-1", "FA-2"))
    assert sums(fa1) == {"1601": (D("10000.00"), D("0.00")), "22210101": (D("1300.00"), D("0.00")),
                         "100201": (D("0.00"), D("11300.00"))}
    assert sums(fa2)["220201"] == (D("0.00"), D("40680.00"))
    assert {k: v for k, v in run_checks(book).items() if v} == {}  # the payable is S1's open item


def test_depreciation_across_a_year_with_a_disposal(book):
    close(book, "2026-11")
    assert depreciation(book, "2026-11") is None  # 当月增加的固定资产当月不提折旧
    for p in months("2026-12", "2027-05"):
        close(book, p)
        assert depreciation(book, p) == [("5602", D("1357.14"), D("0.00")), ("1602", D("0.00"), D("1927.14")),
                                         ("5601", D("570.00"), D("0.00"))], p
    # December closed the year: 3103 empty, the year's loss 2 × 0 + 1,927.14 in 310401
    assert tb_closing(book, "2026-12", "3103") == (D("0.00"), D("0.00"))
    assert tb_closing(book, "2026-12", "310401") == (D("1927.14"), D("0.00"))
    # FA-2 sold on 2027-06-15 for 30,000.00: June still charged (当月减少当月照提) on the disposal voucher;
    # accumulated 6 × 570.00 = 3,420.00, net 36,000.00 − 3,420.00 − 570.00 = 32,010.00, loss 2,010.00
    book.user = "会计"
    import_data(book, {"format": F, "documents": [{"type": "asset_disposal", "no": "FD-1", "date": "2027-06-15",
                                                   "asset": "FA-2", "proceeds": "30000.00", "account": "100201"}]})
    book.user = "主管"
    fd = next(v for v in journal(book, "2027-06", "2027-06") if v["source"]["no"] == "FD-1")
    assert sums(fd) == {"5601": (D("570.00"), D("0.00")), "1602": (D("3420.00"), D("0.00")),
                        "1606": (D("32010.00"), D("32010.00")), "1601": (D("0.00"), D("36000.00")),
                        "100201": (D("30000.00"), D("0.00")), "5711": (D("2010.00"), D("0.00"))}
    close(book, "2027-06")
    assert depreciation(book, "2027-06") == [("5602", D("1357.16"), D("0.00")), ("1602", D("0.00"), D("1357.16"))]
    close(book, "2027-07")
    assert depreciation(book, "2027-07") is None  # FA-1 is at its residual value
    rows = register(book)
    assert [(r.no, r.cost, r.accumulated, r.net) for r in rows] == [("FA-1", D("10000.00"), D("9500.00"),
                                                                    D("500.00"))]
    assert tb_closing(book, "2027-07", "1601") == (D("10000.00"), D("0.00"))
    assert tb_closing(book, "2027-07", "1602") == (D("0.00"), D("9500.00"))
    assert tb_closing(book, "2027-07", "1606") == (D("0.00"), D("0.00"))
    assert {k: v for k, v in run_checks(book).items() if v} == {}


def test_reopen_takes_the_months_depreciation_back(book):
    close(book, "2026-11")
    close(book, "2026-12")
    reopen_period(book, "2026-12", "折旧年限录错")
    assert [(r.no, r.accumulated) for r in register(book)] == [("FA-1", D("0.00")), ("FA-2", D("0.00"))]
    assert tb_closing(book, "2026-12", "1602") == (D("0.00"), D("0.00"))
    close_period(book, "2026-12")
    assert [(r.no, r.accumulated) for r in register(book)] == [("FA-1", D("1357.14")), ("FA-2", D("570.00"))]


def test_the_register_must_tie_to_1601_less_1602(book):
    close(book, "2026-11")
    close(book, "2026-12")
    assert register_findings(book) == []
    book.session.execute(update(Depreciation).values(amount=D("1.00")))
    book.session.commit()
    assert register_findings(book) == [
        "fixed assets: 1602 is 1927.14 but the register's accumulated depreciation is 2.00"]


def test_bad_asset_documents_are_refused_by_field(book):
    bad = dict(ASSETS[0], no="FA-9", life_months=0, expense_account="1002", account="220201", cost="-1")
    with pytest.raises(Rejected) as refused:
        import_data(book, {"format": F, "documents": [bad]})
    text = str(refused.value)
    for part in ("field 'cost'", "field 'life_months'", "field 'expense_account': account 1002",
                 "field 'supplier': is required"):
        assert part in text
    with pytest.raises(Rejected, match="fixed asset FA-7 does not exist"):
        import_data(book, {"format": F, "documents": [{"type": "asset_disposal", "no": "FD-9", "date": "2026-11-30",
                                                       "asset": "FA-7"}]})


def test_a_book_made_before_fixed_assets_is_told_so(book):
    old = book.settings["posting_templates"].split("# 固定资产")[0]
    with book.unit():
        book.set_setting("posting_templates", old)
    book.forget()
    with pytest.raises(Rejected, match="have no 'fixed_asset' event; it was created before fixed assets"):
        import_data(book, {"format": F, "documents": [dict(ASSETS[0], no="FA-3")]})
