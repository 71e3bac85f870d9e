"""新建账套 (issue 30): a short wizard — 公司 (name, 统一社会信用代码, location, file), 税务与期间 (taxpayer
type, filing period, start period, revenue policy), 银行账户 — that creates the book through `init`'s use
case (usecases/new_company.py), then guides through 基础资料 (the Excel template and its import) and
期初余额 (试算平衡 before the first document)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from domain.errors import Rejected
from domain.periods import parse_period, period_of
from usecases.new_company import BankAccountLine, credit_code_reason

TAXPAYERS = (("一般纳税人", "general"), ("小规模纳税人", "small"))
FILINGS = (("按月申报", "monthly"), ("按季申报", "quarterly"))
LOCATIONS = (("市区（城建税 7%）", "city"), ("县城、镇（城建税 5%）", "county"), ("其他地区（城建税 1%）", "other"))
REVENUES = (("发货时确认收入（默认）", "shipment"), ("开票时确认收入（以票入账）", "invoice"))
RED, GREEN = "#b00020", "#1b7f3b"


def _combo(choices) -> QComboBox:
    box = QComboBox()
    for text, value in choices:
        box.addItem(text, value)
    return box


def _select(box: QComboBox, value: str) -> None:
    box.setCurrentIndex(max(0, box.findData(value)))


class CompanyPage(QWizardPage):
    def __init__(self, default_path: Path):
        super().__init__()
        self.setTitle("公司信息")
        self.setSubTitle("账套为哪家公司而建。公司名称印在每张报表上。")
        form = QFormLayout(self)
        self.company = QLineEdit()
        self.company.setPlaceholderText("如 上海华东机电有限公司")
        self.tax_id = QLineEdit()
        self.tax_id.setMaxLength(24)
        self.tax_id.setPlaceholderText("18 位，如 91310000MA1K000019")
        self.tax_hint = QLabel()
        self.tax_hint.setWordWrap(True)
        self.location = _combo(LOCATIONS)
        self.path = QLineEdit(str(default_path))
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.path_hint = QLabel()
        self.path_hint.setStyleSheet(f"color: {RED}")
        form.addRow("公司名称：", self.company)
        form.addRow("统一社会信用代码：", self.tax_id)
        form.addRow("", self.tax_hint)
        form.addRow("所在地：", self.location)
        form.addRow("账套文件：", where)
        form.addRow("", self.path_hint)
        for edit in (self.company, self.tax_id, self.path):
            edit.textChanged.connect(self._changed)
        self._changed()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "账套保存在", self.path.text(), "账房账套 (*.sqlite)")
        if path:
            self.path.setText(path if path.endswith(".sqlite") else path + ".sqlite")

    def tax_problem(self) -> str | None:
        text = self.tax_id.text().strip()
        return credit_code_reason(text) if text else None

    def path_problem(self) -> str | None:
        text = self.path.text().strip()
        if not text:
            return "请选择账套文件的位置"
        if Path(text).exists():
            return "这个文件已经存在：新建账套请换一个文件名"
        return None

    def _changed(self) -> None:
        text = self.tax_id.text().strip()
        problem = self.tax_problem()
        if not text:
            self.tax_hint.setText("选填；填写后按 GB 32100-2015 校验第 18 位校验码")
            self.tax_hint.setStyleSheet("color: gray")
        elif problem:
            self.tax_hint.setText(f"✗ {problem}")
            self.tax_hint.setStyleSheet(f"color: {RED}")
        else:
            self.tax_hint.setText("✓ 校验码正确（GB 32100-2015）")
            self.tax_hint.setStyleSheet(f"color: {GREEN}")
        self.path_hint.setText(self.path_problem() or "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(self.company.text().strip()) and not self.tax_problem() and not self.path_problem()


class TaxPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle("税务与启用期间")
        self.setSubTitle("纳税人类型决定科目表和税率，建账后不能再改；启用期间可以是年中的任一月份。")
        form = QFormLayout(self)
        self.taxpayer = _combo(TAXPAYERS)
        self.filing = _combo(FILINGS)
        self.start = QLineEdit(period_of(dt.date.today()))
        self.start.setPlaceholderText("YYYY-MM，如 2026-07")
        self.start_hint = QLabel()
        self.start_hint.setWordWrap(True)
        self.revenue = _combo(REVENUES)
        revenue_hint = QLabel("发货时确认收入：出库即记收入，销项税先记待转销项税额；以票入账：开票时才记收入和成本。"
                              "建账后不能再改。")
        revenue_hint.setWordWrap(True)
        revenue_hint.setStyleSheet("color: gray")
        form.addRow("纳税人类型：", self.taxpayer)
        form.addRow("申报期：", self.filing)
        form.addRow("启用期间：", self.start)
        form.addRow("", self.start_hint)
        form.addRow("收入确认：", self.revenue)
        form.addRow("", revenue_hint)
        self.taxpayer.currentIndexChanged.connect(self._taxpayer_changed)
        self.start.textChanged.connect(self._start_changed)
        self._start_changed()

    def _taxpayer_changed(self) -> None:
        # the usual filing period for each type (小规模 by quarter); the person may still choose
        _select(self.filing, "quarterly" if self.taxpayer.currentData() == "small" else "monthly")

    def start_problem(self) -> str | None:
        try:
            parse_period(self.start.text().strip())
        except ValueError:
            return "启用期间应为 YYYY-MM，如 2026-07"
        return None

    def _start_changed(self) -> None:
        problem = self.start_problem()
        text = self.start.text().strip()
        if problem:
            self.start_hint.setText(f"✗ {problem}")
            self.start_hint.setStyleSheet(f"color: {RED}")
        elif not text.endswith("-01"):
            self.start_hint.setText("年中启用：期初余额步骤中还要填写本年累计借方、贷方，报表的本年累计和年初数才正确。")
            self.start_hint.setStyleSheet("color: gray")
        else:
            self.start_hint.setText("年初启用：只需填写期初余额。")
            self.start_hint.setStyleSheet("color: gray")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.start_problem() is None


class BankPage(QWizardPage):
    """One or more bank accounts: each becomes a sub-account of 1002 (100201, 100202 …)."""

    def __init__(self, wizard: NewBookWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle("银行账户")
        self.setSubTitle("每个银行账户成为 1002 银行存款 的一个明细科目（100201、100202……），收付款和银行对账都用它。")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "创建账套")
        layout = QVBoxLayout(self)
        self.grid = QGridLayout()
        for col, title in enumerate(("名称", "账号", "开户行")):
            self.grid.addWidget(QLabel(title), 0, col)
        layout.addLayout(self.grid)
        self.rows: list[tuple[QLineEdit, QLineEdit, QLineEdit]] = []
        buttons = QHBoxLayout()
        add = QPushButton("增加一个银行账户")
        add.clicked.connect(self.add_row)
        remove = QPushButton("删除最后一个")
        remove.clicked.connect(self.remove_row)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {RED}")
        layout.addWidget(self.problems)
        layout.addStretch(1)
        self.add_row()

    def add_row(self) -> tuple[QLineEdit, QLineEdit, QLineEdit]:
        edits = (QLineEdit(), QLineEdit(), QLineEdit())
        edits[0].setPlaceholderText("如 工商银行基本户")
        edits[1].setPlaceholderText("银行账号")
        edits[2].setPlaceholderText("如 中国工商银行上海分行")
        r = len(self.rows) + 1
        for col, edit in enumerate(edits):
            self.grid.addWidget(edit, r, col)
        self.rows.append(edits)
        return edits

    def remove_row(self) -> None:
        if len(self.rows) > 1:
            for edit in self.rows.pop():
                edit.deleteLater()

    def banks(self) -> list[BankAccountLine]:
        """The rows filled in (a row left wholly blank is no bank account)."""
        return [BankAccountLine(n.text(), a.text(), b.text()) for n, a, b in self.rows
                if n.text().strip() or a.text().strip() or b.text().strip()]

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        try:
            self.owner.create()
        except Rejected as e:
            self.problems.setText("账套没有创建：\n" + "\n".join(str(p) for p in e.problems))
            return False
        return True


class MasterPage(QWizardPage):
    def __init__(self, wizard: NewBookWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle("基础资料")
        self.setSubTitle("账套已创建。现在导入客户、供应商、商品和仓库（可以跳过）。")
        self.panel = None
        self.box = QVBoxLayout(self)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if self.panel is None:
            from ui.setup.master_data import MasterDataPanel
            self.panel = MasterDataPanel(self.owner.book)
            self.box.addWidget(self.panel)


class OpeningsStep(QWizardPage):
    def __init__(self, wizard: NewBookWizard):
        super().__init__()
        self.owner = wizard
        self.setTitle("期初余额")
        self.setSubTitle("填写启用前一天各科目的余额。借贷平衡（试算平衡）后才能完成；没有期初余额的新公司可直接完成。"
                         "以后可在 设置 → 期初余额 中修改，直到录入第一张单据。")
        self.editor = None
        self.box = QVBoxLayout(self)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        from ui.setup.openings import OpeningsEditor
        if self.editor is None:
            self.editor = OpeningsEditor(self.owner.book)
            self.editor.balanced_changed.connect(self._balanced_changed)
            self.box.addWidget(self.editor)
        else:
            self.editor.reload()  # customers and items imported on the page before

    def _balanced_changed(self, _balanced: bool) -> None:
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.editor is not None and self.editor.balanced

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        assert self.editor is not None
        return self.editor.save() if self.editor.dirty else True


class NewBookWizard(QWizard):
    """`path` is the new book's file once created (after the 银行账户 page), else None."""

    def __init__(self, default_path: Path | str, parent: QWidget | None = None, user: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("新建账套")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.NextButton, "下一步 >"),
                             (QWizard.WizardButton.BackButton, "< 上一步"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.user = user
        self.path: str | None = None
        self.book = None
        self.company = CompanyPage(Path(default_path))
        self.tax = TaxPage()
        self.bank = BankPage(self)
        self.master = MasterPage(self)
        self.openings = OpeningsStep(self)
        for page in (self.company, self.tax, self.bank, self.master, self.openings):
            self.addPage(page)
        self.resize(1000, 680)  # fits a 1280×720 screen

    def create(self) -> None:
        """Make the book (once) and open it for the guide's pages."""
        from storage.book import Book
        from usecases.new_company import create_company
        if self.path is not None:
            return
        path = self.company.path.text().strip()
        create_company(path, self.company.company.text(), self.tax.start.text().strip(),
                       tax_id=self.company.tax_id.text().strip() or None, taxpayer=self.tax.taxpayer.currentData(),
                       filing=self.tax.filing.currentData(), location=self.company.location.currentData(),
                       revenue=self.tax.revenue.currentData(), banks=self.bank.banks(), user=self.user)
        self.path = path
        self.book = Book.open(path, self.user)

    def done(self, result: int) -> None:
        if self.book is not None:
            self.book.close()
            self.book = None
        super().done(result)
