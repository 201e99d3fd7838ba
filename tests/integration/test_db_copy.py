"""db copy: a whole library SQLite -> PostgreSQL -> SQLite, checked by counts and checksums."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sourcebox.db.engine import open_library
from sourcebox.domain.model import Creator, Quote, Work
from sourcebox.services.works import add_works


def _fill(path: Path, size: int) -> None:
    lib = open_library(f"sqlite:///{path}", path.parent / "backups")
    works = [
        Work(
            type=("book", "webpage", "report")[n % 3],
            key=f"w{n:05d}",
            title=f"Title {n} of the Ünïcode séries, part {n % 97}",
            creators=(Creator(family=f"Family{n % 211}", given="Given"),),
            tags=(f"tag{n % 13}",),
            url=f"https://example.org/{n}" if n % 3 == 1 else "",
            extra={"note-id": str(n)} if n % 5 == 0 else {},
            quotes=(Quote(text=f"quoted {n}", locator=str(n % 300)),) if n % 7 == 0 else (),
        )
        for n in range(size)
    ]
    with lib.session(info={"command": "test"}) as session:
        add_works(session, works)
    lib.close()


@pytest.mark.postgresql
def test_copy_sqlite_to_postgresql_and_back_gives_an_identical_export(sb, pg_url, tmp_path):
    first, back = tmp_path / "first.db", tmp_path / "back.db"
    _fill(first, 10_000)
    report = json.loads(sb("db", "copy", "--from", str(first), "--to", pg_url, "--json").stdout)
    works = next(t for t in report["tables"] if t["table"] == "works")
    assert works["target_rows"] == 10_000 and all(t["ok"] for t in report["tables"])
    assert "***" in report["to"] or "@" not in report["to"]  # no password printed

    refused = sb("db", "copy", "--from", str(first), "--to", pg_url, ok=False)
    assert refused.exit_code == 1 and "--force" in refused.stderr

    sb("db", "copy", "--from", pg_url, "--to", str(back))
    exports = []
    for where in (first, pg_url, back):
        out = tmp_path / f"export-{len(exports)}.json"
        sb("--db", str(where), "export", "--format", "csl-json", "-o", str(out))
        exports.append(out.read_bytes())
    assert exports[0] == exports[1] == exports[2]
    assert sb("--db", pg_url, "list", "séries", "--limit", "3").stdout.count("\n") == 3
    # The copy's id sequences were moved on: a new work gets a fresh id.
    sb("--db", pg_url, "add", "--type", "book", "--title", "After the copy", "--author", "New, One")
    assert sb("--db", pg_url, "db", "check").stdout.startswith("ok:")
