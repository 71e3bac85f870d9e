"""What went wrong underneath, in a person's words: a database or file error that is not a bug but a
circumstance — another writer holds the lock, the disk is full, the file is read-only or damaged.

The command line prints `error:` with it (exit 2, or EXIT_BUSY when trying again later will do) and
the window shows it beside 重试. Everything else stays "unexpected" (exit 1), as before.
"""
from __future__ import annotations

import errno
import sqlite3
from dataclasses import dataclass

# "Busy, try again": sysexits.h EX_TEMPFAIL, which schedulers and scripts already read as "retry".
EXIT_BUSY = 75

BUSY, FULL, READ_ONLY, DAMAGED, IO = "busy", "full", "read_only", "damaged", "io"


@dataclass(frozen=True)
class Failure:
    kind: str  # BUSY, FULL, READ_ONLY, DAMAGED, IO
    message: str  # Chinese, for a person

    @property
    def retry_later(self) -> bool:
        return self.kind == BUSY


_MESSAGES = {
    BUSY: "账套正被另一个人或另一个导入写入，等待后仍未轮到（忙，请稍后重试）；本次没有保存任何内容",
    FULL: "磁盘已满，未能写入；账套保持原样，请腾出磁盘空间后重试",
    READ_ONLY: "账套文件或其所在文件夹是只读的，不能写入；账套保持原样",
    DAMAGED: "账套文件已损坏，无法读取；请用 restore 从备份恢复",
    IO: "磁盘读写出错，未能完成；账套保持原样，请检查磁盘后重试",
}

# The same circumstances met by a file other than the book (a report's --out, a backup's folder).
_FILE_MESSAGES = {
    BUSY: "{file}：正被占用，请稍后重试",
    FULL: "{file}：磁盘已满，未能写入；请腾出磁盘空间后重试",
    READ_ONLY: "{file}：没有写入权限，或在只读的磁盘上",
    DAMAGED: "{file}：文件已损坏",
    IO: "{file}：磁盘读写出错，请检查磁盘后重试",
}

# Fragments of SQLite's (and PostgreSQL's) own messages, lower case, most specific first.
_TEXTS = (
    ("database is locked", BUSY), ("database table is locked", BUSY), ("database schema is locked", BUSY),
    ("lock timeout", BUSY), ("could not obtain lock", BUSY), ("deadlock detected", BUSY),
    ("database or disk is full", FULL), ("no space left", FULL), ("could not extend file", FULL),
    ("readonly database", READ_ONLY), ("read-only", READ_ONLY), ("read only", READ_ONLY),
    ("database disk image is malformed", DAMAGED), ("file is not a database", DAMAGED),
    ("disk i/o error", IO), ("unable to open database file", READ_ONLY),
)
_ERRNOS = {errno.ENOSPC: FULL, errno.EDQUOT: FULL, errno.EROFS: READ_ONLY, errno.EACCES: READ_ONLY,
           errno.EPERM: READ_ONLY, errno.EIO: IO}


def _causes(exc: BaseException):
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]


def explain(exc: BaseException) -> Failure | None:
    """The circumstance behind `exc` (looking through SQLAlchemy's wrapper and chained causes), or None."""
    for e in _causes(exc):
        if isinstance(e, OSError) and e.errno in _ERRNOS:
            kind = _ERRNOS[e.errno]
            return Failure(kind, _FILE_MESSAGES[kind].format(file=e.filename or "文件"))
        if isinstance(e, sqlite3.Error) or type(e).__module__.split(".")[0] in ("psycopg", "sqlalchemy"):
            text = str(e).lower()
            for fragment, kind in _TEXTS:
                if fragment in text:
                    return Failure(kind, _MESSAGES[kind])
    return None
