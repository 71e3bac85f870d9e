"""Issue 30, item 2: nothing lost to a stray key.

- Closing a tab (Ctrl+W), the window (Ctrl+Q, ×) or a dialog (Esc) with unsaved entries asks
  保存 / 不保存 / 取消: 取消 keeps everything, 不保存 lets go, 保存 saves (and stays when it fails).
- Nothing is asked when nothing changed (a push-down's pre-filled lines are not the clerk's edits).
- Open forms are kept as drafts on disk; the next start offers them back (恢复 / 丢弃); a saved or
  discarded form leaves no draft.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from interchange.importer import import_data
from storage.models import Customer
from storage.queries.pushdown import count_of
from ui import drafts
from ui.dialogs.master import MasterDialog
from ui.forms.document_view import DocumentView
from ui.forms.line_form import LineDocumentForm
from ui.main_window import MainWindow

MASTER = Path(__file__).resolve().parents[1] / "storage" / "data" / "worked_master.json"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def draft_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(drafts.ENV, str(tmp_path / "drafts"))
    return tmp_path / "drafts"


@pytest.fixture
def window(qtbot, book, draft_folder):
    import_data(book, json.loads(MASTER.read_text(encoding="utf-8")))
    w = MainWindow(book)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def focused():
    return QApplication.focusWidget()


def press(qtbot, window, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key into `window` where its focus is (made active again after a message box closed)."""
    popup = QApplication.activePopupWidget()
    if popup is not None:  # the completion list of the last field typed in
        popup.hide()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    target = focused()
    if target is None or not target.isVisible() or target.window() is not window:
        target = window
    qtbot.keyClick(target, k, modifier)


class Prompts:
    """Answers the next message boxes (by their buttons' words) and remembers what they said."""

    def __init__(self):
        self.seen: list[str] = []

    def answer(self, *words: str) -> None:
        pending = list(words)

        def press():
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox) or not box.isVisible():
                QTimer.singleShot(10, press)
                return
            self.seen.append(box.text() + " " + " / ".join(sorted(b.text() for b in box.buttons())))
            word = pending.pop(0)
            next(b for b in box.buttons() if b.text().split("(")[0] == word).click()
            if pending:
                QTimer.singleShot(10, press)
        QTimer.singleShot(0, press)


@pytest.fixture
def prompts(real_prompts):
    return Prompts()


CANCEL, SAVE, DONT = "取消", "保存", "不保存"


def typed_order(qtbot, window, customer: str = "C001") -> LineDocumentForm:
    form = window.new_document("sales_order")
    qtbot.keyClicks(form.party, customer)
    form.grid.set_text(0, "item", "A001")
    form.grid.set_text(0, "qty", "5")
    return form


def test_ctrl_w_with_unsaved_entries_asks_and_cancel_keeps_everything(qtbot, window, book, prompts):
    form = typed_order(qtbot, window)
    prompts.answer(CANCEL)
    press(qtbot, window, Qt.Key.Key_W, CTRL)
    assert "有未保存的内容" in prompts.seen[0]
    assert prompts.seen[0].endswith("不保存(&N) / 保存(&S) / 取消")
    assert window.current_page() is form and form.grid.text(0, "qty") == "5"
    prompts.answer(DONT)
    press(qtbot, window, Qt.Key.Key_W, CTRL)
    assert window.tabs.indexOf(form) < 0
    assert count_of(book, "sales_order") == 0


def test_save_from_the_prompt_saves_and_a_failed_save_stays_open(qtbot, window, book, prompts):
    bad = typed_order(qtbot, window, customer="C999")  # no such customer: the save is refused
    prompts.answer(SAVE)
    press(qtbot, window, Qt.Key.Key_W, CTRL)
    assert window.current_page() is bad and bad.errors["customer"].isVisible()
    assert count_of(book, "sales_order") == 0
    bad.party.clear()
    qtbot.keyClicks(bad.party, "C001")
    prompts.answer(SAVE)
    press(qtbot, window, Qt.Key.Key_W, CTRL)
    assert window.tabs.indexOf(bad) < 0
    assert count_of(book, "sales_order") == 1


def test_nothing_is_asked_when_nothing_changed(qtbot, window, book, unattended_prompts):
    form = window.new_document("sales_order")
    press(qtbot, window, Qt.Key.Key_W, CTRL)
    assert window.tabs.indexOf(form) < 0
    from tests.rows import sales
    order = sales.create_sales_order(book, None, "2026-11-05", "C001", [{"item": "A001", "qty": "60"}])
    window.open_document(order.id)
    press(qtbot, window, Qt.Key.Key_D, CTRL)  # 下推: pre-filled, nothing typed
    pushed = window.current_page()
    assert isinstance(pushed, LineDocumentForm) and not pushed.dirty()
    press(qtbot, window, Qt.Key.Key_W, CTRL)
    assert window.tabs.indexOf(pushed) < 0
    assert unattended_prompts == []  # never asked


def test_the_window_does_not_close_over_unsaved_entries(qtbot, window, book, prompts):
    form = typed_order(qtbot, window)
    window.show_page("home")
    prompts.answer(CANCEL)
    press(qtbot, window, Qt.Key.Key_Q, CTRL)
    assert window.isVisible() and window.current_page() is form  # shown, so the clerk sees what is meant
    prompts.answer(SAVE)
    assert window.close()  # the window's ×
    assert count_of(book, "sales_order") == 1


def test_esc_in_a_dialog_with_typing_asks_first(qtbot, ctx, book, prompts):
    dialog = MasterDialog(ctx, "customer", None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(focused(), "C0100")
    prompts.answer(CANCEL)
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.form.fields["code"].text() == "C0100"
    prompts.answer(DONT)
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert book.session.scalar(select(Customer).where(Customer.code == "C0100")) is None


def test_esc_in_an_untouched_dialog_just_closes(qtbot, ctx, unattended_prompts):
    dialog = MasterDialog(ctx, "customer", None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and unattended_prompts == []


def test_an_open_form_is_kept_as_a_draft_and_offered_back_after_a_crash(qtbot, window, book, draft_folder,
                                                                        prompts):
    assert window.draft_timer.isActive() and window.draft_timer.interval() <= 10_000
    form = typed_order(qtbot, window)
    window.keep_drafts()  # what the timer does every few seconds
    kept = drafts.pending(drafts.book_folder(book.target))
    assert len(kept) == 1 and kept[0].data["doc_type"] == "sales_order"
    assert kept[0].data["state"]["lines"][0]["qty"] == "5"
    assert not list(draft_folder.rglob(".*.partial"))  # written whole, then renamed

    # the power goes: the first window never closes; the next start offers the draft back
    window.draft_timer.stop()
    window.tabs.removeTab(window.tabs.indexOf(form))
    again = MainWindow(book)
    qtbot.addWidget(again)
    again.show()
    prompts.answer("恢复")
    assert again.offer_drafts() == 1
    assert "1 份单据未保存" in prompts.seen[0] and "恢复" in prompts.seen[0] and "丢弃" in prompts.seen[0]
    restored = again.current_page()
    assert isinstance(restored, LineDocumentForm) and restored.dirty()
    assert restored.party.choice.code == "C001" and restored.grid.text(0, "qty") == "5"
    assert restored.totals()["gross"] == "5,650.00"
    restored.party.setFocus()
    press(qtbot, again, Qt.Key.Key_S, CTRL)
    assert isinstance(again.current_page(), DocumentView)
    assert count_of(book, "sales_order") == 1
    assert drafts.pending(drafts.book_folder(book.target)) == []  # saved: its draft is gone


def test_discarded_drafts_are_deleted(qtbot, window, book, prompts):
    typed_order(qtbot, window)
    window.keep_drafts()
    again = MainWindow(book)
    qtbot.addWidget(again)
    prompts.answer("丢弃")
    assert again.offer_drafts() == 0
    assert drafts.pending(drafts.book_folder(book.target)) == []


def test_a_torn_draft_file_is_skipped_and_drafts_are_per_book(tmp_path):
    folder = drafts.book_folder(str(tmp_path / "a.sqlite"))
    assert folder != drafts.book_folder(str(tmp_path / "b.sqlite"))
    drafts.write(folder, "one", {"title": "新增销售订单", "state": {"fields": {}, "lines": []}})
    (folder / "two.json").write_text('{"title": "半截', encoding="utf-8")  # cut off mid-write
    assert [d.title for d in drafts.pending(folder)] == ["新增销售订单"]
    drafts.remove(folder, "one")
    assert [d.title for d in drafts.pending(folder)] == []
