"""Add, edit and deactivate a customer, supplier, item or warehouse; the importer's validation decides,
and each refusal shows beside its field."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from domain.errors import Rejected
from ui.context import AppContext
from ui.dialogs.guarded import FormDialog
from ui.forms.form_base import EntryForm
from ui.forms.problems import said

FIELDS = {
    "customer": (("code", "编码"), ("name", "名称"), ("tax_id", "统一社会信用代码"), ("credit_limit", "信用额度"),
                 ("payment_days", "账期(天)"), ("contact", "联系人"), ("phone", "电话"), ("address", "地址")),
    "supplier": (("code", "编码"), ("name", "名称"), ("tax_id", "统一社会信用代码"), ("payment_days", "账期(天)"),
                 ("contact", "联系人"), ("phone", "电话"), ("address", "地址")),
    "item": (("code", "编码"), ("name", "名称"), ("spec", "规格"), ("unit", "单位"), ("tax_rate", "税率"),
             ("price", "含税单价"), ("category", "商品类别")),
    "warehouse": (("code", "编码"), ("name", "名称")),
    "bank_account": (("code", "编码"), ("name", "名称"), ("account", "科目（1002 下的末级）"), ("bank_name", "开户行"),
                     ("number", "账号")),
    "account": (("parent", "上级科目"), ("code", "科目编码"), ("name", "科目名称"), ("aux", "辅助核算")),
}
TITLES = {"customer": "客户", "supplier": "供应商", "item": "商品", "warehouse": "仓库", "bank_account": "银行账户",
          "account": "会计科目"}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _code_example(ctx: AppContext, kind: str) -> str:
    """The next code in the book's own format (C0451 after C0450), not a made-up one."""
    if kind == "account":
        return "上级编码加两位，如 560201"
    from storage.queries.codes import suggested_code
    return f"如 {suggested_code(ctx.book, kind)}"


class MasterForm(EntryForm):
    def __init__(self, ctx: AppContext, kind: str, row_id: int | None, parent: QWidget | None = None):
        from usecases.master_edit import KINDS
        title = f"{'新增' if row_id is None else '修改'}{TITLES[kind]}"
        super().__init__(ctx, title, parent)
        self.kind, self.row_id = kind, row_id
        # as stored now, not as the window's session may have held it: what the save compares against
        self.obj = ctx.book.session.get(KINDS[kind][0], row_id, populate_existing=True) if row_id is not None else None
        self.read = self._snapshot()
        for key, label in FIELDS[kind]:
            edit = QLineEdit(_text(getattr(self.obj, key, None)) if self.obj else "")
            edit.setPlaceholderText({"tax_rate": "如 0.13", "aux": "customer / supplier / item，可空",
                                     "code": _code_example(ctx, kind)}
                                    .get(key, ""))
            self.field(key, label, edit, span=3)
        if self.obj is not None:
            self.fields["code"].setReadOnly(True)
            if kind in ("bank_account", "account"):
                self.save_button.setEnabled(False)  # added here; the chart keeps what is used
                self.save_button.setToolTip(f"已有的{TITLES[kind]}在这里只能查看：新增一个，已用的保持不变")
        self.layout_.addStretch(1)

    def row(self) -> dict:
        out: dict[str, object] = {}
        for key, _ in FIELDS[self.kind]:
            text = self.fields[key].text().strip()
            if text:
                out[key] = int(text) if key == "payment_days" and text.isdigit() else text
        return out

    def submit(self) -> int | None:
        from usecases.master_edit import read_master, save_master
        data = read_master(self.ctx.book, self.kind, self.row())  # a field that does not read is shown beside it
        return self.ctx.run(save_master, self.kind, data, self.row_id, self.read).id

    def _snapshot(self) -> dict[str, object] | None:
        if self.obj is None:
            return None
        return {key: getattr(self.obj, key) for key, _ in FIELDS[self.kind] if hasattr(self.obj, key)}

    def can_reload(self) -> bool:
        return self.row_id is not None

    def reload(self) -> None:
        """Someone else changed the record: show it as stored now (what was typed gives way)."""
        from usecases.master_edit import KINDS, snapshot
        self.ctx.book.refresh()
        self.read = snapshot(self.ctx.book, self.kind, self.row_id, tuple(k for k, _ in FIELDS[self.kind]))
        self.obj = self.ctx.book.session.get(KINDS[self.kind][0], self.row_id)
        for key, _ in FIELDS[self.kind]:
            self.fields[key].setText(_text((self.read or {}).get(key)))

    def enter_body(self) -> None:
        """Enter in the last field saves (Enter in any other field moves on)."""
        self.save()


class MasterDialog(FormDialog):
    def __init__(self, ctx: AppContext, kind: str, row_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.kind, self.row_id = ctx, kind, row_id
        self.form = MasterForm(ctx, kind, row_id, self)
        self.setWindowTitle(self.form.tab_title())
        self.form.saved.connect(lambda _id: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        buttons = QHBoxLayout()
        if self.form.obj is not None and kind not in ("bank_account", "account"):
            active = getattr(self.form.obj, "active", True)
            self.toggle = QPushButton("停用" if active else "启用")
            self.toggle.clicked.connect(self._toggle)
            buttons.addWidget(self.toggle)
        buttons.addStretch(1)
        cancel = QPushButton("取消")
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self.resize(560, 80 + 56 * len(FIELDS[kind]))
        self.form.mark_clean()

    def _toggle(self) -> None:
        from usecases.master_edit import set_active
        try:
            self.ctx.run(set_active, self.kind, self.row_id, not self.form.obj.active)
        except Rejected as e:
            QMessageBox.warning(self, self.windowTitle(), said(e))
            return
        except Exception as e:  # noqa: BLE001 - a lock, a full disk, a read-only book: in words
            from storage.failures import explain
            failure = explain(e)
            if failure is None:
                raise
            QMessageBox.warning(self, self.windowTitle(), f"未完成：{failure.message}")
            return
        self.accept()


def edit_master(ctx: AppContext, kind: str, row_id: int | None, parent: QWidget | None = None) -> int:
    if kind not in FIELDS:
        return 0
    return MasterDialog(ctx, kind, row_id, parent).exec()
