"""The header rows of seven Chinese banks (BANKS.md) found and mapped, on plain rows of cells."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.errors import Rejected
from interchange.bank_files import decode
from interchange.bank_layout import read_statement

D = Decimal


def test_icbc_marker_row_then_in_and_out_columns():
    rows = [["[HISTORYDETAIL]"],
            ["凭证号", "交易时间", "对方单位", "对方账号", "转入金额", "转出金额", "余额", "用途", "摘要", "附言"],
            ["V001", "2026-04-16 11:09:16", "华东机电有限公司", "6222021001", "11,300.00", "", "11,301.00", "货款", "",
             "INV-1"],
            ["V002", "2026-04-17 08:00:00", "", "", "", "25.00", "11276.00", "", "手续费", ""]]
    layout, lines = read_statement(rows)
    assert layout.header_row == 1
    a, b = lines
    assert (a.row, a.date, a.time, a.amount, a.counterparty, a.bank_ref) == \
        (3, dt.date(2026, 4, 16), dt.time(11, 9, 16), D("11300.00"), "华东机电有限公司", "V001")
    assert a.memo == "货款 INV-1" and b.amount == D("-25.00")


def test_ccb_full_width_brackets_compact_time_and_zero_on_the_unused_side():
    rows = [["账号", "账户名称", "交易时间", "借方发生额（支取）", "贷方发生额（收入）", "余额", "币种", "对方户名", "对方账号",
             "对方开户机构", "记账日期", "摘要", "备注", "账户明细编号-交易流水号"],
            ["3105", "示例", "20260410 17:07:09", "0", "500.5", "9", "人民币元", "杭州启明", "6222", "工行", "20260410",
             "货款", "", "1001-1"]]
    _, [ln] = read_statement(rows)
    assert (ln.date, ln.time, ln.amount, ln.bank_ref, ln.counterparty_account) == \
        (dt.date(2026, 4, 10), dt.time(17, 7, 9), D("500.50"), "1001-1", "6222")


def test_cmbc_header_below_account_rows():
    rows = [["账户名称:", "示例商贸"], ["账号:", "6226"], ["币种:", "人民币"],
            ["交易时间", "交易流水号", "借方发生额", "贷方发生额", "账户余额", "凭证号", "客户附言", "对方账号", "对方账号名称", "对方开户行"],
            ["2026/04/11 10:00:00", "S9", "", "88.00", "1", "", "服务费", "7788", "南京远航", "招行"]]
    layout, [ln] = read_statement(rows)
    assert layout.header_row == 3 and (ln.bank_ref, ln.counterparty, ln.amount) == ("S9", "南京远航", D("88.00"))


def test_ceb_separate_date_and_time_columns():
    rows = [["交易日期", "交易时间", "借方发生额", "贷方发生额", "账户余额", "对方名称", "对方账号", "摘要", "凭证号"],
            ["20260412", "093005", "12.00", "", "1", "", "", "手续费", ""]]
    _, [ln] = read_statement(rows)
    assert (ln.date, ln.time, ln.amount, ln.bank_ref) == (dt.date(2026, 4, 12), dt.time(9, 30, 5), D("-12.00"), None)


def test_pingan_two_serials_and_bocom_and_cmb_spellings():
    pingan = [["交易时间", "账号", "收入", "支出", "账户余额", "对方户名", "对方账号", "对方账号开户行", "摘要", "交易流水号",
               "核心唯一流水号", "交易用途", "币种"],
              ["2026-04-13 12:00:00", "1", "300", "", "1", "甲", "2", "x", "货款", "P1", "C1", "INV-9", "CNY"]]
    _, [ln] = read_statement(pingan)
    assert (ln.bank_ref, ln.memo) == ("P1", "货款 INV-9")
    bocom = [["交易时间", "借方发生额（支出）", "贷方发生额（收入）", "账户余额", "对方账号", "对方户名", "摘要"],
             ["2026-04-14 12:00:00", "40.00", "0.00", "1", "3", "乙", "退款"]]
    assert read_statement(bocom)[1][0].amount == D("-40.00")
    cmb = [["交易日", "借", "贷", "余额", "摘要", "收(付)方名称", "收(付)方帐号", "交易类型"],
           ["2026-04-15", "", "77.70", "1", "货款", "丙公司", "445566", "转账"]]
    _, [ln] = read_statement(cmb)
    assert (ln.counterparty, ln.counterparty_account, ln.amount) == ("丙公司", "445566", D("77.70"))


def test_remembered_mapping_reads_a_header_the_synonyms_do_not_know():
    rows = [["记账时刻", "收款额", "付款额", "往来户"], ["2026-04-15", "10.00", "", "丁"]]
    with pytest.raises(Rejected):
        read_statement(rows)
    _, [ln] = read_statement(rows, {"date": ["记账时刻"], "money_in": ["收款额"], "money_out": ["付款额"],
                                    "counterparty": ["往来户"]})
    assert (ln.amount, ln.counterparty) == (D("10.00"), "丁")


def test_bad_rows_are_refused_with_their_row_and_reason_and_totals_are_skipped():
    rows = [["交易日期", "收入", "支出"], ["2026-04-01", "1.00", ""], ["昨天", "2.00", ""], ["2026-04-02", "abc", ""],
            ["2026-04-03", "1.00", "2.00"], ["合计", "3.00", ""]]
    with pytest.raises(Rejected) as e:
        read_statement(rows)
    assert [str(p) for p in e.value.problems] == [
        "row 3: date: '昨天' is not a date (2026-04-16 11:09:16, 20260410 17:07:09, 2026-04-16…)",
        "row 4: amount: 'abc' is not an amount",
        "row 5: both money in (1.00) and money out (2.00) on one line"]


def test_text_is_utf8_with_or_without_bom_else_gb18030():
    assert decode("\ufeff摘要".encode()) == "摘要"
    assert decode("摘要".encode()) == "摘要"
    assert decode("对方户名".encode("gbk")) == "对方户名"


def test_one_amount_column_with_a_debit_credit_flag():
    rows = [["交易日期", "交易金额", "借贷标志", "对方户名"],
            ["2026-04-15", "100.00", "贷", "甲"], ["2026-04-15", "30.00", "借", "乙"], ["2026-04-16", "1.00", "?", "丙"]]
    with pytest.raises(Rejected) as e:
        read_statement(rows)
    assert [str(p) for p in e.value.problems] == ["row 4: direction: '?' is neither 借/支 (out) nor 贷/收 (in)"]
    _, lines = read_statement(rows[:3])
    assert [ln.amount for ln in lines] == [D("100.00"), D("-30.00")]


def test_an_empty_or_headerless_file_says_so():
    with pytest.raises(Rejected, match="no rows"):
        read_statement([])
    with pytest.raises(Rejected, match=r"rows 1-2: no header row"):
        read_statement([["户名", "金额说明"], ["甲", "1"]])


def test_abc_csv_memo_column_is_read():
    """农业银行's CSV keeps the payer's words in 交易附言: dropping it lost order numbers (issue 28)."""
    rows = [["交易时间", "收入金额", "支出金额", "本次余额", "对方户名", "对方账号", "交易用途", "交易附言"],
            ["2026-11-03 10:00:00", "5000.00", "", "15000.00", "张记五金", "6228", "货款", "XSDD2609036"]]
    _, [ln] = read_statement(rows)
    assert (ln.memo, ln.balance, ln.amount) == ("货款 XSDD2609036", D("15000.00"), D("5000.00"))


CMB = ["交易日", "借", "贷", "余额", "摘要", "收(付)方名称", "收(付)方帐号", "交易类型"]


def test_balances_chain_forward_or_newest_first_else_the_file_is_refused():
    forward = [CMB, ["2026-11-03", "", "35460.00", "135460.00", "货款", "恒力", "1", "转账"],
               ["2026-11-03", "", "35460.00", "170920.00", "货款", "恒力", "1", "转账"],
               ["2026-11-04", "20.00", "", "170900.00", "手续费", "", "", ""]]
    assert len(read_statement(forward)[1]) == 3
    newest_first = [CMB, forward[3], forward[2], forward[1]]
    assert len(read_statement(newest_first)[1]) == 3
    broken = [CMB, forward[1], forward[2][:3] + ["170000.00"] + forward[2][4:], forward[3]]
    with pytest.raises(Rejected) as e:
        read_statement(broken)
    assert [str(p) for p in e.value.problems] == [
        "row 3: 余额 170000.00 does not follow from row 2's 余额 135460.00 and the amount 35460.00 (余额不连续: the "
        "file is incomplete or was edited; export it again)"]
