"""设置's two editors: 公司与税务 (name, location, 小型微利) and 商品类别与科目 (revenue and cost
accounts by item category). Both save through their use case in one unit; a refusal is shown beside
the field (or in the row) that caused it and changes nothing."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from domain.errors import Rejected
from ui.context import AppContext
from ui.dialogs.guarded import FormDialog
from ui.forms.form_base import EntryForm
from ui.forms.problems import place, plain

# domain/book_settings.LOCATIONS, as the tax office words them, with the 城建税 rate each implies
LOCATIONS = {"city": "市区（城建税 7%）", "county": "县城、镇（城建税 5%）", "other": "其他（城建税 1%）"}


class CompanyForm(EntryForm):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, "公司与税务", parent)
        s = ctx.book.settings
        self.field("company", "公司名称", QLineEdit(s.get("company", "")), span=3)
        location = QComboBox()
        for code, words in LOCATIONS.items():
            location.addItem(words, code)
        location.setCurrentIndex(max(0, location.findData(s.get("location", "city"))))
        self.field("location", "所在地", location, span=3)
        small = QCheckBox("符合小型微利企业条件（六税两费减半）")
        small.setChecked(s.get("small_low_profit") == "true")
        self.field("small_low_profit", "小型微利", small, span=3)
        self.layout_.addWidget(QLabel("纳税人类型和收入确认方式在建账时选定，之后不能更改。", objectName="hint"))
        self.layout_.addStretch(1)

    def submit(self) -> int | None:
        from usecases.commands import Settings
        from usecases.setup import save_company_settings
        self.ctx.run(save_company_settings, self.fields["company"].text(),
                     Settings(location=self.fields["location"].currentData(),
                              small_low_profit=self.fields["small_low_profit"].isChecked()))
        return 0


class CompanyDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("公司与税务")
        self.form = CompanyForm(ctx, self)
        self.form.saved.connect(lambda _id: self.accept())
        self.form.save_button.setText("保存")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self.resize(560, 320)
        self.form.mark_clean()


class MappingDialog(QDialog):
    """One row per item category: its revenue account under 5001 and its cost account under 5401.
    A new code (500103) is created, named after the category."""

    COLUMNS = (("category", "商品类别"), ("revenue", "收入科目（5001 下）"), ("cost", "成本科目（5401 下）"))

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("商品类别与收入、成本科目")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("按商品类别把主营业务收入（5001）和主营业务成本（5401）记到明细科目；"
                                "填写不存在的明细编码（如 500101）时自动按类别名新建。", wordWrap=True))
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([label for _, label in self.COLUMNS])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 160)
        self.table.setColumnWidth(1, 180)
        layout.addWidget(self.table, 1)
        self.error = QLabel(objectName="fieldError", wordWrap=True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        add = QPushButton("增加一行")
        add.clicked.connect(lambda: self.add_row({}))
        buttons.addWidget(add)
        buttons.addStretch(1)
        self.save_button = QPushButton("保存", objectName="primary")
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self._load()
        self.loaded = self.rows()
        self.resize(640, 420)

    def reject(self) -> None:
        """Esc, × or 取消 with changed rows: 保存 / 不保存 / 取消 first."""
        if self.rows() != self.loaded:
            from ui.unsaved import DISCARD, SAVE, ask_unsaved
            answer = ask_unsaved(self, self.windowTitle())
            if answer == SAVE:
                self.save()
                return
            if answer != DISCARD:
                return
        super().reject()

    def _load(self) -> None:
        from storage.models import Item
        from usecases.account_mapping import mapping
        book = self.ctx.book
        with book.reading():
            rules = mapping(book)
            used = [c for c in book.session.scalars(select(Item.category).where(Item.category.is_not(None))
                                                   .distinct().order_by(Item.category)) if c]
        for category in [*sorted(rules), *[c for c in used if c not in rules]]:
            self.add_row({"category": category, **rules.get(category, {})})

    def add_row(self, values: dict[str, str]) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        for c, (key, _) in enumerate(self.COLUMNS):
            self.table.setItem(r, c, QTableWidgetItem(values.get(key, "")))

    def rows(self) -> list[dict[str, str]]:
        out = []
        for r in range(self.table.rowCount()):
            row = {key: (self.table.item(r, c).text().strip() if self.table.item(r, c) else "")
                   for c, (key, _) in enumerate(self.COLUMNS)}
            if any(row.values()):
                out.append(row)
        return out

    def save(self) -> bool:
        from usecases.account_mapping import save_mapping
        from usecases.commands import CategoryAccounts
        try:
            self.ctx.run(save_mapping, [CategoryAccounts(r["category"], r["revenue"] or None, r["cost"] or None)
                                        for r in self.rows()])
        except Rejected as e:
            self.error.setText("\n".join(_row_text(p) for p in e.problems))
            self.error.show()
            return False
        except Exception as e:  # noqa: BLE001 - a lock, a full disk, a read-only book: in words, rows kept
            from storage.failures import explain
            failure = explain(e)
            if failure is None:
                raise
            self.error.setText(f"未保存：{failure.message}。表中内容都还在，可以再点保存重试。")
            self.error.show()
            return False
        self.accept()
        return True


MAPPING_FIELDS = {"category": "商品类别", "revenue": "收入科目", "cost": "成本科目"}


def _row_text(problem) -> str:
    """第 2 行 收入科目：… for a row's problem; an item left unmapped keeps its own place."""
    placed = place(problem)
    where = f"第 {placed.line} 行 " if placed.line else (f"{problem.where}：" if problem.where else "")
    name = MAPPING_FIELDS.get(placed.field or "", "")
    return f"{where}{name + '：' if name else ''}{plain(problem.message)}"


def current_mapping_text(ctx: AppContext) -> str:
    """One line for the settings page: 电机 → 500101/540101; …"""
    from usecases.account_mapping import mapping
    rules = mapping(ctx.book)
    return "；".join(f"{c} → {r.get('revenue', '—')}/{r.get('cost', '—')}" for c, r in sorted(rules.items())) or "未设置"

