"""The close wizard: red causes, the step vouchers previewed with their figures, asked amounts,
post and lock with one button, reopen with a reason — on the worked example of ACCOUNTING.md."""
from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt

from reports.trial_balance import trial_balance
from storage.book import Book
from storage.models import AuditLog
from tests.ui.books import worked_book
from ui.pages.close_wizard import CloseWizard


@pytest.fixture
def worked(tmp_path):
    return worked_book(tmp_path / "book.sqlite", [
        {"code": "GZ", "summary": "计提工资", "lines": [{"account": "5602", "ask": True}, {"account": "2211"}]}])


def texts(widget):
    return [widget.checks.item(i).text() for i in range(widget.checks.count())]


def step_rows(widget):
    out = {}
    for i in range(widget.steps.topLevelItemCount()):
        top = widget.steps.topLevelItem(i)
        out[top.text(0)] = [(top.child(j).text(0), top.child(j).text(2), top.child(j).text(3))
                            for j in range(top.childCount())]
    return out


def test_the_wizard_shows_causes_figures_then_posts_closes_and_reopens(qtbot, worked):
    wizard = CloseWizard(lambda: Book.open(worked, user="会计"))
    qtbot.addWidget(wizard)
    wizard.wait_loaded()  # the preview is computed on a worker
    assert wizard.period == "2026-11" and wizard.status.text() == "未结账"
    checks = texts(wizard)
    assert "✗ 本期凭证全部过账：共 3 张凭证未记账：记-1、记-2、记-3" in checks
    assert "✓ 试算平衡" in checks
    assert "✗ 凭证模板 GZ（计提工资）第 1 行（5602）需要填写本月金额" in checks
    assert not [t for t in checks if re.search(r"[a-z]{3,}", t)]  # the window speaks Chinese
    red = next(wizard.checks.item(i) for i in range(wizard.checks.count()) if "记-1" in wizard.checks.item(i).text())
    with qtbot.waitSignal(wizard.subject_requested) as asked:
        wizard.checks.itemActivated.emit(red)
    assert asked.args == [{"type": "voucher", "no": "记-1"}]
    assert step_rows(wizard)["转出未交增值税"] == [("22210104 转出未交增值税", "7,800.00", ""),
                                                  ("222102 未交增值税", "", "7,800.00")]

    wizard.amount_edits["GZ:5602"].setText("1000.00")
    qtbot.mouseClick(wizard.preview_button, Qt.MouseButton.LeftButton)
    wizard.wait_loaded()
    assert step_rows(wizard)["凭证模板"] == [("5602 管理费用", "1,000.00", ""),
                                               ("2211 应付职工薪酬", "", "1,000.00")]
    assert step_rows(wizard)["计提附加税费"] == [("540302 城市维护建设税", "546.00", ""),
                                                 ("222104 应交城市维护建设税", "", "546.00")]

    qtbot.mouseClick(wizard.close_button, Qt.MouseButton.LeftButton)
    wizard.wait_loaded()
    assert wizard.status.text() == "已结账", wizard.message.text()
    assert wizard.message.text().startswith("2026-11 已结账，生成凭证 记-4、记-5、记-6、记-7")
    with Book.open(worked) as book:
        rows = {r["code"]: r for r in trial_balance(book, "2026-11", "2026-11")["rows"]}
        # 60,000.00 − 36,000.00 − 546.00 城建税 − 1,000.00 工资
        assert (rows["3103"]["closing_debit"], rows["3103"]["closing_credit"]) == (D("0.00"), D("22454.00"))

    assert not wizard.reopen("  ")
    assert wizard.message.text() == "反结账需要填写原因"
    assert wizard.reopen("工资金额有误")
    wizard.wait_loaded()
    assert wizard.status.text() == "未结账"
    with Book.open(worked) as book:
        assert "reason: 工资金额有误" in book.session.query(AuditLog).filter_by(action="reopen").one().detail


def test_a_negative_credit_reads_as_a_debit_and_the_columns_fit(qtbot, worked):
    wizard = CloseWizard(lambda: Book.open(worked, user="会计"))
    qtbot.addWidget(wizard)
    wizard.resize(1366 - 200, 700)  # the window at 1366 px less its navigation
    wizard.show()
    wizard._show_steps([{"title": "结转损益", "summary": "结转2024-02损益", "source": "", "lines": [
        {"account": "5603", "summary": "结转损益", "debit": "0.00", "credit": "-1080.73"},
        {"account": "222104", "summary": "计提城市维护建设税", "debit": "0.00", "credit": "6357.61"},
        {"account": "5001", "summary": "结转损益", "debit": "-113.00", "credit": "0.00"}]}],
        {"5603": "财务费用", "222104": "应交城市维护建设税", "5001": "主营业务收入"})
    assert step_rows(wizard)["结转损益"] == [("5603 财务费用", "1,080.73", ""),
                                             ("222104 应交城市维护建设税", "", "6,357.61"),
                                             ("5001 主营业务收入", "", "113.00")]
    steps = wizard.steps
    fm = steps.fontMetrics()
    assert steps.columnWidth(0) >= steps.indentation() + fm.horizontalAdvance("222104 应交城市维护建设税")
    assert steps.columnWidth(2) == steps.columnWidth(3) < steps.columnWidth(1)
    assert steps.headerItem().textAlignment(3) & Qt.AlignmentFlag.AlignRight
