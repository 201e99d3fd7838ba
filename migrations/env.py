"""Alembic environment: runs on the connection sourcebox hands over, or on sqlalchemy.url."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

from sourcebox.db.models import Base

config = context.config
target_metadata = Base.metadata

# Tables the models do not describe: the full-text index and its shadow tables.
UNMODELLED_PREFIXES = ("work_search",)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(UNMODELLED_PREFIXES))


def run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables.
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as conn:
        run(conn)
