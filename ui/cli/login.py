"""The login every command does once a book has people (issue 26): below every command module,
since opening a book (ui/cli/commands.py _open) needs it and the people commands open books."""
from __future__ import annotations

import getpass
import os
import sys

from domain.errors import Rejected
from domain.messages import Message

PASSWORD_ENV = "ZHANGFANG_PASSWORD"


def login(book, command: str) -> None:
    """Once a book has people, the one acting proves who they are: the password from
    ZHANGFANG_PASSWORD, or asked for at a terminal. Refused: exit 2, logged, nothing done."""
    from usecases.people import authenticate, has_people
    if not has_people(book):
        return
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise Rejected(Message("login_needs_password", env=PASSWORD_ENV))
        password = getpass.getpass(f"{book.user} 的密码 (password): ")
    authenticate(book, book.user, password, via=f"cli {command}")
