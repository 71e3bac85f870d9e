"""文件 → 打开服务器账套… (issue 26 part 5): 测试连接 says whether a book answers at the address,
a bad address is told in words, and the remembered list never keeps a password."""
from __future__ import annotations

from ui.people.server_book import ServerBookDialog, remember, remembered, try_connection, without_password


def test_trying_a_connection_names_the_book_or_says_why_not(qtbot, book_path, tmp_path):
    ok, words = try_connection(f"sqlite:///{book_path}")
    assert ok and words.startswith("连接成功：账套「")
    ok, words = try_connection("postgresql+psycopg://nobody@/nobook?host=/nonexistent-folder")
    assert not ok and words.startswith("连接失败：")
    ok, words = try_connection("服务器上的账套")
    assert not ok and "地址格式不对" in words


def test_the_dialog_remembers_addresses_without_their_password(qtbot, book_path):
    from sqlalchemy.engine import make_url
    kept = without_password("postgresql+psycopg://kuaiji:secret@srv/books")
    assert kept == "postgresql+psycopg://kuaiji@srv/books"
    assert make_url(without_password("postgresql+psycopg://会计:secret@srv/books")).username == "会计"
    remember("postgresql+psycopg://kuaiji:secret@srv/books")
    assert remembered()[0] == kept and all("secret" not in u for u in remembered())
    dialog = ServerBookDialog()
    qtbot.addWidget(dialog)
    assert dialog.url.itemText(0) == kept
    dialog.url.setEditText("postgresql+psycopg://nobody@/nobook?host=/nonexistent-folder")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.message.text().startswith("连接失败")
    dialog.url.setEditText(f"sqlite:///{book_path}")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
