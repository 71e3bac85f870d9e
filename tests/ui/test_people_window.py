"""The window's side of issue 26: the login dialog, 用户与权限 and 操作日志, and switching user."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog

from storage import oplog
from ui import prefs
from ui.context import AppContext
from ui.people.log_page import LogPage
from ui.people.login import LAST_NAME, LoginDialog
from ui.people.users_page import PersonDialog, UsersPage
from usecases import people


def _team(book):
    people.add_person(book, "老板", "owner", "boss-pw1")
    people.add_person(book.acting("老板"), "李四", "accountant", "books-pw")


def test_the_login_dialog_refuses_a_wrong_password_and_remembers_the_last_name(qtbot, book):
    _team(book)
    dialog = LoginDialog(book)
    qtbot.addWidget(dialog)
    dialog.name.setCurrentText("李四")
    dialog.password.setText("nope")
    dialog.try_login()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.text() == "用户名或密码错误 (wrong name or password)"
    assert dialog.password.text() == ""  # never kept
    dialog.password.setText("books-pw")
    dialog.try_login()
    assert dialog.user == "李四" and dialog.result() == QDialog.DialogCode.Accepted
    assert prefs.settings().value(LAST_NAME) == "李四"
    assert "books-pw" not in open(prefs.settings().fileName(), encoding="utf-8").read()
    again = LoginDialog(book)
    qtbot.addWidget(again)
    assert again.name.currentText() == "李四"
    assert [e["action"] for e in oplog.search(book, action="login")][-2:] == ["login_failed", "login"]


def test_the_administrator_adds_a_person_with_roles_and_a_salesperson_may_not(qtbot, book, monkeypatch):
    _team(book)
    messages = []
    monkeypatch.setattr("ui.people.users_page.QMessageBox.warning", lambda _w, _t, text: messages.append(text))

    def filled(self, *a, **k):
        self.name.setText("张三")
        self.roles["sales"].setChecked(True)
        self.password.setText("sales-pw")
        self.again.setText("sales-pw")
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(PersonDialog, "exec", filled)
    page = UsersPage(AppContext(book.acting("老板")))
    qtbot.addWidget(page)
    page.add()
    assert messages == []
    cells = [[page.table.item(r, c).text() for c in range(3)] for r in range(page.table.rowCount())]
    assert cells == [["老板", "老板、管理员", "正常"], ["李四", "会计", "正常"], ["张三", "业务员", "正常"]]
    sales_page = UsersPage(AppContext(book.acting("张三")))
    qtbot.addWidget(sales_page)
    sales_page.table.selectRow(1)
    sales_page.toggle_disabled()
    assert messages == ["张三（业务员）无权管理用户与权限 (users)；可以做这件事的角色：管理员"]
    assert [p.disabled for p in people.list_people(book)] == [False, False, False]


def test_the_log_page_searches_by_person_and_action(qtbot, book):
    _team(book)
    people.authenticate(book, "李四", "books-pw")
    page = LogPage(AppContext(book.acting("老板")))
    qtbot.addWidget(page)
    page.person.setText("李四")
    page.reload()
    assert [page.table.item(r, 3).text() for r in range(page.table.rowCount())] == ["登录"]
    page.person.setText("")
    page.action.setText("user_add")
    page.reload()
    shown = [(page.table.item(r, 2).text(), page.table.item(r, 4).text(), page.table.item(r, 6).text())
             for r in range(page.table.rowCount())]
    assert shown[-1] == ("老板", "user 李四", "roles:  → ['accountant']")
    refused = LogPage(AppContext(book.acting("李四")))  # an accountant does not read the log
    qtbot.addWidget(refused)
    assert refused.table.rowCount() == 0 and "无权查看操作日志 (log)" in refused.status.text()


def test_switching_user_locks_the_window_and_acts_as_who_logs_in(qtbot, book, monkeypatch):
    from ui.main_window import MainWindow
    _team(book)
    book.user = "老板"
    window = MainWindow(book)
    qtbot.addWidget(window)
    seen = []

    def log_in(_book, _parent=None, *, locked_by=None):
        seen.append((locked_by, window.centralWidget().isVisible() if window.isVisible() else
                     window.centralWidget().isVisibleTo(window)))
        return "李四"
    monkeypatch.setattr("ui.people.login.log_in", log_in)
    window.switch_user()
    assert seen == [("老板", False)]  # the pages are hidden while the login is asked
    assert window.book.user == "李四" and window.user_label.text() == "用户：李四"
    assert window.centralWidget().isVisibleTo(window)
    assert [e["action"] for e in oplog.search(book)][-1] == "logout"


def test_the_home_page_shows_the_logged_in_persons_inbox_and_opens_a_task(qtbot, book):
    import datetime as dt
    from decimal import Decimal as D

    from ui.pages.home_page import HomePage
    from usecases import vouchers
    from usecases.commands import Entry, ManualVoucher
    _team(book)
    people.add_person(book.acting("老板"), "王会计", "accountant", "books-pw")
    made = vouchers.manual_voucher(book.acting("李四"), ManualVoucher(dt.date.today(), "备用金", (
        Entry("1001", debit=D("100.00")), Entry("1002", credit=D("100.00")))))
    ctx = AppContext(book.acting("王会计"))
    shown, opened = [], []
    ctx.show_page = shown.append
    ctx.open_voucher = opened.append
    page = HomePage(ctx)
    qtbot.addWidget(page)
    assert page.inbox is not None
    assert page.inbox.title.text() == "我的任务（王会计）：待审核凭证 1"
    assert page.inbox.table.item(0, 3).text().endswith("备用金（制单：李四）")
    page.inbox.open_task(0)
    assert opened == [made.id] and shown == []  # the voucher itself, not only its list
    own = HomePage(AppContext(book.acting("李四")))  # one's own voucher is someone else's task
    qtbot.addWidget(own)
    assert own.inbox.title.text() == "我的任务（李四）：没有待办的任务"


def test_a_book_without_people_has_no_inbox(qtbot, ctx):
    from ui.pages.home_page import HomePage
    page = HomePage(ctx)
    qtbot.addWidget(page)
    assert page.inbox is None


def test_backing_up_from_the_window_needs_the_permission(qtbot, book, monkeypatch):
    from types import SimpleNamespace

    from ui import book_actions
    _team(book)
    warned, asked = [], []
    monkeypatch.setattr(book_actions.QMessageBox, "warning", lambda _w, _t, text: warned.append(text))
    monkeypatch.setattr(book_actions.QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    book_actions.backup(SimpleNamespace(book=book.acting("李四")))
    assert warned == ["李四（会计）无权备份与恢复 (backup)；可以做这件事的角色：会计主管、老板、管理员"] and not asked
    book_actions.backup(SimpleNamespace(book=book.acting("老板")))
    assert len(asked) == 1  # the owner is asked where to put the copy


def test_a_book_with_people_opens_on_the_login_and_acts_as_who_logs_in(qtbot, book, monkeypatch):
    from ui.app import _logged_in
    assert _logged_in(book) and book.user == "tester"  # no people: no dialog, as before
    _team(book)
    offered = []
    monkeypatch.setattr("ui.people.login.log_in", lambda _b, given=None: offered.append(given))
    assert not _logged_in(book, "李四")  # cancelled: the window does not open
    monkeypatch.setattr("ui.people.login.log_in", lambda _b, given=None: "李四")
    assert _logged_in(book, "李四") and book.user == "李四"
    assert offered == ["李四"]


def test_a_lone_user_refused_their_own_review_gets_a_link_to_the_setting(qtbot, book):
    import datetime as dt
    from decimal import Decimal as D

    from ui.forms.voucher_view import VoucherView
    from usecases import vouchers
    from usecases.commands import Entry, ManualVoucher
    people.add_person(book, "老板", "owner", "boss-pw1")
    alone = book.acting("老板")
    made = vouchers.manual_voucher(alone, ManualVoucher(dt.date(2026, 11, 5), "备用金", (
        Entry("1001", debit=D("100.00")), Entry("1002", credit=D("100.00")))))
    ctx = AppContext(alone)
    shown = []
    ctx.show_page = shown.append
    view = VoucherView(ctx, made.id)
    qtbot.addWidget(view)
    view.act("review")
    assert '<a href="people">设置 → 用户与权限</a>' in view.problem.text()
    view.problem.linkActivated.emit("people")  # what a click on the link does
    assert shown == ["people"]
