"""Libraries made at every earlier schema revision upgrade to head with their data intact.

The fixtures in tests/fixtures/schemas were made by make_fixtures.py there, one per
revision, all holding the same works; they are copied before use, never changed.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from reliability_support import ROOT

from sourcebox.db import schema
from sourcebox.db.engine import open_library
from sourcebox.errors import LibraryError
from sourcebox.services import library as library_service
from sourcebox.services.works import list_works

FIXTURES = ROOT / "tests" / "fixtures" / "schemas"
REVISIONS = sorted(p.stem.removeprefix("library-") for p in FIXTURES.glob("library-*.db"))


def _maker() -> Any:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table (but Alembic's and the search index's shadows): columns and sorted rows."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] != "alembic_version" and not r[0].startswith(("sqlite_", "work_search_"))
        ]
        found = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            if table == "work_search":
                columns = ["rowid", *columns]
            names = ", ".join(f'"{c}"' for c in columns)
            rows = conn.execute(f'SELECT {names} FROM "{table}"').fetchall()
            found[table] = (columns, sorted(rows, key=repr))
    return found


def test_every_earlier_revision_has_a_fixture_at_that_revision():
    assert set(schema.REVISIONS[:-1]) <= set(REVISIONS), (
        "make a fixture for the revision that stopped being head: "
        "tests/fixtures/schemas/make_fixtures.py --revisions NNNN"
    )
    for revision in REVISIONS:
        with sqlite3.connect(FIXTURES / f"library-{revision}.db") as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
            assert conn.execute("SELECT count(*) FROM works").fetchone()[0] >= 20


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_library_at_each_revision_upgrades_to_head_with_its_data_intact(tmp_path, revision):
    path = tmp_path / "library.db"
    shutil.copyfile(FIXTURES / f"library-{revision}.db", path)
    before = _rows(path)
    library = open_library(f"sqlite:///{path}", tmp_path / "backups")
    try:
        if revision != schema.HEAD:
            assert library.migrated_from == revision
            assert library.backup_path is not None and _rows(library.backup_path) == before
        result = library_service.check(library)
        assert result.ok, result.problems
        assert library_service.info(library)["revision"] == schema.HEAD
        assert _maker().expected(library) == json.loads((FIXTURES / "expected.json").read_text())
        with library.session(readonly=True) as session:
            found = [w.key for w in list_works(session, "treacherous alliance")]
            assert found == ["parsi2007treacherous"]  # the search index came through
    finally:
        library.close()
    after = _rows(path)
    for table, (columns, rows) in before.items():
        now_columns, now_rows = after[table]
        keep = [now_columns.index(c) for c in columns]
        assert sorted((tuple(r[i] for i in keep) for r in now_rows), key=repr) == rows, table


def test_a_migration_that_fails_restores_the_backup_and_says_where_it_is(tmp_path, sb):
    path = tmp_path / "library.db"
    shutil.copyfile(FIXTURES / f"library-{schema.REVISIONS[0]}.db", path)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE link_checks (x)")  # in the way of revision 0002
    before = _rows(path)
    result = sb("--db", str(path), "list", ok=False)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    (backup,) = (tmp_path / "home" / "backups").glob("library-*-pre-migrate.db")
    assert f"Migrating {path} from revision {schema.REVISIONS[0]} failed" in line
    assert f"The library was restored from the backup {backup}." in line
    assert _rows(path) == before == _rows(backup)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            schema.REVISIONS[0],
        )
    with pytest.raises(LibraryError, match="restored from the backup"):  # and again, the same
        open_library(f"sqlite:///{path}", tmp_path / "b2")
