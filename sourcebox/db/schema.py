"""Schema revisions and migrations: where the scripts are, which revision is head.

``HEAD`` and ``REVISIONS`` are constants so that opening an up-to-date library
never imports Alembic (a test checks them against the scripts).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

#: Every revision, oldest first; the last is head.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006")
HEAD = REVISIONS[-1]


def migrations_dir() -> Path:
    """The Alembic scripts: inside the package in a wheel, at the top of a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "migrations", package.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise FileNotFoundError(f"no migrations directory next to {package}")


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config for the scripts, bound to a connection or a URL."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    """The library's revision; None for an empty database; '' for tables but no revision."""
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    if "alembic_version" not in tables:
        return "" if tables else None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else ""


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``connection``."""
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection, revision: str) -> None:
    """Run the migrations down to ``revision`` on ``connection``."""
    from alembic import command

    command.downgrade(alembic_config(connection), revision)
