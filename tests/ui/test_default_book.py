"""ui.default_book: the default book lives in ZHANGFANG_HOME and is created once."""
from storage.book import Book
from ui.default_book import DEMO_COMPANY, default_book_path, ensure_default_book


def test_default_book_is_created_once_in_zhangfang_home(monkeypatch, tmp_path):
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path / "home"))
    path = ensure_default_book()
    assert path == default_book_path() == tmp_path / "home" / "default.sqlite"
    with Book.open(path) as book:
        assert book.settings["company"] == DEMO_COMPANY
    stamp = path.stat().st_mtime_ns
    assert ensure_default_book() == path
    assert path.stat().st_mtime_ns == stamp


def test_first_start_creates_the_book_at_once_and_leaves_the_demo_to_a_worker(monkeypatch, tmp_path):
    from storage.queries.pushdown import count_of
    from ui.default_book import prepare_default_book
    monkeypatch.setenv("ZHANGFANG_HOME", str(tmp_path / "home"))
    path, fresh = prepare_default_book()
    assert fresh
    with Book.open(path) as book:
        assert book.settings["company"] == DEMO_COMPANY
        assert count_of(book, "sales_order") == 0  # the window shows now; the worker fills it
    assert prepare_default_book() == (path, False)
