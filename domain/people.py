"""People, roles and what each role may do (issue 26): permissions as data, no framework.

Roles and actions have stable codes on disk and in the command line; people see the Chinese names.
A person may hold several roles; what they may do is the union of their roles' actions.
"""
from __future__ import annotations

from collections.abc import Iterable

from domain.messages import Message

ROLES: dict[str, str] = {
    "sales": "业务员", "warehouse": "仓管", "purchasing": "采购", "cashier": "出纳",
    "accountant": "会计", "supervisor": "会计主管", "owner": "老板", "admin": "管理员",
}

# Saving each document type is an action of its own, named after the interchange type.
DOCUMENT_TYPES: dict[str, str] = {
    "sales_order": "销售订单", "outbound": "销售出库", "invoice": "销售发票", "sales_return": "销售退货",
    "credit_note": "红字发票", "receipt": "收款", "purchase_order": "采购订单", "inbound": "采购入库",
    "purchase_invoice": "采购发票", "purchase_return": "采购退货", "purchase_credit_note": "采购红字发票",
    "payment": "付款", "voucher": "凭证", "fixed_asset": "固定资产", "asset_disposal": "资产处置",
    "bank_statement": "银行对账单",
}

ACTIONS: dict[str, str] = {
    **{f"save.{t}": f"保存{name}" for t, name in DOCUMENT_TYPES.items()},
    "review": "审核凭证", "post": "过账", "reverse": "冲销凭证", "close": "结账", "reopen": "反结账",
    "master": "编辑基础资料", "settings": "修改设置与科目映射", "users": "管理用户与权限",
    "backup": "备份与恢复", "import": "导入", "see_cost": "查看成本与毛利", "log": "查看操作日志",
}

_BOOKKEEPING = {"save.invoice", "save.credit_note", "save.purchase_invoice", "save.purchase_credit_note",
                "save.voucher", "save.fixed_asset", "save.asset_disposal", "review", "post", "reverse",
                "master", "import", "see_cost"}

# The role → actions table. Sales sees prices, not cost; the warehouse and purchasing see cost
# because stock is kept at cost; the supervisor closes; the owner may do any business action;
# the administrator manages people, settings and backups but books nothing.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "sales": frozenset({"save.sales_order"}),
    "warehouse": frozenset({"save.outbound", "save.inbound", "save.sales_return", "save.purchase_return",
                            "see_cost"}),
    "purchasing": frozenset({"save.purchase_order", "save.purchase_invoice", "save.purchase_credit_note",
                             "see_cost"}),
    "cashier": frozenset({"save.receipt", "save.payment", "save.bank_statement"}),
    "accountant": frozenset(_BOOKKEEPING),
    "supervisor": frozenset(_BOOKKEEPING | {"close", "reopen", "settings", "backup", "log"}),
    "owner": frozenset(set(ACTIONS) - {"users"}),
    "admin": frozenset({"users", "settings", "backup", "log", "master"}),
}


def parse_roles(text: str | Iterable[str]) -> tuple[str, ...]:
    """'accountant,cashier' (codes or the Chinese names) as codes in the table's order; ValueError
    naming what is not a role."""
    parts = [p.strip() for p in (text.replace("，", ",").split(",") if isinstance(text, str) else text)]
    parts = [p for p in parts if p]
    by_name = {v: k for k, v in ROLES.items()}
    unknown = [p for p in parts if p not in ROLES and p not in by_name]
    if unknown:
        raise ValueError(Message("not_a_role", names="、".join(unknown),
                                 roles="，".join(f"{k} {v}" for k, v in ROLES.items())))
    if not parts:
        raise ValueError(Message("role_required"))
    codes = {by_name.get(p, p) for p in parts}
    return tuple(r for r in ROLES if r in codes)


def role_names(roles: Iterable[str]) -> str:
    """The roles as people read them: 会计、出纳."""
    return "、".join(ROLES.get(r, r) for r in roles)


def actions_of(roles: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for r in roles:
        out |= ROLE_ACTIONS.get(r, frozenset())
    return frozenset(out)


def roles_for(action: str) -> tuple[str, ...]:
    """The roles that may do `action`, in the table's order."""
    return tuple(r for r, acts in ROLE_ACTIONS.items() if action in acts)


def refusal(person: str, roles: Iterable[str], action: str) -> str:
    """The one sentence a refusal shows, on the command line and in the window."""
    held = role_names(roles) or "无角色"
    return (f"{person}（{held}）无权{ACTIONS.get(action, action)} ({action})；"
            f"可以做这件事的角色：{role_names(roles_for(action))}")
