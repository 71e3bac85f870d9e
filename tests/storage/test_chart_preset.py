"""Checks on the 小企业会计准则 chart-of-accounts preset (resources/charts/small.toml)."""

import tomllib
from pathlib import Path

import pytest

CHART_PATH = Path(__file__).parents[2] / "resources/charts/small.toml"

CATEGORIES = {"asset", "liability", "equity", "cost", "profit_loss"}
SIDES = {"debit", "credit"}
AUX_KINDS = {"customer", "supplier", "item"}
ALLOWED_KEYS = {"code", "name", "side", "category", "parent", "aux", "taxpayer"}

REQUIRED_FIRST_LEVEL = (
    "1001 1002 1122 1123 1221 1403 1405 1601 1602 2202 2203 2211 2221 2241 "
    "3001 3103 3104 5001 5051 5401 5403 5601 5602 5603 5711 5801"
).split()

# code -> (name, parent, side)
EXPECTED_SUBACCOUNTS = {
    "220201": ("应付货款", "2202", "credit"),
    "220202": ("暂估应付", "2202", "credit"),
    "222101": ("应交增值税", "2221", "credit"),
    "22210101": ("进项税额", "222101", "debit"),
    "22210102": ("销项税额", "222101", "credit"),
    "22210103": ("已交税金", "222101", "debit"),
    "222102": ("未交增值税", "2221", "credit"),
    "222103": ("待转销项税额", "2221", "credit"),
    # 财会〔2016〕22号 columns, surcharges and income taxes, 5403's taxes (ACCOUNTING.md, Taxes)
    "22210104": ("转出未交增值税", "222101", "debit"),
    "22210105": ("进项税额转出", "222101", "credit"),
    "22210106": ("转出多交增值税", "222101", "credit"),
    "22210107": ("减免税款", "222101", "debit"),
    "222104": ("应交城市维护建设税", "2221", "credit"),
    "222105": ("应交教育费附加", "2221", "credit"),
    "222106": ("应交地方教育附加", "2221", "credit"),
    "222107": ("应交企业所得税", "2221", "credit"),
    "222108": ("应交个人所得税", "2221", "credit"),
    "540301": ("消费税", "5403", "debit"),
    "540302": ("城市维护建设税", "5403", "debit"),
    "540303": ("教育费附加", "5403", "debit"),
    "540304": ("地方教育附加", "5403", "debit"),
    "540305": ("印花税", "5403", "debit"),
    "540306": ("房产税、城镇土地使用税、车船税", "5403", "debit"),
    "540307": ("资源税", "5403", "debit"),
    "540308": ("土地增值税", "5403", "debit"),
    "310401": ("未分配利润", "3104", "credit"),
}

EXPECTED_AUX = {
    "1122": "customer",
    "2203": "customer",
    "1123": "supplier",
    "220201": "supplier",
    "220202": "supplier",
    "1405": "item",
    "1406": "item",  # 发出商品, revenue at invoice (version 2)
}


@pytest.fixture(scope="module")
def chart() -> dict:
    with CHART_PATH.open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def accounts(chart) -> list[dict]:
    return chart["accounts"]


@pytest.fixture(scope="module")
def by_code(accounts) -> dict[str, dict]:
    return {a["code"]: a for a in accounts}


@pytest.fixture(scope="module")
def first_level(accounts) -> list[dict]:
    return [a for a in accounts if "parent" not in a]


@pytest.fixture(scope="module")
def subaccounts(accounts) -> list[dict]:
    return [a for a in accounts if "parent" in a]


def test_header(chart):
    assert chart["standard"] == "small"
    assert chart["title"] == "小企业会计准则"


def test_codes_unique(accounts):
    codes = [a["code"] for a in accounts]
    assert len(codes) == len(set(codes))


def test_every_account_has_required_fields_only(accounts):
    for a in accounts:
        assert {"code", "name", "side", "category"} <= a.keys(), a
        assert a.keys() <= ALLOWED_KEYS, a
        assert isinstance(a["code"], str) and a["code"].isdigit(), a
        assert a["name"].strip(), a


def test_first_level_codes_are_four_digits(first_level):
    for a in first_level:
        assert len(a["code"]) == 4 and a["code"].isdigit(), a


def test_first_level_in_code_order(first_level):
    codes = [a["code"] for a in first_level]
    assert codes == sorted(codes)
    assert codes[0] == "1001"
    assert codes[-1] == "5801"


def test_subaccount_codes_extend_parent(by_code, subaccounts):
    for a in subaccounts:
        parent = a["parent"]
        assert parent in by_code, a
        assert a["code"].startswith(parent), a
        assert len(a["code"]) == len(parent) + 2, a
        assert by_code[parent]["category"] == a["category"], a


def test_subaccounts_follow_their_parent(accounts):
    """Each sub-account sits after its parent, before the next unrelated first-level account."""
    codes = [a["code"] for a in accounts]
    for i, a in enumerate(accounts):
        if "parent" in a:
            parent_idx = codes.index(a["parent"])
            assert parent_idx < i, a
            assert all(c.startswith(a["parent"]) for c in codes[parent_idx : i + 1]), a


def test_required_first_level_present(first_level):
    codes = {a["code"] for a in first_level}
    missing = [c for c in REQUIRED_FIRST_LEVEL if c not in codes]
    assert not missing


def test_subaccounts_exactly_as_listed(subaccounts):
    got = {a["code"]: (a["name"], a["parent"], a["side"]) for a in subaccounts}
    assert got == EXPECTED_SUBACCOUNTS


def test_aux_exactly_as_listed(accounts):
    got = {a["code"]: a["aux"] for a in accounts if "aux" in a}
    assert got == EXPECTED_AUX


def test_parent_2202_has_no_aux(by_code):
    assert "aux" not in by_code["2202"]


def test_known_sides(by_code):
    assert by_code["1602"]["side"] == "credit"
    assert by_code["5001"]["side"] == "credit"
    assert by_code["5401"]["side"] == "debit"
    assert by_code["3104"]["side"] == "credit"


def test_only_known_values(accounts):
    for a in accounts:
        assert a["category"] in CATEGORIES, a
        assert a["side"] in SIDES, a
        if "aux" in a:
            assert a["aux"] in AUX_KINDS, a


def test_category_matches_code_class(first_level):
    by_digit = {"1": "asset", "2": "liability", "3": "equity", "4": "cost", "5": "profit_loss"}
    for a in first_level:
        assert a["category"] == by_digit[a["code"][0]], a


def test_a_small_scale_book_keeps_222101_as_one_leaf(book_target):
    """小规模纳税人 have no 应交增值税 columns (财会〔2016〕22号 applies them to general taxpayers)."""
    from sqlalchemy import select

    from storage.models import Account
    from usecases.setup import init_book

    small = init_book(book_target("s.sqlite"), "小公司", "2026-11", taxpayer="small")
    general = init_book(book_target("g.sqlite"), "大公司", "2026-11")
    try:
        leaf = small.session.scalar(select(Account.is_leaf).where(Account.code == "222101"))
        columns = small.session.scalars(select(Account.code).where(Account.code.like("222101__"))).all()
        assert leaf is True and columns == []
        assert general.session.scalar(select(Account.is_leaf).where(Account.code == "222101")) is False
    finally:
        small.close()
        general.close()
