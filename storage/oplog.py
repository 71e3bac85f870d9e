"""Writing and verifying the operation log (操作日志).

Every entry goes through `append()` or a plain `session.add(AuditLog(...))`; either way, just
before the row is inserted, `_chain` gives it the next place in the chain and its hashes, reading
and moving the chain's head in the same transaction (locked on a server book), so entries written
by two people at once still form one chain.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, func, select, update

from domain.log_chain import entry_hash, first_break
from storage.models import AuditHead, AuditLog

if TYPE_CHECKING:
    from storage.book import Book


def _json(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def append(book: Book, action: str, *, record: str | None = None, detail: str = "",
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           reason: str | None = None, user: str | None = None) -> None:
    """One entry, written with the caller's unit of work (rolled back with it)."""
    book.session.add(AuditLog(at=dt.datetime.now(), user=user or book.user, action=action, detail=detail,
                              record=record, old_values=_json(before), new_values=_json(after),
                              reason=reason or None))


def append_now(book: Book, action: str, **kw: Any) -> None:
    """One entry in a transaction of its own: what is logged even though the request is refused
    (a failed login, a missing permission). Outside a unit only."""
    with book.unit():
        append(book, action, **kw)


@event.listens_for(AuditLog, "before_insert")
def _chain(_mapper, connection, entry: AuditLog) -> None:
    head = connection.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)
                              .with_for_update()).first()
    if head is None:  # a book made before the chain existed and not yet migrated: start it
        connection.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=""))
        seq, prev = 0, ""
    else:
        seq, prev = head.seq, head.hash
    # After rows were added behind the product's back, carry on past them (check names the break)
    # rather than refuse every later entry and with it every command.
    seq = max(seq, connection.execute(select(func.max(AuditLog.seq))).scalar() or 0)
    entry.at = entry.at.replace(microsecond=0)
    entry.seq, entry.prev_hash = seq + 1, prev
    entry.hash = entry_hash(prev, _content(entry))
    connection.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=entry.seq, hash=entry.hash))


_CONTENT = ("id", "seq", "at", "user", "action", "record", "detail", "old_values", "new_values", "reason",
            "prev_hash", "hash")


def _content(e: Any) -> dict[str, object]:
    return {"id": e.id, "seq": e.seq, "at": e.at, "user": e.user, "action": e.action, "record": e.record,
            "detail": e.detail, "old_values": e.old_values, "new_values": e.new_values, "reason": e.reason,
            "prev_hash": e.prev_hash, "hash": e.hash}


def verify(book: Book) -> list[str]:
    """The first break in the chain, as a one-item list, or nothing."""
    # plain rows of the columns the hash covers, not ORM objects: at 50,000 orders the log holds
    # ~190,000 entries and building an object per entry was most of `check`'s time
    cols = [getattr(AuditLog, name) for name in _CONTENT]
    rows = book.session.execute(select(*cols).order_by(AuditLog.seq.is_(None).desc(), AuditLog.seq,
                                                       AuditLog.id)).all()
    head = book.session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
    found = first_break([_content(r) for r in rows], head.seq if head else 0, head.hash if head else "")
    return [found] if found else []


def search(book: Book, first: dt.date | None = None, last: dt.date | None = None, *, user: str | None = None,
           action: str | None = None, record: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Entries by person, day range (inclusive), action (a word of it) and record (a part of it), in
    the order they were written."""
    q = select(AuditLog).order_by(AuditLog.seq)
    if first is not None:
        q = q.where(AuditLog.at >= dt.datetime.combine(first, dt.time()))
    if last is not None:
        q = q.where(AuditLog.at < dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))
    if user:
        q = q.where(AuditLog.user == user)
    if action:
        q = q.where(AuditLog.action.contains(action, autoescape=True))
    if record:
        q = q.where(AuditLog.record.contains(record, autoescape=True))
    if limit:
        q = q.order_by(None).order_by(AuditLog.seq.desc()).limit(limit)
    rows = [_shown(e) for e in book.session.scalars(q)]
    return sorted(rows, key=lambda r: r["seq"] or 0) if limit else rows


def _shown(e: AuditLog) -> dict[str, Any]:
    return {"seq": e.seq, "at": e.at.isoformat(sep=" "), "user": e.user, "action": e.action,
            "action_name": ACTION_NAMES.get(e.action, e.action), "record": e.record, "detail": e.detail,
            "before": json.loads(e.old_values) if e.old_values else None,
            "after": json.loads(e.new_values) if e.new_values else None, "reason": e.reason}


# How the log's actions read to people (the window, the printed log).
ACTION_NAMES = {
    "save": "保存单据", "change": "修改", "delete": "删除", "review": "审核", "unreview": "取消审核",
    "post": "过账", "reverse": "冲销", "close": "结账", "reopen": "反结账", "master": "修改基础资料",
    "activate": "启用", "deactivate": "停用", "settings": "修改设置", "login": "登录", "logout": "退出",
    "login_failed": "登录失败", "user_locked": "锁定用户", "user_add": "新增用户", "user_roles": "修改角色",
    "user_passwd": "修改密码", "user_disable": "停用用户", "user_enable": "启用用户", "refused": "拒绝（无权限）",
    "backup": "备份", "restore": "恢复", "import": "导入", "demo": "生成演示数据", "cash_flow_row": "现金流量项目",
}
