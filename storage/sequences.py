"""Taking the next number of a sequence (vouchers per period and word, documents per type and month)
under a lock, so two writers can never both take the same number.

On SQLite a write unit already holds the database's write lock (BEGIN IMMEDIATE, storage/db.py),
so max()+1 is safe as it is. On PostgreSQL writers run side by side: a transaction-scoped advisory
lock on the sequence's name makes the second writer wait until the first commits, after which its
max()+1 sees the first one's number.
"""
from __future__ import annotations

from storage.dialects import lock_sequence  # the engines differ here; storage/dialects.py chooses

__all__ = ["lock_sequence"]
