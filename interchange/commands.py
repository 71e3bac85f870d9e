"""Text rows → typed commands: the adapter between what people and files write and the use cases.

An interchange document (JSON or an xlsx sheet read into the same shape) and a form's grid both give
text; this module turns it into `usecases.commands` values. Everything that does not parse is
collected with its place ("line 2 field 'qty'", "allocations[0] field 'amount'"), so one pass names
every typing mistake; what needs the book (does the item exist, is it still open) is left to the use
case, which reports in the same places.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from domain.bank_lines import StatementLine
from domain.book_settings import parse_settings
from domain.errors import Problem, Rejected
from domain.money import parse_amount, parse_price, parse_qty, parse_rate
from domain.periods import parse_date
from usecases import commands as c
from usecases.opening_documents import place

T = TypeVar("T")
Row = dict[str, Any]


# ---- fields ---------------------------------------------------------------------------------

def day(value: object, field: str = "date") -> dt.date:
    try:
        return parse_date(value)
    except ValueError as e:
        raise Rejected(f"field '{field}': {e}") from None


def number(value: object, field: str) -> str | None:
    """A document number as given: None asks the book to number it; it must be text."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise Rejected("field 'no': a document number is text of at most 40 characters")
    if not value.strip():
        raise Rejected("field 'no': a document number of blanks names nothing（单据编号不能全为空格）")
    return value


def code(value: object) -> str:
    """A code or number naming something in the book. What is missing or not text reaches the use
    case as "", which refuses it as required, in the words it uses for a code that does not exist."""
    return value if isinstance(value, str) else ""


def optional_text(value: object) -> str | None:
    return value if isinstance(value, str) else None if value is None else str(value)


def optional_code(row: Row, field: str, what: str, problems: list[Problem]) -> str | None:
    """A code that may be left out; given, it is text (a number or a list is not a code)."""
    value = row.get(field)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        problems.append(Problem("", f"field '{field}': a {what} code is required"))
        return None
    return value


def _parsed(problems: list[Problem], field: str, parse: Callable[[], T], *, inline: bool = False) -> T | None:
    """Parse one field, its problem collected. `inline` keeps the field in the message ("line 1: field
    'qty': …") where the interchange contract has always placed it so; otherwise it is the place
    ("line 1 field 'price': …")."""
    try:
        return parse()
    except ValueError as e:
        problems.append(Problem("", f"field '{field}': {e}") if inline else Problem(f"field '{field}'", str(e)))
        return None


def _rows(rows: object, read: Callable[[Row], T], *, where: Callable[[int], str] = lambda n: f"line {n}",
          start: int = 1) -> tuple[T, ...]:
    """Read every row, collecting each row's problems at its place."""
    out: list[T] = []
    problems: list[Problem] = []
    for n, row in enumerate(rows if isinstance(rows, list) else [], start):
        if not isinstance(row, dict):
            problems.append(Problem(where(n), "must be an object"))
            continue
        try:
            out.append(read(row))
        except Rejected as e:
            problems += e.located(where(n)).problems
    if problems:
        raise Rejected(problems)
    return tuple(out)


def lines_of(rows: object, read: Callable[[Row], T]) -> tuple[T, ...]:
    """A document's `lines`: at least one, each read by `read`, problems at "line N"."""
    if not isinstance(rows, list) or not rows:
        raise Rejected("field 'lines': at least one line is required")
    return _rows(rows, read)


def _item(row: Row) -> str:
    item = row.get("item")
    if not isinstance(item, str):
        raise Rejected(f"field 'item': item {item!r} does not exist")
    return item


def _one_line(row: Row, build: Callable[[list[Problem]], T]) -> T:
    """Collect a row's field problems (the item's among them) and build the line when there are none."""
    problems: list[Problem] = []
    try:
        _item(row)
    except Rejected as e:
        problems += e.problems
    built = build(problems)
    if problems:
        raise Rejected(problems)
    return built


# ---- lines ----------------------------------------------------------------------------------

def moved_line(row: Row) -> c.MovedLine:
    def build(problems: list[Problem]) -> c.MovedLine:
        qty = _parsed(problems, "qty", lambda: parse_qty(row.get("qty")), inline=True)
        return c.MovedLine(code(row.get("item")), qty or Decimal(0))
    return _one_line(row, build)


def priced_line(row: Row) -> c.PricedLine:
    def build(problems: list[Problem]) -> c.PricedLine:
        qty = _parsed(problems, "qty", lambda: parse_qty(row.get("qty")), inline=True)
        price = _parsed(problems, "price", lambda: parse_price(row["price"])) if "price" in row else None
        rate = (_parsed(problems, "tax_rate", lambda: parse_rate(row["tax_rate"]))
                if row.get("tax_rate") is not None else None)
        includes = row.get("price_includes_tax", True)
        if not isinstance(includes, bool):
            problems.append(Problem("field 'price_includes_tax'", "must be true or false"))
        return c.PricedLine(code(row.get("item")), qty or Decimal(0), price, rate, includes is not False)
    return _one_line(row, build)


def billed_line(source_field: str) -> Callable[[Row], c.BilledLine]:
    def read(row: Row) -> c.BilledLine:
        def build(problems: list[Problem]) -> c.BilledLine:
            qty = _parsed(problems, "qty", lambda: parse_qty(row.get("qty")), inline=True)
            source = row.get(source_field)
            return c.BilledLine(source if isinstance(source, str) else None, code(row.get("item")), qty or Decimal(0))
        return _one_line(row, build)
    return read


def red_line(row: Row) -> c.RedLine:
    def build(problems: list[Problem]) -> c.RedLine:
        qty = (_parsed(problems, "qty", lambda: parse_qty(row.get("qty")), inline=True)
               if row.get("qty") is not None else None)
        amount = (_parsed(problems, "amount", lambda: parse_amount(row.get("amount")), inline=True)
                  if row.get("amount") is not None else None)
        n = row.get("line")
        if n is not None and (isinstance(n, bool) or not isinstance(n, int)):
            problems.append(Problem("", "field 'line': an invoice line number (1, 2, …)"))
        return c.RedLine(code(row.get("item")), qty, amount, n if isinstance(n, int) else None)
    return _one_line(row, build)


def entry(row: Row) -> c.Entry:
    """A ledger line as typed: the account is required; debit and credit may be red (negative)."""
    account = row.get("account")
    if not isinstance(account, str) or not account:
        raise Rejected("field 'account': is required")
    problems: list[Problem] = []
    sides: dict[str, Decimal | None] = {"debit": None, "credit": None}
    for side in sides:
        if row.get(side) not in (None, ""):
            sides[side] = _parsed(problems, side, lambda side=side: parse_amount(row[side], allow_negative=True))
    dims = {dim: optional_code(row, dim, dim, problems) for dim in ("customer", "supplier", "item")}
    if problems:
        raise Rejected(problems)
    return c.Entry(account, sides["debit"], sides["credit"], summary=str(row.get("summary") or ""), **dims)


def entries(rows: object) -> tuple[c.Entry, ...]:
    return _rows(rows, entry)


def allocation(party: str) -> Callable[[Row], c.Allocation]:
    def read(row: Row) -> c.Allocation:
        ref = row.get("invoice")
        if not isinstance(ref, str):
            raise Rejected(f"field 'invoice': {ref!r} is not an open item of this {party}")
        try:
            return c.Allocation(ref, parse_amount(row.get("amount")))
        except ValueError as e:
            raise Rejected(f"field 'amount': {e}") from None
    return read


def allocations(rows: object, party: str) -> tuple[c.Allocation, ...] | None:
    if rows is None:  # absent or null: the oldest open invoices first
        return None
    if not isinstance(rows, list):
        raise Rejected("field 'allocations': must be a list of {invoice, amount}")
    return _rows(rows, allocation(party), where=lambda i: f"allocations[{i}]", start=0)


# ---- documents ------------------------------------------------------------------------------

def _header(doc: Row, problems: list[Problem]) -> tuple[str | None, dt.date | None]:
    """The number and date every document has, their problems collected with the rest."""
    no = when = None
    try:
        no = number(doc.get("no"), "no")
    except Rejected as e:
        problems += e.problems
    try:
        when = day(doc.get("date"))
    except Rejected as e:
        problems += e.problems
    return no, when


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise Rejected(problems)


def _dated(when: dt.date | None) -> dt.date:
    assert when is not None  # a date that did not read was refused with the rest
    return when


def _collect(problems: list[Problem], read: Callable[[], T]) -> T | None:
    try:
        return read()
    except Rejected as e:
        problems += e.problems
        return None


def sales_order(doc: Row) -> c.Order:
    return _order(doc, "customer")


def purchase_order(doc: Row) -> c.Order:
    return _order(doc, "supplier")


def _order(doc: Row, party: str) -> c.Order:
    problems: list[Problem] = []
    no, when = _header(doc, problems)
    lines = _collect(problems, lambda: lines_of(doc.get("lines"), priced_line))
    _refuse(problems)
    return c.Order(_dated(when), code(doc.get(party)), lines or (), no, optional_text(doc.get("approved_by")))


def movement(source_field: str) -> Callable[[Row], c.Movement]:
    """Goods against the document named in `source_field`: an outbound's or an inbound's `order`, a
    return's `outbound` or `inbound`."""
    def read(doc: Row) -> c.Movement:
        problems: list[Problem] = []
        no, when = _header(doc, problems)
        lines = _collect(problems, lambda: lines_of(doc.get("lines"), moved_line))
        _refuse(problems)
        return c.Movement(_dated(when), code(doc.get(source_field)), code(doc.get("warehouse")), lines or (), no)
    return read


def invoice(source_field: str) -> Callable[[Row], c.Invoice]:
    """`lines` (each naming its outbound/inbound) or whole `outbounds`/`inbounds`."""
    def read(doc: Row) -> c.Invoice:
        problems: list[Problem] = []
        no, when = _header(doc, problems)
        rows, nos = doc.get("lines"), doc.get(f"{source_field}s")
        lines = _collect(problems, lambda: lines_of(rows, billed_line(source_field))) or () if rows is not None else None
        # a source that is not text reaches the use case as "", which it refuses as a missing number
        sources = None if nos is None else tuple(n if isinstance(n, str) else "" for n in nos) \
            if isinstance(nos, list) else ()
        vat_no, vat_code = doc.get("vat_no"), doc.get("vat_code")
        if vat_no is not None and not isinstance(vat_no, str):
            problems.append(Problem("field 'vat_no'", f"{vat_no!r} is neither an 8-digit 发票号码 nor a "
                                                      "20-digit 全电发票号码"))
        if vat_code is not None and not isinstance(vat_code, str):
            problems.append(Problem("field 'vat_code'", "the 发票代码 is text of 10 or 12 digits"))
        _refuse(problems)
        return c.Invoice(_dated(when), lines, sources, no, optional_text(vat_no), optional_text(vat_code))
    return read


def red_invoice(doc: Row) -> c.RedInvoice:
    problems: list[Problem] = []
    no, when = _header(doc, problems)
    lines = _collect(problems, lambda: lines_of(doc.get("lines"), red_line))
    _refuse(problems)
    return c.RedInvoice(_dated(when), code(doc.get("invoice")), lines or (), no)


def money(party: str) -> Callable[[Row], c.Money]:
    def read(doc: Row) -> c.Money:
        problems: list[Problem] = []
        no, when = _header(doc, problems)
        amount = _parsed(problems, "amount", lambda: parse_amount(doc.get("amount")))
        allocated = _collect(problems, lambda: allocations(doc.get("allocations"), party))
        _refuse(problems)
        return c.Money(_dated(when), code(doc.get(party)), amount or Decimal(0), code(doc.get("account")),
                       allocated, no)
    return read


def manual_voucher(doc: Row) -> c.ManualVoucher:
    when = day(doc.get("date"))
    summary, word = doc.get("summary"), doc.get("word")
    rows = doc.get("lines")
    return c.ManualVoucher(when, summary if isinstance(summary, str) else "",
                           entries(rows) if isinstance(rows, list) else (),
                           word if isinstance(word, str) and word else "记" if word in (None, "") else str(word),
                           doc.get("attachments", 0))


def opening_balances(section: object) -> c.OpeningBalances:
    """`opening_balances`: the opening date and its lines, numbered from 0 as the file counts them."""
    if not isinstance(section, dict) or not isinstance(section.get("lines"), list):
        raise Rejected("needs 'date' and a list of 'lines'")
    when = day(section.get("date"))
    return c.OpeningBalances(when, _rows(section["lines"], opening_line, where=lambda i: f"lines[{i}]", start=0))


def opening_line(row: Row) -> c.OpeningLine:
    """An opening line; `invoice` (at most 40 characters) and its own `date` go together."""
    problems: list[Problem] = []
    line = _collect(problems, lambda: entry(row))
    ref, when, due_given = row.get("invoice"), row.get("date"), row.get("due")
    on = due = None
    if ref is None:
        if when is not None:
            problems.append(Problem("", "field 'date': a line's own date goes with its 'invoice'"))
        if due_given is not None:
            problems.append(Problem("", "field 'due': 到期日须与发票号（invoice）一同填写"))
    elif not isinstance(ref, str) or not ref.strip() or len(ref) > 40 or ref == "opening":
        problems.append(Problem("", "field 'invoice': an invoice number of at most 40 characters"))
    elif when is not None:
        on = _collect(problems, lambda: day(when))
    if ref is not None and due_given is not None:
        due = _collect(problems, lambda: day(due_given, "due"))
        if due is not None and on is not None and due < on:
            problems.append(Problem("", f"field 'due': 到期日 {due} 早于发票日期 {on}"))
    year = {}
    for f in ("year_opening_debit", "year_opening_credit", "ytd_debit", "ytd_credit"):
        if row.get(f) not in (None, ""):
            year[f] = _parsed(problems, f, lambda f=f: parse_amount(row[f], allow_negative=True))
    if problems or line is None:
        raise Rejected(problems)
    return c.OpeningLine(line, ref.strip() if isinstance(ref, str) else None, on, year.get("year_opening_debit"),
                         year.get("year_opening_credit"), year.get("ytd_debit"), year.get("ytd_credit"), due)


def opening_documents(rows: list[object]) -> tuple[c.OpeningDocument, ...]:
    """`opening_documents`: each row read, every row's problems at "[i] (its no)"."""
    out: list[c.OpeningDocument] = []
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        try:
            out.append(opening_document(row))
        except Rejected as e:
            no = row.get("no") if isinstance(row, dict) else None
            problems += e.located(place(i, no)).problems
    if problems:
        raise Rejected(problems)
    return tuple(out)


def opening_document(row: object) -> c.OpeningDocument:
    if not isinstance(row, dict) or row.get("type") not in ("inbound", "outbound"):
        raise Rejected("field 'type': an opening document is an inbound or an outbound")
    problems: list[Problem] = []
    no = row.get("no")
    if not isinstance(no, str) or not no.strip() or len(no) > 40:
        problems.append(Problem("field 'no'", "a document number is text of at most 40 characters"))
    when = _parsed(problems, "date", lambda: parse_date(row["date"])) if "date" in row else None
    lines = _collect(problems, lambda: lines_of(row.get("lines"), priced_line)) or ()
    costs: list[Decimal | None] = []
    for n, line in enumerate(row["lines"] if isinstance(row.get("lines"), list) else [], 1):
        unit_cost = line.get("unit_cost") if isinstance(line, dict) else None
        try:
            costs.append(None if unit_cost is None else parse_price(unit_cost))
        except ValueError as e:
            problems.append(Problem("", f"line {n} field 'unit_cost': {e}"))
    if problems:
        raise Rejected(problems)
    party = "supplier" if row["type"] == "inbound" else "customer"
    return c.OpeningDocument(row["type"], str(no), code(row.get(party)), code(row.get("warehouse")), lines,
                             tuple(costs), when)


def _months(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else None


def fixed_asset(doc: Row) -> c.FixedAsset:
    problems: list[Problem] = []
    no, when = _header(doc, problems)
    cost = _parsed(problems, "cost", lambda: parse_amount(doc.get("cost")))
    tax = _optional_amount(doc, "tax", problems)
    life = _months(doc.get("life_months"))
    if life is None or not 1 <= life <= 1200:
        problems.append(Problem("field 'life_months'",
                                f"{doc.get('life_months')!r} is not a number of months from 1 to 1200"))
    supplier = optional_code(doc, "supplier", "supplier", problems)
    given = doc.get("residual_rate")
    rate = _parsed(problems, "residual_rate", lambda: parse_rate("0" if given in (None, "") else given))
    opening = doc.get("opening", False)
    if not isinstance(opening, bool):
        problems.append(Problem("field 'opening'", f"{opening!r} is not true or false"))
    accumulated = _optional_amount(doc, "accumulated", problems)
    used = _months(doc.get("months_used", 0))
    if used is None or not 0 <= used <= 1200:
        problems.append(Problem("field 'months_used'", f"{doc.get('months_used')!r} is not a number of months "
                                "from 0 to 1200（已使用月数）"))
    if opening is not True:
        for f in ("accumulated", "months_used"):
            if f in doc:
                problems.append(Problem(f"field '{f}'", "only for an asset held at the opening (\"opening\": true)"))
    _refuse(problems)
    return c.FixedAsset(_dated(when), code(doc.get("name")), code(doc.get("category")), cost or Decimal(0),
                        life or 0, code(doc.get("expense_account")), code(doc.get("account")), tax,
                        rate or Decimal(0), supplier, no, opening is True, accumulated, used or 0)


def asset_disposal(doc: Row) -> c.AssetDisposal:
    problems: list[Problem] = []
    no, when = _header(doc, problems)
    proceeds = _optional_amount(doc, "proceeds", problems)
    account = optional_code(doc, "account", "bank or cash account", problems)
    tax = _optional_amount(doc, "tax", problems)
    rate = (_parsed(problems, "rate", lambda: parse_rate(doc["rate"]))
            if doc.get("rate") not in (None, "") else None)
    _refuse(problems)
    return c.AssetDisposal(_dated(when), code(doc.get("asset")), proceeds, account, no, tax, rate)


def _optional_amount(doc: Row, field: str, problems: list[Problem]) -> Decimal:
    """An amount that may be left out (0.00)."""
    if doc.get(field) in (None, ""):
        return Decimal("0.00")
    return _parsed(problems, field, lambda: parse_amount(doc.get(field))) or Decimal("0.00")


STATEMENT_LINE_FIELDS = frozenset({"date", "time", "amount", "counterparty", "counterparty_account", "reference",
                                   "bank_ref"})


def bank_statement(doc: Row) -> c.BankStatement:
    """`bank_statement`: {account, lines[{date, amount, counterparty, reference?, bank_ref}]}; amount > 0
    is money in."""
    rows = doc.get("lines")
    if not isinstance(rows, list) or not rows:
        raise Rejected("field 'lines': at least one bank line is required")
    lines: list[StatementLine] = []
    problems: list[Problem] = []
    for n, row in enumerate(rows, 1):  # a line knows its number: a skipped duplicate is named by it
        try:
            if not isinstance(row, dict):
                raise Rejected("must be an object")
            lines.append(statement_line(n, row))
        except Rejected as e:
            problems += e.located(f"line {n}").problems
    if problems:
        raise Rejected(problems)
    return c.BankStatement(code(doc.get("account")), tuple(lines))


def statement_line(n: int, row: Row) -> StatementLine:
    problems = [Problem(f"field '{k}'", "is not a field of a bank line") for k in sorted(set(row) - STATEMENT_LINE_FIELDS)]
    when = None
    try:
        when = parse_date(row.get("date"))
    except (ValueError, TypeError) as e:
        problems.append(Problem("field 'date'", str(e)))
    time = None
    if row.get("time") is not None:
        try:
            time = dt.time.fromisoformat(str(row["time"]))
        except ValueError as e:
            problems.append(Problem("field 'time'", str(e)))
    amount = None
    try:
        amount = parse_amount(row.get("amount"), allow_negative=True)
        if amount == 0:
            problems.append(Problem("field 'amount'", "must not be 0.00"))
    except (ValueError, TypeError) as e:
        problems.append(Problem("field 'amount'", str(e)))
    ref = row.get("bank_ref")
    if not isinstance(ref, str) or not ref.strip():
        problems.append(Problem("field 'bank_ref'", "the bank's serial number is required"))
    texts = {k: "" if row.get(k) is None else row.get(k) for k in ("counterparty", "counterparty_account", "reference")}
    for k, v in texts.items():
        if not isinstance(v, str):
            problems.append(Problem(f"field '{k}'", "must be text"))
    if problems:
        raise Rejected(problems)
    assert when is not None and amount is not None and isinstance(ref, str)
    return StatementLine(n, when, time, amount, str(texts["counterparty"]).strip(),
                         str(texts["counterparty_account"]).strip(), str(texts["reference"]).strip(), ref.strip())


def opening_stock(rows: list[object]) -> tuple[c.OpeningStock, ...]:
    """`opening_stock`: [{item, warehouse, qty, unit_cost}], each row's problems at "[i]"."""
    return _rows(rows, opening_stock_line, where=lambda i: f"[{i}]", start=0)


def opening_stock_line(row: Row) -> c.OpeningStock:
    problems: list[Problem] = []
    qty = _parsed(problems, "qty", lambda: parse_qty(row.get("qty")))
    cost = _parsed(problems, "unit_cost", lambda: parse_price(row.get("unit_cost")))
    if problems or qty is None or cost is None:
        raise Rejected(problems)
    return c.OpeningStock(code(row.get("item")), code(row.get("warehouse")), qty, cost)


TEMPLATE_FIELDS = frozenset({"code", "summary", "lines"})
TEMPLATE_LINE_FIELDS = frozenset({"account", "debit", "credit", "ask", "summary"})


def voucher_template(row: object) -> c.VoucherTemplate:
    """A `voucher_templates` entry: {code, summary, lines[{account, debit | credit | ask}]}."""
    if not isinstance(row, dict):
        raise Rejected("must be an object")
    problems = [Problem(f"field '{k}'", "is not a field of a voucher template") for k in sorted(set(row) - TEMPLATE_FIELDS)]
    code_, summary, rows = row.get("code"), row.get("summary"), row.get("lines")
    if not isinstance(code_, str) or not code_.strip() or ":" in code_ or len(code_) > 32:
        problems.append(Problem("field 'code'", "a code of at most 32 characters without ':' is required"))
    if not isinstance(summary, str) or not summary.strip():
        problems.append(Problem("field 'summary'", "is required"))
    if not isinstance(rows, list) or len(rows) < 2:
        raise Rejected(problems + [Problem("field 'lines'", "a voucher template needs at least two lines")])
    lines = _collect(problems, lambda: _rows(rows, template_line))
    if problems or lines is None:
        raise Rejected(problems)
    assert isinstance(code_, str) and isinstance(summary, str)
    return c.VoucherTemplate(code_, summary, lines)


def template_line(row: Row) -> c.TemplateLine:
    problems = [Problem("", f"field '{k}' is not a field of a template line") for k in sorted(set(row) - TEMPLATE_LINE_FIELDS)]
    account = row.get("account")
    if not isinstance(account, str):
        problems.append(Problem("", f"field 'account': account {account!r} does not exist"))
    ask = row.get("ask")
    given = [k for k in ("debit", "credit") if row.get(k) not in (None, "")]
    amounts: dict[str, Decimal | None] = {}
    if ask not in (None, False, True, "debit", "credit"):
        problems.append(Problem("", "field 'ask': true, \"debit\" or \"credit\""))
    elif ask:
        if given:
            problems.append(Problem("", "an asked line gives no amount"))
    elif len(given) == 1:
        try:
            amounts[given[0]] = parse_amount(row[given[0]])
        except ValueError as e:
            problems.append(Problem("", f"field '{given[0]}': {e}"))
    elif given:
        problems.append(Problem("", "a line has either a debit or a credit, not both"))
    if problems:
        raise Rejected(problems)
    return c.TemplateLine(str(account), amounts.get("debit"), amounts.get("credit"),
                          ("credit" if ask == "credit" else "debit") if ask else None, str(row.get("summary") or ""))


MAPPING_FIELDS = frozenset({"category", "revenue", "cost"})


def category_accounts(row: object) -> c.CategoryAccounts:
    """An `account_mapping` (or `categories`) row: {"category": "电机", "revenue": "500101", "cost": "540101"}."""
    if not isinstance(row, dict):
        raise Rejected("must be an object with 'category' and 'revenue' and/or 'cost'")
    unknown = sorted(set(row) - MAPPING_FIELDS)
    if unknown:
        raise Rejected([Problem(f"field '{k}'", f"is not known (the fields are {', '.join(sorted(MAPPING_FIELDS))})")
                        for k in unknown])
    accounts = {k: None if row.get(k) is None else str(row[k]).strip() for k in ("revenue", "cost")}
    return c.CategoryAccounts(code(row.get("category")), **accounts)


def settings(data: object) -> c.Settings:
    """The `settings` section: {taxpayer, location, small_low_profit}; unknown keys refused by name."""
    values = parse_settings(data)
    low = values.get("small_low_profit")
    return c.Settings(values.get("taxpayer"), values.get("location"), None if low is None else low == "true")


# The readers by interchange type; the importer hands each document to its reader, then to the use case.
READERS: dict[str, Callable[[Row], Any]] = {
    "sales_order": sales_order,
    "purchase_order": purchase_order,
    "outbound": movement("order"),
    "inbound": movement("order"),
    "invoice": invoice("outbound"),
    "purchase_invoice": invoice("inbound"),
    "sales_return": movement("outbound"),
    "purchase_return": movement("inbound"),
    "credit_note": red_invoice,
    "purchase_credit_note": red_invoice,
    "receipt": money("customer"),
    "payment": money("supplier"),
    "voucher": manual_voucher,
    "fixed_asset": fixed_asset,
    "asset_disposal": asset_disposal,
    "bank_statement": bank_statement,
}
