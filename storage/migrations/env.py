"""Alembic environment: runs on the connection the book opener passes in (no alembic.ini)."""

from alembic import context

from storage.models import Base

config = context.config
connection = config.attributes.get("connection")


def run() -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead.
    context.configure(
        connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is None:
    raise RuntimeError("storage.migrations runs only through storage.db (pass a connection)")
run()
