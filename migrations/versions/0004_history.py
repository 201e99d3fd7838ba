"""History: every change to the library, with the works' states before and after.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 20:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("command", sa.String(length=60), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes")),
    )
    op.create_table(
        "change_works",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("key_before", sa.String(length=250), nullable=False),
        sa.Column("key_after", sa.String(length=250), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["change_id"],
            ["changes.id"],
            name=op.f("fk_change_works_change_id_changes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_works")),
    )
    with op.batch_alter_table("change_works", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_works_change_id"), ["change_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_works_work_id"), ["work_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_change_works_key_before"), ["key_before"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("change_works", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_works_key_before"))
        batch_op.drop_index(batch_op.f("ix_change_works_work_id"))
        batch_op.drop_index(batch_op.f("ix_change_works_change_id"))
    op.drop_table("change_works")
    op.drop_table("changes")
