"""设置 → 期初余额 (issue 27) and the new book's last step (issue 30): the chart of accounts as a grid of
期初余额, with 本年累计借方/贷方 and 年初余额 for a book started mid-year, the customers, suppliers and
items under the accounts kept by them, and 试算平衡 live.

Choice (as 用友/金蝶, which will not 启用 a book until 试算平衡): unbalanced openings are never stored.
保存 stays disabled until debits equal credits, and the use case refuses them too, so no document can
ever be entered against openings that do not balance. 年初余额 is computed (期初 − 累计借 + 累计贷 on a
debit account), so invariant 14 holds by construction.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.errors import Rejected
from usecases import opening_edit as oe

ZERO = Decimal("0.00")
AUX_NAMES = {"customer": "客户", "supplier": "供应商", "item": "商品"}
SIDES = {"debit": "借", "credit": "贷"}
RED, GREEN = "#b00020", "#1b7f3b"


def money(d: Decimal) -> str:
    return f"{d:,.2f}"


def read_amount(text: str) -> Decimal | None:
    """What a person typed as an amount (1,000.00 or 1000 or -5), or None when it is not one."""
    text = text.strip().replace(",", "").replace("，", "")
    if not text:
        return ZERO
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or value.as_tuple().exponent < -2 or abs(value) >= Decimal(10) ** 12:  # type: ignore[operator]
        return None
    return value.quantize(Decimal("0.01"))


class _Row:
    """A grid row: a total (a parent, or an account kept by customer/supplier/item) or a line one types."""

    def __init__(self, account: oe.AccountRow, party: str | None = None, editable: bool = True, label: str = ""):
        self.account, self.party, self.editable = account, party, editable
        a = account
        if party:
            self.code, self.name = f"    {party}", f"    {label}"
        else:
            self.code, self.name = "  " * (a.level - 1) + a.code, "  " * (a.level - 1) + a.name
        self.text: dict[str, str] = {}  # what was typed, by column

    @property
    def profit_and_loss(self) -> bool:
        return self.account.category == "profit_loss"


AMOUNTS = ("期初余额", "本年累计借方", "本年累计贷方")


class OpeningsModel(QAbstractTableModel):
    """The grid's figures in Python, so one keystroke recomputes the totals without touching each cell."""

    def __init__(self, rows: list[_Row], columns: list[str], inventory: str, mid_year: bool, locked: bool,
                 carded: frozenset[str] = frozenset()):
        super().__init__()
        self.rows, self.columns, self.inventory = rows, columns, inventory
        self.mid_year, self.locked = mid_year, locked
        self.carded = carded  # 1601/1602 when asset cards held at the opening decide them
        self.sums: dict[str, tuple[Decimal, Decimal, Decimal]] = {}
        self.recompute()

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None

    def amount(self, row: _Row, col: str) -> Decimal | None:
        return read_amount(row.text.get(col, "")) if col in AMOUNTS else ZERO

    def editable(self, row: _Row, col: str) -> bool:
        if self.locked or not row.editable:
            return False
        if col == "期初余额":
            return not row.profit_and_loss and row.account.code not in self.carded
        if col in ("本年累计借方", "本年累计贷方"):
            return self.mid_year
        if col == "期初数量":
            return row.account.code == self.inventory and row.party is not None
        return False

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable(self.rows[index.row()], self.columns[index.column()]):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def shown(self, row: _Row, col: str) -> str:
        if col == "科目编码":
            return row.code
        if col == "科目名称":
            return row.name
        if col == "方向":
            return SIDES.get(row.account.side, row.account.side)
        if row.editable:
            if col == "年初余额":
                return self._year(row, *self._figures(row))
            if col == "期初数量":
                return row.text.get(col, "")
            value = self.amount(row, col)
            return row.text.get(col, "") if value is None else (money(value) if value else "")
        net, ytd_d, ytd_c = self.sums.get(row.account.code, (ZERO, ZERO, ZERO))
        own = net if row.account.side == "debit" else -net
        if col == "期初余额":
            return money(own) if own else ""
        if col == "本年累计借方":
            return money(ytd_d) if ytd_d else ""
        if col == "本年累计贷方":
            return money(ytd_c) if ytd_c else ""
        if col == "年初余额":
            return self._year(row, net, ytd_d, ytd_c)
        return ""

    def _figures(self, row: _Row) -> tuple[Decimal, Decimal, Decimal]:
        balance = self.amount(row, "期初余额") or ZERO
        net = balance if row.account.side == "debit" else -balance
        return net, self.amount(row, "本年累计借方") or ZERO, self.amount(row, "本年累计贷方") or ZERO

    def _year(self, row: _Row, net: Decimal, ytd_d: Decimal, ytd_c: Decimal) -> str:
        """年初余额 on the account's side: 期初 − 累计借 + 累计贷 as debit − credit (invariant 14)."""
        if row.profit_and_loss:
            return ""
        year = net - ytd_d + ytd_c
        own = year if row.account.side == "debit" else -year
        return money(own) if own else ""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row, col = self.rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.text.get(col, "") if role == Qt.ItemDataRole.EditRole else self.shown(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and not row.editable:
            font = QFont()
            font.setBold(True)
            return font
        bad = row.editable and col in AMOUNTS and self.amount(row, col) is None
        if role == Qt.ItemDataRole.ForegroundRole and bad:
            return QBrush(QColor(RED))
        if role == Qt.ItemDataRole.BackgroundRole:
            if bad:
                return QBrush(QColor("#fde7e9"))
            if index.column() >= 3 and not self.editable(row, col):
                return QBrush(QColor("#f3f3f3"))
        if role == Qt.ItemDataRole.ToolTipRole and bad:
            return "不是金额：请填写数字，最多两位小数"
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 - Qt's name
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        self.rows[index.row()].text[self.columns[index.column()]] = str(value).strip()
        self.recompute()
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))
        return True

    def recompute(self) -> None:
        sums: dict[str, list[Decimal]] = {}
        for row in self.rows:
            if not row.editable:
                continue
            figures = self._figures(row)
            code = row.account.code
            for total in {code[:n] for n in range(4, len(code) + 1, 2)}:
                s = sums.setdefault(total, [ZERO, ZERO, ZERO])
                for i in range(3):
                    s[i] += figures[i]
        self.sums = {k: (v[0], v[1], v[2]) for k, v in sums.items()}

    def bad_cells(self) -> list[tuple[int, str]]:
        return [(r, c) for r, row in enumerate(self.rows) if row.editable for c in AMOUNTS
                if c in self.columns and self.amount(row, c) is None]

    def totals(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """Σ opening debit, Σ opening credit, assets (with 成本 accounts), liabilities and equity."""
        debit = credit = assets = claims = ZERO
        for row in self.rows:
            if not row.editable:
                continue
            net = self._figures(row)[0]
            debit += max(net, ZERO)
            credit += max(-net, ZERO)
            if row.account.category in ("asset", "cost"):
                assets += net
            elif row.account.category in ("liability", "equity"):
                claims -= net
        return debit, credit, assets, claims

    def entries(self) -> list[oe.OpeningEntry]:
        out = []
        for row in self.rows:
            if not row.editable:
                continue
            balance, debit, credit = (self.amount(row, c) for c in AMOUNTS)
            if balance is None or debit is None or credit is None:
                continue
            qty = None
            text = row.text.get("期初数量", "").replace(",", "")
            if text:
                try:
                    qty = Decimal(text)
                except InvalidOperation:
                    qty = None
            out.append(oe.OpeningEntry(row.account.code, row.party, balance, debit, credit, qty))
        return out


class OpeningsEditor(QWidget):
    """The grid; `run(usecase, *args)` calls a use case on the book (the window's AppContext.run)."""

    saved = Signal()
    balanced_changed = Signal(bool)

    def __init__(self, book, run: Callable | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.book = book
        self.run = run or (lambda usecase, *a, **k: usecase(book, *a, **k))
        self.model: OpeningsModel | None = None
        self.dirty = False
        self.balanced = True
        layout = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.table = QTableView()
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        layout.addWidget(self.table, 1)
        self.trial = QLabel()
        self.trial.setWordWrap(True)
        self.sheet = QLabel()
        self.sheet.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {RED}")
        bottom = QHBoxLayout()
        totals = QVBoxLayout()
        totals.addWidget(self.trial)
        totals.addWidget(self.sheet)
        bottom.addLayout(totals, 1)
        self.warehouse = QComboBox()
        self.warehouse_label = QLabel("期初库存所在仓库：")
        bottom.addWidget(self.warehouse_label)
        bottom.addWidget(self.warehouse)
        self.save_button = QPushButton("保存期初余额")
        self.save_button.clicked.connect(self.save)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        layout.addWidget(self.problems)
        self.reload()

    @property
    def mid_year(self) -> bool:
        return not str(self.book.settings.get("start_period", "")).endswith("-01")

    def columns(self) -> list[str]:
        cols = ["科目编码", "科目名称", "方向", "期初余额"]
        if self.mid_year:
            cols += ["本年累计借方", "本年累计贷方", "年初余额"]
        return cols + ["期初数量"]

    def col(self, name: str) -> int:
        return self.columns().index(name)

    def reload(self) -> None:
        with self.book.reading():
            chart = [a for a in oe.chart(self.book) if a.code not in oe.KEPT_BY_DOCUMENTS]
            parties = {kind: oe.parties(self.book, kind) for kind in oe.PARTY_MODELS}
            stored = {(e.account, e.party): e for e in oe.current_openings(self.book)}
            self.locked = oe.why_locked(self.book)
            houses = oe.warehouses(self.book)
            inventory = self.book.role("inventory")
            cards = oe.card_held(self.book)
        start = self.book.settings.get("start_period", "")
        hint = (f"启用期间 {start}，期初余额即 {self.book.settings.get('opening_date', '')} 的余额。"
                "余额按科目方向填写（反方向填负数）；客户、供应商、商品核算的科目按明细填写，库存商品同时填期初数量。")
        if self.mid_year:
            hint += ("年中启用：请同时填写本年累计借方、贷方；年初余额 = 期初 − 累计借 + 累计贷（贷方科目反之），"
                     "自动算出；损益类科目只填本年累计。")
        if cards:
            hint += (f"固定资产 {cards[oe.COST]:,.2f}、累计折旧 {cards[oe.ACCUMULATED]:,.2f} 由期初资产卡片合计填入，"
                     "此处不能修改（改卡片请用导入）。")
        self.hint.setText(self.locked or hint)
        self.warehouse.clear()
        for code, name in houses:
            self.warehouse.addItem(f"{code} {name}", code)
        rows: list[_Row] = []
        for account in chart:
            if account.leaf and account.aux:
                rows.append(_Row(account, editable=False))
                rows += [_Row(account, code, label=f"{AUX_NAMES[account.aux]}：{name}")
                         for code, name in parties[account.aux]]
            else:
                rows.append(_Row(account, editable=account.leaf))
        for row in rows:
            entry = stored.get((row.account.code, row.party))
            if row.editable and entry is not None:
                for col, value in zip(AMOUNTS, (entry.balance, entry.ytd_debit, entry.ytd_credit), strict=True):
                    if value:
                        row.text[col] = f"{value:.2f}"
                if entry.qty:
                    row.text["期初数量"] = f"{entry.qty.normalize():f}"
            if row.editable and row.account.code in cards:  # the cards' totals, whatever was stored
                row.text["期初余额"] = f"{cards[row.account.code]:.2f}" if cards[row.account.code] else ""
        self.model = OpeningsModel(rows, self.columns(), inventory, self.mid_year, bool(self.locked),
                                   frozenset(cards))
        self.model.dataChanged.connect(self._changed)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.problems.clear()
        self.dirty = False
        self.warehouse.setVisible(bool(houses))
        self.warehouse_label.setVisible(bool(houses))
        self._show_totals()

    def _changed(self, *_args) -> None:
        self.dirty = True
        self._show_totals()

    def entries(self) -> list[oe.OpeningEntry]:
        assert self.model is not None
        return self.model.entries()

    def _show_totals(self) -> None:
        assert self.model is not None
        debit, credit, assets, claims = self.model.totals()
        bad = self.model.bad_cells()
        balanced = debit == credit and not bad
        if bad:
            self.trial.setText(f"试算平衡：有 {len(bad)} 个单元格不是金额（标红处），请改正")
        elif balanced:
            self.trial.setText(f"试算平衡：借方合计 {money(debit)} ＝ 贷方合计 {money(credit)}　平衡 ✓")
        else:
            self.trial.setText(f"试算不平衡：借方合计 {money(debit)}，贷方合计 {money(credit)}，"
                               f"差额 {money(debit - credit)}（平衡后才能保存）")
        self.trial.setStyleSheet(f"color: {GREEN if balanced else RED}; font-weight: bold")
        ties = assets == claims
        self.sheet.setText(f"资产负债表：资产 {money(assets)}，负债和所有者权益 {money(claims)}"
                           + ("　相符 ✓" if ties else f"　差 {money(assets - claims)}"))
        self.sheet.setStyleSheet(f"color: {GREEN if ties else RED}")
        self.save_button.setEnabled(balanced and not self.locked)
        self.save_button.setToolTip(self.locked or ("" if balanced else "借贷不平衡（或有单元格不是金额），不能保存"))
        if balanced != self.balanced:
            self.balanced = balanced
            self.balanced_changed.emit(balanced)

    def cell(self, account: str, party: str | None, col: str) -> str:
        """What a cell shows (tests)."""
        assert self.model is not None
        r = next(i for i, row in enumerate(self.model.rows) if row.account.code == account and row.party == party
                 and (row.editable or party is not None or not any(
                     x.editable and x.account.code == account for x in self.model.rows)))
        return self.model.shown(self.model.rows[r], col)

    def total(self, account: str, col: str) -> str:
        assert self.model is not None
        row = next(row for row in self.model.rows if row.account.code == account and not row.editable)
        return self.model.shown(row, col)

    def set_amount(self, account: str, party: str | None, col: str, text: str) -> None:
        """Type into a cell, as the delegate would (tests and the screenshots)."""
        assert self.model is not None
        r = next(i for i, row in enumerate(self.model.rows) if row.editable and row.account.code == account
                 and row.party == party)
        self.model.setData(self.model.index(r, self.col(col)), text)

    def save(self) -> bool:
        self._show_totals()
        if not self.save_button.isEnabled():
            return False
        try:
            self.run(oe.replace_openings, self.entries(), self.warehouse.currentData())
        except Rejected as e:
            self.problems.setText("未保存：\n" + "\n".join(str(p) for p in e.problems))
            return False
        self.reload()
        self.trial.setText(self.trial.text() + "　已保存")
        self.saved.emit()
        return True


class OpeningsPage(OpeningsEditor):
    """The page 设置 → 期初余额."""

    def __init__(self, ctx):
        super().__init__(ctx.book, ctx.run)
        ctx.changed.connect(self._book_changed)

    def _book_changed(self) -> None:
        # new customers or items show; what is being typed is never thrown away; hidden, it waits
        self.stale = True
        if self.isVisible() and not self.dirty:
            self.reload()

    def reload(self) -> None:
        self.stale = False
        super().reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if getattr(self, "stale", False) and not self.dirty:
            self.reload()
        super().showEvent(event)
