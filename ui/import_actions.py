"""文件 → 导入…: an interchange document (JSON or the Excel template) or a bank's own statement
export, read on a worker with its own session, with progress and 取消 (a cancelled import leaves the
book as it was). The same adapters as `main.py import` (interchange/files.py)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import select

from interchange.files import BANK_SUFFIXES, PLAIN_BANK_SUFFIXES
from ui import file_dialogs
from ui.workers import run_with_progress

FILTER = "业务数据或银行流水 (*.json *.xlsx *.csv *.xls *.txt);;所有文件 (*)"
DOCUMENT = "业务数据（账房导入格式 JSON / Excel 模板）"


def bank_accounts(book) -> list[tuple[str, str]]:
    from storage.models import BankAccount
    with book.reading():
        return list(book.session.execute(select(BankAccount.code, BankAccount.name).where(BankAccount.active)
                                          .order_by(BankAccount.code)))


def choose_kind(window, path: Path) -> tuple[str, str | None] | None:
    """("document", None) or ("bank", account code); None when the user cancelled."""
    banks = bank_accounts(window.book)
    choices = [] if path.suffix.lower() in PLAIN_BANK_SUFFIXES else [DOCUMENT]
    if path.suffix.lower() in BANK_SUFFIXES:
        choices += [f"银行流水：{code} {name}" for code, name in banks]
    if not choices:
        QMessageBox.warning(window, "导入", "这是银行流水文件，但账套里还没有银行账户：请先在 基础资料 → 银行账户 中新增。")
        return None
    if len(choices) == 1 and choices[0] == DOCUMENT:
        return "document", None
    picked, accepted = QInputDialog.getItem(window, "导入", f"{path.name} 是：", choices, 0, False)
    if not accepted:
        return None
    if picked == DOCUMENT:
        return "document", None
    return "bank", banks[choices.index(picked) - (0 if choices[0] != DOCUMENT else 1)][0]


def import_file(window, path: str | None = None):
    """Ask for a file (unless given), then import it on a worker; returns the worker (tests wait on it)."""
    if path is None:
        path = file_dialogs.open_file(window, "导入", FILTER)
        if not path:
            return None
    chosen = choose_kind(window, Path(path))
    if chosen is None:
        return None
    kind, account = chosen
    spawn = window.book.spawn

    def work(progress):
        from interchange.files import import_bank_statement, import_document
        with spawn() as book:
            if kind == "bank":
                result = import_bank_statement(book, path, account)
                return f"导入银行流水 {result.added} 笔" + (f"，跳过重复 {len(result.skipped)} 笔" if result.skipped else "")
            counts = import_document(book, path, progress)
            return "已导入：" + ("，".join(f"{k} {n}" for k, n in counts.items()) or "（无内容）")

    def done(message):
        if message is None:
            return
        window.ctx.refresh()  # every page reads what the worker committed
        QMessageBox.information(window, "导入", message)
        if kind == "bank":
            window.show_page("matching")

    return run_with_progress(window, f"导入 {Path(path).name}", work, done)
