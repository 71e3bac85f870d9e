"""Bank lines into the book: duplicates skipped (never booked twice), the column mapping remembered
per account, and the interchange `bank_statement` document."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from sqlalchemy import select

from domain.bank_lines import StatementLine
from domain.errors import refuse
from storage.book import Book
from storage.models import BankAccount, BankLine, BankMapping
from storage.refs import cash_account
from usecases.access import in_bulk, requires
from usecases.commands import BankStatement


@dataclass
class StatementImport:
    """What an import did: lines added, and each line skipped with its row and why."""

    account: str
    added: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BankTarget:
    ledger_code: str
    account_id: int
    bank_account_id: int | None


def target(book: Book, code: object) -> BankTarget:
    """A bank-account code or a cash/bank ledger leaf, as receipts take it."""
    ledger = cash_account(book, code)
    bank = book.session.scalar(select(BankAccount.id).where(BankAccount.code == code))
    return BankTarget(ledger, book.account_id(ledger), bank)


def dedup_key(account_id: int, line: StatementLine) -> str:
    """The bank serial when there is one; else a digest of what identifies the line (BANKS.md)."""
    if line.bank_ref:
        return f"ref:{line.bank_ref}"[:80]
    parts = (str(account_id), line.date.isoformat(), line.time.isoformat() if line.time else "", str(line.amount),
             line.counterparty_account, line.memo)
    return "key:" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()


def remembered(book: Book, code: object) -> dict[str, list[str]] | None:
    t = target(book, code)
    row = book.session.get(BankMapping, t.account_id)
    return json.loads(row.columns) if row else None


def file_keys(account_id: int, lines: list[StatementLine]) -> list[str]:
    """Each line's key, equal lines counted within the file (BANKS.md version 3): without a bank serial,
    the second of two equal lines of one file is a second payment (its 余额 tells it apart), keyed
    '#2', so a later import is a repeat only when the book already holds as many equal lines."""
    count: dict[str, int] = {}
    out = []
    for ln in lines:
        key = dedup_key(account_id, ln)
        if not ln.bank_ref:
            count[key] = count.get(key, 0) + 1
            if count[key] > 1:
                key = f"{key}#{count[key]}"
        out.append(key)
    return out


@requires("save.bank_statement")
def add_lines(book: Book, code: object, lines: list[StatementLine], source: str,
              columns: dict[str, list[str]] | None = None) -> StatementImport:
    """Store new lines; a line already in the book (or its serial twice in this file) is skipped and
    reported; equal lines without a serial are counted, never merged."""
    with book.unit():
        t = target(book, code)
        result = StatementImport(t.ledger_code)
        keys = file_keys(t.account_id, lines)
        known = set(book.session.scalars(select(BankLine.dedup_key).where(
            BankLine.account_id == t.account_id, BankLine.dedup_key.in_(keys))))
        seen: dict[str, int] = {}
        now = dt.datetime.now()
        for ln, key in zip(lines, keys, strict=True):
            what = f"bank serial {ln.bank_ref}" if ln.bank_ref else \
                f"{ln.date} {ln.amount} {ln.counterparty or ln.counterparty_account}".strip()
            if key in known:
                result.skipped.append(f"row {ln.row}: {what} was imported before; skipped")
                continue
            if key in seen:
                result.skipped.append(f"row {ln.row}: {what} repeats row {seen[key]}; skipped")
                continue
            seen[key] = ln.row
            book.session.add(BankLine(
                account_id=t.account_id, bank_account_id=t.bank_account_id, date=ln.date, time=ln.time,
                amount=ln.amount, balance=ln.balance, counterparty=ln.counterparty[:200], counterparty_account=ln.counterparty_account[:64],
                memo=ln.memo[:500], bank_ref=(ln.bank_ref or None) and ln.bank_ref[:80], dedup_key=key,
                status="unprocessed", source=source[:200], imported_at=now))
            result.added += 1
        if columns is not None:
            book.session.merge(BankMapping(account_id=t.account_id, columns=json.dumps(columns, ensure_ascii=False),
                                           updated_at=now))
        if not in_bulk():
            from storage.oplog import append
            append(book, "import", record=f"bank {t.ledger_code}", detail=f"{source}: {result.added} bank lines"
                   + (f", {len(result.skipped)} duplicates skipped" if result.skipped else ""))
        return result


def bank_statement(book: Book, cmd: BankStatement) -> StatementImport:
    """The interchange `bank_statement` document: its lines into the account named."""
    if not cmd.lines:
        raise refuse("at_least_one_bank_line", field="lines")
    target(book, cmd.account)
    return add_lines(book, cmd.account, list(cmd.lines), "interchange")
