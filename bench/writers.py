"""Several people posting into one book at once (issue 26 part 5): `writers` processes each save
`each` receipts, one unit of work per document, numbered by the book (no number given), all
starting together. Used by tests/storage/test_concurrent_writers.py and by

    python -m bench --engine postgresql --writers 8     # the documents/s of 8 writers together

The result says how many documents were saved, how many attempts failed, and how long it took;
`gaps` checks that document and voucher numbers run 1..N without a hole or a duplicate.
"""
from __future__ import annotations

import multiprocessing as mp
import time
from dataclasses import dataclass

MASTER = {
    "customers": [{"code": "C1", "name": "华东机电有限公司"}],
    "items": [{"code": "A1", "name": "伺服电机", "unit": "台", "tax_rate": "0.13", "price": "1130.00"}],
    "warehouses": [{"code": "W1", "name": "主仓"}],
}
DAY = "2026-11-20"


@dataclass(frozen=True)
class Outcome:
    saved: int
    failures: list[str]
    seconds: float
    busy: int = 0  # times a writer was told "busy, try again" (SQLite's turn-taking) and tried again


def prepare(target: str) -> None:
    """A new book at `target` (a file or a server database) with the customer the receipts name."""
    from interchange.importer import import_data
    from usecases.setup import init_book
    book = init_book(target, "并发测试公司", "2026-11")
    try:
        import_data(book, MASTER)
    finally:
        book.close()


def _writer(target: str, n: int, each: int, start, out) -> None:
    from interchange.importer import import_data
    from storage.book import Book
    from storage.failures import explain
    saved, failures, busy = 0, [], 0
    with Book.open(target, f"出纳{n}") as book:
        start.wait()
        for i in range(each):
            doc = {"type": "receipt", "date": DAY, "customer": "C1", "amount": f"{n + 1}.{i % 100:02d}",
                   "account": "1002"}
            for _attempt in range(30):
                try:
                    import_data(book, {"documents": [doc]})
                    saved += 1
                    break
                except Exception as e:  # noqa: BLE001 - counted and reported: the test wants none
                    told = explain(e)
                    if told is not None and told.retry_later:
                        busy += 1  # what a person told 忙，请稍后重试 does: try again
                        continue
                    failures.append(f"writer {n} document {i}: {type(e).__name__}: {e}"[:300])
                    break
    out.put((saved, failures, busy))


def run(target: str, writers: int, each: int) -> Outcome:
    """`writers` processes saving `each` documents into the prepared book at once."""
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(target, n, each, start, out)) for n in range(writers)]
    for p in procs:
        p.start()
    time.sleep(0.5)
    began = time.perf_counter()
    start.set()
    results = [out.get(timeout=1800) for _ in procs]
    seconds = time.perf_counter() - began
    for p in procs:
        p.join(timeout=60)
    return Outcome(sum(r[0] for r in results), [f for r in results for f in r[1]], seconds, sum(r[2] for r in results))


def gaps(target: str) -> list[str]:
    """Problems with the numbers: documents RC-202611-0001… and vouchers 记-1… with holes or twins."""
    from sqlalchemy import select

    from storage.book import Book
    from storage.models import Document, Voucher
    out = []
    with Book.open(target) as book:
        nos = list(book.session.scalars(select(Document.no).where(Document.type == "receipt")))
        numbers = list(book.session.scalars(select(Voucher.number).where(Voucher.period == "2026-11")))
    tails = sorted(int(no.rsplit("-", 1)[1]) for no in nos)
    if tails != list(range(1, len(tails) + 1)):
        out.append(f"document numbers are not 1..{len(tails)} once each")
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        out.append(f"voucher numbers are not 1..{len(numbers)} once each")
    return out


def measure_server(server: str, writers: int, each: int = 250) -> list:
    """`writers` at once on a PostgreSQL server (documents/s together), beside one writer alone
    saving the same number each: above 1, the writers gained from running side by side."""
    from bench.postgresql import database
    from bench.result import Result, rate
    figures = []
    for n in (writers, 1):
        with database(server, f"zf_bench_writers_{n}") as url:
            prepare(url)
            got = run(url, n, each)
            if got.failures or gaps(url):
                raise SystemExit(f"{n} writers: {len(got.failures)} failures, {gaps(url)}: {got.failures[:3]}")
            figures.append(rate(f"pg_{n}_writers_docs_per_s", got.saved, got.seconds, "documents/s"))
    return [Result(figures[0], figures[1])]


def _importer(target: str, count: int, started, out) -> None:
    from interchange.importer import import_data
    from storage.book import Book
    docs = [{"type": "receipt", "date": DAY, "customer": "C1", "amount": "1.00", "account": "1002"}
            for _ in range(count)]
    with Book.open(target, "出纳甲") as book:
        started.set()
        try:
            import_data(book, {"documents": docs})
            out.put(("import", "ok"))
        except Exception as e:  # noqa: BLE001 - the outcome is the test's to judge
            out.put(("import", f"{type(e).__name__}: {e}"[:300]))


def _closer(target: str, started, delay: float, out) -> None:
    from storage.book import Book
    from storage.failures import explain
    from usecases.closing import close_period
    with Book.open(target, "主管乙") as book:
        started.wait()
        time.sleep(delay)
        for _attempt in range(30):
            try:
                close_period(book, "2026-11")
                out.put(("close", "ok"))
                return
            except Exception as e:  # noqa: BLE001
                told = explain(e)
                if told is not None and told.retry_later:
                    continue  # SQLite: the import holds the write lock; wait for the turn
                out.put(("close", f"{type(e).__name__}: {e}"[:300]))
                return


def race_close_and_import(target: str, count: int = 300, delay: float = 1.0) -> dict[str, str]:
    """An import of `count` receipts into 2026-11 and a close of 2026-11 started `delay` s after the
    import began; what each said ("ok" or the error)."""
    ctx = mp.get_context("spawn")
    started, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_importer, args=(target, count, started, out)),
             ctx.Process(target=_closer, args=(target, started, delay, out))]
    for p in procs:
        p.start()
    got = dict(out.get(timeout=1200) for _ in procs)
    for p in procs:
        p.join(timeout=60)
    return got
