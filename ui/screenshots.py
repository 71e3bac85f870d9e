"""`gui --screenshot DIR [--size WxH]`: PNGs (at 1280×720, 1366×768 and 1920×1080, named 1280x720-01-home.png …,
unless one size is told) of the home page, every list, an order being entered, its
push-down outbound, an invoice, a receipt, a voucher, manual voucher entry, settings, the About box and an empty
book's first page — for looking at the UI without a desktop. Nothing is saved to the book."""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from storage.models import Document, Voucher

SIZE = (1440, 900)


class Shooter:
    def __init__(self, app: QApplication, folder: Path, size: tuple[int, int] = SIZE):
        self.app, self.folder, self.number, self.size = app, folder, 0, size

    def as_is(self, widget, name: str) -> None:
        """A dialog at its own size."""
        self.number += 1
        widget.show()
        self.app.processEvents()
        target = self.folder / f"{self.number:02d}-{name}.png"
        if not widget.grab().save(str(target)):
            raise OSError(f"could not write {target}")

    def __call__(self, window, name: str) -> None:
        self.number += 1
        window.resize(*self.size)
        self.app.processEvents()
        target = self.folder / f"{self.number:02d}-{name}.png"
        if not window.grab().save(str(target)):
            raise OSError(f"could not write {target}")


# the screens a clerk's window meets: a small laptop's 720p, the common 1366×768, and full HD
SIZES = ((1280, 720), (1366, 768), (1920, 1080))


def take_at_sizes(app: QApplication, make_window, folder: Path, sizes) -> int:
    """Every page at each size, all in `folder` (the contract: PNGs in DIR): one size with the plain
    names (01-home.png), several with the size in front (1280x720-01-home.png)."""
    if len(sizes) == 1:
        return take_screenshots(app, make_window(), folder, sizes[0])
    for width, height in sizes:
        size = f"{width}x{height}"
        with tempfile.TemporaryDirectory(dir=_made(folder)) as tmp:
            code = take_screenshots(app, make_window(), Path(tmp), (width, height))
            for png in sorted(Path(tmp).glob("*.png")):
                png.replace(folder / f"{size}-{png.name}")
        if code:
            return code
    return 0


def _made(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def take_screenshots(app: QApplication, window, folder: Path, size: tuple[int, int] = SIZE) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    shot = Shooter(app, folder, size)
    window.resize(*size)
    window.show()
    try:
        for key in window.page_names():
            window.show_page(key)
            _settle(app, window.current_page())
            shot(window, key)
            if key != "home":
                window.close_current_unasked()
        _documents(window, shot)
        _about(window, shot)
        _empty_book(app, shot)
        _team_book(app, shot)
        from ui.setup import screenshots as setup_screens  # issue 30: first start and the new-book wizard
        setup_screens.take(shot)
    except OSError as e:
        print(e, file=sys.stderr)
        return 1
    finally:
        for form in window.open_forms():  # what the screenshots typed is let go, never asked about
            form.mark_clean()
        window.close()
        window.deleteLater()
    return 0


def _settle(app: QApplication, page, seconds: float = 60) -> None:
    """Let a page that builds on a worker (报表中心's first preview) finish before its picture."""
    deadline = time.monotonic() + seconds
    while getattr(page, "busy", lambda: False)() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    app.processEvents()


def _first(book, doc_type: str, statuses: tuple[str, ...] | None = None) -> Document | None:
    q = select(Document).where(Document.type == doc_type)
    if statuses:
        q = q.where(Document.status.in_(statuses))
    return book.session.scalar(q.order_by(Document.date.desc(), Document.id.desc()).limit(1))


def _documents(window, shot: Shooter) -> None:
    book = window.book
    _order_and_push_down(window, shot)
    for doc_type in ("invoice", "receipt"):
        doc = _first(book, doc_type)
        if doc is not None:
            window.open_document(doc.id)
            shot(window, doc_type)
            if doc_type == "invoice":
                window.current_page().open_voucher()
                shot(window, "voucher")
                window.close_current_unasked()
            window.close_current_unasked()
    manual = book.session.scalar(select(Voucher).where(Voucher.source_id.is_(None)).order_by(Voucher.id).limit(1))
    if manual is not None:
        window.open_voucher(manual.id)
        shot(window, "voucher-manual")
        window.close_current_unasked()
    window.show_page("voucher_entry")
    _fill_voucher(window.current_page())
    shot(window, "voucher-entry")


def _order_and_push_down(window, shot: Shooter) -> None:
    """An order typed and saved, then pushed down to its outbound — in a throw-away copy of the book,
    so taking screenshots never changes it."""
    from storage.backup import backup_book
    from storage.book import Book
    from ui.main_window import MainWindow
    if "://" in str(window.book.target):
        return
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.sqlite"
        window.book.refresh()
        backup_book(str(window.book.target), str(copy))
        book = Book.open(copy, window.book.user)
        try:
            other = MainWindow(book)
            other.show()
            form = other.new_document("sales_order")
            _fill_order(form, book)
            shot(other, "sales-order-entry")
            if form.save():
                shot(other, "sales-order")
                other.current_page().push_down()
                shot(other, "outbound-push-down")
            other.close()
            other.deleteLater()
        finally:
            book.close()


def _fill_order(form, book) -> None:
    """Type an order as a clerk would have: a customer with room on its credit, three items."""
    from storage.models import Customer
    roomy = book.session.scalar(select(Customer.code).where(Customer.active)
                                .order_by(Customer.credit_limit.is_not(None), Customer.credit_limit.desc()).limit(1))
    items = form.choices("item")
    if roomy:
        form.party.set_code(roomy)
    for i, item in enumerate(items[:3]):
        row = i if i < form.grid.rowCount() else form.grid.add_line()
        form.grid.set_text(row, "qty", str(5 * (i + 1)))
        form.grid.set_text(row, "item", item.code)


def _fill_voucher(form) -> None:
    accounts = [c.code for c in form._choices["account"]]
    expense = next((a for a in accounts if a.startswith("5602")), "")
    bank = next((a for a in accounts if a.startswith("1002")), "")
    rows = (("支付办公用品费", expense, "", "1,280.00", ""), ("支付办公用品费", bank, "", "", "1,280.00"))
    form.summary.setText("支付办公用品费")
    for i, (summary, account, _dim, debit, credit) in enumerate(rows):
        row = i if i < form.grid.rowCount() else form.grid.add_line()
        form.grid.set_text(row, "summary", summary)
        form.grid.set_text(row, "account", account)
        form.grid.set_text(row, "debit", debit)
        form.grid.set_text(row, "credit", credit)


def _about(window, shot: Shooter) -> None:
    """帮助 → 关于 as it shows: the version, the schemas, Python, Qt and the data folder."""
    from storage.db import book_schema
    from ui.dialogs.about import AboutDialog
    dialog = AboutDialog(window, window.book.target, book_schema(window.book.engine))
    dialog.show()
    shot.app.processEvents()
    shot.number += 1
    target = shot.folder / f"{shot.number:02d}-about.png"
    if not dialog.grab().save(str(target)):
        raise OSError(f"could not write {target}")
    dialog.close()
    dialog.deleteLater()


def _empty_book(app: QApplication, shot: Shooter) -> None:
    from storage.book import Book
    from ui.main_window import MainWindow
    from usecases.setup import init_book
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "empty.sqlite"
        init_book(path, "新开张贸易有限公司", "2026-11").close()
        book = Book.open(path)
        try:
            window = MainWindow(book)
            window.show()
            shot(window, "empty-book")
            window.close()
            window.deleteLater()
            app.processEvents()
        finally:
            book.close()


def _team_book(app: QApplication, shot: Shooter) -> None:
    """A book with people (issue 26): the login dialog after a wrong password, 用户与权限 and 操作日志."""
    from storage.book import Book
    from ui.main_window import MainWindow
    from ui.people.login import LoginDialog
    from usecases import people
    from usecases.setup import init_book
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "team.sqlite"
        init_book(path, "示例商贸有限公司", "2026-11").close()
        book = Book.open(path, "老板")
        try:
            people.add_person(book, "老板", ("owner",), "boss-password")
            for name, roles in (("张三", ("sales",)), ("王五", ("warehouse",)), ("钱七", ("cashier",)),
                                ("李四", ("accountant",)), ("赵六", ("supervisor",))):
                people.add_person(book, name, roles, "demo-password")
            people.authenticate(book, "老板", "boss-password", via="window")
            dialog = LoginDialog(book)
            dialog.name.setCurrentText("李四")
            dialog.password.setText("wrong")
            dialog.try_login()
            dialog.resize(420, dialog.sizeHint().height())
            shot.as_is(dialog, "login")
            dialog.close()
            _team_work(book)
            window = MainWindow(book)
            window.show()
            for name in ("李四", "钱七", "王五", "赵六", "老板"):  # each role's inbox on the home page
                window.act_as(name)
                shot(window, f"inbox-{name}")
            window.act_as("老板")
            for key in ("people", "oplog"):
                window.show_page(key)
                shot(window, f"team-{key}")
            window.close()
            window.deleteLater()
            dialog.deleteLater()
            app.processEvents()
        finally:
            book.close()


def _team_work(book) -> None:
    """A little business for the inboxes: an order half shipped, an invoice, a receipt and a bank line."""
    from interchange.importer import import_data
    boss = book.acting("老板")
    try:
        import_data(boss, {
            "customers": [{"code": "C001", "name": "华东机电有限公司", "payment_days": 30}],
            "items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13", "price": "1130.00"}],
            "warehouses": [{"code": "W01", "name": "主仓"}],
            "opening_balances": {"date": "2026-10-31", "lines": [
                {"account": "1405", "item": "A001", "debit": "60000.00"}, {"account": "3001", "credit": "60000.00"}]},
            "opening_stock": [{"item": "A001", "warehouse": "W01", "qty": "100", "unit_cost": "600.00"}],
            "documents": [
                {"type": "sales_order", "no": "SO-0001", "date": "2026-11-02", "customer": "C001",
                 "lines": [{"item": "A001", "qty": "100", "price": "1130.00"}]},
                {"type": "outbound", "no": "OUT-0001", "date": "2026-11-03", "order": "SO-0001", "warehouse": "W01",
                 "lines": [{"item": "A001", "qty": "60"}]},
                {"type": "outbound", "no": "OUT-0002", "date": "2026-11-04", "order": "SO-0001", "warehouse": "W01",
                 "lines": [{"item": "A001", "qty": "10"}]},
                {"type": "invoice", "no": "INV-0001", "date": "2026-11-05", "outbounds": ["OUT-0001"]},
                {"type": "bank_statement", "account": "1002", "lines": [
                    {"date": "2026-11-25", "amount": "20000.00", "counterparty": "华东机电有限公司", "bank_ref": "B001"}]}]})
    finally:
        boss.close()
