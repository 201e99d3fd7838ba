"""Opening, migrating, checking and backing up real SQLite libraries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from sourcebox.db import schema
from sourcebox.db.engine import open_library
from sourcebox.errors import LibraryError
from sourcebox.services import library as library_service


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_revision_constants_match_the_scripts():
    scripts = ScriptDirectory.from_config(schema.alembic_config())
    assert scripts.get_heads() == [schema.HEAD]
    walked = [rev.revision for rev in scripts.walk_revisions()]
    assert tuple(reversed(walked)) == schema.REVISIONS


def test_blank_to_head_has_no_drift_and_steps_down_and_up(tmp_path):
    url = _url(tmp_path / "m.db")
    config = schema.alembic_config(url=url)
    command.upgrade(config, "head")
    command.check(config)  # raises if the models and the migrated schema differ
    down_to = schema.REVISIONS[-2] if len(schema.REVISIONS) > 1 else "base"
    command.downgrade(config, down_to)
    command.upgrade(config, "head")
    command.check(config)


def test_new_library_has_pragmas_and_search_index(tmp_path):
    lib = open_library(_url(tmp_path / "new" / "lib.db"), tmp_path / "backups")
    try:
        with lib.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
        assert "work_search" in names
        assert lib.migrated_from is None and lib.backup_path is None
    finally:
        lib.close()


def test_library_from_a_newer_sourcebox_is_refused(tmp_path):
    path = tmp_path / "lib.db"
    open_library(_url(path), tmp_path / "b").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dfeed'")
    with pytest.raises(LibraryError, match="newer sourcebox"):
        open_library(_url(path), tmp_path / "b")


def test_foreign_database_and_non_database_are_refused(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(LibraryError, match="not a sourcebox library"):
        open_library(_url(other), tmp_path / "b")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00\x01 not sqlite" * 20)
    with pytest.raises(LibraryError, match="not a SQLite database"):
        open_library(_url(junk), tmp_path / "b")


def _insert_minimal_work(conn: sqlite3.Connection, **values: str) -> None:
    """Insert a work into a library of any revision, filling every NOT NULL column."""
    row: dict[str, object] = {"type": "book", **values}
    for _, name, kind, notnull, default, primary in conn.execute("PRAGMA table_info(works)"):
        if notnull and not primary and default is None and name not in row:
            if "DATETIME" in kind.upper():
                row[name] = "2020-01-01 00:00:00"
            else:
                row[name] = "{}" if "JSON" in kind.upper() else ""
    names = ", ".join(f'"{n}"' for n in row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO works ({names}) VALUES ({marks})", list(row.values()))


@pytest.mark.parametrize("revision", schema.REVISIONS[:-1] or [None])
def test_older_library_is_backed_up_then_migrated_with_data_intact(tmp_path, revision):
    if revision is None:
        pytest.skip("there is no earlier schema revision yet")
    path = tmp_path / "old.db"
    config = schema.alembic_config(url=_url(path))
    command.upgrade(config, revision)
    with sqlite3.connect(path) as conn:
        _insert_minimal_work(conn, key="old2001", title="Old Work")
    lib = open_library(_url(path), tmp_path / "backups")
    try:
        assert lib.migrated_from == revision
        assert lib.backup_path is not None and lib.backup_path.exists()
        with lib.engine.connect() as conn:
            assert conn.execute(text("SELECT title FROM works")).scalar() == "Old Work"
    finally:
        lib.close()


def test_check_info_and_backup(tmp_path, sb):
    db = tmp_path / "lib.db"
    sb("--db", str(db), "demo")
    lib = open_library(_url(db), tmp_path / "backups")
    try:
        result = library_service.check(lib)
        assert result.ok, result.problems
        assert {"integrity", "foreign keys", "search index"} <= set(result.checks)
        info = library_service.info(lib)
        assert info["works"] >= 18 and info["revision"] == schema.HEAD
        copy = library_service.backup(lib, tmp_path / "copy.db", tmp_path / "backups")
        with sqlite3.connect(copy) as conn:
            assert conn.execute("SELECT count(*) FROM works").fetchone()[0] == info["works"]
        with pytest.raises(LibraryError, match="exists"):
            library_service.backup(lib, copy, tmp_path / "backups")
    finally:
        lib.close()


def test_db_check_finds_a_broken_foreign_key(tmp_path, sb):
    db = tmp_path / "lib.db"
    sb("--db", str(db), "demo")
    with sqlite3.connect(db) as conn:  # foreign keys are off in a bare sqlite3 connection
        conn.execute(
            "INSERT INTO quotes (work_id, locator, label, text, comment, created_at, updated_at)"
            " VALUES (99999, '', 'page', 'x', '', '2020-01-01', '2020-01-01')"
        )
    result = sb("--db", str(db), "db", "check", ok=False)
    assert result.exit_code == 1
    assert "foreign key: quotes" in result.stdout


@pytest.mark.sqlite_only("db backup copies a SQLite file")
def test_db_commands_from_the_cli(tmp_path, sb):
    sb("demo")
    assert "revision" in sb("db", "info").stdout
    assert sb("db", "check").stdout.startswith("ok:")
    assert "nothing to do" in sb("db", "upgrade").stdout
    out = sb("db", "backup").stdout
    backup = Path(out.split("Backed up to ", 1)[1].strip())
    assert backup.exists() and backup.parent.name == "backups"


def test_reindex_repairs_a_search_index_that_check_reports(tmp_path, sb):
    db = tmp_path / "lib.db"
    sb("--db", str(db), "demo")
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM work_search WHERE rowid IN (SELECT id FROM works LIMIT 3)")
    result = sb("--db", str(db), "db", "check", ok=False)
    assert "missing from the index" in result.stdout and "db reindex" in result.stderr
    assert "23 works" in sb("--db", str(db), "db", "reindex").stdout
    assert sb("--db", str(db), "db", "check").stdout.startswith("ok:")


def test_a_failed_migration_restores_the_backup_and_says_where_it_is(tmp_path):
    path = tmp_path / "old.db"
    command.upgrade(schema.alembic_config(url=_url(path)), "0001")
    with sqlite3.connect(path) as conn:
        _insert_minimal_work(conn, key="kept2001", title="Kept")
        conn.execute("CREATE TABLE link_checks (x)")  # makes revision 0002 fail
    with pytest.raises(LibraryError, match="restored from the backup") as caught:
        open_library(_url(path), tmp_path / "backups")
    backups = list((tmp_path / "backups").glob("old-*-pre-migrate.db"))
    assert len(backups) == 1 and str(backups[0]) in str(caught.value)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT key FROM works").fetchall() == [("kept2001",)]
