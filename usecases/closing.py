"""Month-end close (结账): the 期末处理 steps as data (resources/close/*.toml), checks, the lock;
the preview of it all, changing nothing; reopen by reversal, with its reason logged.

A close is planned first — every step's voucher computed from the balances plus the lines of the
steps before it — so the preview and the close are the same computation; the close then writes
the planned vouchers (prepared by 系统, posted) and locks the period, or refuses with every cause.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import delete, func, or_, select

from domain import close_steps as cs
from domain.book_settings import DEFAULTS, quarter_months
from domain.errors import Problem, Rejected, refuse, shown
from domain.messages import Message
from domain.money import parse_amount
from domain.periods import parse_period, period_end, period_start, prev_period
from domain.voucher import LineDraft, VoucherDraft, merge_lines
from resources import read_text, toml_files
from storage.book import Book
from storage.ledger import write_voucher
from storage.models import (
    Account,
    AuditLog,
    Balance,
    Depreciation,
    Document,
    FixedAsset,
    OpeningBalance,
    Period,
    Voucher,
    VoucherTemplate,
)
from storage.queries import checks
from storage.queries.vat_sales import leaves_under as _leaves_under
from storage.queries.vat_sales import month_sales
from storage.queries.vat_sales import small_vat_between as _small_vat_between
from storage.sql import total
from usecases.access import requires
from usecases.results import VoucherFigures, voucher_figures
from usecases.vouchers import reverse_voucher

ZERO = Decimal("0.00")
SYSTEM = "系统"
STEP_SOURCE = "close_step"  # vouchers of the steps before 结转损益; the income statement keeps them
CLOSE_SOURCE = "close"  # 结转损益 and the year-end carry; the income statement leaves them out
NEEDS_VOUCHER = ("outbound", "receipt", "payment", "inbound", "fixed_asset", "asset_disposal")

Key = tuple[int, int, int, int]  # account id, customer, supplier, item (0 for none)


@dataclass
class StepVoucher:
    """A step's voucher as planned: its lines, and the asset months it depreciates."""

    spec: cs.StepSpec
    summary: str
    lines: list[LineDraft]
    source_type: str = STEP_SOURCE
    depreciation: list[tuple[int, Decimal]] = field(default_factory=list)


@dataclass
class Blocking:
    kind: str
    message: str  # the contract's sentence (INTERCHANGE.md: close --preview, the CLI's error lines)
    subject: dict[str, str] | None = None
    words: str | None = None  # the same in Chinese for the window, where one is written


@dataclass
class ClosePlan:
    period: str
    steps: list[StepVoucher]
    blocking: list[Blocking]
    names: dict[str, str] = field(default_factory=dict)  # account code → name, for the preview

    def as_json(self, words: bool = False) -> dict:
        """The close preview (INTERCHANGE.md). With `words`, each cause also carries its Chinese
        sentence for the window (not part of the contract's shape)."""
        return {"period": self.period,
                "steps": [{"step": s.spec.step, "title": s.spec.title, "summary": s.summary, "source": s.spec.source,
                           "lines": [{"account": ln.account, "account_name": self.names.get(ln.account, ""),
                                      "summary": ln.summary, "debit": f"{ln.debit:.2f}",
                                      "credit": f"{ln.credit:.2f}"} for ln in s.lines]} for s in self.steps],
                "blocking": [{"kind": b.kind, "message": b.message,
                              "subject": b.subject or {"type": "period", "no": self.period},
                              **({"words": b.words or b.message} if words else {})} for b in self.blocking]}


@functools.cache
def step_specs() -> tuple[cs.StepSpec, ...]:
    docs = [tomllib.loads(p.read_text(encoding="utf-8")) for p in toml_files("close")]
    return tuple(cs.load_steps(docs))


@functools.cache
def _surcharge_rules(path: str) -> cs.SurchargeRules:
    return cs.load_surcharge_rules(tomllib.loads(read_text(path)))


def parse_amounts(given: list[str] | dict[str, object] | None) -> dict[str, Decimal]:
    """`--amount GZ:560201=32000.00` (repeatable) as {"GZ:560201": 32000.00}."""
    if isinstance(given, dict):
        pairs = list(given.items())
    else:
        pairs = []
        for text in given or []:
            key, sep, value = text.partition("=")
            if not sep or ":" not in key:
                raise refuse("amount_option_form", field="amount", text=shown(text))
            pairs.append((key.strip(), value.strip()))
    out = {}
    for key, value in pairs:
        try:
            out[key] = parse_amount(value)
        except ValueError as e:
            raise refuse("amount_of", field="amount", key=key, why=e.args[0] if e.args else e) from None
    return out


# ---- the plan ---------------------------------------------------------------------------------
@dataclass
class _Context:
    book: Book
    period: str
    amounts: dict[str, Decimal]
    blocking: list[Blocking]
    deltas: dict[Key, Decimal] = field(default_factory=lambda: defaultdict(lambda: ZERO))
    vat_payable: Decimal = ZERO
    planned: list[StepVoucher] = field(default_factory=list)
    small_exempt: bool = False  # the small-scale exemption took the period's VAT: no surcharges

    def add(self, lines: list[LineDraft]) -> None:
        for ln in lines:
            key = (self.book.account_id(ln.account), ln.customer or 0, ln.supplier or 0, ln.item or 0)
            self.deltas[key] += ln.debit - ln.credit

    @property
    def day(self) -> dt.date:
        return period_end(self.period)

    @property
    def taxpayer(self) -> str:
        return self.book.settings.get("taxpayer", DEFAULTS["taxpayer"])


def plan_close(book: Book, period: str, amounts: dict[str, Decimal] | None = None) -> ClosePlan:
    """Every step's voucher and every cause that blocks the close, computed without writing."""
    row = _period(book, period)
    ctx = _Context(book, row.period, dict(amounts or {}), [])
    if row.status == "closed":
        ctx.blocking.append(Blocking("closed", f"period {row.period} is already closed",
                                     words=f"{row.period} 已经结账"))
    before = book.session.get(Period, prev_period(row.period))
    if before is not None and before.status != "closed" and row.period > book.settings["start_period"]:
        ctx.blocking.append(Blocking("period_order", f"close {before.period} first: periods close in order",
                                     {"type": "period", "no": before.period},
                                     words=f"请先结 {before.period}：期间按顺序结账"))
    steps: list[StepVoucher] = []
    for spec in step_specs():
        planned = _BUILDERS[spec.step](ctx, spec)
        if planned is not None and planned.lines:
            missing = sorted({ln.account for ln in planned.lines if ln.account not in book.accounts})
            if missing:  # a chart the upgrade could not extend (a parent that already held entries)
                ctx.blocking.append(Blocking("chart", f"{spec.title}: this book's chart has no account "
                                                      f"{', '.join(missing)}; add it before closing",
                                             words=f"{spec.title}：科目表中没有 {'、'.join(missing)}，请先增加"))
                continue
            ctx.add(planned.lines)
            ctx.planned.append(planned)
            steps.append(planned)
    return ClosePlan(row.period, steps, ctx.blocking, {c: r.name for c, r in book.accounts.items()})


def preview_close(book: Book, period: str, amounts: dict[str, Decimal] | None = None) -> dict:
    """`close --preview`: the plan as JSON; the book is left exactly as it was."""
    with book.reading():  # a read snapshot let go afterwards; planning never writes
        return plan_close(book, period, amounts).as_json()


@requires("close")
def close_period(book: Book, period: str, amounts: dict[str, Decimal] | None = None, *,
                 at: dt.datetime | None = None) -> list[VoucherFigures]:
    """Run the steps, write their vouchers (prepared by 系统, posted) and lock the period; the
    vouchers written come back as figures. `at` is when the close happened (now, unless a book is
    being replayed, as the demo does: its months are closed a few days after they end)."""
    with book.unit():
        from storage.periods import hold_for_close
        hold_for_close(book, parse_period(period) if _well_formed(period) else period)  # a racing import waits
        plan = plan_close(book, period, amounts)
        if plan.blocking:
            raise Rejected([Problem(f"period {plan.period}", b.message) for b in plan.blocking])
        written = []
        for sv in plan.steps:
            v = write_voucher(book, VoucherDraft(sv.summary, sv.lines), period_end(plan.period),
                              source_type=sv.source_type, status="posted", preparer=SYSTEM, reviewer=book.user)
            for asset_id, amount in sv.depreciation:
                book.session.add(Depreciation(asset_id=asset_id, period=plan.period, amount=amount, voucher_id=v.id))
            written.append(v)
        row = book.session.get(Period, plan.period)
        when = at or dt.datetime.now()
        row.status, row.closed_at, row.closed_by = "closed", when, book.user
        book.session.add(AuditLog(at=when, user=book.user, action="close",
                                  detail=f"{plan.period}: " + ", ".join(f"{v.word}-{v.number} {v.summary}"
                                                                        for v in written)))
        return [voucher_figures(book, v) for v in written]


@requires("reopen")
def reopen_period(book: Book, period: str, reason: str = "") -> int:
    """Undo a close: unlock, and reverse every voucher its steps wrote. Logged with the reason."""
    with book.unit():
        row = _period(book, period)
        if row.status != "closed":
            raise Rejected(Message("period_not_closed", period=row.period))
        later = book.session.scalar(select(Period.period).where(Period.period > row.period, Period.status == "closed")
                                    .order_by(Period.period).limit(1))
        if later:
            raise Rejected(Message("reopen_later_first", later=later))
        row.status, row.closed_at, row.closed_by = "open", None, None
        book.session.flush()
        reversed_ids = set(book.session.scalars(select(Voucher.reverses_id).where(Voucher.reverses_id.is_not(None))))
        closes = [v for v in book.session.scalars(select(Voucher).where(
            Voucher.period == row.period, Voucher.source_type.in_((CLOSE_SOURCE, STEP_SOURCE)),
            Voucher.reverses_id.is_(None)).order_by(Voucher.number.desc())) if v.id not in reversed_ids]
        for v in closes:
            reverse_voucher(book, v, v.date, status="posted", reviewer=book.user)
        if closes:
            book.session.execute(delete(Depreciation).where(Depreciation.voucher_id.in_([v.id for v in closes])))
        book.session.add(AuditLog(at=dt.datetime.now(), user=book.user, action="reopen",
                                  detail=f"{row.period}: {len(closes)} closing vouchers reversed; "
                                         f"reason: {reason.strip() or '(none given)'}",
                                  record=f"period {row.period}", reason=reason.strip() or None,
                                  old_values='{"status": "closed"}', new_values='{"status": "open"}'))
        return len(closes)


def _well_formed(period: str) -> bool:
    try:
        parse_period(period)
    except ValueError:
        return False
    return True


def _period(book: Book, period: str) -> Period:
    try:
        period = parse_period(period)
    except ValueError as e:
        raise Rejected(Problem("field 'period'", e.args[0])) from None
    row = book.session.get(Period, period)
    if row is None:
        raise Rejected(Message("period_missing", period=period))
    return row


# ---- balances ---------------------------------------------------------------------------------
def _cumulative(ctx: _Context, account_ids: list[int]) -> dict[Key, Decimal]:
    """debit − credit per account and dimension up to and including the period (opening included),
    the planned lines of earlier steps added."""
    out: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    book, wanted = ctx.book, set(account_ids)
    for acc, c, s, i, d, cr in book.session.execute(
            select(OpeningBalance.account_id, OpeningBalance.customer_id, OpeningBalance.supplier_id,
                   OpeningBalance.item_id, OpeningBalance.debit, OpeningBalance.credit)
            .where(OpeningBalance.account_id.in_(wanted))):
        out[(acc, c or 0, s or 0, i or 0)] += d - cr
    q = (select(Balance.account_id, Balance.customer_id, Balance.supplier_id, Balance.item_id, total(Balance.debit),
                total(Balance.credit)).where(Balance.account_id.in_(wanted))
         .where(Balance.period <= ctx.period)
         .group_by(Balance.account_id, Balance.customer_id, Balance.supplier_id, Balance.item_id))
    for acc, c, s, i, d, cr in book.session.execute(q):
        out[(acc, c, s, i)] += d - cr
    for key, delta in ctx.deltas.items():
        if key[0] in wanted:
            out[key] += delta
    return out


# ---- the steps --------------------------------------------------------------------------------
def _recurring(ctx: _Context, spec: cs.StepSpec) -> StepVoucher | None:
    """凭证模板: fixed lines, asked lines from `amounts`, one balancing line taking the difference."""
    lines: list[LineDraft] = []
    used = set()
    titles = []
    for tpl in ctx.book.session.scalars(select(VoucherTemplate).where(VoucherTemplate.active.is_(True))
                                        .order_by(VoucherTemplate.code)):
        tpl_lines, balancing, missing = [], None, False
        rows = json.loads(tpl.lines)
        wrong = _template_problems(ctx.book, rows)
        if wrong:  # a template stored before these were refused at entry: name it, write nothing of it
            ctx.blocking.append(Blocking("voucher_template", f"voucher template {tpl.code} ({tpl.summary}): {wrong}",
                                         {"type": "voucher_template", "no": tpl.code},
                                         words=f"凭证模板 {tpl.code}（{tpl.summary}）：{wrong}"))
            used |= {f"{tpl.code}:{r['account']}" for r in rows if r.get("ask")}
            continue
        for n, row in enumerate(rows, 1):
            ln = LineDraft(row["account"], summary=tpl.summary)
            if row.get("ask"):
                key = f"{tpl.code}:{row['account']}"
                used.add(key)
                if key not in ctx.amounts:
                    ctx.blocking.append(Blocking(
                        "missing_amount", f"voucher template {tpl.code} ({tpl.summary}) line {n} ({row['account']}) "
                        f"needs this month's amount: close --amount {key}=AMOUNT",
                        {"type": "voucher_template", "no": tpl.code},
                        words=f"凭证模板 {tpl.code}（{tpl.summary}）第 {n} 行（{row['account']}）需要填写本月金额"))
                    missing = True
                    continue
                ln = replace(ln, **{"credit" if row["ask"] == "credit" else "debit": ctx.amounts[key]})
            elif row.get("debit") or row.get("credit"):
                ln = replace(ln, debit=Decimal(row.get("debit") or 0), credit=Decimal(row.get("credit") or 0))
            else:
                balancing = len(tpl_lines)
            tpl_lines.append(ln)
        if missing:
            continue
        if balancing is not None:
            d = sum((x.debit for x in tpl_lines), ZERO) - sum((x.credit for x in tpl_lines), ZERO)
            credit, debit = (d, ZERO) if d >= 0 else (ZERO, -d)
            tpl_lines[balancing] = replace(tpl_lines[balancing], credit=credit, debit=debit)
        tpl_lines = [x for x in tpl_lines if x.debit or x.credit]
        debit, credit = sum((x.debit for x in tpl_lines), ZERO), sum((x.credit for x in tpl_lines), ZERO)
        if debit != credit:
            ctx.blocking.append(Blocking(
                "template_unbalanced", f"voucher template {tpl.code} ({tpl.summary}) does not balance with this "
                f"month's amounts: debits {debit:.2f}, credits {credit:.2f}", {"type": "voucher_template", "no": tpl.code},
                words=f"凭证模板 {tpl.code}（{tpl.summary}）按本月金额借贷不平：借 {debit:.2f}，贷 {credit:.2f}"))
            continue
        if tpl_lines:
            lines += tpl_lines
            titles.append(tpl.summary)
    for key in sorted(set(ctx.amounts) - used):
        ctx.blocking.append(Blocking("unknown_amount", f"--amount {key}: no voucher template asks for it",
                                     {"type": "voucher_template", "no": key.split(":")[0]}))
    if not lines:
        return None
    return StepVoucher(spec, f"{spec.summary_for(ctx.period)}: {'、'.join(titles)}", lines)


def _template_problems(book: Book, rows: list[dict[str, str]]) -> str | None:
    """What makes a stored template unusable: an account it may not post to, or lines no amounts balance."""
    from usecases.recurring import account_problem, never_balances
    for row in rows:
        why = account_problem(book, row["account"])
        if why:
            return why
    return never_balances(rows)


def _depreciation(ctx: _Context, spec: cs.StepSpec) -> StepVoucher | None:
    book, start = ctx.book, period_start(ctx.period)
    charged = {a for a, in book.session.execute(select(Depreciation.asset_id).where(Depreciation.period == ctx.period))}
    accumulated = dict(book.session.execute(select(Depreciation.asset_id, total(Depreciation.amount))
                                            .group_by(Depreciation.asset_id)).all())
    lines, months = [], []
    # an asset disposed of in a later month was held in this one: a reopened month charges it again
    # (its disposal voucher cleared this month's depreciation from 1602 along with the rest)
    held = or_(FixedAsset.disposed_on.is_(None), FixedAsset.disposed_on > period_end(ctx.period))
    q = (select(FixedAsset, Document.no).join(Document, Document.id == FixedAsset.doc_id)
         .where(held, FixedAsset.acquired < start).order_by(Document.no))
    for asset, no in book.session.execute(q):
        if asset.id in charged:
            continue
        amount = cs.straight_line(asset.cost, asset.residual_rate, asset.life_months, asset.acquired, ctx.period,
                                  asset.opening_accumulated + accumulated.get(asset.id, ZERO))
        if amount:
            text = f"计提折旧 {no} {asset.name}"
            lines.append(LineDraft(book.account_code(asset.expense_account_id), debit=amount, summary=text))
            lines.append(LineDraft(spec.accounts["accumulated"], credit=amount, summary="计提折旧"))
            months.append((asset.id, amount))
    if not lines:
        return None
    return StepVoucher(spec, spec.summary_for(ctx.period), merge_lines(lines), depreciation=months)


def _vat_transfer(ctx: _Context, spec: cs.StepSpec) -> StepVoucher | None:
    if ctx.taxpayer not in spec.options.get("taxpayers", ("general",)):
        return None
    book, accounts = ctx.book, spec.accounts
    balance = sum(_cumulative(ctx, _leaves_under(book, accounts["vat"])).values(), ZERO)
    prepaid = ZERO
    if accounts.get("paid"):  # 已交税金 debited this month
        # two sums, subtracted here: the difference of two sums in SQL comes back as raw fen, not yuan
        d, c = book.session.execute(select(total(Balance.debit), total(Balance.credit)).where(
            Balance.account_id == book.account_id(accounts["paid"]), Balance.period == ctx.period)).one()
        prepaid = (d or ZERO) - (c or ZERO)
    summary = spec.summary_for(ctx.period)
    lines = cs.vat_transfer(balance, accounts["transfer_out"], accounts["unpaid"], summary, prepaid=prepaid,
                            overpaid_out=accounts.get("overpaid_out", ""))
    # the surcharge base is the VAT due for the month, including what was prepaid in it (version 3):
    # the transfer is what is left to pay after the prepayment
    ctx.vat_payable = max(prepaid - balance, ZERO)
    return StepVoucher(spec, summary, lines) if lines else None


def _filing_months(ctx: _Context) -> list[str] | None:
    """The months a tax step judges at this close: this month for a monthly filer; the quarter's
    months at a quarterly filer's quarter end; None in a quarterly filer's other months (nothing yet)."""
    if ctx.book.settings.get("filing", "monthly") != "quarterly":
        return [ctx.period]
    months = quarter_months(ctx.period)
    return months if ctx.period == months[-1] else None


def _small_vat(ctx: _Context, vat: str, months: list[str]) -> Decimal:
    """A small-scale taxpayer's VAT of those months: 222101's credit movement (no input deduction)."""
    return _small_vat_between(ctx.book, months, vat)


def _small_exemption(ctx: _Context, spec: cs.StepSpec) -> StepVoucher | None:
    months = _filing_months(ctx)
    if ctx.taxpayer != "small" or months is None:
        return None
    start, end = (dt.date.fromisoformat(str(spec.options[k])) for k in ("valid_from", "valid_to"))
    if not start <= ctx.day <= end:
        return None
    limit = Decimal(spec.options["quarterly_sales_up_to" if len(months) == 3 else "monthly_sales_up_to"])
    vat = _small_vat(ctx, spec.accounts["vat"], months)
    summary = spec.summary_for(ctx.period)
    lines = cs.small_exemption(vat, month_sales(ctx.book, months[0], months[-1]), limit, spec.accounts["vat"],
                               spec.accounts["income"], summary)
    if lines:
        ctx.small_exempt = True
    return StepVoucher(spec, summary, lines) if lines else None


def _surcharges(ctx: _Context, spec: cs.StepSpec) -> StepVoucher | None:
    book = ctx.book
    months = _filing_months(ctx)
    if months is None or ctx.small_exempt:  # a quarter judged at its end; no VAT, no surcharges
        return None
    if ctx.taxpayer == "general":
        base = ctx.vat_payable + _earlier_vat_due(ctx, months[:-1]) + _simple_vat(book, months)
    else:  # small-scale: the VAT of the months, 222101's credit movement (input VAT is no deduction)
        base = _small_vat(ctx, spec.accounts["vat"], months)
    taxes: dict[str, dict] = spec.options["taxes"]
    try:
        found = cs.surcharges(base, month_sales(book, months[0], months[-1]),
                              book.settings.get("location", DEFAULTS["location"]),
                              ctx.taxpayer, book.settings.get("small_low_profit", "false") == "true", ctx.day,
                              _surcharge_rules(spec.options["rates"]), tuple(taxes), quarterly=len(months) == 3)
    except ValueError as e:
        ctx.blocking.append(Blocking("no_rate", f"{spec.title}: {e}"))
        return None
    lines = cs.surcharge_lines(found, {k: (v["name"], v["debit"], v["credit"]) for k, v in taxes.items()})
    return StepVoucher(spec, spec.summary_for(ctx.period), lines) if lines else None


def _simple_vat(book: Book, months: list[str]) -> Decimal:
    """简易计税 of the months (version 3): 222109's credit movement, red invoices netted. It is due as
    it is, with no input VAT against it, and stays on 222109 until paid from there."""
    from usecases.simple_vat import simple_account
    code = simple_account(book)
    if code is None:
        return ZERO
    return book.session.scalar(select(total(Balance.credit)).where(
        Balance.account_id == book.account_id(code), Balance.period.in_(months))) or ZERO


def _earlier_vat_due(ctx: _Context, months: list[str]) -> Decimal:
    """A general quarterly filer's VAT due in the quarter's earlier months: what their closes moved to
    未交增值税 (22210104's debits) and what was prepaid in them (22210103's debits)."""
    if not months:
        return ZERO
    book = ctx.book
    codes = [c for c in ("22210104", "22210103") if c in book.accounts]
    return book.session.scalar(select(total(Balance.debit)).where(
        Balance.account_id.in_([book.account_id(c) for c in codes]), Balance.period.in_(months))) or ZERO


def _checks(ctx: _Context, spec: cs.StepSpec) -> None:
    for name in spec.options.get("checks", ()):
        ctx.blocking += _CHECKS[name](ctx.book, ctx.period)
        if name == "subledgers":
            ctx.blocking += _register(ctx)
    return None


def _register(ctx: _Context) -> list[Blocking]:
    """The asset register against 1601/1602 as they will be once the planned vouchers are written
    (a reopened month re-charges an asset disposed of later)."""
    from storage.queries.assets import ACCUMULATED, COST, register_findings
    book = ctx.book
    planned = {code: sum((d for k, d in ctx.deltas.items() if book.account_code(k[0]).startswith(code)), ZERO)
               for code in (COST, ACCUMULATED)}
    charged = sum((a for sv in ctx.planned for _, a in sv.depreciation), ZERO)
    return [Blocking("fixed_assets", f) for f in register_findings(book, planned, charged)]


def _profit_and_loss(ctx: _Context, spec: cs.StepSpec) -> StepVoucher | None:
    book = ctx.book
    accounts = {a.id: a for a in book.session.scalars(select(Account).where(
        Account.category == "profit_loss", Account.is_leaf.is_(True)))}
    balances = _cumulative(ctx, list(accounts))
    rows = [cs.PLBalance(accounts[k[0]].code, accounts[k[0]].side, bal, k[1] or None, k[2] or None, k[3] or None)
            for k, bal in sorted(balances.items(), key=lambda kv: (accounts[kv[0][0]].code, kv[0][1:]))]
    summary = spec.summary_for(ctx.period)
    lines = cs.profit_and_loss(rows, book.role("profit"), "结转损益")
    return StepVoucher(spec, summary, lines, CLOSE_SOURCE) if lines else None


def _year_end(ctx: _Context, spec: cs.StepSpec) -> StepVoucher | None:
    if int(ctx.period[5:]) not in spec.options.get("months", (12,)):
        return None
    book = ctx.book
    profit = book.role("profit")
    balance = sum(_cumulative(ctx, [book.account_id(profit)]).values(), ZERO)
    lines = cs.year_end(balance, profit, book.role("retained"), "结转本年利润")
    return StepVoucher(spec, spec.summary_for(ctx.period), lines, CLOSE_SOURCE) if lines else None


_BUILDERS: dict[str, Callable[[_Context, cs.StepSpec], StepVoucher | None]] = {
    "recurring": _recurring, "depreciation": _depreciation, "vat_transfer": _vat_transfer,
    "small_exemption": _small_exemption,
    "surcharges": _surcharges, "checks": _checks, "profit_and_loss": _profit_and_loss, "year_end": _year_end,
}


# ---- the checks that refuse a close ---------------------------------------------------------------
def _unposted(book: Book, period: str) -> list[Blocking]:
    pending = [f"{w}-{n}" for w, n in book.session.execute(select(Voucher.word, Voucher.number).where(
        Voucher.period == period, Voucher.status != "posted").order_by(Voucher.word, Voucher.number))]
    if not pending:
        return []
    return [Blocking("unposted_vouchers", cs.summarise(pending, "vouchers are not posted"),
                     {"type": "voucher", "no": pending[0]}, cs.summarise_words(pending, "张凭证未记账"))]


def _numbering(book: Book, period: str) -> list[Blocking]:
    numbers: dict[str, list[int]] = defaultdict(list)
    for word, n in book.session.execute(select(Voucher.word, Voucher.number).where(Voucher.period == period)):
        numbers[word].append(n)
    out = []
    for word, ns in sorted(numbers.items()):
        missing = sorted(set(range(1, max(ns) + 1)) - set(ns))
        if missing:
            gaps = [f"{word}-{n}" for n in missing]
            out.append(Blocking("numbering_gap", cs.summarise(gaps, "voucher numbers are missing"),
                                {"type": "voucher", "no": f"{word}-{missing[0]}"}, cs.summarise_words(gaps, "个凭证号断号")))
    return out


def _documents(book: Book, period: str) -> list[Blocking]:
    rows = list(book.session.execute(select(Document.type, Document.no).where(
        Document.type.in_(NEEDS_VOUCHER), Document.voucher_id.is_(None), Document.amount != 0,
        Document.date >= period_start(period), Document.date <= period_end(period)).order_by(Document.no)))
    from domain.doctypes import title_of
    return [Blocking("document_without_voucher", f"{t} {no} moves money or goods but has no voucher",
                     {"type": t, "no": no}, f"{title_of(t)} {no} 没有凭证") for t, no in rows]


def _trial_balance(book: Book, period: str) -> list[Blocking]:
    # the period's own balances: earlier periods were checked when they closed
    from storage.queries.close_findings import period_trial_balance_findings
    return [Blocking("trial_balance", f) for f in period_trial_balance_findings(book, period)]


def _last_closed_end(book: Book, period: str) -> dt.date | None:
    """The last day of the latest closed period before `period`: the sub-ledger checks of a close
    look at what changed after it (each earlier close held the rest; `check` stays the full audit)."""
    last = book.session.scalar(select(func.max(Period.period)).where(Period.status == "closed", Period.period < period))
    return period_end(last) if last else None


def _subledgers(book: Book, period: str) -> list[Blocking]:
    since = _last_closed_end(book, period)
    found = checks.receivable_findings(book, since) + checks.pending_findings(book, since)
    return [Blocking("subledger", f) for f in found]


def _stock(book: Book, period: str) -> list[Blocking]:
    return ([Blocking("negative_stock", f) for f in checks.negative_stock_findings(book)]
            + [Blocking("stock", f) for f in checks.stock_ledger_findings(book, _last_closed_end(book, period))])


def _bank_lines(book: Book, period: str) -> list[Blocking]:
    """BANKS.md version 3: a month does not close while bank lines dated in it are neither booked nor
    marked as not the book's business — they could not be booked into it afterwards."""
    from storage.models import BankLine
    rows = list(book.session.execute(
        select(BankLine.account_id, BankLine.bank_ref, BankLine.dedup_key, BankLine.date)
        .where(BankLine.status == "unprocessed", BankLine.date >= period_start(period),
               BankLine.date <= period_end(period)).order_by(BankLine.account_id, BankLine.date, BankLine.id)))
    out = []
    for account_id in dict.fromkeys(r[0] for r in rows):
        code = book.account_code(account_id)
        names = [f"{day} {ref or key[:12]}" for a, ref, key, day in rows if a == account_id]
        out.append(Blocking("bank_lines_undecided",
                            cs.summarise(names, f"bank lines of {code} dated in {period} are neither booked nor marked "
                                                "as not the book's business (银行对账)"),
                            {"type": "bank_account", "no": code},
                            cs.summarise_words(names, f"笔 {code} 的银行流水未处理（入账或标记为非本单位业务），请到“银行对账”处理")))
    return out


_CHECKS: dict[str, Callable[[Book, str], list[Blocking]]] = {
    "unposted": _unposted, "numbering": _numbering, "documents": _documents, "trial_balance": _trial_balance,
    "subledgers": _subledgers, "stock": _stock, "bank_lines": _bank_lines,
}
