"""The demo simulation's shared state: the book, the random source, the queue and what it remembers."""
from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from storage.book import Book
from storage.models import Document, StockBalance

from .calendar import Action, Queue
from .records import ZERO, Customer, Line, Moved, Product, Supplier

D = Decimal
BANK, CASH = "100201", "1001"

Progress = Callable[[int, int, str], object]


@dataclass
class State:
    """Everything the parts of the simulation share; every random choice comes from `rng`."""

    book: Book
    orders: int
    rng: random.Random
    progress: Progress | None
    names: dict[str, Any]  # resources/demo/names.toml
    periods: list[str]  # the months the run covers (calendar.months)
    queue: Queue
    # how much business a month holds, for amounts that scale with it
    per_month: float = 0.0
    p_return: float = 0.0
    p_allowance: float = 0.0
    # master data (catalogue.py)
    bank: str = BANK
    warehouses: dict[str, int] = field(default_factory=dict)
    suppliers: dict[str, Supplier] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    item_codes: dict[int, str] = field(default_factory=dict)  # item id → code
    customers: list[Customer] = field(default_factory=list)
    by_code: dict[str, Customer] = field(default_factory=dict)
    monthly: D = ZERO  # expected gross sales of a month
    weekly: dict[tuple[str, str], D] = field(default_factory=dict)  # planned weekly demand per item, warehouse
    # goods on their way through the chain
    outbounds: dict[str, Moved] = field(default_factory=dict)
    inbounds: dict[str, Moved] = field(default_factory=dict)
    uninvoiced_by: dict[str, list[str]] = field(default_factory=dict)  # customer code → outbounds not fully invoiced
    sold: dict[str, list[Line]] = field(default_factory=dict)  # invoice no → the outbound lines it billed
    on_order: defaultdict[tuple[str, str], D] = field(default_factory=lambda: defaultdict(D))  # item, warehouse
    demand: defaultdict[tuple[str, str], D] = field(default_factory=lambda: defaultdict(D))  # shipped so far
    stock_rows: dict[tuple[str, str], StockBalance] = field(default_factory=dict)  # see keep
    # rows the use cases look up by primary key again and again: holding them keeps them in the
    # session's identity map (it keeps rows only while someone refers to them), so the lookups
    # need no query; they are never changed here
    keep: list[object] = field(default_factory=list)
    # money and the ledger
    vat_seq: int = 0
    salary_due: D = ZERO
    depreciation: D = D("2000.00")
    # the run
    today: dt.date = dt.date.min
    count: Counter[str] = field(default_factory=Counter)
    orders_done: int = 0
    closed: int = 0
    reported: int = -1

    def __post_init__(self) -> None:
        self.per_month = self.orders / len(self.periods)
        self.p_return = min(max(0.02, 6 / (1.4 * self.orders)), 0.2)
        self.p_allowance = min(max(0.01, 3 / self.orders), 0.2)

    @property
    def start(self) -> dt.date:
        return self.queue.start

    @property
    def end(self) -> dt.date:
        return self.queue.end

    def at(self, day: dt.date, kind: str, fn: Action, *args: Any) -> None:
        """Queue `fn(state, day, *args)` on `day` (see Queue.at)."""
        self.queue.at(day, kind, fn, *args)

    def report(self, done: int, what: str) -> None:
        """Tell the caller about every 2 % of the orders."""
        step = done * 50 // self.orders
        if self.progress is not None and step != self.reported:
            self.reported = step
            self.progress(done, self.orders, what)

    def moved(self, doc: Document, party: str, warehouse: str) -> Moved:
        """An outbound or inbound as the simulation remembers it."""
        lines = {self.item_codes[ln.item_id]: Line(self.item_codes[ln.item_id], ln.qty) for ln in doc.lines}
        return Moved(doc.type, doc.no, doc.date, party, warehouse, lines)

    def vat_no(self, day: dt.date, region: str) -> str:
        """A 20-digit 全电发票 number: year, tax region, channel, sequence."""
        self.vat_seq += 1
        return f"{day.year % 100:02d}{region}2{self.vat_seq:015d}"
