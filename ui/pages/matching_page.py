"""银行对账: a bank account's waiting lines beside the engine's proposal for the selected one — confirm,
split across invoices, reassign to another customer, or book as fee, interest or refund. What is
confirmed is learned (the payer's account and name) by the use case, not here."""
from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.errors import Rejected
from domain.matching.model import Line, Match
from domain.money import fmt_thousands, parse_amount
from storage.book import Book
from storage.queries import banking as q
from ui.forms.problems import said
from usecases import matching

STATUS_WORDS = {"accepted": "可自动入账", "proposed": "待确认", "unmatched": "未匹配"}
Index = QModelIndex | QPersistentModelIndex


_GLOSS = re.compile(r"\s*\([^()]*[A-Za-z][^()]*\)")


def in_words(reason: str) -> str:
    """The matcher's reason as the window shows it: its Chinese sentences without the English
    glosses kept for the command line's JSON ("一致 (name equals after normalising)" → "一致")."""
    return "；".join(part.strip() for part in _GLOSS.sub("", reason).split(";") if part.strip())


class BankLinesModel(QAbstractTableModel):
    """Unprocessed lines of one account with the engine's verdict on each."""

    HEADERS = ("日期", "金额", "对方户名", "摘要", "建议", "可信度", "原因")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[Line, Match]] = []

    def reset(self, rows: list[tuple[Line, Match]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        line, m = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.date.isoformat(), fmt_thousands(line.amount), line.counterparty, line.memo,
                    STATUS_WORDS[m.status], f"{m.confidence:.0%}", matching.why_not_auto(m))[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 6:
            return in_words(m.reason)
        if role == Qt.ItemDataRole.ToolTipRole and col in (2, 3):
            return (line.counterparty, line.memo)[col - 2]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and line.amount < 0:
            return QColor("#b00020")
        return None


class MatchingPage(QWidget):
    booked = Signal()  # after a confirm, a booking or an accept changed the book

    def __init__(self, open_book: Callable[[], Book], parent: QWidget | None = None):
        super().__init__(parent)
        self.name = "matching"
        self._open_book = open_book
        self._book: Book | None = None
        self._accounts: dict[str, q.BankChoice] = {}
        self.title = QLabel("银行对账", objectName="pageTitle")
        self.account = QComboBox(objectName="bankAccount")
        self.refresh_button = QPushButton("刷新")
        self.accept_button = QPushButton("自动入账")
        self.accept_button.setToolTip("把证据充分、金额唯一的流水直接生成收款单/付款单")
        self.model = BankLinesModel(self)
        self.table = QTableView(objectName="bankLines")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)  # 原因 takes what is left (full text in its tooltip)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()

        self.reason = QLabel(objectName="reason", wordWrap=True)
        self.party = QLineEdit(objectName="party", placeholderText="客户/供应商编码")
        self.party.setFixedWidth(110)
        self.reassign_button = QPushButton("改派")
        self.party_name = QLabel(objectName="partyName", wordWrap=True)  # a long name wraps, not widens the side
        self.payers = QLabel(objectName="payers", wordWrap=True)  # payers confirmed for the party (代付)
        self.book_open = QCheckBox("已结账期间的流水在当前期间入账", objectName="bookInOpen")
        self.book_open.setToolTip("所属期间已结账时，在当前开放期间入账（保留银行日期）")
        self.reconciliation = QLabel(objectName="reconciliation", wordWrap=True)
        self.allocations = QTableWidget(0, 4, objectName="allocations")
        self.allocations.setHorizontalHeaderLabels(["发票", "日期", "未收金额", "本次核销"])
        self.allocations.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for col in (0, 1):  # the invoice number and its date whole; the amounts share the rest
            self.allocations.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.allocations.horizontalHeader().setMinimumSectionSize(72)
        self.allocations.verticalHeader().hide()
        self.fee = QLineEdit(objectName="fee", placeholderText="0.00")
        self.fee.setFixedWidth(100)
        self.confirm_button = QPushButton("确认入账", objectName="confirm")
        self.book_buttons = {kind: QPushButton(text) for kind, text in
                             (("fee", "记为手续费"), ("interest", "记为利息"), ("refund", "记为退款"), ("ignore", "忽略"))}
        self.error = QLabel(objectName="error", wordWrap=True)
        self.error.setStyleSheet("color: #b00020")
        self.message = QLabel(objectName="message")
        self._layout()
        self._connect()
        self.reload()

    # ---- layout and wiring ------------------------------------------------------------------
    def _layout(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(QLabel("账户"))
        head.addWidget(self.account)
        head.addWidget(self.refresh_button)
        head.addWidget(self.accept_button)
        right = QWidget()
        side = QVBoxLayout(right)
        side.addWidget(QLabel("匹配依据"))
        side.addWidget(self.reason)
        who = QHBoxLayout()
        who.addWidget(QLabel("往来单位"))
        who.addWidget(self.party)
        who.addWidget(self.reassign_button)
        who.addStretch(1)
        side.addLayout(who)
        side.addWidget(self.party_name)  # its own line: a long name never squeezes the lines' columns
        side.addWidget(self.payers)
        side.addWidget(self.allocations, 1)
        fee = QHBoxLayout()
        fee.addWidget(QLabel("银行手续费"))
        fee.addWidget(self.fee)
        fee.addStretch(1)
        fee.addWidget(self.confirm_button)
        side.addLayout(fee)
        side.addWidget(self.book_open)
        other = QGridLayout()  # two by two: the side stays narrow enough for the lines' columns at 1280
        for i, b in enumerate(self.book_buttons.values()):
            other.addWidget(b, i // 2, i % 2)
        side.addLayout(other)
        side.addWidget(self.error)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 7)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        self.split = split
        self._user_split = False  # once the user drags the divider, it stays where they put it
        split.splitterMoved.connect(lambda *_: setattr(self, "_user_split", True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(head)
        layout.addWidget(split, 1)
        layout.addWidget(self.reconciliation)
        layout.addWidget(self.message)

    def _connect(self) -> None:
        self.account.currentIndexChanged.connect(lambda _: self._load_lines())
        self.refresh_button.clicked.connect(self.reload)
        self.accept_button.clicked.connect(self.accept_confident)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _: self._show(cur.row()))
        self.reassign_button.clicked.connect(lambda: self._load_party(self.party.text().strip(), None))
        self.party.returnPressed.connect(lambda: self._load_party(self.party.text().strip(), None))
        self.confirm_button.clicked.connect(self.confirm)
        for kind, b in self.book_buttons.items():
            b.clicked.connect(lambda _=False, k=kind: self.book_as(k))

    @property
    def book(self) -> Book:
        if self._book is None:
            self._book = self._open_book()
        return self._book

    # ---- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.account.currentData()
        self.book.refresh()
        self._accounts = {a.ledger: a for a in q.bank_accounts(self.book)}
        self.account.blockSignals(True)
        self.account.clear()
        for a in self._accounts.values():
            self.account.addItem(f"{a.ledger} {a.name}（{a.waiting} 笔待处理）", a.ledger)
        codes = list(self._accounts)
        # the account with lines waiting first, not an empty one that merely sorts first
        busy = next((c for c in codes if self._accounts[c].waiting), codes[0] if codes else None)
        chosen = current if current in codes else busy
        self.account.setCurrentIndex(codes.index(chosen) if chosen is not None else -1)
        self.account.blockSignals(False)
        self._load_lines()

    def _load_lines(self) -> None:
        code = self.account.currentData()
        rows: list[tuple[Line, Match]] = []
        if code:
            lines, matches = matching.run(self.book, code)
            by_id = {ln.id: ln for ln in lines}
            rows = [(by_id[m.line_id], m) for m in matches]
        self.model.reset(rows)
        self._fit_columns()
        self.message.setText(self._message(code, len(rows)))
        self.reconciliation.setText(self._reconciliation(code))
        if rows:
            self.table.selectRow(0)
        else:
            self._show(-1)

    MEMO_WIDEST = 320  # a longer 摘要 is elided (whole in its tooltip)
    PARTY_NARROWEST = 110  # 对方户名 gives way first: its name is also shown beside the proposal

    def _fit_columns(self) -> None:
        """Every column as wide as its contents (a stretched 摘要 collapsed to … beside long names)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for col in range(self.model.columnCount() - 1):  # + the theme's cell padding, which the hint leaves out
            width = header.sectionSize(col) + 12
            header.resizeSection(col, min(width, self.MEMO_WIDEST) if col == 3 else width)
        self._party_need = header.sectionSize(2)
        self._fit_split()

    def _fit_split(self) -> None:
        """The lines get the width their columns need; the side keeps at least what it needs to show;
        when both cannot, 对方户名 narrows (down to PARTY_NARROWEST) before anything else."""
        if self._user_split or self.split.width() <= 0:
            return
        header = self.table.horizontalHeader()
        chrome = self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth()
        others = sum(header.sectionSize(c) for c in range(self.model.columnCount() - 1) if c != 2)
        party = getattr(self, "_party_need", header.sectionSize(2))
        side = max(self.split.widget(1).minimumSizeHint().width(), self._side_need())
        total = self.split.width() - self.split.handleWidth()
        need = others + party + 160 + chrome  # + some of 原因
        table = max(min(need, total - side), total // 2)
        header.resizeSection(2, max(self.PARTY_NARROWEST, min(party, table - chrome - others)))
        self.split.setSizes([table, total - table])

    def _side_need(self) -> int:
        """What the allocations need: the invoice number whole, the other three at least their minimum."""
        grid = self.allocations
        metrics = grid.fontMetrics()
        numbers = [grid.item(r, 0).text() for r in range(grid.rowCount()) if grid.item(r, 0)] or ["INV-202601-0001"]
        first = max(metrics.horizontalAdvance(t) for t in numbers) + 24
        date = metrics.horizontalAdvance("2026-12-31") + 24
        return first + date + 2 * grid.horizontalHeader().minimumSectionSize() + 20  # + frame, margins

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_split)  # once the splitter itself has its new width

    def _message(self, code: str | None, waiting: int) -> str:
        """What the page has to say under the lines — above all how to get some when there are none."""
        if not code:
            return "账套中还没有银行存款科目：先在 基础资料 › 银行账户 中添加，再导入银行流水"
        if waiting:
            return f"待处理 {waiting} 笔"
        choice = self._accounts.get(code)
        if choice is None or not choice.imported:
            how = choice.import_code if choice else "账户编码"
            return f"尚未导入银行流水：用 main.py import 文件 --bank-account {how} 导入"
        return "没有待处理的银行流水：已导入的都已处理"

    def _reconciliation(self, code: str | None) -> str:
        """银行存款余额调节表 of the latest month with bank lines, in one line (the report prints it in full)."""
        from sqlalchemy import func, select

        from reports.bank_reconciliation import bank_reconciliation
        from storage.models import BankLine
        if not code:
            return ""
        last = self.book.session.scalar(select(func.max(BankLine.date)).where(
            BankLine.account_id == self.book.account_id(code)))
        if last is None:
            return ""
        r = bank_reconciliation(self.book, code, f"{last:%Y-%m}")
        bank = "—" if r["bank_balance"] is None else fmt_thousands(r["bank_balance"])
        verdict = "调节相符" if r["balanced"] else "调节不符"
        return (f"余额调节表 {r['period']}：账面 {fmt_thousands(r['book_balance'])}，银行 {bank}；"
                f"未达账项 银行有账面无 {len(r['bank_not_book'])} 笔、账面有银行无 {len(r['book_not_bank'])} 笔；"
                f"调节后 {fmt_thousands(r['adjusted_book'])} · {verdict}"
                f"（report bank-reconciliation --account {code} --period {r['period']}）")

    def _show(self, row: int) -> None:
        self.error.clear()
        if row < 0 or row >= len(self.model.rows):
            self.reason.clear()
            self.party.clear()
            self.party_name.clear()
            self.allocations.setRowCount(0)
            return
        line, m = self.model.rows[row]
        self.reason.setText(in_words(m.reason))
        code = ""
        if m.party_id is not None:
            code = self._code_of(m.party_id, line.amount > 0)
        self.party.setText(code)
        self.fee.setText(str(m.fee) if m.fee else "")
        self._load_party(code, {a.ref: a.amount for a in m.allocations})

    def _code_of(self, party_id: int, money_in: bool) -> str:
        from storage.models import Customer, Supplier
        model = Customer if money_in else Supplier
        row = self.book.session.get(model, party_id)
        return row.code if row else ""

    def _party_kind(self) -> str:
        line = self._current_line()
        return "customer" if line is None or line.amount > 0 else "supplier"

    def _load_party(self, code: str, suggested: dict[str, Decimal] | None) -> None:
        """Show the party's open invoices; a reassignment suggests oldest first up to the amount."""
        kind = self._party_kind()
        found = q.party_of(self.book, kind, code) if code else None
        self.party_name.setText(found[1] if found else ("" if not code else f"{code} 不存在"))
        payers = matching.payers_of(self.book, kind, found[0]) if found else []
        self.payers.setText("已确认付款人：" + "、".join(f"{p}（{n} 次）" for p, _, n in payers) if payers else "")
        invoices = q.open_invoices(self.book, kind, code) if found else []
        line = self._current_line()
        if suggested is None and line is not None:
            left, suggested = abs(line.amount), {}
            for inv in invoices:
                take = min(left, inv.open)
                if take > 0:
                    suggested[inv.ref] = take
                    left -= take
        self.allocations.setRowCount(len(invoices))
        for r, inv in enumerate(invoices):
            take = (suggested or {}).get(inv.ref)
            for c, text in enumerate((inv.ref, inv.date.isoformat(), fmt_thousands(inv.open),
                                      fmt_thousands(take) if take else "")):
                item = QTableWidgetItem(text)
                if c < 3:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c >= 2:  # amounts
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.allocations.setItem(r, c, item)

    def _current_line(self) -> Line | None:
        row = self.table.currentIndex().row()
        return self.model.rows[row][0] if 0 <= row < len(self.model.rows) else None

    # ---- actions ----------------------------------------------------------------------------
    def _allocations(self) -> list[tuple[str, Decimal]]:
        out = []
        for r in range(self.allocations.rowCount()):
            text = (self.allocations.item(r, 3).text() if self.allocations.item(r, 3) else "").strip()
            if text:
                try:
                    amount = parse_amount(text.replace(",", ""))
                except ValueError as e:
                    raise Rejected(f"第 {r + 1} 行本次核销: {e}") from None
                if amount:
                    out.append((self.allocations.item(r, 0).text(), amount))
        return out

    def confirm(self) -> None:
        line = self._current_line()
        if line is None:
            return
        try:
            fee = parse_amount(self.fee.text().strip() or "0")
            allocations = self._allocations()
            self.book.refresh()  # rows this page loaded earlier may have changed since
            on = matching.open_date_for(self.book, line.date) if self.book_open.isChecked() and \
                matching.closed_words(self.book, line.date) else None
            doc = matching.confirm(self.book, line.id, self.party.text().strip(), allocations, fee, on)
        except (Rejected, ValueError) as e:
            self.error.setText(said(e))
            return
        except Exception as e:  # noqa: BLE001 - a lock, a full disk, a read-only book: in words
            self._failed(e)
            return
        self._done(f"已生成 {doc.no}")

    def book_as(self, kind: str) -> None:
        line = self._current_line()
        if line is None:
            return
        try:
            self.book.refresh()  # rows this page loaded earlier may have changed since
            matching.book_as(self.book, line.id, kind, self.party.text().strip() or None)
        except Rejected as e:
            self.error.setText(said(e))
            return
        except Exception as e:  # noqa: BLE001 - a lock, a full disk, a read-only book: in words
            self._failed(e)
            return
        self._done({"ignore": "已忽略"}.get(kind, "已记账"))

    def accept_confident(self) -> None:
        code = self.account.currentData()
        if not code:
            return
        try:
            self.book.refresh()  # rows this page loaded earlier may have changed since
            result = matching.match_account(self.book, code, accept=True)
        except Rejected as e:
            self.error.setText(said(e))
            return
        except Exception as e:  # noqa: BLE001 - a lock, a full disk, a read-only book: in words
            self._failed(e)
            return
        n = sum(1 for m in result["matches"] if m["status"] == "accepted")
        failed = sum(1 for m in result["matches"] if "无法自动入账" in m["reason"])
        left = len(result["matches"]) - n
        words = f"自动入账 {n} 笔" + (f"，{failed} 笔未能入账" if failed else "") + \
            (f"；其余 {left} 笔需人工处理，原因见“原因”列" if left else "")
        self._done(words)

    def _failed(self, e: Exception) -> None:
        from storage.failures import explain
        failure = explain(e)
        if failure is None:
            raise e
        self.error.setText(f"未完成：{failure.message}。可以再点一次重试。")

    def _done(self, text: str) -> None:
        self.reload()
        self.message.setText(f"{text} · {self.message.text()}")
        self.booked.emit()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._book is not None:
            self._book.close()
            self._book = None
        super().closeEvent(event)
