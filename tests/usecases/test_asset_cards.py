"""Invariant 17: each fixed-asset card ties to 1601/1602 on its own. Two cards wrong by opposite
amounts keep the totals (invariant 8) right; the per-card check still names both."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import select, update

from interchange.importer import import_data
from storage.models import Depreciation, Document, FixedAsset
from storage.queries.assets import register_findings
from storage.queries.checks import run_checks
from tests.usecases.test_fixed_assets_close import ASSETS, MASTER, F, close
from usecases.setup import init_book

CARDS = "17 each fixed-asset card ties to 1601/1602"


@pytest.fixture
def book(book_target):
    b = init_book(book_target(), "测试公司", "2026-11", user="会计")
    import_data(b, MASTER)
    import_data(b, {"format": F, "documents": ASSETS})
    b.user = "主管"
    close(b, "2026-11")
    close(b, "2026-12")  # December: FA-1 1,357.14, FA-2 570.00
    yield b
    b.close()


def card(book, no):
    return book.session.scalar(select(FixedAsset.id).join(Document, Document.id == FixedAsset.doc_id)
                               .where(Document.no == no))


def test_a_sound_register_passes_card_by_card(book):
    assert run_checks(book)[CARDS] == []


def test_depreciation_moved_between_cards_beyond_a_cards_bounds_is_found(book):
    one, two = card(book, "FA-1"), card(book, "FA-2")
    book.session.execute(update(Depreciation).where(Depreciation.asset_id == one).values(amount=D("-100.00")))
    book.session.execute(update(Depreciation).where(Depreciation.asset_id == two).values(amount=D("2027.14")))
    book.session.commit()
    assert register_findings(book) == []  # the totals still tie, and the voucher's 1602 still equals its cards
    assert run_checks(book)[CARDS] == ["固定资产 FA-1: 累计折旧 -100.00 不在 0.00 与可折旧额 9500.00 之间"]


def test_a_voucher_crediting_1602_with_other_than_its_cards_is_found(book):
    book.session.execute(update(Depreciation).where(Depreciation.asset_id == card(book, "FA-2"))
                         .values(amount=D("571.00")))
    book.session.commit()
    assert any("贷记 1602 1927.14，卡片折旧记录合计 1928.14" in f for f in run_checks(book)[CARDS])


def test_costs_swapped_between_cards_are_found(book):
    one, two = card(book, "FA-1"), card(book, "FA-2")
    book.session.execute(update(FixedAsset).where(FixedAsset.id == one).values(cost=D("36000.00")))
    book.session.execute(update(FixedAsset).where(FixedAsset.id == two).values(cost=D("10000.00")))
    book.session.commit()
    assert not any("原值" in f for f in register_findings(book))  # Σ cost unchanged
    found = run_checks(book)[CARDS]
    assert any(f.startswith("固定资产 FA-1: 卡片原值 36000.00") for f in found)
    assert any(f.startswith("固定资产 FA-2: 卡片原值 10000.00") for f in found)


def test_a_depreciation_month_left_on_a_reversed_voucher_is_found(book):
    from usecases.closing import reopen_period
    one = card(book, "FA-1")
    december = book.session.scalar(select(Depreciation.voucher_id).where(Depreciation.period == "2026-12"))
    reopen_period(book, "2026-12", "补录")  # reverses the 计提折旧 voucher and forgets its months
    assert run_checks(book)[CARDS] == []
    book.session.add(Depreciation(asset_id=one, period="2026-12", amount=D("1357.14"), voucher_id=december))
    book.session.commit()
    assert "固定资产 FA-1 2026-12: 折旧记录所指凭证已被冲销" in run_checks(book)[CARDS]


def test_a_disposal_that_takes_the_wrong_cost_is_found(book):
    from interchange.importer import import_data as imp
    book.user = "会计"
    imp(book, {"format": F, "documents": [{"type": "asset_disposal", "no": "FD-1", "date": "2027-01-10",
                                          "asset": "FA-1", "proceeds": "5000.00", "account": "100201"}]})
    assert run_checks(book)[CARDS] == []
    book.session.execute(update(FixedAsset).where(FixedAsset.id == card(book, "FA-1")).values(cost=D("9999.00")))
    book.session.commit()
    found = run_checks(book)[CARDS]
    assert any("处置凭证转出 1601 10000.00" in f for f in found)
