"""The people of a book (issue 26): who may log in, with which roles. No rows: the book behaves as
before (everyone acts as the name they give)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    roles: Mapped[str] = mapped_column(String(200))  # stable codes, comma-separated (domain/people.py)
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, never the password
    disabled: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)  # in a row; five lock the name a minute
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
