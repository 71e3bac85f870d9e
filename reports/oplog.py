"""The operation log as a printable table (操作日志): one row per entry, changes spelled out."""
from __future__ import annotations

from reports.table import Col, Document, Section


def change_text(before: dict | None, after: dict | None) -> str:
    if not before and not after:
        return ""
    keys = list(dict.fromkeys([*(before or {}), *(after or {})]))
    return "；".join(f"{k}: {(before or {}).get(k, '')} → {(after or {}).get(k, '')}" for k in keys)


def log_document(rows: list[dict], company: str, first: str | None, last: str | None) -> Document:
    cols = (Col("序号", "int", 6, "seq"), Col("时间", "text", 17, "at"), Col("操作人", "text", 10, "user"),
            Col("操作", "text", 12, "action"), Col("对象", "text", 20, "record"),
            Col("内容", "text", 40, "detail"), Col("修改前后", "text", 30, "change"), Col("原因", "text", 16, "reason"))
    body = [(r["seq"], r["at"][:19], r["user"], r["action_name"], r["record"] or "", r["detail"] or "",
             change_text(r["before"], r["after"]), r["reason"] or "") for r in rows]
    span = f"{first or '开始'} 至 {last or '今天'}"
    return Document("操作日志", company, span, [Section(cols, body, sheet="操作日志")], unit="",
                    landscape=True)
