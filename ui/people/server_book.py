"""文件 → 打开服务器账套… (issue 26 part 5): a book shared on the team's PostgreSQL server.

The address is kept without its password (the remembered list is in the user's preferences); the
password comes from the login or the user's libpq password file (~/.pgpass). 测试连接 says whether
the server answers and whether the database holds a book, before the window switches to it."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import prefs

REMEMBERED = "server_books"  # preference key: the addresses opened before, newest first
EXAMPLE = "postgresql+psycopg://用户名@服务器/账套库"


def without_password(url: str) -> str:
    from sqlalchemy.engine import URL, make_url
    try:
        u = make_url(url)
        return URL.create(u.drivername, u.username, None, u.host, u.port, u.database, u.query).render_as_string(
            hide_password=False)
    except Exception:  # noqa: BLE001 - not an address: kept as typed (it is refused on opening)
        return url


def remembered() -> list[str]:
    value = prefs.settings().value(REMEMBERED) or []
    return [value] if isinstance(value, str) else list(value)


def remember(url: str) -> None:
    kept = [without_password(url), *[u for u in remembered() if u != without_password(url)]][:10]
    prefs.settings().setValue(REMEMBERED, kept)


def try_connection(url: str) -> tuple[bool, str]:
    """(ok, words): whether the server answers and the database holds a book."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError
    if "://" not in url:
        return False, f"地址格式不对，应为 {EXAMPLE}"
    try:
        engine = create_engine(url)
    except (ArgumentError, ValueError, ImportError) as e:
        return False, f"地址格式不对（{e}），应为 {EXAMPLE}"
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            company = None
            if "settings" in tables:
                company = conn.exec_driver_sql("SELECT value FROM settings WHERE key = 'company'").scalar()
    except SQLAlchemyError as e:
        reason = str(getattr(e, "orig", e)).strip().splitlines()[0] if str(getattr(e, "orig", e)).strip() else ""
        return False, f"连接失败：{reason}"
    finally:
        engine.dispose()
    if company is None:
        return True, "连接成功，但这个数据库还没有账套（可用 init 或 migrate-from 建立）"
    return True, f"连接成功：账套「{company}」"


class ServerBookDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("打开服务器账套")
        self.url = QComboBox(editable=True, objectName="serverUrl")
        self.url.addItems(remembered())
        self.url.lineEdit().setPlaceholderText(EXAMPLE)
        self.message = QLabel(objectName="hint", wordWrap=True)
        test = QPushButton("测试连接", objectName="testConnection")
        test.clicked.connect(self.test)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("服务器地址", self.url)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(QLabel("密码不保存：登录时输入，或写在本机的 PostgreSQL 密码文件（~/.pgpass）里。", wordWrap=True))
        col.addWidget(test)
        col.addWidget(self.message)
        col.addWidget(buttons)

    def address(self) -> str:
        return self.url.currentText().strip()

    def test(self) -> bool:
        ok, words = try_connection(self.address())
        self.message.setText(words)
        return ok

    def accept(self) -> None:
        if not self.test():
            return  # the reason is shown; the dialog stays
        remember(self.address())
        super().accept()


def open_server_book(window) -> None:
    """The menu's verb: ask for the address, then show that book in the window."""
    from ui.book_actions import switch_to
    dialog = ServerBookDialog(window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        switch_to(window, dialog.address())
