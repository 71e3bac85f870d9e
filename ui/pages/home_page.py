"""工作台: KPI cards, the sales and purchase flows as clickable nodes with what waits at each, and
the task list of the chosen node (Enter or double-click opens the document)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.doctypes import title_of
from domain.money import fmt_thousands
from storage.queries import workbench
from ui.context import AppContext
from ui.models.paged_table import RIGHT

KPI_TITLES = (("sales", "本月销售收入"), ("receivable", "应收账款"), ("overdue", "逾期应收"),
              ("cash", "货币资金"), ("stock", "库存金额"))


class FlowNode(QPushButton):
    """A step of the flow: its name and a badge with how many documents wait there."""

    def __init__(self, step: workbench.Step, parent: QWidget | None = None):
        super().__init__(parent, objectName="flowNode", checkable=True)
        self.step = step
        self.setMinimumSize(118, 64)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.update_step(step)

    def update_step(self, step: workbench.Step) -> None:
        self.step = step
        self.setText(f"{step.title}\n{step.count} 张{step.waiting}")
        self.setProperty("busy", step.count > 0)
        self.style().unpolish(self)
        self.style().polish(self)


class TaskTable(QTableWidget):
    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.cellDoubleClicked.emit(self.currentRow(), 0)
            return
        super().keyPressEvent(event)


class HomePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.name = "home"
        self.nodes: dict[str, FlowNode] = {}
        self.kpi_labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 12)
        layout.setSpacing(12)
        self.title = QLabel("工作台", objectName="pageTitle")
        # The cashier's inbox: bank lines left to match, one click from 银行对账 (issue 28).
        self.bank_button = QPushButton(objectName="bankWaiting")
        self.bank_button.clicked.connect(lambda: ctx.show_page("matching"))
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.bank_button)
        layout.addLayout(top)
        layout.addLayout(self._kpi_row())
        self.empty_hint = QLabel(objectName="hint", wordWrap=True)
        layout.addWidget(self.empty_hint)
        from ui.people.inbox import inbox_if_team  # 我的任务, in a book with people (issue 26)
        self.inbox = inbox_if_team(ctx)
        if self.inbox is not None:
            layout.addWidget(self.inbox)
        flows = QFrame(objectName="card")
        grid = QGridLayout(flows)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(10)
        for row, (side, label) in enumerate((("sales", "销售"), ("purchase", "采购"))):
            grid.addWidget(QLabel(label, objectName="flowLabel"), row, 0)
            for i, step in enumerate(workbench.flow(ctx.book, side)):
                node = FlowNode(step)
                node.clicked.connect(lambda _c=False, s=step.key: self.choose(s))
                self.nodes[step.key] = node
                grid.addWidget(node, row, 1 + 2 * i)
                if i < 3:
                    grid.addWidget(QLabel("→", objectName="flowArrow", alignment=Qt.AlignmentFlag.AlignCenter),
                                   row, 2 + 2 * i)
        grid.setColumnStretch(8, 1)
        layout.addWidget(flows)
        head = QHBoxLayout()
        self.task_title = QLabel(objectName="sectionTitle")
        head.addWidget(self.task_title)
        head.addStretch(1)
        self.all_button = QPushButton("查看全部")
        self.all_button.clicked.connect(self._show_all)
        head.addWidget(self.all_button)
        layout.addLayout(head)
        self.tasks = self._task_table()
        layout.addWidget(self.tasks, 1)
        ctx.changed.connect(self.refresh)
        self.refresh()
        busiest = max(self.nodes.values(), key=lambda n: n.step.count)
        self.choose(busiest.step.key)

    def _kpi_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        for key, title in KPI_TITLES:
            card = QFrame(objectName="kpiCard")
            col = QVBoxLayout(card)
            col.setContentsMargins(14, 10, 14, 10)
            col.addWidget(QLabel(title, objectName="kpiTitle"))
            value = QLabel(objectName="kpiValue")
            value.setAlignment(RIGHT)
            col.addWidget(value)
            self.kpi_labels[key] = value
            row.addWidget(card, 1)
        return row

    def _task_table(self) -> QTableWidget:
        table = TaskTable(0, 5, self)
        table.setHorizontalHeaderLabels(["日期", "单据", "单号", "往来单位", "金额"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.cellDoubleClicked.connect(self._open)
        return table

    def refresh(self) -> None:
        waiting = workbench.bank_lines_waiting(self.ctx.book)
        self.bank_button.setText(f"银行流水待处理 {waiting} 笔 → 银行对账")
        self.bank_button.setVisible(waiting > 0)
        k = workbench.kpis(self.ctx.book)
        for key, _ in KPI_TITLES:
            self.kpi_labels[key].setText(f"¥ {fmt_thousands(getattr(k, key))}")
        self.kpi_labels["sales"].parentWidget().findChild(QLabel, "kpiTitle").setText(f"本月销售收入（{k.period}）")
        for side in ("sales", "purchase"):
            for step in workbench.flow(self.ctx.book, side):
                self.nodes[step.key].update_step(step)
        nothing = all(n.step.count == 0 for n in self.nodes.values())
        self.empty_hint.setVisible(nothing)
        self.empty_hint.setText("账套里还没有业务。从左侧“销售订单”按 Ctrl+N 录入第一张订单，"
                                "或在“基础资料”里先建立客户、商品和仓库。" if nothing else "")
        current = next((n for n in self.nodes.values() if n.isChecked()), None)
        if current is not None:
            self.choose(current.step.key)

    def choose(self, key: str) -> None:
        for k, node in self.nodes.items():
            node.setChecked(k == key)
        side, doc_type = key.split(":")
        step = self.nodes[key].step
        self.task_title.setText(f"待办：{title_of(doc_type)} · {step.waiting}（{step.count} 张）")
        self._doc_type = doc_type
        rows = workbench.tasks(self.ctx.book, side, doc_type)
        self.tasks.setRowCount(len(rows))
        for r, t in enumerate(rows):
            cells = [t.date.isoformat(), title_of(t.doc_type), t.no, t.party or "", fmt_thousands(t.amount)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4:
                    item.setTextAlignment(RIGHT)
                item.setData(Qt.ItemDataRole.UserRole, t.doc_id)
                self.tasks.setItem(r, c, item)

    def _open(self, row: int, _col: int) -> None:
        item = self.tasks.item(row, 0)
        if item is not None:
            self.ctx.open_document(item.data(Qt.ItemDataRole.UserRole))

    def new(self) -> None:
        """Ctrl+N on the 工作台: the day usually starts with an order."""
        self.ctx.new_document("sales_order")

    def _show_all(self) -> None:
        self.ctx.show_page(self._doc_type)
