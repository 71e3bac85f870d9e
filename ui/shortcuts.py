"""Every key of the window in one table. The main window builds its actions from it and F1
(帮助 → 快捷键) lists it, so the help can never drift from what the keys do.

`Key.keys` is what Qt binds (None: a key handled inside a widget, such as Enter in a grid, listed
only); `Key.shown` is how the help writes it."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class Key:
    name: str  # the action's id: MainWindow.action(name)
    title: str  # the menu text (with its & accelerator)
    shown: str  # how the help and tooltips write the key
    keys: tuple[str, ...] = ()  # the sequences bound; empty for keys a widget handles itself
    where: str = "全局"  # where the key works

    def sequences(self) -> list[QKeySequence]:
        return [QKeySequence(k) for k in self.keys]

    def plain_title(self) -> str:
        return self.title.split("(&")[0].replace("&", "").rstrip("…")


# Bound by the main window (menus and the window's own shortcuts).
ACTIONS = (
    Key("new", "新建单据(&N)", "Ctrl+N", ("Ctrl+N",), "列表、工作台"),
    Key("save", "保存(&S)", "Ctrl+S", ("Ctrl+S",), "录入单据、凭证与对话框"),
    Key("print", "打印(&P)…", "Ctrl+P", ("Ctrl+P",), "凭证、报表"),
    Key("import", "导入(&I)…", "Ctrl+I", ("Ctrl+I",)),
    Key("switch_user", "切换用户(&U)…", "Ctrl+L", ("Ctrl+L",)),
    Key("quit", "退出(&X)", "Ctrl+Q", ("Ctrl+Q",), "全局（有未保存的内容时先询问）"),
    Key("find", "查找(&F)", "Ctrl+F", ("Ctrl+F",), "列表"),
    Key("push_down", "下推(&D)", "Ctrl+D", ("Ctrl+D",), "单据：订单→出库→发票→收款"),
    Key("open_voucher", "联查凭证(&J)", "Ctrl+J", ("Ctrl+J",), "单据"),
    Key("review", "审核(&R)", "F7", ("F7",), "凭证"),
    Key("post", "记账(&G)", "F8", ("F8",), "凭证、凭证列表（本期全部）"),
    Key("refresh", "刷新(&R)", "F5", ("F5",)),
    Key("close_tab", "关闭当前页(&C)", "Ctrl+W 或 Esc", ("Ctrl+W", "Esc"), "全局（有未保存的内容时先询问）"),
    Key("next_tab", "下一页签", "Ctrl+Tab", ("Ctrl+Tab", "Ctrl+PgDown")),
    Key("previous_tab", "上一页签", "Ctrl+Shift+Tab", ("Ctrl+Shift+Tab", "Ctrl+PgUp")),
    Key("home", "工作台(&H)", "Ctrl+1", ("Ctrl+1",)),
    Key("help_keys", "快捷键(&K)", "F1", ("F1",)),
)

# Keys a widget handles itself: listed in the help, never bound twice.
IN_WIDGETS = (
    Key("field_next", "下一项", "Enter", where="录入单据与对话框：到下一栏；最后一栏按 Enter 保存"),
    Key("grid_next", "下一格", "Enter 或 Tab", where="明细表格：到下一可录入单元格"),
    Key("grid_add", "新增一行", "Enter（最后一格）", where="明细表格：最后一行最后一格按 Enter 新增一行"),
    Key("grid_leave", "离开表格", "Tab（最后一格）/ Shift+Tab（第一格）", where="明细表格：到表格后（前）的控件"),
    Key("grid_delete", "删除行", "Ctrl+Delete", where="明细表格"),
    Key("list_open", "打开", "Enter", where="列表：打开当前行"),
    Key("search_to_list", "到列表", "Enter", where="列表的搜索框：到第一行"),
    Key("dialog_cancel", "取消/关闭", "Esc", where="对话框（有未保存的内容时先询问）"),
)

ALL = ACTIONS + IN_WIDGETS
BY_NAME = {k.name: k for k in ALL}


def tip(name: str, words: str | None = None) -> str:
    """A tooltip that names the key: "下推 (Ctrl+D)"."""
    key = BY_NAME[name]
    return f"{words or key.plain_title()} ({key.shown})"
