"""Shared fixtures: every test gets its own SOURCEBOX_HOME, so no test touches a real library.

With ``SOURCEBOX_TEST_PG_URL`` set (a PostgreSQL URL, such as
``postgresql+psycopg://sourcebox:sourcebox@127.0.0.1/sourcebox_test``), every test's
library lives in a fresh PostgreSQL schema of that database instead of a SQLite
file: ``SOURCEBOX_DB``, the ``library`` fixture and ``library_url`` all point
there (the URL sets ``search_path``). Tests about SQLite files (backups, restore,
crashes, locking) are marked ``sqlite_only`` and skip with a reason; tests marked
``postgresql`` run only then.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, create_engine, make_url, text

from sourcebox.cli import cli
from sourcebox.db.engine import Library, open_library

# Read before any test runs: the autouse fixture below clears every SOURCEBOX_* variable.
PG_URL = os.environ.get("SOURCEBOX_TEST_PG_URL", "")
SCHEMA_PREFIX = "sbtest_"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): about SQLite files; skipped on the PostgreSQL run"
    )
    config.addinivalue_line(
        "markers", "postgresql: needs SOURCEBOX_TEST_PG_URL; skipped without it"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        sqlite_only = item.get_closest_marker("sqlite_only")
        if PG_URL and sqlite_only is not None:
            reason = sqlite_only.args[0] if sqlite_only.args else "a SQLite file test"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
        if not PG_URL and item.get_closest_marker("postgresql") is not None:
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL: set SOURCEBOX_TEST_PG_URL to a database")
            )


_admin: Engine | None = None


def pg_admin() -> Engine:
    """One engine on the test database, for making and dropping the tests' schemas."""
    global _admin
    if _admin is None:
        _admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT", pool_size=1)
    return _admin


def pg_schema_url(schema: str) -> str:
    """The test database's URL with ``search_path`` set to ``schema``."""
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _create_schema() -> str:
    schema = SCHEMA_PREFIX + uuid.uuid4().hex[:12]
    with pg_admin().connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    return schema


def _drop_schema(schema: str) -> None:
    with pg_admin().connect() as connection:
        # A connection the test left inside a transaction would hold its locks for good.
        connection.execute(text("SET lock_timeout = '20s'"))
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL of a fresh, empty PostgreSQL schema, dropped after the test."""
    if not PG_URL:
        pytest.skip("needs PostgreSQL: set SOURCEBOX_TEST_PG_URL to a database")
    schema = _create_schema()
    yield pg_schema_url(schema)
    _drop_schema(schema)


@pytest.fixture(scope="module")
def module_library_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Like ``library_url``, for a library that a whole test module shares."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('shared') / 'lib.db'}"
        return
    schema = _create_schema()
    yield pg_schema_url(schema)
    _drop_schema(schema)


@pytest.fixture
def library_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The URL of this test's library: a SQLite file, or a PostgreSQL schema on the PG run."""
    if PG_URL:
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'lib.db'}"


@pytest.fixture(autouse=True)
def sourcebox_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Path:
    home = tmp_path / "home"
    for name in list(os.environ):
        if name.startswith("SOURCEBOX_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SOURCEBOX_HOME", str(home))
    if PG_URL and request.node.get_closest_marker("sqlite_only") is None:
        monkeypatch.setenv("SOURCEBOX_DB", str(request.getfixturevalue("library_url")))
    return home


@pytest.fixture
def home_db_url(sourcebox_home: Path) -> str:
    """The URL of the CLI's default library in this test: ``SOURCEBOX_DB``, else under home."""
    return os.environ.get("SOURCEBOX_DB") or f"sqlite:///{sourcebox_home / 'library.db'}"


@pytest.fixture
def library(library_url: str, tmp_path: Path) -> Iterator[Library]:
    lib = open_library(library_url, tmp_path / "backups")
    yield lib
    lib.close()


class Sourcebox:
    """Runs the CLI in-process on the test's library, like a user at a shell."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, ok: bool = True) -> Result:
        result = self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, (result.output, result.stderr)
        return result


@pytest.fixture
def sb() -> Sourcebox:
    return Sourcebox()
