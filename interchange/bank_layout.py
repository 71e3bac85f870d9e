"""Reading a bank's statement table (BANKS.md): find the header row by its words, map the columns
by their synonyms, and turn each row into a StatementLine — pure, over rows of cell values.

Files are read elsewhere (interchange/bank_files.py); this module never touches I/O or the book, so
every bank layout is tested on plain lists.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.bank_lines import StatementLine
from domain.errors import Problem, Rejected
from domain.money import q2

Cell = object  # str, int, float (spreadsheet numbers), datetime, date, time or None


def norm_header(text: object) -> str:
    """Header text as compared: NFKC (full-width brackets → half-width), no spaces, 帐 = 账."""
    s = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return re.sub(r"\s+", "", s).replace("帐", "账").rstrip(":：")


def _n(*names: str) -> tuple[str, ...]:
    return tuple(norm_header(x) for x in names)


# Synonyms of BANKS.md, in priority order within a field.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": _n("交易日期", "交易日", "交易时间", "记账日期", "入账日期", "起息日"),
    "time": _n("交易时间"),
    "money_in": _n("贷方发生额（收入）", "贷方发生额", "贷方金额", "收入", "转入金额", "贷方(入账)", "收入金额", "贷"),
    "money_out": _n("借方发生额（支取）", "借方发生额（支出）", "借方发生额", "借方金额", "支出", "转出金额",
                    "借方(出账)", "支出金额", "借"),
    "amount": _n("交易金额", "发生额", "金额"),
    "direction": _n("借贷标志", "借贷方向", "收支标志", "收支方向", "借贷"),
    "counterparty": _n("对方户名", "对方名称", "对方单位", "对方单位名称", "收(付)方名称", "对方账号名称", "对方账户名称"),
    "counterparty_account": _n("对方账号", "对方账户", "收(付)方账号", "收(付)方帐号"),
    # 交易附言 is 农业银行's memo column; 用途说明/摘要说明 appear in other banks' CSV exports.
    "memo": _n("摘要", "用途", "附言", "备注", "交易用途", "客户附言", "交易附言", "用途说明", "摘要说明", "交易摘要"),
    "bank_ref": _n("账户明细编号-交易流水号", "交易流水号", "核心唯一流水号", "凭证号", "流水号"),
    "balance": _n("余额", "账户余额", "本次余额", "交易后余额", "联机余额"),
}
MULTI = {"memo"}  # every memo column is kept, joined
# The bank's 借 (debit, money out of the account) and 贷 (credit, money in), as direction flags.
_OUT_FLAGS = frozenset("借支出付D")
_IN_FLAGS = frozenset("贷收入C")
FOOTER = re.compile(r"^(合计|总计|小计|本页|共\d|借方笔数|贷方笔数|以下空白)")


@dataclass(frozen=True)
class Layout:
    """The header row (0-based index) and, per field, the column index(es) and header text."""

    header_row: int
    columns: dict[str, list[int]]
    headers: dict[str, list[str]]


def map_header(cells: Sequence[Cell], remembered: dict[str, list[str]] | None = None) -> dict[str, list[int]]:
    """Columns of one candidate header row: a remembered mapping first, then the synonyms."""
    names = [norm_header(c) for c in cells]
    found: dict[str, list[int]] = {}
    if remembered:
        for field, heads in remembered.items():
            idx = [names.index(norm_header(h)) for h in heads if norm_header(h) in names]
            if idx:
                found[field] = idx
    used = {i for idx in found.values() for i in idx}
    for field, synonyms in SYNONYMS.items():
        if field in found:
            continue
        if field in MULTI:
            idx = [i for i, n in enumerate(names) if n in synonyms and i not in used]
        else:
            idx = next(([names.index(s)] for s in synonyms if s in names and names.index(s) not in used), [])
        if idx:
            found[field] = idx
            if field != "time":  # 交易时间 may be both the date (with its time) and the time
                used.update(idx)
    if "time" in found and found.get("date") == found["time"]:
        del found["time"]
    return found


def _usable(cols: dict[str, list[int]]) -> bool:
    return "date" in cols and ("amount" in cols or "money_in" in cols or "money_out" in cols)


def find_layout(rows: Sequence[Sequence[Cell]], remembered: dict[str, list[str]] | None = None,
                scan: int = 40) -> Layout:
    """The first row (of the first `scan`) that names a date and an amount column."""
    if not any(any(_text(c) for c in row) for row in rows):
        raise Rejected(Problem("", "the file holds no rows"))
    for i, row in enumerate(rows[:scan]):
        cols = map_header(row, remembered)
        if _usable(cols):
            return Layout(i, cols, {f: [str(row[j]).strip() for j in idx] for f, idx in cols.items()})
    raise Rejected(Problem(f"rows 1-{min(scan, len(rows))}",
                           "no header row naming a date column (交易日期/交易时间/记账日期…) and an amount column "
                           "(贷方发生额/借方发生额/收入/支出/转入金额…) was found"))


# ---- values -------------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y%m%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M",
                 "%Y%m%d%H%M%S", "%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日",
                 "%Y年%m月%d日 %H:%M:%S")


def parse_when(cell: Cell) -> tuple[dt.date, dt.time | None]:
    if isinstance(cell, dt.datetime):
        return cell.date(), (cell.time() if cell.time() != dt.time(0) else None)
    if isinstance(cell, dt.date):
        return cell, None
    text = str(cell if cell is not None else "").strip()
    if isinstance(cell, float) and cell.is_integer():  # 20260410 typed as a number
        text = str(int(cell))
    for fmt in _DATE_FORMATS:
        try:
            at = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        has_time = "%H" in fmt
        return at.date(), (at.time() if has_time else None)
    raise ValueError(f"{text!r} is not a date (2026-04-16 11:09:16, 20260410 17:07:09, 2026-04-16…)")


def parse_time(cell: Cell) -> dt.time | None:
    if cell is None or str(cell).strip() == "":
        return None
    if isinstance(cell, dt.time):
        return cell
    if isinstance(cell, dt.datetime):
        return cell.time()
    text = str(cell).strip()
    for fmt in ("%H:%M:%S", "%H%M%S", "%H:%M"):
        try:
            return dt.datetime.strptime(text, fmt).time()
        except ValueError:
            pass
    return parse_when(cell)[1]  # a full date-time in the time column


def parse_money(cell: Cell) -> Decimal:
    """An amount cell: blank is 0; thousands separators and currency signs are dropped. A
    spreadsheet number arrives as a float: its shortest repr is the figure the bank wrote."""
    if cell is None:
        return Decimal("0.00")
    if isinstance(cell, bool):
        raise ValueError(f"{cell!r} is not an amount")
    text = repr(cell) if isinstance(cell, float) else str(cell)
    text = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace("¥", "").replace("￥", "")
    text = text.replace("元", "").strip()
    if text in ("", "-", "--"):
        return Decimal("0.00")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{str(cell).strip()!r} is not an amount") from None
    if not value.is_finite():
        raise ValueError(f"{str(cell).strip()!r} is not an amount")
    if value != q2(value):
        raise ValueError(f"{str(cell).strip()!r} has more than two decimals")
    return q2(value)


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():  # an account number typed as a number
        return str(int(cell))
    return str(cell).strip()


# ---- rows ---------------------------------------------------------------------------------------

def _cell(row: Sequence[Cell], idx: list[int] | None) -> Cell:
    if not idx or idx[0] >= len(row):
        return None
    return row[idx[0]]


def read_statement(rows: Sequence[Sequence[Cell]], remembered: dict[str, list[str]] | None = None
                   ) -> tuple[Layout, list[StatementLine]]:
    """Every bank line below the header; refuses with every bad row and its reason."""
    layout = find_layout(rows, remembered)
    cols = layout.columns
    out: list[StatementLine] = []
    problems: list[Problem] = []
    for i in range(layout.header_row + 1, len(rows)):
        row = rows[i]
        if all(_text(c) == "" for c in row):
            continue
        first = _text(_cell(row, cols["date"]))
        if FOOTER.match(first) or any(FOOTER.match(_text(c)) for c in row[:2]):
            continue  # totals and "以下空白" below the lines
        try:
            out.append(_line(i + 1, row, cols))
        except ValueError as e:
            problems.append(Problem(f"row {i + 1}", str(e)))
    if problems:
        raise Rejected(problems)
    check_balance_chain(out)
    return layout, out


def check_balance_chain(lines: Sequence[StatementLine]) -> None:
    """BANKS.md version 3: the 余额 column must chain (previous balance ± amount = this balance), in the
    file's order or — for banks that list the newest first — in reverse. This is what tells two equal
    lines of one file apart as two payments, so a file whose balances do not chain is refused,
    naming the first line that breaks, rather than trusted."""
    pairs = [(a, b) for a, b in zip(lines, lines[1:], strict=False) if a.balance is not None and b.balance is not None]
    if not pairs:
        return
    forward = [b for a, b in pairs if a.balance + b.amount != b.balance]  # type: ignore[operator]
    if not forward:
        return
    if all(b.balance + a.amount == a.balance for a, b in pairs):  # type: ignore[operator]
        return  # newest first
    bad = forward[0]
    prev = next(a for a, b in pairs if b is bad)
    raise Rejected(Problem(f"row {bad.row}", f"余额 {bad.balance} does not follow from row {prev.row}'s 余额 "
                                             f"{prev.balance} and the amount {bad.amount} (余额不连续: the file is "
                                             "incomplete or was edited; export it again)"))


def _line(n: int, row: Sequence[Cell], cols: dict[str, list[int]]) -> StatementLine:
    try:
        day, time = parse_when(_cell(row, cols["date"]))
    except ValueError as e:
        raise ValueError(f"date: {e}") from None
    if "time" in cols:
        try:
            time = parse_time(_cell(row, cols["time"])) or time
        except ValueError as e:
            raise ValueError(f"time: {e}") from None
    amount = _amount(row, cols)
    memo = " ".join(dict.fromkeys(t for t in (_text(row[j]) for j in cols.get("memo", []) if j < len(row)) if t))
    ref = _text(_cell(row, cols.get("bank_ref"))) or None
    balance = None
    if "balance" in cols and _text(_cell(row, cols["balance"])):  # a blank balance is no balance, not 0
        try:
            balance = parse_money(_cell(row, cols["balance"]))
        except ValueError:
            balance = None  # unreadable: it neither proves nor breaks the chain
    return StatementLine(n, day, time, amount, _text(_cell(row, cols.get("counterparty"))),
                         _text(_cell(row, cols.get("counterparty_account"))), memo, ref, balance)


def _amount(row: Sequence[Cell], cols: dict[str, list[int]]) -> Decimal:
    if "money_in" in cols or "money_out" in cols:
        try:
            money_in = parse_money(_cell(row, cols.get("money_in")))
            money_out = parse_money(_cell(row, cols.get("money_out")))
        except ValueError as e:
            raise ValueError(f"amount: {e}") from None
        if money_in and money_out:
            raise ValueError(f"both money in ({money_in}) and money out ({money_out}) on one line")
        if money_in < 0 or money_out < 0:
            # some banks write reversals as negative amounts on their own side
            return money_in - money_out
        amount = money_in - money_out
    else:
        try:
            amount = parse_money(_cell(row, cols.get("amount")))
        except ValueError as e:
            raise ValueError(f"amount: {e}") from None
        if "direction" in cols:  # 中国银行/农业银行 style: one amount column and a 借/贷 flag
            flag = _text(_cell(row, cols["direction"])).upper()
            if flag[:1] in _OUT_FLAGS:
                amount = -abs(amount)
            elif flag[:1] in _IN_FLAGS:
                amount = abs(amount)
            else:
                raise ValueError(f"direction: {flag!r} is neither 借/支 (out) nor 贷/收 (in)")
    if amount == 0:
        raise ValueError("amount: neither money in nor money out")
    return amount
