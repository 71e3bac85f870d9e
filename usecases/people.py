"""People of a book (issue 26): adding them, their roles and passwords, disabling them, and
logging in. Passwords are kept only as argon2id hashes. Five failed logins in a row lock a name
for a minute. Every change and every login, failed or not, goes to the operation log.

The first person added to a book is its administrator (管理员) and needs no login: until then the
book has no people and behaves as it always did.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from domain.errors import Problem, Rejected
from domain.messages import Message
from domain.people import ROLES, parse_roles, role_names
from storage import oplog
from storage.book import Book
from storage.models import User
from usecases.access import check, people

# OWASP's argon2id floor (19 MiB, 2 passes): a login costs tens of milliseconds, a guess as much.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
LOCK_AFTER, LOCK_FOR = 5, dt.timedelta(minutes=1)
MIN_PASSWORD = 6
WRONG = "用户名或密码错误 (wrong name or password)"


@dataclass(frozen=True)
class PersonRow:
    name: str
    roles: tuple[str, ...]
    disabled: bool

    @property
    def role_names(self) -> str:
        return role_names(self.roles)

    def as_json(self) -> dict:
        return {"name": self.name, "roles": list(self.roles), "role_names": self.role_names,
                "disabled": self.disabled}


def has_people(book: Book) -> bool:
    return bool(people(book))


def list_people(book: Book) -> list[PersonRow]:
    rows = book.session.scalars(select(User).order_by(User.id))
    return [PersonRow(u.name, tuple(r for r in u.roles.split(",") if r), u.disabled) for u in rows]


def _password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise Rejected(Problem("password", f"at least {MIN_PASSWORD} characters (密码至少 {MIN_PASSWORD} 位)"))
    return _HASHER.hash(password)


def _roles(text: str | tuple[str, ...]) -> tuple[str, ...]:
    try:
        return parse_roles(text)
    except ValueError as e:
        raise Rejected(Problem("field 'role'", e.args[0] if e.args else str(e))) from None


def _person(book: Book, name: str) -> User:
    u = book.session.scalar(select(User).where(User.name == name))
    if u is None:
        raise Rejected(Problem("field 'user'", Message("not_a_person", name=name)))
    return u


def add_person(book: Book, name: str, roles: str | tuple[str, ...], password: str) -> PersonRow:
    """A new person. The first one becomes the administrator as well, whoever runs the command."""
    name = name.strip()
    if not name or len(name) > 64:
        raise Rejected(Problem("field 'user'", Message("name_length")))
    codes = _roles(roles)
    first = not has_people(book)
    if not first:
        check(book, "users")
    digest = _password(password)
    if first and "admin" not in codes:
        codes = tuple(r for r in ROLES if r in {*codes, "admin"})
    with book.unit():
        if book.session.scalar(select(User.id).where(User.name == name)) is not None:
            raise Rejected(Problem("field 'user'", Message("already_exists", what="user", code=name)))
        book.session.add(User(name=name, roles=",".join(codes), password_hash=digest, disabled=False,
                              failed_logins=0, created_at=dt.datetime.now()))
        oplog.append(book, "user_add", record=f"user {name}", after={"roles": list(codes)})
        book.unpin(("people",))
    return PersonRow(name, codes, False)


def set_roles(book: Book, name: str, roles: str | tuple[str, ...]) -> PersonRow:
    check(book, "users")
    codes = _roles(roles)
    with book.unit():
        u = _person(book, name)
        before = u.roles.split(",")
        if "admin" in before and "admin" not in codes:
            _keep_an_admin(book, u)
        u.roles = ",".join(codes)
        oplog.append(book, "user_roles", record=f"user {name}", before={"roles": before},
                     after={"roles": list(codes)})
        book.unpin(("people",))
        return PersonRow(u.name, codes, u.disabled)


def set_password(book: Book, name: str, password: str) -> None:
    """A person changes their own password; an administrator resets anyone's."""
    if name != book.user:
        check(book, "users")
    digest = _password(password)
    with book.unit():
        u = _person(book, name)
        u.password_hash, u.failed_logins, u.locked_until = digest, 0, None
        oplog.append(book, "user_passwd", record=f"user {name}")


def set_disabled(book: Book, name: str, disabled: bool = True) -> None:
    check(book, "users")
    with book.unit():
        u = _person(book, name)
        if disabled and "admin" in u.roles.split(","):
            _keep_an_admin(book, u)
        u.disabled = disabled
        oplog.append(book, "user_disable" if disabled else "user_enable", record=f"user {name}",
                     before={"disabled": not disabled}, after={"disabled": disabled})
        book.unpin(("people",))


def _keep_an_admin(book: Book, leaving: User) -> None:
    others = [u for u in book.session.scalars(select(User).where(User.id != leaving.id))
              if not u.disabled and "admin" in u.roles.split(",")]
    if not others:
        raise Rejected(Problem("name", f"{leaving.name} is the last administrator (管理员); "
                                       "make someone else an administrator first"))


def authenticate(book: Book, name: str, password: str, *, via: str = "") -> None:
    """Let `name` in, or refuse with one line (logged either way). A book without people lets
    everyone in. Call it outside a unit of work: what it logs is committed even on refusal."""
    if not has_people(book):
        return
    now = dt.datetime.now().replace(microsecond=0)
    u = book.session.scalar(select(User).where(User.name == name))
    if u is None:
        oplog.append_now(book, "login_failed", user=name, record=f"user {name}", detail=f"unknown name {via}".strip())
        raise Rejected(WRONG)
    if u.locked_until is not None and u.locked_until > now:
        seconds = int((u.locked_until - now).total_seconds()) + 1
        oplog.append_now(book, "login_failed", user=name, record=f"user {name}", detail=f"locked {via}".strip())
        raise Rejected(f"{name} 已被锁定：连续 {LOCK_AFTER} 次密码错误，请 {seconds} 秒后再试 (locked)")
    try:
        ok = _HASHER.verify(u.password_hash, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        with book.unit():
            u.failed_logins += 1
            oplog.append(book, "login_failed", user=name, record=f"user {name}",
                         detail=f"failure {u.failed_logins} in a row {via}".strip())
            if u.failed_logins >= LOCK_AFTER:
                u.failed_logins, u.locked_until = 0, now + LOCK_FOR
                oplog.append(book, "user_locked", user=name, record=f"user {name}",
                             detail=f"{LOCK_AFTER} failed logins in a row: locked until {u.locked_until}")
        raise Rejected(WRONG)
    if u.disabled:
        oplog.append_now(book, "login_failed", user=name, record=f"user {name}", detail=f"disabled {via}".strip())
        raise Rejected(f"{name} 已停用 (disabled)；请联系管理员")
    with book.unit():
        u.failed_logins, u.locked_until = 0, None
        oplog.append(book, "login", user=name, record=f"user {name}", detail=via)


def logout(book: Book, *, via: str = "") -> None:
    if has_people(book):
        oplog.append_now(book, "logout", record=f"user {book.user}", detail=via)
