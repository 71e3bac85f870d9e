"""Each report's builder output as a renderable document: columns, rows, totals, signatures."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reports.table import Carry, Col, Document, Row, Section

ZERO = Decimal("0.00")
SIGN = ("单位负责人", "会计主管", "制表")
M = "money"


def _d(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _span(first, last) -> str:
    return str(first) if first == last else f"{first} 至 {last}"


def trial_balance(tb: dict) -> Document:
    cols = (Col("科目编码", "code", 11, "code"), Col("科目名称", "text", 16, "name"), Col("级次", "int", 4, "level"),
            *(Col(t, M, 13, k) for t, k in (("期初借方", "opening_debit"), ("期初贷方", "opening_credit"),
                                             ("本期借方", "debit"), ("本期贷方", "credit"),
                                             ("期末借方", "closing_debit"), ("期末贷方", "closing_credit"),
                                             ("本年累计借方", "ytd_debit"), ("本年累计贷方", "ytd_credit"))))
    keys = [c.key for c in cols]
    rows = [Row(tuple(r[k] for k in keys), bold=r["level"] == 1, cells=((1, r["level"] == 1, r["level"] - 1),))
            for r in tb["rows"]]
    totals = Row(("合计", "", None, *(tb["totals"][k] for k in keys[3:])), bold=True)
    return Document("科目余额表", tb.get("company", ""), _span(tb["from"], tb["to"]),
                    [Section(cols, rows, sheet="科目余额表", totals=totals,
                             total_formulas={i: "sumif:2" for i in range(3, 11)})],
                    signatures=("会计主管", "制表"), landscape=True, state=tb.get("state", ""))


def ledger(lg: dict) -> Document:
    """明细账: each month's lines, then 本月合计 and 本年累计 (REPORTS.md v3); the PDF carries the
    month's sums and the balance across page breaks (过次页 / 承前页). Printed for every customer
    (or supplier) of an account kept by them, each line names its party."""
    party = lg.get("by_party", False)
    cols = (Col("日期", "date", 10), Col("凭证号", "code", 8), Col("摘要", "text", 30 if party else 34),
            *((Col("往来单位", "text", 22),) if party else ()),
            Col("借方", M, 13, blank_zero=True), Col("贷方", M, 13, blank_zero=True), Col("借或贷", "text", 6, align="center"),
            Col("余额", M, 14))
    p = 1 if party else 0
    start = _d(f"{lg['from']}-01")
    blank = ("",) if party else ()
    rows: list = [Row((start, "", "期初余额", *blank, None, None, *lg["opening"]), bold=True)]
    lines = lg["lines"]
    done = 0
    for m in lg.get("months", ()):
        for ln in lines[done:m["lines"]]:
            rows.append((ln["date"], ln["voucher"], ln["summary"], *((ln.get("party", ""),) if party else ()),
                         ln["debit"], ln["credit"], ln["side"], ln["balance"]))
        done = m["lines"]
        end = _month_end(m["period"])
        rows.append(Row((end, "", "本月合计", *blank, m["debit"], m["credit"], m["side"], m["balance"]), bold=True,
                        keep=True))
        rows.append(Row((end, "", "本年累计", *blank, m["ytd_debit"], m["ytd_credit"], m["side"], m["balance"]),
                        bold=True, keep=True))
    info = [f"科目：{lg['account']} {lg['name']}"]
    if lg.get("customer"):
        info.append(f"客户：{lg['customer_name']}（{lg['customer']}）")
    return Document("明细账", lg.get("company", ""), _span(lg["from"], lg["to"]),
                    [Section(cols, rows, sheet="明细账", carry=Carry(label=2, sums=(3 + p, 4 + p), keep=(5 + p, 6 + p)))],
                    info=info, signatures=("会计主管", "记账"), state=lg.get("state", ""))


def _month_end(period: str) -> dt.date:
    from domain.periods import period_end
    return period_end(period)


def general_ledger(gl: dict) -> Document:
    cols = (Col("科目编码", "code", 9), Col("科目名称", "text", 14), Col("期间", "code", 8), Col("摘要", "text", 12),
            Col("借方", M, 14, blank_zero=True), Col("贷方", M, 14, blank_zero=True),
            Col("借或贷", "text", 6, align="center"), Col("余额", M, 15))
    rows: list = []
    for a in gl["accounts"]:
        rows.append(Row((a["code"], a["name"], gl["from"], "期初余额", None, None, *a["opening"]), bold=True))
        for m in a["months"]:
            rows.append((a["code"], a["name"], m["period"], "本月合计", m["debit"], m["credit"], m["side"],
                         m["balance"]))
            rows.append(Row((a["code"], a["name"], m["period"], "本年累计", m["ytd_debit"], m["ytd_credit"], m["side"],
                             m["balance"]), keep=True))
    return Document("总账", gl.get("company", ""), _span(gl["from"], gl["to"]),
                    [Section(cols, rows, sheet="总账", carry=Carry(label=3, sums=(), keep=(0, 1, 6, 7), reset=()))],
                    signatures=("会计主管", "记账"), state=gl.get("state", ""))


def statement(st: dict) -> Document:
    lines = (Col("日期", "date", 10), Col("类型", "text", 9), Col("单号", "code", 17), Col("摘要", "text", 28),
             Col("应收增加", M, 13, blank_zero=True), Col("收款及减少", M, 13, blank_zero=True), Col("余额", M, 14))
    rows: list = [Row((st["from"], "", "", "期初余额", None, None, st["opening"]), bold=True)]
    rows += [(ln["date"], _type_title(ln["type"]), ln["no"], ln["summary"], ln["debit"], ln["credit"],
              ln["balance"]) for ln in st["lines"]]
    debit = sum((ln["debit"] for ln in st["lines"]), ZERO)
    credit = sum((ln["credit"] for ln in st["lines"]), ZERO)
    sections = [Section(lines, rows, sheet="对账单",
                        totals=Row((st["to"], "", "", "本期合计 / 期末应收" if st["closing"] >= 0 else
                                    "本期合计 / 期末余额", debit, credit, st["closing"]), bold=True),
                        total_formulas={4: "sum", 5: "sum"})]
    sections += _statement_breakdown(st)
    return Document("对账单", st.get("company", ""), _span(st["from"], st["to"]), sections,
                    info=[f"客户：{st['name']}（{st['customer']}）", statement_wording(st)],
                    signatures=("制表", "客户确认（盖章）"))


def statement_wording(st: dict) -> str:
    """What the customer owes, or what it paid ahead — never a negative 尚欠 (REPORTS.md v3)."""
    closing = st["closing"]
    if closing > 0:
        return f"截至 {st['to']} 贵公司尚欠本公司货款 人民币 {_money(closing)} 元"
    if closing < 0:
        return f"截至 {st['to']} 贵公司预付款余额（本公司尚欠贵公司）人民币 {_money(-closing)} 元"
    return f"截至 {st['to']} 双方往来款项已结清，余额 人民币 0.00 元"


def _statement_breakdown(st: dict) -> list[Section]:
    """The parts of the closing balance — open invoices, shipped-not-invoiced goods when revenue is
    booked at shipment, less the unapplied money — each listed, then added up to the closing.
    Under revenue at invoice the shipped-not-invoiced goods are listed apart, said not to be in it."""
    in_balance = st.get("revenue_mode", "shipment") == "shipment"
    inv = [(o["invoice"] if o["invoice"] != "opening" else "期初", o["date"], o["amount"], o["open"])
           for o in st["open_invoices"]]
    owed = sum((r[3] for r in inv), ZERO)
    out = [Section((Col("发票号", "code", 14), Col("日期", "date", 10), Col("发票金额", M, 14), Col("未收金额", M, 14)),
                   inv, heading="未结清发票", sheet="未结清发票",
                   totals=Row(("合计", None, sum((r[2] for r in inv), ZERO), owed), bold=True),
                   total_formulas={2: "sum", 3: "sum"})]
    paid = [(u["receipt"] if u["receipt"] != "opening" else "期初", u["date"], u["amount"], u["open"])
            for u in st.get("unapplied", ())]
    ahead = sum((r[3] for r in paid), ZERO)
    if paid:
        out.append(Section((Col("收款单号", "code", 14), Col("日期", "date", 10), Col("收款金额", M, 14),
                            Col("未核销金额", M, 14)), paid, heading="预收 / 未核销收款", sheet="未核销收款",
                           totals=Row(("合计", None, sum((r[2] for r in paid), ZERO), ahead), bold=True),
                           total_formulas={2: "sum", 3: "sum"}))
    sni = [(s["outbound"], s["date"], s["item"], s.get("item_name", ""), s["qty"], s["amount"])
           for s in st["shipped_not_invoiced"]]
    shipped = sum((r[5] for r in sni), ZERO)
    if sni:
        heading = "已发货未开票（已计入应收余额）" if in_balance else "已发货未开票（尚未开票，不含在上述余额中）"
        out.append(Section((Col("出库单", "code", 14), Col("日期", "date", 10), Col("存货编码", "code", 10),
                            Col("存货名称", "text", 18), Col("数量", "qty", 8), Col("含税金额", M, 14)), sni,
                           heading=heading, sheet="已发货未开票",
                           totals=Row(("合计", None, "", "", None, shipped), bold=True), total_formulas={5: "sum"}))
    parts: list = [("未结清发票", owed)]
    if in_balance and sni:
        parts.append(("加：已发货未开票", shipped))
    if paid:
        parts.append(("减：预收 / 未核销收款", -ahead))
    parts.append(Row(("期末余额（应收为正，预收为负）", st["closing"]), bold=True))
    out.append(Section((Col("余额构成", "text", 30), Col("金额", M, 14)), parts, heading="余额构成", sheet="余额构成"))
    return out


_TYPES = {"outbound": "销售出库", "invoice": "销售发票", "receipt": "收款", "sales_return": "销售退货",
          "credit_note": "红字发票", "voucher": "凭证", "opening": "期初"}


def _type_title(kind: str) -> str:
    """A stored document type as a clerk reads it, whatever the type (REPORTS.md v3)."""
    from reports.vouchers import source_title
    return _TYPES.get(kind) or source_title(kind) or kind


def _money(x: Decimal) -> str:
    from domain.money import fmt_thousands
    return fmt_thousands(x)


def aging(ag: dict) -> Document:
    """By invoice date (INTERCHANGE.md), then by due date — invoice date + credit days (v3)."""
    cols = (Col("客户编码", "code", 9), Col("客户名称", "text", 20),
            *(Col(f"{b}天", M, 12) for b in ag["buckets"]), Col("未核销收款", M, 12), Col("应收余额", M, 13))
    rows = [(r["customer"], r["name"], *r["amounts"], r["unapplied"], r["total"]) for r in ag["rows"]]
    t = ag["totals"]
    n = len(ag["buckets"])
    sections = [Section(cols, rows, sheet="账龄", heading="按开票日期",
                        totals=Row(("合计", "", *t["amounts"], t["unapplied"], t["total"]), bold=True),
                        total_formulas={i: "sum" for i in range(2, n + 4)})]
    if "due_buckets" in ag:
        due_cols = (Col("客户编码", "code", 9), Col("客户名称", "text", 20), *(Col(b, M, 12) for b in ag["due_buckets"]),
                    Col("未核销收款", M, 12), Col("应收余额", M, 13))
        due_rows = [(r["customer"], r["name"], *r["overdue"], r["unapplied"], r["total"]) for r in ag["rows"]]
        m = len(ag["due_buckets"])
        sections.append(Section(due_cols, due_rows, sheet="按到期日", heading="按到期日（开票日期 + 信用期）",
                                totals=Row(("合计", "", *t["overdue"], t["unapplied"], t["total"]), bold=True),
                                total_formulas={i: "sum" for i in range(2, m + 4)}))
    return Document("应收账款账龄分析表", ag.get("company", ""), f"截至 {ag['as_of']}", sections,
                    signatures=("会计主管", "制表"), landscape=True)


def stock(st: dict) -> Document:
    q, m = "qty", M
    cols = (Col("存货编码", "code", 9), Col("存货名称", "text", 16), Col("单位", "text", 4), Col("仓库", "code", 5),
            Col("期初数量", q, 8), Col("期初金额", m, 12), Col("入库数量", q, 8), Col("入库金额", m, 12),
            Col("出库数量", q, 8), Col("出库金额", m, 12), Col("结存数量", q, 8), Col("结存金额", m, 12))
    keys = ("item", "name", "unit", "warehouse", "opening_qty", "opening_value", "in_qty", "in_value", "out_qty",
            "out_value", "closing_qty", "closing_value")
    rows = [tuple(r[k] for k in keys) for r in st["rows"]]
    totals = Row(("合计", "", "", "", None, *(_col_sum(rows, i) if i % 2 else None for i in range(5, 12))), bold=True)
    return Document("收发存汇总表", st.get("company", ""), _span(st["from"], st["to"]),
                    [Section(cols, rows, sheet="收发存", totals=totals, total_formulas={5: "sum", 7: "sum", 9: "sum",
                                                                                       11: "sum"})],
                    signatures=("仓库主管", "制表"), landscape=True)


def _col_sum(rows, i):
    return sum((r[i] for r in rows), ZERO)


def _statement_cols(layout, several_months: bool) -> tuple[Col, ...]:
    # A column over several months is 本期金额, never 本月金额 (REPORTS.md v3).
    headings = [h.replace("本月", "本期") if several_months else h for h in layout.headings]
    return (Col("项目", "text", 40), Col("行次", "int", 5), *(Col(h, M, 15) for h in headings))


def income_or_cash(rep: dict) -> Document:
    layout = rep["layout"]
    groups = {int(g["before"]): g["text"] for g in layout.data.get("groups", ())}
    rows = []
    for r in rep["rows"]:
        if r.row in groups:
            rows.append(Row((groups[r.row], None, None, None), bold=True))
        rows.append(Row((r.item, r.row, *r.values), bold=r.total, indent=r.indent + (1 if groups and not r.total
                                                                                      else 0)))
    return Document(layout.title, rep["company"], _span(rep["from"], rep["to"]),
                    [Section(_statement_cols(layout, rep["from"] != rep["to"]), rows, sheet=layout.title)],
                    form=layout.form, signatures=SIGN, state=rep.get("state", ""))


# 会小企01表 prints assets on the left and liabilities and equity on the right, with group headings.
_BS_LEFT = (("流动资产：", 1, 15), ("非流动资产：", 16, 30))
_BS_RIGHT = (("流动负债：", 31, 41), ("非流动负债：", 42, 47), ("所有者权益（或股东权益）：", 48, 53))


def balance_sheet(rep: dict) -> Document:
    layout = rep["layout"]
    by_row = {r.row: r for r in rep["rows"]}

    def side(groups) -> list[tuple]:
        out: list[tuple] = []
        for heading, a, b in groups:
            out.append(Row((heading, None, None, None), bold=True))
            for n in range(a, b + 1):
                r = by_row[n]
                out.append(Row((r.item, r.row, *r.values), bold=r.total, indent=0 if r.total else r.indent + 1))
        return out

    left, right = side(_BS_LEFT), side(_BS_RIGHT)
    blank = Row(("", None, None, None))
    while len(right) < len(left):
        right.insert(len(right) - 1, blank)  # the grand totals share the last line
    while len(left) < len(right):
        left.insert(len(left) - 1, blank)
    rows = [Row(a.values + b.values, cells=tuple((i, r.bold, r.indent) for i, r in ((0, a), (1, a), (2, a), (3, a), (4, b),
                                                                                  (5, b), (6, b), (7, b))))
            for a, b in zip(left, right, strict=True)]
    cols = (Col("资产", "text", 24), Col("行次", "int", 5), Col("期末余额", M, 13), Col("年初余额", M, 13),
            Col("负债和所有者权益（或股东权益）", "text", 28), Col("行次", "int", 5), Col("期末余额", M, 13),
            Col("年初余额", M, 13))
    return Document(layout.title, rep["company"], _period_end(rep["period"]),
                    [Section(cols, rows, sheet=layout.title)], form=layout.form, signatures=SIGN,
                    state=rep.get("state", ""))


def _period_end(period: str) -> str:
    from domain.periods import period_end
    return f"{period_end(period).isoformat()}"


def journal(data: dict) -> Document:
    """序时账 (the voucher export): one row per voucher line, streamed from the book."""
    from reports.vouchers import JOURNAL_COLUMNS
    return Document("序时账", data.get("company", ""), _span(data["from"], data["to"]),
                    [Section(JOURNAL_COLUMNS, data["rows"], sheet="凭证")], landscape=True)


def vat(v: dict) -> Document:
    """应交增值税明细表: a row per month, then 本年累计 (REPORTS.md v3)."""
    cols = (Col("月份", "code", 8, "period"), *(Col(t, M, 12, k) for k, t in v["columns"]))
    keys = [k for k, _ in v["columns"]]
    rows: list = [(m["period"], *(m[k] for k in keys)) for m in v["months"]]
    ytd = v["year_to_date"]
    rows.append(Row(("本年累计", *(ytd.get(k) for k in keys)), bold=True, keep=True))
    return Document("应交增值税明细表", v.get("company", ""), _span(v["from"], v["to"]),
                    [Section(cols, rows, sheet="应交增值税明细表")], signatures=("会计主管", "制表"),
                    landscape=True, state=v.get("state", ""))
