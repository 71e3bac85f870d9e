"""Entry of documents with lines: orders (typed line by line) and their push-downs — outbound/inbound
from an order, invoice from an outbound/inbound — pre-filled with what is still open.

Live totals use the same money rules as the use case (domain.money); the use case alone decides,
and its refusals land beside the header field or the grid cell they name."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QWidget

from domain.doctypes import title_of
from domain.money import fmt_qty, fmt_thousands, line_gross, vat_split
from storage.queries.lookups import choices
from storage.queries.pushdown import open_lines, returnable_lines
from ui.context import AppContext
from ui.forms.entry_grid import EntryGrid, GridColumn
from ui.forms.form_base import EntryForm
from ui.forms.problems import Placed
from ui.widgets.amount_edit import parse, show
from ui.widgets.lookup import LookupEdit
from usecases.dates import new_document_date

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LineDocKind:
    doc_type: str
    party: str  # customer | supplier
    source_type: str | None  # what it is pushed down from
    source_field: str | None  # the use case's argument naming the source
    warehouse: bool = False
    vat: bool = False


KINDS = {k.doc_type: k for k in (
    LineDocKind("sales_order", "customer", None, None),
    LineDocKind("purchase_order", "supplier", None, None),
    LineDocKind("outbound", "customer", "sales_order", "order", warehouse=True),
    LineDocKind("inbound", "supplier", "purchase_order", "order", warehouse=True),
    LineDocKind("invoice", "customer", "outbound", "outbound", vat=True),
    LineDocKind("purchase_invoice", "supplier", "inbound", "inbound", vat=True),
    LineDocKind("sales_return", "customer", "outbound", "outbound", warehouse=True),
    LineDocKind("purchase_return", "supplier", "inbound", "inbound", warehouse=True),
)}
RETURN_TYPES = ("sales_return", "purchase_return")

ORDER_COLUMNS = [GridColumn("item", "商品编码", "lookup", 120), GridColumn("name", "商品名称", "readonly", 180),
                 GridColumn("unit", "单位", "readonly", 56), GridColumn("qty", "数量", "qty", 90),
                 GridColumn("price", "含税单价", "price", 110), GridColumn("rate", "税率", "readonly", 64),
                 GridColumn("net", "不含税金额", "readonly_amount", 120), GridColumn("tax", "税额", "readonly_amount", 110),
                 GridColumn("gross", "价税合计", "readonly_amount", 120)]
PUSH_COLUMNS = [GridColumn("item", "商品编码", "readonly", 110), GridColumn("name", "商品名称", "readonly", 170),
                GridColumn("unit", "单位", "readonly", 56), GridColumn("open", "未执行数量", "readonly_amount", 100),
                GridColumn("qty", "本次数量", "qty", 90), GridColumn("price", "含税单价", "readonly_amount", 110),
                GridColumn("rate", "税率", "readonly", 64), GridColumn("net", "不含税金额", "readonly_amount", 120),
                GridColumn("tax", "税额", "readonly_amount", 110), GridColumn("gross", "价税合计", "readonly_amount", 120)]


def _rate_text(rate: Decimal | None) -> str:
    return "" if rate is None else f"{(rate * 100).normalize():f}%"


class LineDocumentForm(EntryForm):
    def __init__(self, ctx: AppContext, doc_type: str, source_id: int | None = None,
                 source_no: str | None = None, parent: QWidget | None = None):
        self.kind = KINDS[doc_type]
        self.source_no = source_no
        title = (f"下推{title_of(doc_type)}（源单 {source_no}）" if source_no else f"新增{title_of(doc_type)}")
        super().__init__(ctx, title, parent)
        self.doc_type = doc_type
        book = ctx.book
        self._choice_cache: dict[str, list] = {}
        self._rates: dict[int, Decimal] = {}
        if self.kind.source_type is None:
            party_label = "客户" if self.kind.party == "customer" else "供应商"
            self.party = self.field(self.kind.party, party_label, LookupEdit(self.choices(self.kind.party)))
        else:
            self.field(self.kind.source_field, "源单", QLineEdit(source_no or "", readOnly=True))
        if self.kind.warehouse:
            self.warehouse = self.field("warehouse", "仓库", LookupEdit(self.choices("warehouse")))
            warehouses = self.choices("warehouse")
            if len(warehouses) >= 1:
                self.warehouse.set_choice(warehouses[0])
        self.date = self.field("date", "日期", QDateEdit(new_document_date(book, source_id), calendarPopup=True,
                                                         displayFormat="yyyy-MM-dd"))
        self.no = self.field("no", "单号", QLineEdit(placeholderText="保存时自动编号"))
        if self.kind.vat:
            self.vat_no = self.field("vat_no", "发票号码", QLineEdit(placeholderText="8 位或 20 位（全电）"))
            self.vat_code = self.field("vat_code", "发票代码", QLineEdit(placeholderText="8 位号码时填写"))
        pushed = self.kind.source_type is not None
        self.grid = EntryGrid(PUSH_COLUMNS if pushed else ORDER_COLUMNS, self.choices, self, can_add=not pushed)
        self.grid.line_changed.connect(self._line_changed)
        self.layout_.addWidget(self.grid, 1)
        self.line_errors = QLabel(objectName="fieldError", wordWrap=True)
        self.line_errors.hide()
        self.layout_.addWidget(self.line_errors)
        self.grid.refused.connect(lambda row, _k, message: self.say_on_lines(f"第 {row + 1} 行：{message}"))
        # a sale priced below cost is said at entry, beside its line (a warning: it still saves)
        self.cost_warnings = QLabel(objectName="fieldWarning", wordWrap=True)
        self.cost_warnings.setStyleSheet("color: #a15c00;")
        self.cost_warnings.hide()
        self.layout_.addWidget(self.cost_warnings)
        self._costs: dict[str, Decimal] | None = None
        self.layout_.addLayout(self._totals_bar())
        if pushed and source_id is not None:
            self._prefill(source_id)
        self._recalc()

    def choices(self, kind: str) -> list:
        if kind not in self._choice_cache:
            self._choice_cache[kind] = choices(self.ctx.book, kind)
        return self._choice_cache[kind]

    def _totals_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        hint = QLabel("Enter 下一格 · 最后一格 Enter 新增一行 · Ctrl+Delete 删除行 · Ctrl+S 保存",
                      objectName="listStatus", wordWrap=True)  # wraps on a narrow window rather than being cut
        self.entry_hint = hint
        bar.addWidget(hint, 1)
        self.total_labels: dict[str, QLabel] = {}
        for key, title in (("qty", "数量"), ("net", "不含税金额"), ("tax", "税额"), ("gross", "价税合计")):
            bar.addWidget(QLabel(f"{title}："))
            label = QLabel("0.00", objectName="totalValue")
            label.setMinimumWidth(90)
            self.total_labels[key] = label
            bar.addWidget(label)
            bar.addSpacing(12)
        return bar

    def _prefill(self, source_id: int) -> None:
        returning = self.doc_type in RETURN_TYPES
        if returning:  # what came back is typed: nothing is assumed returned
            self.grid.horizontalHeaderItem(self.grid.col("open")).setText("可退数量")
        for ln in (returnable_lines if returning else open_lines)(self.ctx.book, source_id):
            if ln.open_qty <= 0:
                continue
            row = self.grid.add_line({"item": ln.item_code, "name": ln.item_name, "unit": ln.unit,
                                      "open": fmt_qty(ln.open_qty), "qty": "" if returning else fmt_qty(ln.open_qty),
                                      "price": show(ln.price, 6), "rate": _rate_text(ln.tax_rate)})
            self._rates[row] = ln.tax_rate

    def enter_body(self) -> None:
        first = self.grid.col("item" if self.kind.source_type is None else "qty")
        self.grid.setFocus()
        self.grid.setCurrentCell(0, first)
        self.grid.editItem(self.grid.currentItem())

    # ---- live figures ---------------------------------------------------------------------
    def _line_changed(self, row: int) -> None:
        if row >= 0 and self.kind.source_type is None:
            self._item_chosen(row)
        self._recalc()

    def _item_chosen(self, row: int) -> None:
        code = self.grid.text(row, "item")
        choice = next((c for c in self.choices("item") if c.code == code), None)
        if choice is None:
            self.grid.blockSignals(True)
            self.grid.set_text(row, "name", "")
            self.grid.blockSignals(False)
            self._rates.pop(row, None)
            return
        self.grid.blockSignals(True)
        self.grid.set_text(row, "name", choice.name)
        self.grid.set_text(row, "unit", choice.unit)
        self.grid.set_text(row, "rate", _rate_text(choice.tax_rate))
        if not self.grid.text(row, "price") and choice.price is not None:
            self.grid.set_text(row, "price", show(choice.price, 6))
        self.grid.blockSignals(False)
        self._rates[row] = choice.tax_rate or ZERO

    def line_amounts(self, row: int) -> tuple[Decimal, Decimal, Decimal] | None:
        try:
            qty = parse(self.grid.text(row, "qty"), 4)
            price = parse(self.grid.text(row, "price"), 6)
        except ValueError:
            return None
        if qty is None or price is None or row not in self._rates:
            return None
        gross = line_gross(qty, price)
        net, tax = vat_split(gross, self._rates[row])
        return net, tax, gross

    def _recalc(self) -> None:
        sums = {"qty": Decimal(0), "net": ZERO, "tax": ZERO, "gross": ZERO}
        self.grid.blockSignals(True)
        for row in range(self.grid.rowCount()):
            amounts = self.line_amounts(row)
            for key, value in zip(("net", "tax", "gross"), amounts or (None, None, None), strict=True):
                self.grid.set_text(row, key, fmt_thousands(value) if value is not None else "")
                if value is not None:
                    sums[key] += value
            try:
                sums["qty"] += parse(self.grid.text(row, "qty"), 4) or 0
            except ValueError:
                pass
        self.grid.blockSignals(False)
        self._warn_below_cost()
        self.total_labels["qty"].setText(fmt_qty(sums["qty"]))
        for key in ("net", "tax", "gross"):
            self.total_labels[key].setText(fmt_thousands(sums[key]))

    def below_cost(self, row: int) -> str | None:
        """The warning for a sales line whose price net of VAT is below the item's current unit cost."""
        if self.doc_type != "sales_order":
            return None
        if self._costs is None:
            from storage.queries.unit_cost import unit_costs
            self._costs = unit_costs(self.ctx.book)
        cost = self._costs.get(self.grid.text(row, "item"))
        amounts = self.line_amounts(row)
        try:
            qty = parse(self.grid.text(row, "qty"), 4)
        except ValueError:
            return None
        if cost is None or amounts is None or not qty or qty <= 0:
            return None
        net_unit = amounts[0] / qty
        if net_unit >= cost:
            return None
        return (f"第 {row + 1} 行 {self.grid.text(row, 'item')} 不含税单价 {fmt_thousands(net_unit)} "
                f"低于当前成本 {fmt_thousands(cost)}，低于成本销售")

    def _warn_below_cost(self) -> None:
        from PySide6.QtGui import QBrush, QColor

        from ui.forms.entry_grid import ErrorRole
        warnings = []
        self.grid.blockSignals(True)
        for row in range(self.grid.rowCount()):
            warning = self.below_cost(row)
            item = self.grid.item(row, self.grid.col("price"))
            if item is None or item.data(ErrorRole):
                continue
            item.setBackground(QBrush(QColor("#fff1d6")) if warning else QBrush())
            item.setToolTip(warning or "")
            if warning:
                warnings.append(warning)
        self.grid.blockSignals(False)
        self.cost_warnings.setText("\n".join(warnings))
        self.cost_warnings.setVisible(bool(warnings))

    def totals(self) -> dict[str, str]:
        return {k: label.text() for k, label in self.total_labels.items()}

    # ---- saving ---------------------------------------------------------------------------
    def _lines(self) -> tuple[list[dict], list[int]]:
        """The lines to submit and, for each, the grid row it came from (for placing refusals).
        Push-down lines of one item are summed: the use case spreads a quantity over them."""
        out: list[dict] = []
        rows: list[int] = []
        by_item: dict[str, int] = {}
        for row in self.grid.filled_rows("item"):
            qty_text = self.grid.text(row, "qty").replace(",", "")
            if self.kind.source_type is not None:
                try:
                    typed = parse(qty_text, 4)
                except ValueError:  # submitted as typed: the reader refuses it beside this cell
                    typed = None
                else:
                    if not typed:
                        continue  # a pushed-down line left at 0 is not taken
                code = self.grid.text(row, "item")
                if code in by_item and typed is not None:
                    line = out[by_item[code]]
                    try:
                        line["qty"] = str((parse(line["qty"], 4) or 0) + typed)
                        continue
                    except ValueError:
                        pass
                by_item.setdefault(code, len(out))
                line = {"item": code, "qty": qty_text}
                if self.kind.vat:
                    line[self.kind.source_field] = self.source_no
            else:
                line = {"item": self.grid.text(row, "item"), "qty": qty_text}
                price = self.grid.text(row, "price").replace(",", "")
                if price:
                    line["price"] = price
            out.append(line)
            rows.append(row)
        return out, rows

    def submit(self) -> int | None:
        from interchange import commands as read
        from usecases import commands as c
        from usecases.dispatch import USE_CASES
        self.grid.clear_errors()
        self.line_errors.hide()
        rows, self._rows = self._lines()
        day = self.date.date().toPython()
        no = self.no.text().strip() or None
        t = self.doc_type
        cmd: c.Order | c.Invoice | c.Movement
        if t in ("sales_order", "purchase_order"):
            approved = self._credit_approval(rows) if t == "sales_order" else None
            if approved is False:
                return None
            cmd = c.Order(day, self.party.code(), read.lines_of(rows, read.priced_line), no, approved or None)
        elif t in ("invoice", "purchase_invoice"):
            cmd = c.Invoice(day, read.lines_of(rows, read.billed_line(self.kind.source_field)), no=no,
                            vat_no=self.vat_no.text().strip() or None, vat_code=self.vat_code.text().strip() or None)
        else:  # outbound, inbound and returns: goods against the document they were pushed down from
            cmd = c.Movement(day, self.source_no, self.warehouse.code(), read.lines_of(rows, read.moved_line), no)
        return self.ctx.run(USE_CASES[t], cmd).id

    def _credit_approval(self, lines: list[dict]) -> str | None | bool:
        """The credit check before saving: over the limit, a manager's name is asked for (False: cancelled)."""
        from domain.credit import over_limit
        from storage.models import Customer
        from usecases.exposure import customer_exposure
        choice = self.party.settle()
        if choice is None:
            return None
        limit = self.ctx.book.session.get(Customer, choice.id).credit_limit
        if limit is None:
            return None
        total = sum((a[2] for r in range(self.grid.rowCount()) if (a := self.line_amounts(r))), ZERO)
        owed = customer_exposure(self.ctx.book, choice.id)
        self.ctx.book.refresh()
        if not over_limit(limit, owed, total):  # the same rule the use case applies
            return None
        message = (f"超出信用额度 {fmt_thousands(limit)}：已欠及未发货 {fmt_thousands(owed)} + 本单 {fmt_thousands(total)}")
        self.errors["customer"].setText(message + "，需经理审批")
        self.errors["customer"].show()
        name, ok = QInputDialog.getText(self, "信用额度", message + "\n请输入审批经理姓名：")
        return name.strip() if ok and name.strip() else False

    def show_line_problem(self, placed: Placed) -> bool:
        if placed.line is None or not 1 <= placed.line <= len(getattr(self, "_rows", [])):
            return False
        row = self._rows[placed.line - 1]
        key = placed.field if placed.field in {c.key for c in self.grid.columns} else "qty"
        self.grid.mark_error(row, key, placed.text())
        self.line_errors.setText("\n".join(filter(None, [self.line_errors.text() if self.line_errors.isVisible()
                                                        else "", placed.text()])))
        self.line_errors.show()
        return True
