"""Backups: daily and rotated, listed, and restored only from a file that is a whole library."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from reliability_support import ROOT
from sqlalchemy import text

from sourcebox.config import load_settings
from sourcebox.db import backups, schema
from sourcebox.db.engine import Library, make_engine, open_library
from sourcebox.errors import ConfigError, LibraryError
from sourcebox.services import library as library_service
from sourcebox.services.works import tag_work

FIXTURES = ROOT / "tests" / "fixtures" / "schemas"


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _keys(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT key FROM works ORDER BY key")]


def _backups(folder: Path, kind: str) -> list[Path]:
    return sorted(folder.glob(f"*-{kind}.db"))


def test_the_first_open_of_a_day_makes_a_daily_backup_and_the_last_n_are_kept(tmp_path, sb):
    db, folder = tmp_path / "lib.db", tmp_path / "home" / "backups"
    sb("--db", str(db), "demo")
    (daily,) = _backups(folder, "daily")
    assert _keys(daily) == []  # taken at the first open, before the demo was added
    sb("--db", str(db), "list")
    assert _backups(folder, "daily") == [daily]  # once a day
    start = datetime.now(UTC)
    for day in range(1, 10):
        made = backups.daily_backup(db, folder, keep=7, now=start + timedelta(days=day))
        assert made is not None and len(_keys(made)) == 23
        assert backups.daily_backup(db, folder, keep=7, now=start + timedelta(days=day)) is None
    kept = backups.list_backups(db, folder, "daily")
    assert len(kept) == 7 and daily not in [b.path for b in kept]
    assert [b.taken_at.date() for b in kept] == [
        (start + timedelta(days=day)).astimezone().date() for day in range(3, 10)
    ]


def test_daily_backups_can_be_turned_off(tmp_path, sb, monkeypatch):
    monkeypatch.setenv("SOURCEBOX_BACKUPS_DAILY", "0")
    sb("--db", str(tmp_path / "lib.db"), "demo")
    assert not (tmp_path / "home" / "backups").exists()
    monkeypatch.setenv("SOURCEBOX_BACKUPS_DAILY", "-1")
    result = sb("--db", str(tmp_path / "lib.db"), "list", ok=False)
    assert result.exit_code == 1 and "backups_daily must be 0 or more" in result.stderr


def test_two_libraries_with_one_name_keep_apart_backups(tmp_path, sb):
    one, two = tmp_path / "a" / "library.db", tmp_path / "b" / "library.db"
    sb("--db", str(one), "demo")
    sb("--db", str(two), "list")
    folder = tmp_path / "home" / "backups"
    assert len(_backups(folder, "daily")) == 2
    assert backups.backup_prefix(one) != backups.backup_prefix(two)
    for path in (one, two):
        assert len(backups.list_backups(path, folder, "daily")) == 1
        for _ in range(3):
            backups.timestamped_backup(path, folder, "pre-migrate", keep=2)
        assert len(backups.list_backups(path, folder, "pre-migrate")) == 2
    assert len(_backups(folder, "pre-migrate")) == 4  # rotation never touched the other's


def test_a_killed_backup_leaves_no_file_under_a_backup_name_and_its_partial_is_cleared(
    tmp_path, sb
):
    db, folder = tmp_path / "lib.db", tmp_path / "home" / "backups"
    sb("--db", str(db), "demo")
    stale = folder / (backups.backup_name(db, "daily") + ".partial")
    stale.write_bytes(b"half a copy")
    old = datetime.now().timestamp() - backups.STALE_PARTIAL_SECONDS - 5
    import os

    os.utime(stale, (old, old))
    assert all(b.path.suffix == ".db" for b in backups.list_backups(db, folder))
    backups.daily_backup(db, folder, keep=7, now=datetime.now(UTC) + timedelta(days=1))
    assert not stale.exists()


def test_db_backups_lists_every_kind_and_db_backup_is_rotated_never(tmp_path, sb):
    db = tmp_path / "lib.db"
    sb("--db", str(db), "demo")
    sb("--db", str(db), "db", "backup")
    sb("--db", str(db), "db", "backup")
    listed = json.loads(sb("--db", str(db), "db", "backups", "--json").stdout)
    assert [item["reason"] for item in listed] == ["daily", "manual", "manual"]
    assert all(Path(item["path"]).exists() and item["size_bytes"] > 0 for item in listed)
    assert "manual" in sb("--db", str(db), "db", "backups").stdout


def test_a_postgresql_library_is_sent_to_its_own_tools(tmp_path, sb):
    url = "postgresql+psycopg://someone@db.example/library"
    for args in (("db", "backups"), ("db", "restore", str(tmp_path / "x.db"))):
        result = sb("--db", url, *args, ok=False)
        assert result.exit_code == 1 and "pg_dump and pg_restore" in result.stderr
    library = Library(url=url, engine=make_engine("sqlite://"), path=None)
    with pytest.raises(LibraryError, match="pg_dump"):
        library_service.backup(library, None, tmp_path)


def _demo_with_backup(tmp_path: Path, sb) -> tuple[Path, Path]:
    db = tmp_path / "lib.db"
    sb("--db", str(db), "demo")
    out = sb("--db", str(db), "db", "backup", str(tmp_path / "saved.db")).stdout
    assert out.strip() == f"Backed up to {tmp_path / 'saved.db'}"
    sb("--db", str(db), "rm", "orwell1946politics", "--yes")
    sb("--db", str(db), "add", "--type", "book", "--title", "Added Later", "--author", "Lee, A")
    return db, tmp_path / "saved.db"


def test_restore_puts_the_backup_back_and_keeps_the_replaced_library(tmp_path, sb):
    db, saved = _demo_with_backup(tmp_path, sb)
    changed = _keys(db)
    result = sb("--db", str(db), "db", "restore", str(saved))
    assert _keys(db) == _keys(saved) and "orwell1946politics" in _keys(db)
    kept = backups.list_backups(db, tmp_path / "home" / "backups", "before-restore")
    assert len(kept) == 1 and _keys(kept[0].path) == changed
    assert f"Restored {db} from {saved} (23 works)." in result.stdout
    assert f"kept as {kept[0].path}" in result.stdout
    assert sb("--db", str(db), "db", "check").stdout.startswith("ok:")
    # By name from the backup folder, as 'db backups' lists it: undo the restore.
    data = json.loads(sb("--db", str(db), "db", "restore", kept[0].path.name, "--json").stdout)
    assert data["works"] == len(changed) and _keys(db) == changed
    assert "lee" in " ".join(sb("--db", str(db), "list", "added later").stdout.split())


def _not_a_library(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database\n" * 50)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    newer = tmp_path / "newer.db"
    shutil.copyfile(FIXTURES / f"library-{schema.REVISIONS[0]}.db", newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dfeed'")
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(FIXTURES / f"library-{schema.REVISIONS[0]}.db", damaged)
    with damaged.open("r+b") as handle:  # scribble over a page in the middle of the file
        handle.seek(damaged.stat().st_size // 2)
        handle.write(b"\xff" * 3000)
    return {
        "missing": (tmp_path / "nowhere.db", "there is no such file"),
        "text": (text_file, "it is not a SQLite database"),
        "foreign": (other, "not a sourcebox library"),
        "newer": (newer, "made by a newer sourcebox"),
        "damaged": (damaged, "damaged; pick another backup"),
    }


def test_restore_refuses_a_file_that_is_not_a_whole_library_and_changes_nothing(tmp_path, sb):
    db, _ = _demo_with_backup(tmp_path, sb)
    before = db.read_bytes()
    folder = tmp_path / "home" / "backups"
    for name, (path, reason) in _not_a_library(tmp_path).items():
        result = sb("--db", str(db), "db", "restore", str(path), ok=False)
        assert result.exit_code == 1, name
        assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1, name
        assert "Traceback" not in result.stderr
    result = sb("--db", str(db), "db", "restore", str(db), ok=False)
    assert "from itself" in result.stderr
    assert db.read_bytes() == before
    assert backups.list_backups(db, folder, "before-restore") == []


def test_restoring_an_older_library_upgrades_it(tmp_path, sb):
    db = tmp_path / "lib.db"
    sb("--db", str(db), "demo")
    old = FIXTURES / f"library-{schema.REVISIONS[0]}.db"
    copy = tmp_path / "old-backup.db"
    shutil.copyfile(old, copy)
    result = sb("--db", str(db), "db", "restore", str(copy))
    assert f"upgraded to revision {schema.HEAD}" in result.stdout
    expected = json.loads((FIXTURES / "expected.json").read_text())["works"]
    assert _keys(db) == sorted(expected)
    assert sb("--db", str(db), "db", "check").stdout.startswith("ok:")
    assert copy.read_bytes() == old.read_bytes()  # the source is only read


def test_a_library_sqlite_cannot_read_is_kept_byte_for_byte_and_replaced(tmp_path, sb):
    db, saved = _demo_with_backup(tmp_path, sb)
    garbage = b"\x00\x01 this was a library once " * 400
    db.write_bytes(garbage)
    assert sb("--db", str(db), "list", ok=False).exit_code == 1
    result = sb("--db", str(db), "db", "restore", str(saved))
    assert "The unreadable library was kept as" in result.stdout
    (kept,) = backups.list_backups(db, tmp_path / "home" / "backups", "before-restore")
    assert kept.path.read_bytes() == garbage
    assert _keys(db) == _keys(saved)


def test_restore_into_a_library_that_does_not_exist_yet(tmp_path, sb):
    _, saved = _demo_with_backup(tmp_path, sb)
    fresh = tmp_path / "new" / "lib.db"
    result = sb("--db", str(fresh), "db", "restore", str(saved))
    assert "kept as" not in result.stdout and _keys(fresh) == _keys(saved)


def test_restore_while_another_process_has_the_library_open(tmp_path, sb):
    db, saved = _demo_with_backup(tmp_path, sb)
    tui = open_library(_url(db), tmp_path / "backups")  # stands for the TUI, open throughout
    try:
        with tui.session(readonly=True) as session:
            assert session.execute(text("SELECT count(*) FROM works")).scalar() == 23
        settings = load_settings({"db": str(db)})
        library_service.restore(settings, saved)
        with tui.session() as session:  # the same connections, now on the restored library
            keys = session.execute(text("SELECT key FROM works ORDER BY key")).scalars().all()
            assert keys == _keys(saved)
            tag_work(session, "orwell1946politics", ["after-restore"], [])
        assert library_service.check(tui).ok
    finally:
        tui.close()
    assert "orwell1946politics" in sb("--db", str(db), "list", "tag:after-restore").stdout


def test_backup_settings_come_from_config_toml_and_bad_ones_are_refused(sourcebox_home):
    sourcebox_home.mkdir(parents=True, exist_ok=True)
    config = sourcebox_home / "config.toml"
    config.write_text("[backup]\nkeep = 3\ndaily = 2\n")
    settings = load_settings()
    assert (settings.backups_keep, settings.backups_daily) == (3, 2)
    assert settings.to_json()["backups_daily"] == 2
    assert settings.sources["backups_daily"].startswith("file ")
    config.write_text("[backup]\ndaily = true\n")
    with pytest.raises(ConfigError, match="backups_daily must be a whole number"):
        load_settings()


def test_an_in_memory_library_has_nothing_to_back_up(tmp_path):
    with pytest.raises(LibraryError, match="in-memory library has no file"):
        library_service.list_backups(load_settings({"db": "sqlite:///:memory:"}))


def test_db_backup_while_another_process_is_mid_write_copies_the_last_commit(tmp_path, sb):
    db = tmp_path / "lib.db"
    sb("--db", str(db), "demo")
    writer = open_library(_url(db), tmp_path / "backups")  # another process, mid-transaction
    try:
        with writer.session() as session:
            session.execute(text("DELETE FROM quotes"))
            # Same thread: were the backup to wait for this writer, it would never end.
            out = sb("--db", str(db), "db", "backup", str(tmp_path / "copy.db")).stdout
            session.rollback()
    finally:
        writer.close()
    assert out.startswith("Backed up to")
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM quotes").fetchone()[0] > 0
