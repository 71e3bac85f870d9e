"""The single-user way through (issue 26): a refusal to review one's own voucher in a book with one
person names the setting 制单人与审核人不能为同一人; in the window that sentence carries a link that
opens 设置 → 用户与权限, where the setting is."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ui.context import AppContext

HINT = "设置 → 用户与权限"
LINK = "people"  # the page key of 用户与权限


def show_with_link(label: QLabel, text: str, ctx: AppContext) -> None:
    """Put `text` in `label`; when it names the setting's place, that place becomes a link."""
    if HINT not in text:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(text)
        return
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    escaped = html.escape(text).replace("\n", "<br>")
    label.setText(escaped.replace(html.escape(HINT), f'<a href="{LINK}">{html.escape(HINT)}</a>', 1))
    if not label.property("zf_linked"):  # connected once per label
        label.linkActivated.connect(lambda key: ctx.show_page(key))
        label.setProperty("zf_linked", True)
