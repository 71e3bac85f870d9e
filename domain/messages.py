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
    "invoice": "发票", "bank_account": "银行账户", "fixed_asset": "固定资产", "voucher_template": "凭证模板", "asset": "资产", "opening": "期初", "months_used": "已使用月数", "life_months": "使用月数",
    "taxpayer": "纳税人类型", "ytd_debit": "本年累计借方", "ytd_credit": "本年累计贷方",
    "year_opening_debit": "年初借方", "year_opening_credit": "年初贷方", "unit_cost": "单位成本", "time": "时间",
    "revenue": "收入确认", "price_includes_tax": "单价含税", "cost": "原值", "accumulated": "累计折旧",
    "bank_ref": "银行流水号", "attachments": "附件张数", "ask": "录入时询问", "allocations": "核销",
    "as_of": "截止日期", "period": "期间", "first": "起始期间", "last": "截止期间", "from": "起始期间", "to": "截止期间",
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
    "not_a_vat_rate": "{rate} 不是增值税税率或征收率",
    "rate_not_for_taxpayer": "{rate} 不是{taxpayer}适用的税率",
    "rate_not_in_force_on": "{rate} 在 {date} 不适用（适用期间 {spans}）",
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
    "date_far_future": "日期 {date} 晚于今天一年以上（账套最晚接受 {latest}），请检查年份",
    "periods_too_far": "日期 {date} 将开启直到 {period} 的期间，超出最后有凭证的期间 {active} {ahead} 个月以上",
    "date_before": "日期 {date} 早于{what} {no} 的日期 {source_date}",
    # -- the book and its periods
    "period_closed": "期间 {period} 已结账（日期 {date}），请先反结账",
    "period_missing": "本账套没有期间 {period}",
    "before_first_period": "日期 {date} 早于账套启用期间 {start}",
    "no_open_period_after": "{period} 之后没有未结账期间：请先开启下一个月",
    "not_exist": "{what} {code} 不存在",
    "already_exists": "{what} {code} 已存在",
    "code_required": "必须填写{what}编码",
    "doc_no_required": "必须填写{what}单号",
    "cash_account_required": "必须填写银行账户或现金科目",
    "not_cash_account": "{code} 既不是银行账户，也不是现金/银行科目",
    "cash_account_not_leaf": "科目 {code} 有下级科目，请选择末级科目，如 {code}01",
    "deactivated": "{what} {code} 已停用",
    "amount_option_form": "{text} 的写法应为 模板:科目=金额，如 GZ:560201=32000.00",
    "amount_of": "{key} 的金额：{why}",
    "period_not_closed": "期间 {period} 未结账",
    "reopen_later_first": "请先反结账 {later}：之后的期间已结账",
    "code_case_clash": "{what}编码 {code} 与 {same} 只差大小写（编码不区分大小写，{same} 已存在）",
    "not_cash_or_bank": "{account} 不是现金或银行科目（1001/1002/1012…）",
    "account_not_leaf": "{account} 有下级科目，请选择末级科目",
    "code_is_ledger_account": "{code} 是总账科目 {code} {name} 的编码；银行账户须另用编码",
    "account_code_is_bank": "科目编码 {code} 已是银行账户的编码",
    "parent_in_template": "{code} {name} 被记账模板“{template}”使用；在其下增设明细会使该模板无末级科目可记（需要按商品类别设置科目映射）",
    "parent_has_entries": "科目 {code} {name} 已有发生额或余额；请在记账前增设明细科目",
    "add_only": "{what}只能新增；要修改请停用后另建",
    "record_missing": "{what} #{id} 不存在",
    "code_fixed": "编码 {code} 创建后不能修改",
    "changed_by_other": "别人已修改了这个{what}（{code}）：{fields}；为免覆盖他的修改，本次未保存，请重新载入后再改",
    "book_holds_company": "账套 {target} 已有公司（{company}）；init 只创建新账套",
    "taxpayer_fixed": "本账套是{taxpayer}；纳税人类型在建账时选定，不能更改",
    "opening_date_before_start": "期初余额的日期须早于启用期间 {start}，不是 {date}",
    "first_period_closed": "启用期间 {start} 已结账，期初余额不能再修改",
    "not_a_person": "{name} 不是本账套的用户",
    "name_length": "必须填写 1 到 64 个字符的姓名",
    # -- documents
    "qty_exceeds_open": "数量 {qty} 超过 {source} 尚未执行的 {open}",
    "qty_exceeds_item_open": "数量 {qty} 超过 {source} 上 {item} {state}的 {open}",
    "vat_no_format": "{value} 既不是 8 位发票号码，也不是 20 位全电发票号码",
    "vat_code_needed": "8 位发票号码需要 10 位或 12 位发票代码",
    "vat_code_not_for_digital": "20 位全电发票没有发票代码",
    "vat_no_used": "发票 {number} 已用于 {no}",
    "qty_exceeds_on_hand": "数量 {qty} 超过库存 {on_hand}",
    "item_not_on": "商品 {item} 不在 {no} 上",
    "order_closed": "订单 {no} 已关闭",
    "date_before_order": "日期 {date} 早于订单日期 {source_date}",
    "date_before_doc": "日期 {date} 早于{what}日期 {source_date}",
    "date_before_invoice": "日期 {date} 早于发票 {no} 的日期 {source_date}",
    "nothing_left_to_invoice": "所选{what}已没有可开票的内容",
    "one_party_per_invoice": "一张发票只能开给一个{party}；所选{what}属于多个{party}",
    "lines_or_sources": "请给出分录行或源{what}，二者选一",
    "list_a_source": "至少列出一张{what}",
    "vat_code_without_no": "填写了发票代码却没有发票号码",
    "at_least_one_line": "至少需要一行",
    "at_least_one_bank_line": "至少需要一行银行流水",
    "allowances_exceed_invoice": "折让将使发票 {invoice} 的红字发票合计达到 {total}，超过发票金额 {amount}",
    "item_not_on_invoice": "商品 {item} 不在发票 {invoice} 上",
    "item_on_several_lines": "商品 {item} 在发票 {invoice} 的第 {lines} 行；请用行号指明是哪一行",
    "line_not_item": "发票 {invoice} 第 {line} 行不是商品 {item}",
    "qty_or_amount": "一行填写数量（退货）或金额（折让），二者选一",
    "red_before_return": "日期 {date} 早于其冲红商品 {item} 的退货日期（红字发票日期不能早于退货日期）",
    "qty_exceeds_credit": "数量 {qty} 超过 {item} 已退货、在发票 {invoice} 上开票且尚未冲红的 {open}",
    "amount_positive": "必须大于 0.00",
    "not_open_item": "{invoice} 不是该{party}的未结项",
    "amount_exceeds_open": "{amount} 超过 {invoice} 尚未结清的 {open}",
    "allocations_exceed": "核销合计超过{what}金额 {amount}",
    "allocation_exceeds_open": "核销 {amount} 超过未结金额（{credit}：{credit_open}，{charge}：{charge_open}）",
    "qty_exceeds_stock": "数量 {qty} 超过 {item} 在仓库 {warehouse} 的库存 {free}{when}",
    "qty_exceeds_stock_when": "（{date} 时；其余已被之后的单据占用）",
    "price_required": "必须填写：商品 {item} 没有标准单价",
    "rate_of_item": "{why}（商品 {item} 的税率）",
    "line_too_large": "数量×单价为 {gross}，单行金额过大（须小于 1,000,000,000,000.00）",
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
    "same_preparer": "凭证 {voucher} 由 {user} 制单，须由另一人审核{hint}",
    "same_preparer_many": "{vouchers}，由 {user} 制单，须由另一人审核{hint}",
    "voucher_missing": "凭证 #{id} 不存在",
    "voucher_reversed": "凭证 {voucher} 已被冲销",
    "voucher_is_reversal": "凭证 {voucher} 本身是冲销凭证",
    "voucher_of_document": "凭证 {voucher} 由单据生成，请更正单据（退货、红字发票）",
    "account_kept_by_documents": "科目 {account} 由单据（库存、发票）维护，不能手工记账",
    # -- report arguments (reports/catalogue.py)
    "range_required": "必须填写起止{unit}（{shape}）",
    "range_reversed": "起始{unit} {first} 晚于截止{unit} {last}",
    "range_invalid": "起止{unit}有误：{reason}",
    "value_required": "必须填写（{shape}）",
    "account_code_required": "必须填写科目编码",
    "account_and_period_required": "必须填写科目编码和期间（YYYY-MM）",
    # -- books
    "book_missing": "账套 {target} 不存在（新建账套请用 init 命令或 文件 → 新建账套）",
    "book_without_templates": "本账套没有记账模板：它不是用 init 新建的账套吗？",
    # -- command line
    "login_needs_password": "本账套已设用户：请指明操作人（用户名）登录，并在环境变量 {env} 中给出密码（标准输入不是终端，无法询问密码）",
    "cli_required": "缺少必填参数：{names}",
    "cli_invalid_choice": "{name}：{value} 不是可选值（{choices}）之一",
    "cli_unrecognized": "不认识的参数：{args}",
    "cli_expected_value": "参数 {name} 需要一个值",
    "cli_bad_value": "参数 {name} 的值 {value} 无效",
    "cli_usage": "命令行参数有误：{detail}",
}

# Voucher statuses as a clerk says them.
STATUS = {"saved": "已保存", "reviewed": "已审核", "posted": "已记账"}

_FIELD_IN_PLACE = re.compile(r"field '-*([\w\[\]-]+)'")
_INDEXED = re.compile(r"^(\w+)\[(\d+)\]$")
_DASHES = re.compile(r"^-+")


def label(field: str) -> str:
    """A field's Chinese label; an unlabelled name is returned as is (the message test names it)."""
    key = _DASHES.sub("", field).replace("-", "_")
    if m := _INDEXED.match(key):  # "outbounds[0]": the first of a list
        return f"{label(m.group(1))}[{m.group(2)}]"
    return LABELS.get(key, field)


def thing(name: str) -> str:
    """What a kind of record or document is called: a label, or a document type's title."""
    if name in LABELS:
        return LABELS[name]
    from domain.doctypes import DOC_TYPES  # late: doctypes may one day speak through this module
    kind = DOC_TYPES.get(name)
    return kind.title if kind else label(name)


def render(code: str, values: dict[str, Any]) -> str:
    shown = {k: label(str(v)) if k == "field" or k.endswith("_field") else thing(str(v)) if k == "what" else v
             for k, v in values.items()}
    return CATALOGUE[code].format(**shown)


def render_place(where: str) -> str:
    """The place part as shown: "field 'qty'" becomes its label, the rest keeps its form."""
    return _FIELD_IN_PLACE.sub(lambda m: label(m.group(1)), where)


_LEADING_FIELD = re.compile(r"field '-*([\w\[\]-]+)':\s*(.*)", re.S)


def render_reason(text: str) -> str:
    """A reason as shown: a leading "field 'qty': " becomes "数量：" unless the sentence names it already."""
    if m := _LEADING_FIELD.match(text):
        name, rest = label(m.group(1)), render_place(m.group(2))
        return rest if rest.startswith(name) else f"{name}：{rest}"
    return render_place(text)


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
