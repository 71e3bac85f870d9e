"""Whether two books hold the same rows, id for id: every table compared in rowid order, the columns that
record when something happened (created_at, closed_at …) left out. A change to how posting writes must
leave the demo's book as it was; this is how that was checked (bench/README.md).

    .venv/bin/python -m bench.same_book before.sqlite after.sqlite     # exit 0 when the same, 1 when not
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

# When a row was written or a month closed: never the same in two runs.
MOMENTS = frozenset({"created_at", "closed_at", "imported_at", "posted_at", "reviewed_at", "at", "updated_at",
                     "resolved_at", "appeared_at", "done_at"})


def differences(a: sqlite3.Connection, b: sqlite3.Connection) -> list[str]:
    """One line per table whose rows differ (or that only one book has), naming the first row that does."""
    def tables(con: sqlite3.Connection) -> list[str]:
        return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name NOT LIKE 'sqlite%' AND name != 'alembic_version' ORDER BY name")]
    out = [f"{t}: only in the {side} book" for side, t in
           [("first", t) for t in sorted(set(tables(a)) - set(tables(b)))]
           + [("second", t) for t in sorted(set(tables(b)) - set(tables(a)))]]
    for table in sorted(set(tables(a)) & set(tables(b))):
        columns = [r[1] for r in a.execute(f'PRAGMA table_info("{table}")') if r[1] not in MOMENTS]
        listed = ", ".join(f'"{c}"' for c in columns)
        query = f'SELECT {listed} FROM "{table}" ORDER BY rowid'  # noqa: S608 - names read from the schema
        left, right = a.execute(query).fetchall(), b.execute(query).fetchall()
        if left != right:
            at = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right)))
            out.append(f"{table}: {len(left)} rows against {len(right)}, first difference at row {at + 1}: "
                       f"{left[at:at + 1]} against {right[at:at + 1]}"[:400])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.same_book", description=__doc__.splitlines()[0])
    parser.add_argument("first")
    parser.add_argument("second")
    args = parser.parse_args(argv)
    try:
        a, b = (sqlite3.connect(f"file:{Path(p).resolve().as_uri()[len('file:'):]}?mode=ro", uri=True)
                for p in (args.first, args.second))
        try:
            found = differences(a, b)
        finally:
            a.close()
            b.close()
    except sqlite3.Error as e:  # not there, not a database
        print(f"error: {args.first} or {args.second}: {e}", file=sys.stderr)
        return 2
    for line in found:
        print(line)
    print("same rows in every table" if not found else f"{len(found)} tables differ")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
