"""Fixed assets (固定资产): acquiring one opens its card; disposing of it goes through 1606."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain.close_steps import straight_line
from domain.errors import Problem, Rejected
from domain.periods import next_period, period_of
from domain.posting import EventLine
from storage.book import Book
from storage.models import Depreciation, Document, FixedAsset, Supplier
from storage.refs import by_code
from usecases import openitems
from usecases.commands import AssetDisposal
from usecases.commands import FixedAsset as FixedAssetCmd
from usecases.docs import new_document, post_voucher
from usecases.results import document_result

ZERO = Decimal("0.00")
EXPENSE_CATEGORIES = ("profit_loss", "cost")  # 管理费用, 销售费用, 制造费用 …


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
        expense, credit, party = where_from(book, cmd.expense_account, cmd.account, cmd.supplier, problems)
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
