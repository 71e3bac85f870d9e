"""Every message a person can see, as data: a code plus its values, rendered from one Chinese table.

    raise Rejected(Message("qty_exceeds_open", qty="12", open="10", source="SO-0001"))
    raise refuse("is_required", field="summary")          # domain.errors.refuse: the field becomes the place

A `Message` is a `str` (its Chinese rendering) that also carries `.code` and `.values`, so code that
joins, prints or shows messages needs no change, and tests compare `.code`, not sentences.

To add a message: one line in `CATALOGUE` (code → template with `{value}` fields). A value named
`field` (or ending in `_field`) is a field's internal name and is rendered by its Chinese label from
`LABELS`; never write an option, column or JSON key into a sentence. `render_place()` does the same
for the place part ("line 2 field 'qty'" → "line 2 数量"), which otherwise keeps its form.
"""
from __future__ import annotations

import re
from typing import Any

# Fields by their Chinese labels: JSON keys, columns and options (without "--", "-" as "_").
LABELS: dict[str, str] = {
    "qty": "数量", "item": "商品", "price": "单价", "tax_rate": "税率", "customer": "客户", "supplier": "供应商",
    "date": "日期", "no": "单号", "warehouse": "仓库", "order": "源订单", "amount": "金额", "account": "科目",
    "vat_no": "发票号码", "vat_code": "发票代码", "summary": "摘要", "debit": "借方", "credit": "贷方",
    "lines": "分录", "line": "行号", "word": "凭证字", "company": "公司名称", "location": "所在地", "code": "编码",
    "name": "名称", "unit": "单位", "spec": "规格", "category": "类别", "tax_id": "统一社会信用代码",
    "credit_limit": "信用额度", "payment_days": "账期天数", "contact": "联系人", "phone": "电话", "address": "地址",
    "bank_name": "开户行", "number": "账号", "parent": "上级科目", "aux": "辅助核算", "type": "类型", "tax": "税额",
    "invoice": "发票", "asset": "资产", "opening": "期初", "months_used": "已使用月数", "life_months": "使用月数",
    "taxpayer": "纳税人类型", "ytd_debit": "本年累计借方", "ytd_credit": "本年累计贷方",
    "year_opening_debit": "年初借方", "year_opening_credit": "年初贷方", "unit_cost": "单位成本", "time": "时间",
    "revenue": "收入确认", "price_includes_tax": "单价含税", "cost": "原值", "accumulated": "累计折旧",
    "bank_ref": "银行流水号", "attachments": "附件张数", "ask": "录入时询问", "allocations": "核销",
    "period": "期间", "first": "起始期间", "last": "截止期间", "from": "起始期间", "to": "截止期间",
    "start": "启用期间", "user": "用户", "role": "角色", "roles": "角色", "password": "密码", "format": "格式",
    "out": "输出文件", "file": "文件", "db": "账套文件", "outbounds": "出库单", "inbounds": "入库单",
    "orders": "订单", "salvage": "残值", "method": "折旧方法", "disposal": "处置", "filing": "报表期间",
    "balance": "余额", "status": "状态", "role_name": "角色", "force": "强制", "kind": "类别", "reason": "原因",
}

# One line per message. Values are shown as given; quote a bad value with domain.errors.shown().
CATALOGUE: dict[str, str] = {
    # -- fields
    "is_required": "必须填写",
    "not_known_field": "字段 {name} 不认识",
    "must_be_object": "必须是带字段名的对象",
    "must_be_text": "必须是文字",
    "too_long": "超过 {max} 个字符",
    "bad_code_chars": "{value} 只能含字母、数字、“-”、“_”和“.”",
    "whole_number_range": "必须是 {lo} 到 {hi} 之间的整数",
    "not_one_of": "{value} 不是可选值（{choices}）之一",
    "must_be_true_false": "必须是“是”或“否”",
    "not_a_setting": "不是已知的设置（{choices}）",
    "must_be_digits": "{value} 必须全是数字",
    "sub_account_code": "{parent} 的下级科目编码是 {parent} 后加两位数字，不是 {value}",
    "vat_rate_not_in_force": "{rate} 不是现行增值税税率（可用：{allowed}）",
    "doc_no_text": "单号是不超过 40 个字符的文字",
    "doc_no_blank": "单号不能全为空格",
    "settings_object": "必须是对象",
    "credit_code_length": "必须是 {length} 个字符，不是 {got} 个",
    "credit_code_upper": "字母必须大写",
    "credit_code_char": "不允许字符 {char}",
    "credit_code_first": "第 1 位（登记管理部门码）必须是 1–9、A、N 或 Y，不是 {char}",
    "credit_code_digits": "第 2–8 位（机构类别码和行政区划码）必须是数字，不是 {chars}",
    "credit_code_check": "校验位应为 {expected}",
    "credit_code_of": "统一社会信用代码 {code}：{problem}",
    "not_a_role": "{names} 不是角色；可用角色：{roles}",
    "role_required": "至少需要一个角色",
    "not_a_cash_flow_row": "不是可以填列现金流量的项目",
    # -- numbers and dates (domain.money, domain.periods)
    "amount_too_large": "金额 {value} 过大",
    "amount_negative": "金额 {value} 不能为负数",
    "qty_absurd": "数量 {value} 不合理",
    "qty_positive": "数量 {value} 必须大于零",
    "qty_not_negative": "数量 {value} 不能为负数",
    "rate_range": "税率 {value} 必须不小于 0 且小于 1",
    "price_too_large": "单价 {value} 过大",
    "price_negative": "单价 {value} 不能为负数",
    "number_must_be_text": "数字必须以文字给出，不能是 {kind}",
    "not_a_number": "{value} 不是数字",
    "too_many_decimals": "{value} 的小数超过 {places} 位",
    "date_format": "日期 {value} 不是 YYYY-MM-DD 格式",
    "date_impossible": "日期 {value} 不存在",
    "period_format": "期间 {value} 不是 YYYY-MM 格式",
    "date_far_future": "日期 {date} 晚于今天一年以上，请检查年份",
    "date_before": "日期 {date} 早于{what} {no} 的日期 {source_date}",
    # -- the book and its periods
    "period_closed": "期间 {period} 已结账（日期 {date}），请先反结账",
    "period_missing": "本账套没有期间 {period}",
    "before_first_period": "日期 {date} 早于账套启用期间 {start}",
    "no_open_period_after": "{period} 之后没有未结账期间：请先开启下一个月",
    "not_exist": "{what} {code} 不存在",
    "already_exists": "{what} {code} 已存在",
    "deactivated": "{what} {code} 已停用",
    # -- documents
    "qty_exceeds_open": "数量 {qty} 超过 {source} 尚未执行的 {open}",
    "qty_exceeds_item_open": "数量 {qty} 超过 {item} 在 {source} 尚未{verb}的 {open}",
    "qty_exceeds_on_hand": "数量 {qty} 超过库存 {on_hand}",
    "item_not_on": "商品 {item} 不在 {no} 上",
    "order_closed": "订单 {no} 已关闭",
    "nothing_left_to_invoice": "所选{what}已没有可开票的内容",
    "one_party_per_invoice": "一张发票只能开给一个{party}；所选{what}属于多个{party}",
    "lines_or_sources": "请给出分录行或源{what}，二者选一",
    "list_a_source": "至少列出一张{what}",
    "vat_code_without_no": "填写了发票代码却没有发票号码",
    "at_least_one_line": "至少需要一行",
    "over_credit_limit": "客户 {customer} 的信用额度 {limit} 将被超过（未收 {open}，本单 {amount}）",
    # -- vouchers
    "voucher_needs_line": "凭证至少需要一行分录",
    "voucher_needs_two_lines": "凭证至少需要两行分录",
    "account_missing": "科目 {account} 不存在",
    "account_has_children": "科目 {account} {name} 有下级科目，请记到末级科目",
    "account_deactivated": "科目 {account} {name} 已停用",
    "debit_and_credit": "一行分录只能有借方或贷方，不能同时有",
    "allowance_positive": "折让金额必须是正的含税金额",
    "allowance_exceeds_line": "{gross} 超过发票 {invoice} 第 {line} 行剩余的 {left}",
    "debit_or_credit": "一行分录需要借方或贷方金额",
    "account_needs_aux": "科目 {account} {name} 需要填写{aux}",
    "account_takes_no_aux": "科目 {account} {name} 不核算{aux}",
    "unbalanced": "借方合计 {debit} 与贷方合计 {credit} 不相等",
    "voucher_status_not": "凭证 {voucher} 的状态是{status}，不是{wanted}",
    "same_preparer": "凭证 {voucher} 由 {user} 制单，须由另一人审核",
    "voucher_reversed": "凭证 {voucher} 已被冲销",
    "voucher_is_reversal": "凭证 {voucher} 本身是冲销凭证",
    "voucher_of_document": "凭证 {voucher} 属于单据 {no}，请更正单据",
    "account_kept_by_documents": "科目 {account} 由单据（库存、发票）维护，不能手工记账",
    # -- command line
    "cli_required": "缺少必填参数：{names}",
    "cli_invalid_choice": "{value} 不是可选值（{choices}）之一",
    "cli_unrecognized": "不认识的参数：{args}",
    "cli_expected_value": "参数 {name} 需要一个值",
    "cli_bad_value": "参数 {name} 的值 {value} 无效",
    "cli_usage": "命令行参数有误：{detail}",
}

_FIELD_IN_PLACE = re.compile(r"field '-*([\w-]+)'")
_DASHES = re.compile(r"^-+")


def label(field: str) -> str:
    """A field's Chinese label; an unlabelled name is returned as is (the message test names it)."""
    key = _DASHES.sub("", field).replace("-", "_")
    return LABELS.get(key, field)


def render(code: str, values: dict[str, Any]) -> str:
    shown = {k: label(str(v)) if k == "field" or k.endswith("_field") else v for k, v in values.items()}
    return CATALOGUE[code].format(**shown)


def render_place(where: str) -> str:
    """The place part as shown: "field 'qty'" becomes its label, the rest keeps its form."""
    return _FIELD_IN_PLACE.sub(lambda m: label(m.group(1)), where)


class Message(str):
    """A message: its Chinese rendering, with `.code` and `.values` for tests and the window."""

    code: str
    values: dict[str, Any]

    def __new__(cls, code: str, /, **values: Any) -> Message:
        self = super().__new__(cls, render(code, values))
        self.code, self.values = code, values
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (self.code, self.values))


def _rebuilt(code: str, values: dict[str, Any]) -> Message:
    return Message(code, **values)


def code_of(message: object) -> str | None:
    """The catalogue code of a message (a `Message`, or an exception carrying one), None for plain text."""
    if isinstance(message, BaseException) and message.args:
        message = message.args[0]
    return message.code if isinstance(message, Message) else None
