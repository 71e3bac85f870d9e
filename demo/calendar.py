"""The demo's calendar: the months it covers, business days, and the queue of dated actions."""
from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable, Iterator
from typing import Any

from domain.periods import next_period, period_end, period_start

# the order of actions on the same day: stock arrives before it is shipped, goods are shipped
# before they are invoiced, invoices exist before they are paid; month-end entries come last
PRIO = {"month_start": 0, "replenish": 1, "inbound": 2, "purchase_return": 3, "order": 4, "ship": 5,
        "sales_return": 6, "invoice": 7, "credit_note": 8, "allowance": 9, "purchase_invoice": 10,
        "receipt": 11, "payment": 12, "expense": 13, "month_end": 14}
ORDERS_PER_MONTH = 200
Action = Callable[..., None]  # called as action(state, day, *args)


def months(first: str, orders: int, most: int | None = None) -> list[str]:
    """The months from `first` on that `orders` orders spread over: about 200 a month, and at
    least two months, so that one of them is closed; at most `most` months (a busier business)."""
    out = [first]
    wanted = max(2, math.ceil(orders / ORDERS_PER_MONTH))
    while len(out) < (wanted if most is None else max(2, min(wanted, most))):
        out.append(next_period(out[-1]))
    return out


def business_days(period: str) -> list[dt.date]:
    """The days of a month with business: all but Sundays."""
    day, last, out = period_start(period), period_end(period), []
    while day <= last:
        if day.weekday() != 6:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


class Queue:
    """Actions waiting for their day, run in date order, then by PRIO, then first queued first."""

    def __init__(self, start: dt.date, end: dt.date):
        self.start, self.end = start, end
        self._heap: list[tuple[dt.date, int, int, Action, tuple[Any, ...]]] = []
        self._seq = 0

    def at(self, day: dt.date, kind: str, fn: Action, *args: Any) -> None:
        """Queue an action; what would fall after the last month simply does not happen."""
        if day.weekday() == 6 and kind not in ("month_end", "expense"):
            day += dt.timedelta(days=1)  # no business on Sundays
        if day > self.end:
            return
        self._seq += 1
        heapq.heappush(self._heap, (day, PRIO[kind], self._seq, fn, args))

    def until(self, last: dt.date) -> Iterator[tuple[dt.date, Action, tuple[Any, ...]]]:
        """Take the actions due up to `last`, including those they queue on the way."""
        while self._heap and self._heap[0][0] <= last:
            day, _, _, fn, args = heapq.heappop(self._heap)
            yield day, fn, args
