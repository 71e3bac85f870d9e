"""People, permissions and the operation log on the command line (issue 26, INTERCHANGE.md v3).

A team book: 老板 (owner, made administrator as the first person), 张三 (sales), 李四 (accountant),
钱七 (cashier). Every command logs in with ZHANGFANG_PASSWORD; a wrong password or a missing
permission exits 2 and changes nothing; the log's hash chain catches rows changed, deleted or
slipped in behind the product's back.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from tests import engines
from tests.cli.helpers import ENV, PREPARER, PYTHON, ROOT, copy_book, doc, errors, query, write_json

PASSWORDS = {"老板": "boss-secret", PREPARER: "sales-secret", "李四": "books-secret", "钱七": "cash-secret"}
BUSINESS = ("documents", "document_lines", "vouchers", "voucher_lines", "balances", "users", "settings")


def as_(book, user, *args, password=None, stdin=None):
    """`main.py --db BOOK --user USER ARGS…` with the password in ZHANGFANG_PASSWORD ("" for none)."""
    env = {k: v for k, v in ENV.items() if k != "ZHANGFANG_PASSWORD"}
    if password != "":
        env["ZHANGFANG_PASSWORD"] = PASSWORDS.get(user, "") if password is None else password
    p = subprocess.run([PYTHON, "main.py", "--db", str(book), "--user", user, *map(str, args)], cwd=ROOT, env=env,
                       input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=120)
    return p.returncode, p.stdout, p.stderr


def snapshot(book):
    return {t: query(book, f"SELECT * FROM {t} ORDER BY 1") for t in BUSINESS}


def log_rows(book):
    return query(book, 'SELECT seq, "user", action, record, detail FROM audit_log ORDER BY seq')


@pytest.fixture(scope="module")
def team_book(tmp_path_factory, request):
    """The worked example's documents (prepared by 张三) and four people."""
    documents_book = request.getfixturevalue("documents_book")
    book = copy_book(documents_book, tmp_path_factory.mktemp("team") / "book.sqlite")
    rc, out, err = as_(book, "老板", "user", "add", "--name", "老板", "--role", "owner", "--password-stdin",
                       stdin=PASSWORDS["老板"] + "\n")
    assert rc == 0, err
    assert "老板、管理员" in out  # the first person is the administrator too
    for name, role in ((PREPARER, "sales"), ("李四", "accountant"), ("钱七", "cashier")):
        rc, _, err = as_(book, "老板", "user", "add", "--name", name, "--role", role, "--password-stdin",
                         stdin=PASSWORDS[name] + "\n")
        assert rc == 0, err
    return book


@pytest.fixture
def team(team_book, tmp_path):
    return copy_book(team_book, tmp_path / "team.sqlite")


def test_a_book_with_people_lists_them_with_chinese_roles(team_book, tmp_path):
    rc, out, err = as_(team_book, "李四", "user", "list", "--out", tmp_path / "u.json")
    assert rc == 0, err
    rows = json.loads((tmp_path / "u.json").read_text(encoding="utf-8"))["users"]
    assert [(r["name"], r["roles"], r["role_names"]) for r in rows] == [
        ("老板", ["owner", "admin"], "老板、管理员"), (PREPARER, ["sales"], "业务员"),
        ("李四", ["accountant"], "会计"), ("钱七", ["cashier"], "出纳")]
    hashes = query(team_book, "SELECT password_hash FROM users")
    assert all(h.startswith("$argon2id$") for (h,) in hashes)
    assert not any(p in h for (h,) in hashes for p in PASSWORDS.values())


def test_without_a_password_the_command_is_refused_and_says_how(team):
    before = snapshot(team)
    rc, _, err = as_(team, "李四", "post", "--period", "2026-11", password="")  # no password, no terminal
    assert rc == 2
    assert "ZHANGFANG_PASSWORD" in errors(err)[0]
    assert snapshot(team) == before


def test_a_salesperson_saves_an_order_but_cannot_post(team, tmp_path):
    order = write_json(tmp_path / "so.json", doc({"type": "sales_order", "no": "SO-0002", "date": "2026-11-10",
                                                   "customer": "C001", "lines": [{"item": "A001", "qty": "5",
                                                                                  "price": "1130.00"}]}))
    rc, out, err = as_(team, PREPARER, "import", order)
    assert rc == 0, err
    assert query(team, "SELECT no FROM documents WHERE no = 'SO-0002'") == [("SO-0002",)]
    before = snapshot(team)
    rc, _, err = as_(team, PREPARER, "post", "--period", "2026-11")
    assert rc == 2
    assert errors(err) == ["error: 张三（业务员）无权过账 (post)；可以做这件事的角色：会计、会计主管、老板"]
    assert snapshot(team) == before
    assert log_rows(team)[-1][1:4] == (PREPARER, "refused", "post")  # the refusal itself is logged
    # nor may a salesperson ship: the file is refused before anything is written
    ship = write_json(tmp_path / "out.json", doc({"type": "outbound", "no": "OUT-0009", "date": "2026-11-11",
                                                   "order": "SO-0002", "warehouse": "W01",
                                                   "lines": [{"item": "A001", "qty": "1"}]}))
    rc, _, err = as_(team, PREPARER, "import", ship)
    assert rc == 2 and "无权保存销售出库 (save.outbound)；可以做这件事的角色：仓管、老板" in err
    assert snapshot(team) == before


def test_the_accountant_reviews_and_posts_someone_elses_vouchers(team):
    rc, out, err = as_(team, "李四", "post", "--period", "2026-11")
    assert rc == 0, err
    assert query(team, "SELECT DISTINCT status, preparer, reviewer, poster FROM vouchers") == [
        ("posted", PREPARER, "李四", "李四")]
    assert [r[2] for r in log_rows(team)[-2:]] == ["login", "post"]


def test_a_wrong_password_exits_2_changes_nothing_and_is_logged(team):
    before = snapshot(team)
    rc, out, err = as_(team, "李四", "post", "--period", "2026-11", password="guess")
    assert rc == 2
    assert errors(err) == ["error: 用户名或密码错误 (wrong name or password)"]
    assert snapshot(team)["vouchers"] == before["vouchers"]
    assert log_rows(team)[-1][1:3] == ("李四", "login_failed")
    rc, _, err = as_(team, "无名氏", "check", password="x")  # an unknown name reads the same
    assert rc == 2 and errors(err) == ["error: 用户名或密码错误 (wrong name or password)"]


def test_five_failures_in_a_row_lock_the_name_for_a_minute(team):
    for _ in range(5):
        assert as_(team, "钱七", "check", password="nope")[0] == 2
    rc, _, err = as_(team, "钱七", "check")  # the right password, but locked
    assert rc == 2 and "已被锁定" in err
    assert ("钱七", "user_locked") in [r[1:3] for r in log_rows(team)]
    assert query(team, "SELECT locked_until IS NOT NULL FROM users WHERE name = '钱七'") == [(1,)]


def test_a_disabled_person_cannot_log_in_and_only_an_administrator_disables(team):
    rc, _, err = as_(team, "李四", "user", "disable", "--name", "钱七")
    assert rc == 2 and "管理用户与权限 (users)" in err and "管理员" in err
    assert as_(team, "老板", "user", "disable", "--name", "钱七")[0] == 0
    rc, _, err = as_(team, "钱七", "check")
    assert rc == 2 and "已停用" in err
    rc, _, err = as_(team, "老板", "user", "disable", "--name", "老板")
    assert rc == 2 and "last administrator" in err


def test_roles_and_passwords_change_and_are_logged_with_before_and_after(team, tmp_path):
    assert as_(team, "老板", "user", "roles", "--name", "钱七", "--role", "cashier,accountant")[0] == 0
    rc, _, err = as_(team, "钱七", "user", "passwd", "--name", "钱七", "--password-stdin", stdin="new-cash-pw\n")
    assert rc == 0, err
    assert as_(team, "钱七", "check", password="new-cash-pw")[0] == 0
    rc, _, err = as_(team, "老板", "log", "--action", "user_roles", "--format", "json", "--out", tmp_path / "l.json")
    assert rc == 0, err
    entry, = json.loads((tmp_path / "l.json").read_text(encoding="utf-8"))["entries"]
    assert (entry["user"], entry["record"], entry["before"], entry["after"]) == (
        "老板", "user 钱七", {"roles": ["cashier"]}, {"roles": ["cashier", "accountant"]})


def test_the_lone_person_is_told_about_the_review_setting_and_can_turn_it_off(documents_book, tmp_path):
    book = copy_book(documents_book, tmp_path / "lone.sqlite")
    PASSWORDS["张三"] = PASSWORDS[PREPARER]
    assert as_(book, PREPARER, "user", "add", "--name", PREPARER, "--role", "accountant", "--password-stdin",
               stdin=PASSWORDS[PREPARER] + "\n")[0] == 0
    rc, _, err = as_(book, PREPARER, "post", "--period", "2026-11")
    assert rc == 2 and "user review-by-other off" in err and "制单人与审核人不能为同一人" in err
    assert as_(book, PREPARER, "user", "review-by-other", "off")[0] == 0
    assert as_(book, PREPARER, "post", "--period", "2026-11")[0] == 0
    assert query(book, "SELECT DISTINCT status, preparer, reviewer FROM vouchers") == [("posted", PREPARER, PREPARER)]


def _broken(book, statements):
    for sql in statements:  # behind the product's back, on either engine
        engines.execute(book, sql)
    return as_(book, "老板", "check")


@pytest.mark.parametrize("how, words", [
    ("alter", "its content was changed"),
    ("delete", "is missing (deleted)"),
    ("insert", "has no place in the chain"),
    ("delete_last", "is missing (deleted)"),  # the login of `check` itself follows it
    ("forge", "does not follow the entry before it"),
])
def test_a_log_row_changed_deleted_or_slipped_in_makes_check_exit_3(team, how, words):
    assert as_(team, "老板", "check")[0] == 0
    changes = {
        "alter": ["UPDATE audit_log SET \"user\" = '别人' WHERE seq = 2"],
        "delete": ["DELETE FROM audit_log WHERE seq = 2"],
        "insert": ["INSERT INTO audit_log (at, \"user\", action, detail) "
                   "VALUES ('2026-11-30 10:00:00', '老板', 'post', 'nothing to see')"],
        "delete_last": ["DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"],
        "forge": ["UPDATE audit_log SET seq = -1 WHERE seq = 2",  # two entries swapped
                  "UPDATE audit_log SET seq = 2 WHERE seq = 3",
                  "UPDATE audit_log SET seq = 3 WHERE seq = -1"],
    }
    rc, out, err = _broken(team, changes[how])
    assert rc == 3, out + err
    line = next(x for x in out.splitlines() if "operation log" in x)
    assert line.startswith("FAIL")
    assert words in out


def test_the_log_is_written_as_json_xlsx_and_pdf_and_searched(team, tmp_path):
    as_(team, "李四", "post", "--period", "2026-11")
    today = str(query(team, "SELECT max(at) FROM audit_log")[0][0])[:10]
    rc, out, err = as_(team, "老板", "log", "--from", today, "--to", today, "--by", "李四", "--action", "post",
                       "--format", "json", "--out", tmp_path / "log.json")
    assert rc == 0, err
    entries = json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["user"], e["action"], e["action_name"]) for e in entries] == [("李四", "post", "过账")]
    assert "2026-11" in entries[0]["detail"]
    for fmt in ("xlsx", "pdf"):
        rc, _, err = as_(team, "老板", "log", "--all", "--format", fmt, "--out", tmp_path / f"log.{fmt}")
        assert rc == 0, err
    from openpyxl import load_workbook
    ws = load_workbook(tmp_path / "log.xlsx").active
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "操作人" in cells and "李四" in cells and "过账" in cells and "新增用户" in cells
    assert (tmp_path / "log.pdf").read_bytes().startswith(b"%PDF")
    rc, _, err = as_(team, PREPARER, "log", "--format", "json", "--out", tmp_path / "no.json")  # sales may not
    assert rc == 2 and "查看操作日志 (log)" in err


def test_log_user_is_that_persons_own_log_as_the_contract_says(team, tmp_path):
    """INTERCHANGE.md: `log [--user NAME]` writes NAME's entries; `--by` another's, `--all` everyone's."""
    rc, _, err = as_(team, "李四", "post", "--period", "2026-11")
    assert rc == 0, err
    as_(team, "老板", "user", "roles", "--name", "李四", "--role", "supervisor")  # 李四 may now read the log

    def users_in(*args):
        out = tmp_path / "l.json"
        rc, _, err = as_(team, *args, "--format", "json", "--out", out)
        assert rc == 0, err
        return {e["user"] for e in json.loads(out.read_text(encoding="utf-8"))["entries"]}
    assert users_in("李四", "log") == {"李四"}
    assert users_in("老板", "log") == {"老板"}
    assert users_in("老板", "log", "--by", "李四") == {"李四"}
    assert {"老板", "李四"} <= users_in("老板", "log", "--all")


def test_backup_needs_the_permission_and_is_logged(team, tmp_path):
    rc, _, err = as_(team, PREPARER, "backup", "--out", tmp_path / "copy.sqlite")
    assert rc == 2 and "备份与恢复 (backup)" in err and not (tmp_path / "copy.sqlite").exists()
    assert as_(team, "老板", "backup", "--out", tmp_path / "copy.sqlite")[0] == 0
    assert log_rows(team)[-1][1:3] == ("老板", "backup")



def _tasks(book, user, tmp_path, as_of="2027-01-31"):
    out = tmp_path / f"tasks-{user}.json"
    rc, _, err = as_(book, user, "tasks", "--as-of", as_of, "--format", "json", "--out", out)
    assert rc == 0, err
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_cashiers_inbox_lists_the_bank_lines_to_match(team, tmp_path):
    statement = write_json(tmp_path / "bank.json", doc({"type": "bank_statement", "account": "1002", "lines": [
        {"date": "2026-11-25", "amount": "20000.00", "counterparty": "华东机电有限公司", "bank_ref": "B001"}]}))
    rc, _, err = as_(team, "钱七", "import", statement)
    assert rc == 0, err
    data = _tasks(team, "钱七", tmp_path)
    lines = [t for t in data["tasks"] if t["kind"] == "bank_line_to_match"]
    assert [(t["role_name"], t["subject"], t["page"]) for t in lines] == [
        ("出纳", {"type": "bank_line", "no": "B001"}, "matching")]
    assert "20,000.00" in lines[0]["message"] and "华东机电有限公司" in lines[0]["message"]
    assert {t["role"] for t in data["tasks"]} == {"cashier"}
    # the task is gone once anyone does the work
    rc, _, err = as_(team, "钱七", "match", "--account", "1002", "--accept", "--format", "json",
                     "--out", tmp_path / "m.json")
    assert rc == 0, err
    if query(team, "SELECT status FROM bank_lines") != [("unprocessed",)]:
        assert not [t for t in _tasks(team, "钱七", tmp_path)["tasks"] if t["kind"] == "bank_line_to_match"]


def test_each_role_sees_its_own_work_and_the_owner_the_exceptions(team, tmp_path):
    warehouse = _tasks(team, "老板", tmp_path)
    kinds = {t["kind"] for t in warehouse["tasks"]}
    assert kinds == {"exception"}  # the owner watches the exceptions
    assert {t["subject"]["no"] for t in warehouse["tasks"]} >= {"SO-0001", "INV-0001"}
    accountant = _tasks(team, "李四", tmp_path)
    assert accountant["counts"] == {"voucher_to_review": 3}
    assert all("制单：张三" in t["message"] for t in accountant["tasks"])
    assert as_(team, "李四", "post", "--period", "2026-11")[0] == 0
    assert _tasks(team, "李四", tmp_path)["counts"] == {}


def test_sales_sees_no_cost_and_the_accountant_does(team, tmp_path):
    args = ("report", "stock", "--from", "2026-11", "--to", "2026-11", "--format", "json", "--out", tmp_path / "s.json")
    rc, _, err = as_(team, PREPARER, *args)
    assert rc == 2 and errors(err) == ["error: 张三（业务员）无权查看成本与毛利 (see_cost)；"
                                       "可以做这件事的角色：仓管、采购、会计、会计主管、老板"]
    assert not (tmp_path / "s.json").exists()
    assert as_(team, "李四", *args)[0] == 0
