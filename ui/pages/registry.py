"""The one place pages are registered: section, key, title and a factory taking the AppContext.

The navigation shows sections in SECTIONS order and pages in registration order; a page is built
the first time it is shown. Another module adds its page with one line, e.g.
    register("报表", "report_centre", "报表中心", lazy("ui.pages.report_centre", "ReportCentre"))
or with one PageEntry line in `_builtin()` below. A factory receives the AppContext (ui/context.py):
the book, `run(usecase, …)` to change it, `changed` to refresh on, and the window's verbs.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from ui.context import AppContext

SECTIONS = ("工作台", "销售", "采购", "库存", "财务", "报表", "基础资料", "设置")


@dataclass(frozen=True)
class PageEntry:
    section: str
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]


_PAGES: dict[str, PageEntry] = {}


def register(section: str, key: str, title: str, factory: Callable[[AppContext], QWidget]) -> None:
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}; one of {', '.join(SECTIONS)}")
    _PAGES[key] = PageEntry(section, key, title, factory)


def pages() -> list[PageEntry]:
    """Every registered page, grouped by section in navigation order."""
    _builtin()
    order = {s: i for i, s in enumerate(SECTIONS)}
    return sorted(_PAGES.values(), key=lambda p: order[p.section])  # sorted() is stable


def page(key: str) -> PageEntry:
    _builtin()
    return _PAGES[key]


def lazy(module: str, name: str) -> Callable[[AppContext], QWidget]:
    """A factory that imports `module` only when its page is first shown (start-up stays fast)."""
    def build(ctx: AppContext) -> QWidget:
        return getattr(importlib.import_module(module), name)(ctx)
    return build


def _list(name: str) -> Callable[[AppContext], QWidget]:
    def build(ctx: AppContext) -> QWidget:
        from storage.queries.lists import LISTS
        from ui.pages.list_page import ListPage
        from ui.people.cost_guard import spec_for  # no cost columns for those who may not see cost
        return ListPage(spec_for(ctx.book, LISTS[name]), ctx)
    return build


def _home(ctx: AppContext) -> QWidget:
    from ui.pages.home_page import HomePage
    return HomePage(ctx)


def _manual_voucher(ctx: AppContext) -> QWidget:
    from ui.forms.voucher_form import VoucherForm
    form = VoucherForm(ctx)
    form.saved.connect(lambda voucher_id: (ctx.open_voucher(voucher_id), form.reset()))
    return form


def _settings(ctx: AppContext) -> QWidget:
    from ui.pages.settings_page import SettingsPage
    return SettingsPage(ctx)


def _trial_balance(ctx: AppContext) -> QWidget:
    from ui.pages.trial_balance_page import TrialBalancePage
    return TrialBalancePage(ctx)


def _report_centre(ctx: AppContext) -> QWidget:
    from ui.pages.report_centre import ReportCentre
    return ReportCentre(ctx.book.spawn)  # each export runs on a worker with its own session


def _close_wizard(ctx: AppContext) -> QWidget:
    from ui.pages.close_wizard import CloseWizard
    from ui.pages.stale import refresh_when_shown
    from ui.subjects import open_subject
    page = CloseWizard(ctx.book.spawn)
    follow = refresh_when_shown(ctx, page, page.refresh)
    page.closed.connect(lambda _p: follow.announce())
    page.reopened.connect(lambda _p: follow.announce())
    page.subject_requested.connect(lambda subject: open_subject(ctx, subject, page.period))
    return page


def _matching(ctx: AppContext) -> QWidget:
    from ui.pages.matching_page import MatchingPage
    from ui.pages.stale import refresh_when_shown
    page = MatchingPage(ctx.book.spawn)
    follow = refresh_when_shown(ctx, page, page.reload)
    page.booked.connect(follow.announce)
    return page


def _dashboard(ctx: AppContext) -> QWidget:
    from ui.pages.dashboard_page import DashboardPage
    from ui.pages.stale import refresh_when_shown
    page = DashboardPage(ctx.book.spawn)
    refresh_when_shown(ctx, page, page.reload)
    from ui.people.open_task import open_alert  # an exception opens its document or page (issue 26)
    page.subject_requested.connect(lambda subject: open_alert(ctx, subject))
    return page


_LISTS_BY_SECTION = (
    ("销售", (("sales_order", "销售订单"), ("outbound", "销售出库单"), ("invoice", "销售发票"), ("receipt", "收款单"),
             ("sales_return", "销售退货单"), ("credit_note", "红字发票"))),
    ("采购", (("purchase_order", "采购订单"), ("inbound", "采购入库单"), ("purchase_invoice", "采购发票"),
             ("payment", "付款单"), ("purchase_return", "采购退货单"), ("purchase_credit_note", "采购红字发票"))),
    ("库存", (("stock", "库存余额"),)),
    ("基础资料", (("customers", "客户"), ("suppliers", "供应商"), ("items", "商品"), ("warehouses", "仓库"),
               ("bank_accounts", "银行账户"), ("accounts", "会计科目"))),
)
_done = False


def _builtin() -> None:
    """This module's own pages, registered on first use (so importing the registry stays cheap)."""
    global _done
    if _done:
        return
    _done = True
    mine = [PageEntry("工作台", "home", "工作台", _home), PageEntry("工作台", "dashboard", "经营看板", _dashboard)]
    for section, lists in _LISTS_BY_SECTION:
        mine += [PageEntry(section, key, title, _list(key)) for key, title in lists]
    mine += [PageEntry("财务", "vouchers", "凭证查询", _list("vouchers")),
             PageEntry("财务", "voucher_entry", "录入凭证", _manual_voucher),
             PageEntry("财务", "matching", "银行对账", _matching),
             PageEntry("财务", "close_wizard", "期末结账", _close_wizard),
             PageEntry("报表", "report_centre", "报表中心", _report_centre),
             PageEntry("报表", "trial_balance", "科目余额表", _trial_balance),
             PageEntry("设置", "settings", "设置", _settings),
             PageEntry("设置", "openings", "期初余额", lazy("ui.setup.openings", "OpeningsPage")),  # issues 27, 30
             PageEntry("设置", "people", "用户与权限", lazy("ui.people.users_page", "UsersPage")),  # issue 26
             PageEntry("设置", "oplog", "操作日志", lazy("ui.people.log_page", "LogPage")),
             ]
    # pages registered by other modules before first use keep their place after ours
    others = dict(_PAGES)
    _PAGES.clear()
    for p in mine:
        _PAGES[p.key] = p
    _PAGES.update(others)
