"""PostgreSQL: user data in text columns without a length limit.

SQLite ignores the lengths of VARCHAR columns, so a tag of 300 characters or a
long locator read from a file is stored there; PostgreSQL refused the same
rows, so a library could not be imported into, or copied to, PostgreSQL. The
columns that hold what users and their files write become TEXT on PostgreSQL;
nothing changes on SQLite.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 22:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table, column, the length it had
COLUMNS = (
    ("works", "key", 250),
    ("works", "type", 40),
    ("work_creators", "role", 40),
    ("tags", "name", 200),
    ("quotes", "locator", 100),
    ("snapshots", "job_id", 200),
    ("change_works", "key_before", 250),
    ("change_works", "key_after", 250),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in COLUMNS:
        op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in COLUMNS:
        op.alter_column(table, column, type_=sa.String(length), existing_type=sa.Text())
