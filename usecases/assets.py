"""Fixed assets (固定资产): acquiring one opens its card; disposing of it goes through 1606."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from domain.close_steps import straight_line
from domain.errors import Problem, Rejected
from domain.money import parse_amount, parse_rate
from domain.periods import next_period, parse_date, period_of
from domain.posting import EventLine
from storage.book import Book
from storage.models import Depreciation, Document, FixedAsset, Supplier
from storage.refs import by_code
from usecases import openitems
from usecases.docs import new_document, post_voucher

ZERO = Decimal("0.00")
EXPENSE_CATEGORIES = ("profit_loss", "cost")  # 管理费用, 销售费用, 制造费用 …


def _day(date: object) -> dt.date:
    # Assets are still read from their interchange text here, not yet from a typed command.
    try:
        return parse_date(date)
    except ValueError as e:
        raise Rejected(f"field 'date': {e}") from None


def acquire(book: Book, no: object, date: object, name: object, category: object, cost: object, tax: object,
            life_months: object, residual_rate: object, expense_account: object, account: object,
            supplier: object = None) -> FixedAsset:
    """`fixed_asset`: Dr 1601 cost · Dr 进项税额 tax · Cr the bank/cash account (or 220201 of a
    supplier); depreciation starts the month after."""
    with book.unit():
        problems: list[Problem] = []
        for field_, value in (("name", name), ("category", category)):
            if not isinstance(value, str) or not value.strip():
                problems.append(Problem(f"field '{field_}'", "is required"))
        amounts = {}
        for field_, value, required in (("cost", cost, True), ("tax", tax, False)):
            if value in (None, "") and not required:
                amounts[field_] = ZERO
                continue
            try:
                amounts[field_] = parse_amount(value)
            except ValueError as e:
                problems.append(Problem(f"field '{field_}'", str(e)))
        if amounts.get("cost") == 0:
            problems.append(Problem("field 'cost'", "an asset costs more than 0.00"))
        life = life_months if isinstance(life_months, int) and not isinstance(life_months, bool) else (
            int(life_months) if isinstance(life_months, str) and life_months.isdigit() else None)
        if life is None or not 1 <= life <= 1200:
            problems.append(Problem("field 'life_months'", f"{life_months!r} is not a number of months from 1 to 1200"))
        try:
            rate = parse_rate(residual_rate if residual_rate not in (None, "") else "0")
        except ValueError as e:
            problems.append(Problem("field 'residual_rate'", str(e)))
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
        if problems:
            raise Rejected(problems)
        cost_, tax_ = amounts["cost"], amounts["tax"]
        if book.settings.get("taxpayer") == "small":  # no input deduction: the tax is part of the cost
            cost_, tax_ = cost_ + tax_, ZERO
        doc = new_document(book, "fixed_asset", no, _day(date), account_id=book.account_id(credit), amount=cost_ + tax_,
                           supplier_id=party.id if party else None, memo=str(name).strip()[:300])
        book.session.flush()
        asset = FixedAsset(doc_id=doc.id, name=str(name).strip(), category=str(category).strip(), cost=cost_,
                           residual_rate=rate, life_months=life, expense_account_id=book.account_id(expense),
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
        return asset


def dispose(book: Book, no: object, date: object, asset: object, proceeds: object = None,
            account: object = None) -> Document:
    """`asset_disposal`: the months not yet depreciated up to this one charged (当月减少当月照提),
    then cost, accumulated depreciation and net value cleared through 1606, proceeds to the
    bank/cash account, 1606's remainder to 营业外支出 or 营业外收入."""
    with book.unit():
        problems: list[Problem] = []
        card = None
        if not isinstance(asset, str) or not asset:
            problems.append(Problem("field 'asset'", "is required"))
        else:
            card = book.session.scalar(select(FixedAsset).join(Document, Document.id == FixedAsset.doc_id)
                                       .where(Document.type == "fixed_asset", Document.no == asset))
            if card is None:
                problems.append(Problem("field 'asset'", f"fixed asset {asset} does not exist"))
            elif card.disposed_on is not None:
                problems.append(Problem("field 'asset'", f"fixed asset {asset} was disposed of on {card.disposed_on}"))
        try:
            money = parse_amount(proceeds) if proceeds not in (None, "") else ZERO
        except ValueError as e:
            problems.append(Problem("field 'proceeds'", str(e)))
            money = ZERO
        bank = None
        if money:
            bank = _leaf(book, account, "account", problems)
            if bank is not None and book.accounts[bank].aux:
                problems.append(Problem("field 'account'", f"{bank} keeps a {book.accounts[bank].aux}; "
                                        "receive the proceeds into a bank or cash account"))
        elif account not in (None, ""):
            problems.append(Problem("field 'account'", "only with proceeds"))
        if problems:
            raise Rejected(problems)
        assert card is not None
        doc = new_document(book, "asset_disposal", no, _day(date), ref_id=card.doc_id, amount=money,
                           account_id=book.account_id(bank) if bank else None, memo=card.name)
        if doc.date < card.acquired:
            raise Rejected(f"field 'date': {doc.date} is before the asset was acquired ({card.acquired})")
        book.session.flush()
        _need_template(book, "asset_disposal")
        months = _months_to_charge(book, card, period_of(doc.date))
        charged = sum((a for _, a in months), ZERO)
        before = sum(book.session.scalars(select(Depreciation.amount).where(Depreciation.asset_id == card.id)), ZERO)
        net = card.cost - before - charged
        amounts = {"cost": card.cost, "accumulated": before, "depreciation": charged, "net": net,
                   "proceeds": money, "gain": max(money - net, ZERO), "loss": max(net - money, ZERO)}
        post_voucher(book, doc, [("asset_disposal", [EventLine(
            amounts, bank=bank, expense=book.account_code(card.expense_account_id))])], card.name)
        for period, amount in months:
            book.session.add(Depreciation(asset_id=card.id, period=period, amount=amount, voucher_id=doc.voucher_id))
        card.disposed_on, card.disposal_id = doc.date, doc.id
        return doc


def _months_to_charge(book: Book, card: FixedAsset, last: str) -> list[tuple[str, Decimal]]:
    """The months up to `last` whose depreciation no close has booked yet, with their amounts."""
    done = dict(book.session.execute(select(Depreciation.period, Depreciation.amount)
                                     .where(Depreciation.asset_id == card.id)).all())
    accumulated = sum(done.values(), ZERO)
    out = []
    p = next_period(period_of(card.acquired))
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
    else:
        return code
    return None


def _category(book: Book, code: str) -> str:
    from storage.models import Account
    return book.session.scalar(select(Account.category).where(Account.code == code)) or ""
