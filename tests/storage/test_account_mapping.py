"""Revenue and cost by item category: 5001/5401 split into sub-accounts only with a mapping that
sends each posting to a leaf (ACCOUNTING.md, "The chart the user changes"; INTERCHANGE.md
`account_mapping`, items' `category`)."""
from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from domain.errors import Rejected
from interchange.importer import import_data
from reports.income_statement import income_statement

FORMAT = "zhangfang-interchange/1"
SPLIT = {
    "format": FORMAT,
    "accounts": [{"code": "500101", "name": "电机收入", "parent": "5001"},
                 {"code": "500102", "name": "配件收入", "parent": "5001"},
                 {"code": "540101", "name": "电机成本", "parent": "5401"},
                 {"code": "540102", "name": "配件成本", "parent": "5401"}],
    "account_mapping": [{"category": "电机", "revenue": "500101", "cost": "540101"},
                        {"category": "配件", "revenue": "500102", "cost": "540102"}],
}


def _book(new_book, zf):
    master = copy.deepcopy(zf.MASTER)
    cats = {"A001": "电机", "B002": "配件", "C003": "配件", "D004": "配件"}
    for item in master["items"]:
        item["category"] = cats[item["code"]]
    book = new_book(master=None)
    import_data(book, {**SPLIT, **master, "accounts": SPLIT["accounts"] + master["accounts"]})
    return book


def test_each_sale_posts_revenue_and_cost_to_its_categorys_leaves(new_book, zf):
    book = _book(new_book, zf)
    zf.docs(book, {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C001",
                   "lines": [{"item": "A001", "qty": "2", "price": "1130.00"},
                             {"item": "B002", "qty": "10", "price": "10.90"}]},
            {"type": "outbound", "no": "OUT-1", "date": "2026-11-03", "order": "SO-1", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "2"}, {"item": "B002", "qty": "10"}]})
    postings = zf.postings(zf.voucher_of(book, "outbound", "OUT-1"))
    # 2 × 1130.00 = 2260.00: net 2000.00; 10 × 10.90 = 109.00 at 9 %: net 100.00; costs 600.00 and 5.00 each
    assert {"Cr 500101 2000.00", "Cr 500102 100.00", "Dr 540101 1200.00", "Dr 540102 50.00"} <= set(postings)
    assert not any(" 5001 " in p or " 5401 " in p for p in postings)
    month = {r.row: r.values[1] for r in income_statement(book, "2026-11", "2026-11")["rows"]}
    assert month[1] == Decimal("2100.00")  # 营业收入 reads the sub-accounts
    assert month[2] == Decimal("1250.00")  # 营业成本
    zf.assert_books_tie(book)


def test_the_mapping_is_kept_with_the_book_and_a_later_import_uses_it(new_book, zf):
    book = _book(new_book, zf)
    import_data(book, {"format": FORMAT, "items": [{"code": "M9", "name": "步进电机", "unit": "台",
                                                     "tax_rate": "0.13", "category": "电机"}]})
    assert book.settings["account_mapping"].count("500101") == 1


def test_a_sub_account_under_5001_without_a_mapping_is_refused_naming_the_template(new_book):
    book = new_book()
    with pytest.raises(Rejected, match="5001 .*被记账模板"):
        import_data(book, {"format": FORMAT, "accounts": [{"code": "500101", "name": "电机收入", "parent": "5001"}]})
    assert "500101" not in book.accounts


def test_an_item_whose_category_has_no_account_is_refused_and_nothing_is_kept(new_book, zf):
    book = new_book(master=None)
    data = {**copy.deepcopy(SPLIT), "items": [{"code": "X1", "name": "杂项", "unit": "个", "tax_rate": "0.13"}]}
    with pytest.raises(Rejected) as e:
        import_data(book, data)
    assert "item X1: category (none) has no revenue account under 5001 in the account mapping" in str(e.value)
    book.refresh()
    assert "500101" not in book.accounts and "account_mapping" not in book.settings


@pytest.mark.parametrize("row, message", [
    ({"category": "电机", "revenue": "5001"}, "field 'revenue': 5001 has sub-accounts; map to a leaf"),
    ({"category": "电机", "revenue": "540101"}, "field 'revenue': '540101' is not an account under 5001"),
    ({"category": "电机", "cost": "9999"}, "field 'cost': '9999' is not an account under 5401"),
    ({"category": "", "revenue": "500101"}, "field 'category': is required"),
    ({"category": "电机", "revenu": "500101"}, "field 'revenu': is not known"),
])
def test_bad_mapping_rows_are_refused_by_field(new_book, row, message):
    book = new_book(master=None)
    data = copy.deepcopy(SPLIT)
    data["account_mapping"].append(row)
    with pytest.raises(Rejected) as e:
        import_data(book, data)
    assert message in str(e.value)


def test_a_return_after_a_re_map_reverses_into_the_accounts_the_sale_went_to(new_book, zf):
    """Issue 27: 电机 re-mapped to new sub-accounts after OUT-1; returning OUT-1's goods takes the revenue
    and cost back out of 500101/540101, where they are, not out of the new 500103/540103."""
    book = _book(new_book, zf)
    zf.docs(book, {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C001",
                   "lines": [{"item": "A001", "qty": "3", "price": "1130.00"}]},
            {"type": "outbound", "no": "OUT-1", "date": "2026-11-03", "order": "SO-1", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "2"}]})
    import_data(book, {"format": FORMAT, "accounts": [{"code": "500103", "name": "新电机收入", "parent": "5001"},
                                                      {"code": "540103", "name": "新电机成本", "parent": "5401"}],
                       "account_mapping": [{"category": "电机", "revenue": "500103", "cost": "540103"}]})
    zf.docs(book, {"type": "sales_return", "no": "RT-1", "date": "2026-11-04", "outbound": "OUT-1",
                   "warehouse": "W01", "lines": [{"item": "A001", "qty": "1"}]},
            {"type": "outbound", "no": "OUT-2", "date": "2026-11-05", "order": "SO-1", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "1"}]})
    returned = set(zf.postings(zf.voucher_of(book, "sales_return", "RT-1")))
    assert {"Cr 500101 -1000.00", "Dr 540101 -600.00"} <= returned, returned
    shipped = set(zf.postings(zf.voucher_of(book, "outbound", "OUT-2")))
    assert {"Cr 500103 1000.00", "Dr 540103 600.00"} <= shipped, shipped  # new sales follow the new mapping
    zf.assert_books_tie(book)
