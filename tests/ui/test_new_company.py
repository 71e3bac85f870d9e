"""A real company without the demo (issue 30 item 7): the first-start choice, the 新建账套 wizard end to
end — two bank accounts, a customer list from the Excel template with one bad row shown in place,
openings entered until 试算平衡 — and then the first sales order."""
from __future__ import annotations

import os

import openpyxl
import pytest
from PySide6.QtWidgets import QWizard
from sqlalchemy import select

from storage.book import Book
from storage.models import Account, BankAccount, Customer, Document
from storage.queries.checks import run_checks
from ui.setup.first_start import FirstStartDialog
from ui.setup.new_book_wizard import NewBookWizard

SHOTS = os.environ.get("ZHANGFANG_TEST_SHOTS")  # a folder: save each page, to look at


def shoot(widget, name):
    if SHOTS:
        from ui.app import application
        application()  # the app's font and look
        os.makedirs(SHOTS, exist_ok=True)
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def customers_sheet(path, rows):
    wb = openpyxl.load_workbook(path)
    ws = wb["客户"]
    for r in range(2, ws.max_row + 1):  # the example row goes; ours take its place
        for c in range(1, ws.max_column + 1):
            ws.cell(r, c).value = None
    for i, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(i, c).value = value
    for sheet in ("供应商", "商品"):  # the other examples stay out of this company's book
        for r in range(2, wb[sheet].max_row + 1):
            for c in range(1, wb[sheet].max_column + 1):
                wb[sheet].cell(r, c).value = None
    wb.save(path)


def test_first_start_offers_three_choices(qtbot):
    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    assert [b.text() for b in (dialog.new_button, dialog.open_button, dialog.demo_button)] == [
        "新建账套…", "打开账套…", "示例账套"]
    shoot(dialog, "first-start")
    dialog.demo_button.click()
    assert dialog.choice == "demo"


def test_a_server_book_is_one_field_away(qtbot):
    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    dialog.url.setText("postgresql+psycopg://会计@db/账房")
    dialog.url_button.click()
    assert (dialog.choice, dialog.target) == ("open", "postgresql+psycopg://会计@db/账房")


def test_screenshots_and_unattended_starts_are_never_asked(monkeypatch, tmp_path):
    from ui import app
    from ui.setup import first_start
    monkeypatch.setattr(first_start, "first_start", lambda *a: pytest.fail("asked"))
    made = []
    monkeypatch.setattr("ui.default_book.prepare_default_book", lambda: (made.append(1) or tmp_path / "d.sqlite", True))
    assert app._first_start("shots") == (str(tmp_path / "d.sqlite"), True)
    monkeypatch.setenv(first_start.UNATTENDED, "demo")
    assert app._first_start(None) == (str(tmp_path / "d.sqlite"), True)
    assert len(made) == 2


def test_new_company_end_to_end(qtbot, tmp_path):
    target = tmp_path / "华东机电.sqlite"
    w = NewBookWizard(target)
    qtbot.addWidget(w)
    w.show()
    next_button = w.button(QWizard.WizardButton.NextButton)

    # 公司信息: a credit code with a wrong check digit is told beside the field, and stops the wizard
    company = w.company
    company.company.setText("上海华东机电有限公司")
    company.tax_id.setText("91310000MA1K000018")
    assert "校验码不符" in company.tax_hint.text() and "“9”" in company.tax_hint.text()
    assert not next_button.isEnabled()
    shoot(w, "wizard-1-company-bad-code")
    company.tax_id.setText("91310000MA1K000019")
    assert "✓" in company.tax_hint.text()
    _select(company.location, "county")
    assert next_button.isEnabled()
    shoot(w, "wizard-1-company")
    w.next()

    # 税务与期间: small-scale files by quarter unless told; a July start is mid-year
    tax = w.tax
    _select(tax.taxpayer, "small")
    assert tax.filing.currentData() == "quarterly"
    _select(tax.filing, "monthly")
    tax.start.setText("2026-07")
    assert "年中启用" in tax.start_hint.text()
    _select(tax.revenue, "invoice")
    shoot(w, "wizard-2-tax")
    w.next()

    # 银行账户: two, then 创建账套
    bank = w.bank
    first = bank.rows[0]
    first[0].setText("工商银行基本户")
    first[1].setText("1001 2345 6789 0123 456")
    first[2].setText("中国工商银行上海张江支行")
    second = bank.add_row()
    second[0].setText("建设银行一般户")
    second[1].setText("31050161393600000123")
    second[2].setText("中国建设银行上海浦东分行")
    shoot(w, "wizard-3-banks")
    assert w.button(QWizard.WizardButton.CommitButton).text() == "创建账套"
    w.next()
    assert w.path == str(target) and target.exists()
    book = w.book
    s = book.session
    assert book.settings["taxpayer"] == "small" and book.settings["filing"] == "monthly"
    assert book.settings["location"] == "county" and book.settings["revenue"] == "invoice"
    assert book.settings["tax_id"] == "91310000MA1K000019" and book.settings["start_period"] == "2026-07"
    assert s.scalars(select(Account.code).where(Account.code.like("1002%")).order_by(Account.code)).all() == [
        "1002", "100201", "100202"]
    banks = {b.name: (b.number, b.bank_name) for b in s.scalars(select(BankAccount))}
    assert banks == {"工商银行基本户": ("1001234567890123456", "中国工商银行上海张江支行"),
                     "建设银行一般户": ("31050161393600000123", "中国建设银行上海浦东分行")}

    # 基础资料: the template downloaded from the page, a customer list with one bad row
    panel = w.master.panel
    template = panel.save_template(tmp_path / "基础资料.xlsx")
    customers_sheet(template, [("C001", "华东机电有限公司", "91310000MA1K000019", 200000, 30),
                               ("C002", "", None, "abc", 30),
                               ("C003", "南方贸易有限公司", None, None, 15)])
    assert not panel.import_path(template)
    rows = panel.problems.rows
    assert ("客户", "3", "名称") in [r[:3] for r in rows]
    assert ("客户", "3", "信用额度") in [r[:3] for r in rows]
    assert panel.table.isVisibleTo(w) and "整个文件没有导入" in panel.status.text()
    book.refresh()
    assert s.scalar(select(Customer.id).limit(1)) is None  # nothing imported
    shoot(w, "wizard-4-master-errors")
    customers_sheet(template, [("C001", "华东机电有限公司", "91310000MA1K000019", 200000, 30),
                               ("C002", "苏州精工机械有限公司", None, 50000, 30),
                               ("C003", "南方贸易有限公司", None, None, 15)])
    wb = openpyxl.load_workbook(template)
    items = wb["商品"]
    for c, name in enumerate([x.value for x in items[1]], start=1):  # the header row names the fields
        items.cell(2, c).value = {"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": 0.03,
                                  "price": 1030}.get(name)
    wb.save(template)
    assert panel.import_path(template), panel.problems.rows
    assert "客户 3 条" in panel.status.text()
    shoot(w, "wizard-4-master")
    w.next()

    # 期初余额: entered until 试算平衡; 完成 only then
    editor = w.openings.editor
    finish = w.button(QWizard.WizardButton.FinishButton)
    editor.set_amount("100201", None, "期初余额", "300000")
    editor.set_amount("100202", None, "期初余额", "50000")
    editor.set_amount("1122", "C001", "期初余额", "11300")
    editor.set_amount("3001", None, "期初余额", "300000")
    assert "试算不平衡" in editor.trial.text()
    assert not finish.isEnabled()
    shoot(w, "wizard-5-openings-unbalanced")
    editor.set_amount("3103", None, "期初余额", "61300")
    editor.set_amount("5001", None, "本年累计贷方", "450000")
    editor.set_amount("3103", None, "本年累计贷方", "0")
    assert "平衡 ✓" in editor.trial.text() and "相符 ✓" in editor.sheet.text()
    assert finish.isEnabled()
    shoot(w, "wizard-5-openings")
    finish.click()
    assert w.result() == QWizard.DialogCode.Accepted.value

    # the book it made: sound, and open for its first sales order
    with Book.open(target, user="会计") as made:
        assert {k: v for k, v in run_checks(made).items() if v} == {}
        from ui.main_window import MainWindow
        window = MainWindow(made)
        qtbot.addWidget(window)
        window.show()
        form = window.new_document("sales_order")
        form.party.set_code("C001")
        form.grid.set_text(0, "qty", "10")
        form.grid.set_text(0, "item", "A001")
        assert form.save()
        made.refresh()
        order = made.session.scalars(select(Document).where(Document.type == "sales_order")).one()
        assert order.date.strftime("%Y-%m") >= "2026-07"
        assert {k: v for k, v in run_checks(made).items() if v} == {}
        window.close()


def _select(box, value):
    box.setCurrentIndex(box.findData(value))


def test_the_demo_choice_makes_the_default_book_and_a_new_one_opens_the_wizard(qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QDialog

    from ui.default_book import default_book_path
    from ui.setup import first_start as fs
    from ui.setup import new_book_wizard as nbw
    picks = iter(["new", "demo"])

    def pick(dialog):
        dialog.choose(next(picks))
        return QDialog.DialogCode.Accepted

    def left_at_once(wizard):  # the person cancels the wizard: the choice comes back
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(fs.FirstStartDialog, "exec", pick)
    monkeypatch.setattr(nbw.NewBookWizard, "exec", left_at_once)
    target, fresh = fs.first_start(default_book_path())
    assert (target, fresh) == (str(default_book_path()), True)  # the demo, still to fill on a worker
    assert default_book_path().exists()
