"""The people of a book (issue 26): who may log in, with which roles. No rows: the book behaves as
before (everyone acts as the name they give)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String
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


class Task(Base):
    """A piece of work waiting for a role (issue 26), kept so the process can be measured: when it
    appeared, when it was done and by whom. Written in the transaction of the step that makes or
    finishes it (usecases/task_store.py); `done_at` empty while it waits."""

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_open", "done_at"), Index("ix_tasks_subject", "kind", "subject_no"))
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # order_to_ship, invoice_to_collect, voucher_to_review, …
    role: Mapped[str] = mapped_column(String(16))  # the role it waits for (domain/people.py ROLES)
    subject_type: Mapped[str] = mapped_column(String(24))  # the document, voucher, bank line or period
    subject_no: Mapped[str] = mapped_column(String(80))
    since: Mapped[dt.date | None]  # the business date the work became due (the document's date)
    appeared_at: Mapped[dt.datetime]
    done_at: Mapped[dt.datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(64))
