"""Posting speed through the use cases: order → outbound → invoice → receipt, each with its
voucher, committed one document at a time as a clerk would.

    .venv/bin/python -m bench.posting [--cycles 300]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from interchange.importer import import_data
from usecases import cash, sales
from usecases.setup import init_book

MASTER = {
    "customers": [{"code": "C001", "name": "华东机电有限公司"}],
    "items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13", "price": "1130.00"}],
    "warehouses": [{"code": "W01", "name": "主仓"}],
    "opening_balances": {"date": "2026-10-31", "lines": [
        {"account": "1405", "item": "A001", "debit": "60000000.00"}, {"account": "3001", "credit": "60000000.00"}]},
    "opening_stock": [{"item": "A001", "warehouse": "W01", "qty": "100000", "unit_cost": "600.00"}],
}


def run(cycles: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        book = init_book(Path(tmp) / "bench.sqlite", "测速公司", "2026-11")
        import_data(book, MASTER)
        start = time.perf_counter()
        for i in range(cycles):
            sales.create_sales_order(book, f"SO{i}", "2026-11-02", "C001", [{"item": "A001", "qty": "3", "price": "1130.00"}])
            sales.ship(book, f"OUT{i}", "2026-11-03", f"SO{i}", "W01", [{"item": "A001", "qty": "3"}])
            sales.invoice(book, f"INV{i}", "2026-11-05", outbounds=[f"OUT{i}"])
            cash.receipt(book, f"RC{i}", "2026-11-20", "C001", "3390.00", "1002")
        seconds = time.perf_counter() - start
        book.close()
    documents = cycles * 4
    return {"documents": documents, "seconds": seconds, "ms_per_document": seconds / documents * 1000,
            "documents_per_second": documents / seconds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cycles", type=int, default=300)
    r = run(ap.parse_args().cycles)
    print(f"{r['documents']} documents in {r['seconds']:.2f} s: {r['ms_per_document']:.2f} ms each, "
          f"{r['documents_per_second']:.0f} documents/s")


if __name__ == "__main__":
    main()
