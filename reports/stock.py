"""收发存汇总表: per item and warehouse, opening, in, out and closing quantity and value."""
from __future__ import annotations

from decimal import Decimal

from domain.money import fmt_amount, fmt_qty
from domain.periods import period_end, period_start
from storage.book import Book
from storage.queries.stock import stock_summary

QTY = ("opening_qty", "in_qty", "out_qty", "closing_qty")


def stock(book: Book, first: str, last: str) -> dict:
    rows = []
    for code, name, unit, wh, oq, ov, iq, iv, xq, xv in stock_summary(book, period_start(first), period_end(last)):
        out_qty, out_value = -xq, -xv
        cq, cv = oq + iq - out_qty, ov + iv - out_value
        if not any((oq, ov, iq, iv, out_qty, out_value)):
            continue
        rows.append({"item": code, "name": name, "unit": unit, "warehouse": wh, "opening_qty": oq,
                     "opening_value": ov, "in_qty": iq, "in_value": iv, "out_qty": out_qty, "out_value": out_value,
                     "closing_qty": cq, "closing_value": cv})
    return {"from": first, "to": last, "company": book.settings.get("company", ""), "rows": rows}


def as_json(st: dict) -> dict:
    def conv(r: dict) -> dict:
        return {k: fmt_qty(v) if k in QTY else fmt_amount(v) if isinstance(v, Decimal) else v
                for k, v in r.items() if k != "unit"}
    return {"from": st["from"], "to": st["to"], "rows": [conv(r) for r in st["rows"]]}


