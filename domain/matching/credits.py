"""Money in that is nobody's payment of an invoice (BANKS.md version 3): interest, tax refunds, loans,
deposit and bid-bond refunds, subsidies, transfers between the company's own accounts, accepted bank
bills. Such a line is never matched to invoices; it is proposed to its own account with the word
that decided it."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Credit:
    kind: str
    account: str
    word: str
    words: str


# Order matters: '保证金利息' is interest, '贷款利息' is interest, '退保证金' is a deposit refund.
_RULES: tuple[tuple[str, str, str, re.Pattern[str]], ...] = (
    ("interest", "5603", "利息收入, 记财务费用", re.compile(r"结息|利息|存息|interest", re.I)),
    ("tax_refund", "1221", "退税, 记其他应收款(应收退税)", re.compile(r"退税|出口退|税款退还|留抵退")),
    ("loan", "2001", "银行贷款发放, 记短期借款", re.compile(r"贷款发放|放款|贷款入账|借款发放|流动资金贷款")),
    ("deposit_refund", "1221", "保证金退回, 冲其他应收款",
     re.compile(r"保证金|押金|投标|履约金|质保金退")),
    ("subsidy", "5301", "政府补助, 记营业外收入", re.compile(r"补贴|补助|奖励资金|扶持资金|奖补|稳岗")),
    ("transfer", "1002", "本单位账户间划转, 记另一银行账户", re.compile(r"内部转账|资金归集|资金下拨|账户划转|调拨|同名划转|自有资金")),
    ("bill", "1121", "银行承兑汇票到期托收, 冲应收票据", re.compile(r"银承|承兑汇票|票据托收|汇票到期|贴现")),
)


# One search over every rule's words first: most lines are customers' payments and say none of them.
_ANY = re.compile("|".join(f"(?:{p.pattern})" for _, _, _, p in _RULES), re.I)


def classify(counterparty: str, memo: str, own_names: frozenset[str] = frozenset()) -> Credit | None:
    text = f"{memo} {counterparty}"
    if counterparty.strip() and counterparty.strip() in own_names:
        return Credit("transfer", "1002", counterparty.strip(),
                      "对方户名为本单位, 账户间划转, 记另一银行账户 (own-account transfer)")
    if not _ANY.search(text):
        return None
    for kind, account, words, pattern in _RULES:
        m = pattern.search(text)
        if m:
            return Credit(kind, account, m.group(0), f"“{m.group(0)}”: {words}, 不核销发票 ({kind}, to {account})")
    return None
