"""Fixed assets (固定资产): acquiring one opens its card; disposing of it goes through 1606."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from domain.close_steps import depreciable, straight_line
from domain.errors import Problem, Rejected
from domain.periods import next_period, period_of, period_start, prev_period
from domain.posting import EventLine
from storage.book import Book
from storage.models import Depreciation, Document, FixedAsset, OpeningBalance, Supplier
from storage.queries.assets import ACCUMULATED, COST
from storage.refs import by_code
from storage.sql import total
from usecases import openitems
from usecases.commands import AssetDisposal
from usecases.commands import FixedAsset as FixedAssetCmd
from usecases.docs import new_document, post_voucher
from usecases.results import document_result

ZERO = Decimal("0.00")
OPENING_MEMO = "opening document"  # as opening documents: in the opening balances, no voucher (check skips it)
EXPENSE_CATEGORIES = ("profit_loss", "cost")  # 管理费用, 销售费用, 制造费用 …


def _most_tax(cost: Decimal) -> Decimal:
    """The largest input VAT an asset of this cost can carry: 13%, the highest rate in force."""
    return (cost * Decimal("0.13")).quantize(Decimal("0.01"))


def _opening_total(book: Book, code: str) -> Decimal:
    """debit − credit of the opening balances of an account and its sub-accounts."""
    ids = [book.account_id(c) for c in book.accounts if c.startswith(code)]
    d, c = book.session.execute(select(total(OpeningBalance.debit), total(OpeningBalance.credit))
                                .where(OpeningBalance.account_id.in_(ids))).one()
    return (d or ZERO) - (c or ZERO)


def _uncarded_opening(book: Book) -> list[Problem]:
    """A register must tie to 1601/1602 (check's invariant 8): a book opened with 1601/1602 balances
    keeps one only once those assets have cards, or the first purchase would break it for good."""
    if book.session.scalar(select(FixedAsset.id).join(Document, Document.id == FixedAsset.doc_id)
                           .where(Document.memo == OPENING_MEMO).limit(1)) is not None:
        return []
    cost, acc = _opening_total(book, COST), -_opening_total(book, ACCUMULATED)
    if not cost and not acc:
        return []
    return [Problem("field 'type'", f"the book opened with {COST} {cost:.2f} and {ACCUMULATED} {acc:.2f} but no asset "
                    "cards for them: import the assets held at the opening first (fixed_asset with \"opening\": "
                    "true)（期初固定资产须先建卡片，卡片合计须等于期初 1601/1602）")]


def _opening_card(book: Book, cmd: FixedAssetCmd, problems: list[Problem]) -> Document:
    """An asset held at the opening (version 3): its card, no voucher — its cost and depreciation are
    in the opening 1601/1602 — depreciating from the first period on, as if `months_used` months of
    its life were behind it. The cards must sum to the opening 1601/1602 (opening_card_problems)."""
    from usecases.opening import _guard_open
    expense = _leaf(book, cmd.expense_account, "expense_account", problems, EXPENSE_CATEGORIES)
    opened = book.settings.get("opening_date")
    day = dt.date.fromisoformat(opened) if opened else None
    if day is None:
        problems.append(Problem("field 'opening'", "the book has no opening balances to hold this asset; "
                                "import opening_balances with its 1601/1602 first"))
    elif cmd.date != day:
        problems.append(Problem("field 'date'", f"an asset held at the opening is dated on the opening date {day}"))
    for f, given in (("account", cmd.account), ("supplier", cmd.supplier)):
        if given:
            problems.append(Problem(f"field '{f}'", "an asset held at the opening was paid for before the book began"))
    if cmd.tax:
        problems.append(Problem("field 'tax'", "an asset held at the opening carries no input VAT now"))
    most = depreciable(cmd.cost, cmd.residual_rate)
    if not ZERO <= cmd.accumulated <= most:
        problems.append(Problem("field 'accumulated'", f"{cmd.accumulated} is not between 0.00 and the "
                                f"{most} depreciation may take（累计折旧不得超过原值减残值）"))
    if cmd.months_used > cmd.life_months:
        problems.append(Problem("field 'months_used'", f"{cmd.months_used} months used exceed its life of "
                                f"{cmd.life_months}"))
    if cmd.no and book.session.scalar(select(Document.id).where(Document.type == "fixed_asset",
                                                                Document.no == cmd.no)):
        problems.append(Problem("field 'no'", f"fixed_asset {cmd.no} already exists"))
    if not cmd.no:
        problems.append(Problem("field 'no'", "an asset held at the opening needs its card number"))
    if problems:
        raise Rejected(problems)
    assert day is not None and cmd.no
    _guard_open(book, day)
    cost_ = cmd.cost
    doc = Document(type="fixed_asset", no=cmd.no, date=day, created_by=book.user, created_at=dt.datetime.now(),
                   amount=cost_, memo=OPENING_MEMO)
    book.session.add(doc)
    book.repin((Document, ("fixed_asset", cmd.no)), doc)
    book.session.flush()
    counts_from = period_start(_months_back(period_of(day), cmd.months_used))
    book.session.add(FixedAsset(doc_id=doc.id, name=cmd.name.strip(), category=cmd.category.strip(), cost=cost_,
                                residual_rate=cmd.residual_rate, life_months=cmd.life_months,
                                expense_account_id=book.account_id(expense), acquired=counts_from,
                                opening_accumulated=cmd.accumulated))
    book.session.flush()
    return doc


def _months_back(period: str, n: int) -> str:
    for _ in range(n):
        period = prev_period(period)
    return period


def opening_card_problems(book: Book) -> list[Problem]:
    """The cards of assets held at the opening sum to the opening 1601 and 1602 (ACCOUNTING.md, version 3)."""
    rows = book.session.execute(select(FixedAsset.cost, FixedAsset.opening_accumulated)
                                .join(Document, Document.id == FixedAsset.doc_id)
                                .where(Document.memo == OPENING_MEMO)).all()
    if not rows:
        return []
    cost, acc = sum((r[0] for r in rows), ZERO), sum((r[1] for r in rows), ZERO)
    out = []
    if cost != _opening_total(book, COST):
        out.append(Problem(f"opening_balances {COST}", f"the opening {COST} of {_opening_total(book, COST):.2f} does "
                           f"not equal the {cost:.2f} cost of the asset cards held at the opening（期初卡片原值合计）"))
    if acc != -_opening_total(book, ACCUMULATED):
        out.append(Problem(f"opening_balances {ACCUMULATED}", f"the opening {ACCUMULATED} of "
                           f"{-_opening_total(book, ACCUMULATED):.2f} does not equal the {acc:.2f} accumulated "
                           "depreciation of the asset cards held at the opening（期初卡片累计折旧合计）"))
    return out


def where_from(book: Book, expense_account: str, account: str, supplier: str | None,
               problems: list[Problem]) -> tuple[str | None, str | None, Supplier | None]:
    """The asset's expense account, the account it is paid from (a bank/cash leaf, or 220201 with its
    supplier) and that supplier — each problem collected."""
    expense = _leaf(book, expense_account, "expense_account", problems, EXPENSE_CATEGORIES)
    credit = _leaf(book, account, "account", problems)
    party = None
    if credit is not None and book.accounts[credit].aux == "supplier":
        if credit != book.role("payable"):
            problems.append(Problem("field 'account'", f"{credit} keeps suppliers; buy on credit through "
                                    f"{book.role('payable')}"))
        elif not supplier:
            problems.append(Problem("field 'supplier'", f"is required when the asset is bought on credit ({credit})"))
        else:
            try:
                party = by_code(book, Supplier, supplier, "supplier")
            except Rejected as e:
                problems += e.problems
    elif credit is not None and book.accounts[credit].aux:
        problems.append(Problem("field 'account'", f"{credit} keeps a {book.accounts[credit].aux} per line; "
                                "pay from a bank or cash account"))
    elif supplier:
        problems.append(Problem("field 'supplier'", "only with an account bought on credit (220201)"))
    return expense, credit, party


@document_result
def acquire(book: Book, cmd: FixedAssetCmd) -> Document:
    """`fixed_asset`: Dr 1601 cost · Dr 进项税额 tax · Cr the bank/cash account (or 220201 of a
    supplier); depreciation starts the month after."""
    with book.unit():
        problems: list[Problem] = []
        for field_, value in (("name", cmd.name), ("category", cmd.category)):
            if not value.strip():
                problems.append(Problem(f"field '{field_}'", "is required"))
        if cmd.cost == 0:
            problems.append(Problem("field 'cost'", "an asset costs more than 0.00"))
        if not 1 <= cmd.life_months <= 1200:
            problems.append(Problem("field 'life_months'", f"{cmd.life_months!r} is not a number of months from 1 to 1200"))
        if cmd.tax < 0 or cmd.tax > _most_tax(cmd.cost):
            problems.append(Problem("field 'tax'", f"{cmd.tax} is not the input VAT of an asset costing {cmd.cost}: "
                                    f"at most {_most_tax(cmd.cost)} (13% of the cost; 进项税额与原值不成比例)"))
        if cmd.opening:
            return _opening_card(book, cmd, problems)
        expense, credit, party = where_from(book, cmd.expense_account, cmd.account, cmd.supplier, problems)
        problems += _uncarded_opening(book)
        if problems:
            raise Rejected(problems)
        cost_, tax_ = cmd.cost, cmd.tax
        if book.settings.get("taxpayer") == "small":  # no input deduction: the tax is part of the cost
            cost_, tax_ = cost_ + tax_, ZERO
        doc = new_document(book, "fixed_asset", cmd.no, cmd.date, account_id=book.account_id(credit),
                           amount=cost_ + tax_, supplier_id=party.id if party else None, memo=cmd.name.strip()[:300])
        book.session.flush()
        asset = FixedAsset(doc_id=doc.id, name=cmd.name.strip(), category=cmd.category.strip(), cost=cost_,
                           residual_rate=cmd.residual_rate, life_months=cmd.life_months, expense_account_id=book.account_id(expense),
                           acquired=doc.date)
        book.session.add(asset)
        event = "fixed_asset_on_credit" if party else "fixed_asset"
        _need_template(book, event)
        post_voucher(book, doc, [(event, [EventLine({"cost": cost_, "tax": tax_, "gross": cost_ + tax_},
                                                    supplier=party.id if party else None, bank=credit)])],
                     asset.name)
        if party:
            openitems.add_item(book, "supplier", party.id, "charge", "fixed_asset", doc.no, doc.date, cost_ + tax_,
                               doc_id=doc.id, voucher_id=doc.voucher_id)
        return doc  # the asset card is found by its document's number


@document_result
def dispose(book: Book, cmd: AssetDisposal) -> Document:
    """`asset_disposal`: the months not yet depreciated up to this one charged (当月减少当月照提),
    then cost, accumulated depreciation and net value cleared through 1606, proceeds to the
    bank/cash account, 1606's remainder to 营业外支出 or 营业外收入."""
    with book.unit():
        problems: list[Problem] = []
        card = None
        asset, money, account = cmd.asset, cmd.proceeds, cmd.account
        if not asset:
            problems.append(Problem("field 'asset'", "is required"))
        else:
            card = book.session.scalar(select(FixedAsset).join(Document, Document.id == FixedAsset.doc_id)
                                       .where(Document.type == "fixed_asset", Document.no == asset))
            if card is None:
                problems.append(Problem("field 'asset'", f"fixed asset {asset} does not exist"))
            elif card.disposed_on is not None:
                problems.append(Problem("field 'asset'", f"fixed asset {asset} was disposed of on {card.disposed_on}"))
        bank = None
        if money:
            bank = _leaf(book, account, "account", problems)
            if bank is not None and book.accounts[bank].aux:
                problems.append(Problem("field 'account'", f"{bank} keeps a {book.accounts[bank].aux}; "
                                        "receive the proceeds into a bank or cash account"))
        elif account not in (None, ""):
            problems.append(Problem("field 'account'", "only with proceeds"))
        tax, simple = cmd.tax, False
        if cmd.rate is not None:
            tax, simple = _disposal_tax(book, cmd, problems)
        if tax < 0 or tax > money:
            problems.append(Problem("field 'tax'", f"{tax} is not the output VAT of proceeds of {money}: between "
                                    "0.00 and the proceeds（销项税额含在处置收入中）"))
        if problems:
            raise Rejected(problems)
        assert card is not None
        doc = new_document(book, "asset_disposal", cmd.no, cmd.date, ref_id=card.doc_id, amount=money,
                           account_id=book.account_id(bank) if bank else None, memo=card.name)
        if doc.date < card.acquired:
            raise Rejected(f"field 'date': {doc.date} is before the asset was acquired ({card.acquired})")
        book.session.flush()
        _need_template(book, "asset_disposal")
        months = _months_to_charge(book, card, period_of(doc.date))
        charged = sum((a for _, a in months), ZERO)
        before = card.opening_accumulated + sum(
            book.session.scalars(select(Depreciation.amount).where(Depreciation.asset_id == card.id)), ZERO)
        net = card.cost - before - charged
        kept = money - tax  # what 1606 receives: the proceeds net of the output VAT
        amounts = {"cost": card.cost, "accumulated": before, "depreciation": charged, "net": net,
                   "proceeds": money, "gain": max(kept - net, ZERO), "loss": max(net - kept, ZERO)}
        events = [("asset_disposal", [EventLine(amounts, bank=bank, expense=book.account_code(card.expense_account_id))])]
        if tax:
            _need_template(book, "asset_disposal_vat")
            events.append(("asset_disposal_vat", [EventLine({"tax": tax}, simple=simple)]))
        post_voucher(book, doc, events, card.name)
        for period, amount in months:
            book.session.add(Depreciation(asset_id=card.id, period=period, amount=amount, voucher_id=doc.voucher_id))
        card.disposed_on, card.disposal_id = doc.date, doc.id
        return doc


def _disposal_tax(book: Book, cmd: AssetDisposal, problems: list[Problem]) -> tuple[Decimal, bool]:
    """The output VAT of a sale at `rate` (ACCOUNTING.md, version 3): worked from the tax-inclusive
    proceeds (3% levied at 2%: proceeds / 1.03 × 2%), or as printed when `tax` is given too; and whether
    it is 简易计税 (a general taxpayer's levy rate: 222109, not 销项税额)."""
    from domain.vat import split
    from storage.vat import load_vat_table
    assert cmd.rate is not None
    table = load_vat_table()
    why = table.problem(cmd.rate, book.taxpayer, cmd.date)
    if why:
        problems.append(Problem("field 'rate'", f"{why}（处置固定资产适用税率或征收率）"))
        return cmd.tax, False
    simple = table.is_simple(cmd.rate, book.taxpayer)
    if simple and _input_vat_deducted(book, cmd.asset):
        problems.append(Problem("field 'rate'", f"固定资产 {cmd.asset} 购入时已抵扣进项税额，出售须按适用税率（13%）"
                                "计算销项税额，不能按简易计税（3% 减按 2%）"))
        return cmd.tax, False
    tax = cmd.tax or split(cmd.proceeds, cmd.rate, table.base(cmd.rate))[1]
    return tax, simple


def _input_vat_deducted(book: Book, asset: str) -> bool:
    """Whether the asset's purchase deducted input VAT: its document paid more than the card's cost
    (a card held at the opening, or one bought without a special invoice, did not)."""
    row = book.session.execute(select(Document.amount, FixedAsset.cost).join(FixedAsset, FixedAsset.doc_id == Document.id)
                               .where(Document.type == "fixed_asset", Document.no == asset)).first()
    return row is not None and row[0] > row[1]


def _months_to_charge(book: Book, card: FixedAsset, last: str) -> list[tuple[str, Decimal]]:
    """The months up to `last` whose depreciation no close has booked yet, with their amounts."""
    done = dict(book.session.execute(select(Depreciation.period, Depreciation.amount)
                                     .where(Depreciation.asset_id == card.id)).all())
    accumulated = card.opening_accumulated + sum(done.values(), ZERO)
    out = []
    # an asset held at the opening was depreciated before the book began, in the opening 1602
    p = max(next_period(period_of(card.acquired)), book.settings["start_period"])
    while p <= last:
        if p not in done:
            amount = straight_line(card.cost, card.residual_rate, card.life_months, card.acquired, p, accumulated)
            if amount:
                out.append((p, amount))
                accumulated += amount
        p = next_period(p)
    return out


def _need_template(book: Book, event: str) -> None:
    """A book keeps the posting templates it was created with; one made before fixed assets lacks them."""
    if event not in book.templates.events:
        raise Rejected(f"this book's posting templates ({book.templates.title}) have no '{event}' event; "
                       "it was created before fixed assets were kept")


def _leaf(book: Book, code: object, field_: str, problems: list[Problem],
          categories: tuple[str, ...] | None = None) -> str | None:
    where = f"field '{field_}'"
    if not isinstance(code, str) or not code:
        problems.append(Problem(where, "is required"))
        return None
    rule = book.accounts.get(code)
    if rule is None:
        problems.append(Problem(where, f"account {code} does not exist"))
    elif not rule.is_leaf:
        problems.append(Problem(where, f"account {code} {rule.name} has sub-accounts; name a leaf"))
    elif not rule.active:
        problems.append(Problem(where, f"account {code} {rule.name} is deactivated"))
    elif categories and _category(book, code) not in categories:
        problems.append(Problem(where, f"account {code} {rule.name} is not an expense or cost account"))
    elif categories and _side(book, code) != "debit":  # 5001 主营业务收入 is a 损益 account too
        problems.append(Problem(where, f"account {code} {rule.name} is an income account; depreciation is charged "
                                "to an expense or cost account（折旧费用科目须为费用或成本类科目）"))
    else:
        return code
    return None


def _side(book: Book, code: str) -> str:
    from storage.models import Account
    return book.session.scalar(select(Account.side).where(Account.code == code)) or ""


def _category(book: Book, code: str) -> str:
    from storage.models import Account
    return book.session.scalar(select(Account.category).where(Account.code == code)) or ""
