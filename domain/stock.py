"""Moving weighted average cost per item and warehouse (移动加权平均)."""
from __future__ import annotations

from decimal import Decimal

from domain.messages import Message
from domain.money import portion


def cost_out(stock_qty: Decimal, stock_value: Decimal, qty_out: Decimal) -> Decimal:
    """The cost of issuing `qty_out`: value × qty_out / qty, rounded; issuing everything on hand
    takes the whole remaining value (ACCOUNTING.md), so value and 1405 never drift apart."""
    if qty_out > stock_qty:
        raise ValueError(Message("qty_exceeds_on_hand", qty=qty_out, on_hand=stock_qty))
    if qty_out == stock_qty:
        return stock_value
    return portion(stock_value, qty_out, stock_qty)
