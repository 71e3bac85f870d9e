"""tasks (issue 26): each piece of work waiting for a role, with when it appeared, when it was done
and by whom, so 流程任务完成率 can be measured. An existing book is filled from its state the first
time its tasks are brought up to date (usecases/task_store.py), each dated by its own business date.

Revision ID: 0016
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "tasks" in set(sa.inspect(op.get_bind()).get_table_names()):
        return
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("subject_type", sa.String(length=24), nullable=False),
        sa.Column("subject_no", sa.String(length=80), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("appeared_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    op.create_index("ix_tasks_open", "tasks", ["done_at"])
    op.create_index("ix_tasks_subject", "tasks", ["kind", "subject_no"])


def downgrade() -> None:
    op.drop_index("ix_tasks_subject", table_name="tasks")
    op.drop_index("ix_tasks_open", table_name="tasks")
    op.drop_table("tasks")
