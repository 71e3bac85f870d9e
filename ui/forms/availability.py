"""Why an action of a document or voucher has nothing to do (issue 30: no silent no-ops). Each
function gives None when the action can run, else the sentence its disabled button shows as tooltip."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton

from domain.doctypes import title_of
from storage.book import Book
from storage.models import Period
from storage.queries.pushdown import DocumentDetail, open_amount, open_lines, returnable_lines
from storage.queries.voucher_view import VoucherDetail

# what "done" means for each source, in the words of its next step
_ALL_DONE = {"sales_order": "订单的全部数量已出库", "purchase_order": "订单的全部数量已入库",
             "outbound": "出库的全部数量已开票（或已退货）", "inbound": "入库的全部数量已收票（或已退货）",
             "invoice": "发票已全部收款核销", "purchase_invoice": "发票已全部付款核销"}


def enable(button: QAbstractButton, reason: str | None, tip: str = "") -> None:
    """Enabled with its usual tooltip, or disabled with the reason as tooltip."""
    button.setEnabled(reason is None)
    button.setToolTip(tip if reason is None else reason)


def push_reason(book: Book, d: DocumentDetail, target: str) -> str | None:
    if d.type in ("invoice", "purchase_invoice"):
        left = open_amount(book, d.id) > 0
    else:
        left = any(ln.open_qty > 0 for ln in open_lines(book, d.id))
    return None if left else f"没有可下推{title_of(target)}的内容：{_ALL_DONE.get(d.type, '已全部完成')}"


def return_reason(book: Book, d: DocumentDetail, target: str) -> str | None:
    if d.type in ("invoice", "purchase_invoice"):
        return None  # an allowance (折让) may be agreed at any time
    if any(ln.open_qty > 0 for ln in returnable_lines(book, d.id)):
        return None
    return f"没有可下推{title_of(target)}的数量：全部数量已退回"


def voucher_link_reason(d: DocumentDetail) -> str | None:
    return None if d.voucher_id else f"{title_of(d.type)}不生成凭证" if d.type.endswith("order") else "此单据没有凭证"


def _closed(book: Book, period: str) -> bool:
    row = book.session.get(Period, period)
    return row is not None and row.status == "closed"


def voucher_reasons(book: Book, v: VoucherDetail, others_review: bool) -> dict[str, str | None]:
    """审核 / 取消审核 / 记账 / 红字冲销 on the voucher shown: None where it can run."""
    no = f"{v.word}-{v.number}"
    if _closed(book, v.period):
        closed = f"期间 {v.period} 已结账，先反结账才能修改凭证 {no}"
        reasons: dict[str, str | None] = dict.fromkeys(("review", "unreview", "post"), closed)
    else:
        done = {"reviewed": "已审核", "posted": "已记账"}
        review = f"凭证 {no} {done[v.status]}" if v.status in done else None
        if review is None and others_review and v.preparer == book.user:
            review = f"凭证 {no} 由 {v.preparer} 制单，须由他人审核"
        reasons = {"review": review,
                   "unreview": None if v.status == "reviewed" else
                   f"凭证 {no} {'已记账，不能取消审核' if v.status == 'posted' else '尚未审核'}",
                   "post": f"凭证 {no} 已记账" if v.status == "posted" else None}
    if v.reversed_by_id:
        reasons["reverse"] = f"凭证 {no} 已被冲销"
    elif v.reverses:
        reasons["reverse"] = f"凭证 {no} 本身是冲销凭证"
    elif v.source_id is not None:
        reasons["reverse"] = f"凭证 {no} 由单据生成：请在单据上下推退货或红字发票更正"
    else:
        reasons["reverse"] = None
    return reasons
