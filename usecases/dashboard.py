"""The dashboard's figures (经营看板): the alerts as of a day, six months of process measures and the
receivables' aging buckets — everything the page draws, computed in one go on a worker thread with
its own Book (ui/pages/dashboard_page.py) and by the bench (bench/clicks.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from domain.periods import period_end, period_of, prev_period
from storage.book import Book
from storage.models import Period

MONTHS = 6


def _num(value: str | None) -> float | None:
    return None if value is None else float(Decimal(value))  # to place pixels only


@dataclass(frozen=True)
class DashboardData:
    """Everything the page draws, computed away from the GUI thread."""
    alerts: list[dict]
    months: list[str]
    per_month: dict[str, list[float | None]]
    aging_buckets: list[str]
    aging_amounts: tuple[float, ...]
    task_kpi: str  # 流程任务完成率 and the work waiting per role (issue 26)


def months_up_to(book: Book, as_of: dt.date) -> list[str]:
    first = book.session.scalar(select(func.min(Period.period)))
    last = period_of(as_of)
    out = [last]
    while len(out) < MONTHS and first and out[0] > first:
        out.insert(0, prev_period(out[0]))
    return out


def compute(book: Book, as_of: dt.date) -> DashboardData:
    """The dashboard's figures as of the day (runs on a worker with its own Book)."""
    from reports.aging import aging
    from storage.queries.kpi import measures
    from usecases.alerts import raise_alerts
    found = raise_alerts(book, as_of)
    months = months_up_to(book, as_of)
    per: dict[str, list[float | None]] = {k: [] for k in ("order_to_cash_days", "dso_days", "close_days",
                                                           "auto_voucher_ratio", "sales", "receipts")}
    for m in months:
        got = {x["name"]: x["value"] for x in measures(book, m, m, only=per)}
        for k in per:
            per[k].append(_num(got.get(k)))
    ag = aging(book, min(as_of, period_end(months[-1])))
    return DashboardData(found, months, per, list(ag["buckets"]), tuple(float(x) for x in ag["totals"]["amounts"]),
                         task_kpi_text(book, as_of))


def task_kpi_text(book: Book, as_of: dt.date) -> str:
    """流程任务完成率 over the last 30 days and the tasks waiting per role (issue 26)."""
    from domain.people import ROLES
    from storage.queries.tasks_kept import completion, open_by_role
    got = completion(book, as_of - dt.timedelta(days=30), as_of)
    rate = "—" if got["rate"] is None else f"{got['rate'] * 100:.0f}%"
    hours = "" if got["hours"] is None else f"，平均 {got['hours']:.1f} 小时完成"
    waiting = "、".join(f"{ROLES.get(r, r)} {n}" for r, n in sorted(open_by_role(book).items()))
    return (f"流程任务完成率（近30天）：{rate}（{got['on_time']}/{got['due']}）{hours}\n"
            f"待办任务：{waiting or '无'}")
