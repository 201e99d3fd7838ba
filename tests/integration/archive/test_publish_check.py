"""publish-check: one report on keys, fields, snapshots and live links; exit 0 only when ready."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sourcebox.db import repository as repo
from sourcebox.db.engine import open_library
from sourcebox.db.models import WorkRow
from sourcebox.domain.model import Snapshot


def _prepare(sb, website, home_db_url, tmp_path):
    for key, path in (("alive", "/ok"), ("gone", "/gone"), ("unarchived", "/moved")):
        sb(
            "add",
            "--type",
            "webpage",
            "--key",
            key,
            "--title",
            key.title(),
            "--url",
            website.url(path),
        )
    lib = open_library(home_db_url, tmp_path / "b")
    try:
        with lib.session() as session:
            for key, age in (("alive", 3), ("gone", 400)):
                url = repo.get_row(session, key).url
                repo.add_snapshot(session, key, Snapshot(
                    url=url, archive_url=f"https://web.archive.org/web/20240101000000/{url}",
                    captured_at=datetime.now(UTC) - timedelta(days=age), status="confirmed",
                ))  # fmt: skip
            # A chapter without its book, as an old import could have left it.
            session.add(WorkRow(key="chap", type="chapter", title="A Chapter", extra={}))
    finally:
        lib.close()


def test_the_report_names_every_problem(sb, website, home_db_url, tmp_path):
    _prepare(sb, website, home_db_url, tmp_path)
    essay = tmp_path / "essay.md"
    essay.write_text(
        "A.[@alive] B.[@gone] C.[@unarchived] D.[@chap] E.[@alivee]\n"
        f"Also [a page]({website.url('/not-found')}).\n"
    )
    result = sb("publish-check", str(essay), "--max-age", "30d", "--json", ok=False)
    assert result.exit_code == 1 and "not ready to publish" in result.stderr
    report = json.loads(result.stdout)
    assert report["ready"] is False and report["works"] == 4
    assert report["unknown_keys"] == [
        {"key": "alivee", "line": 1, "column": 51, "suggestion": "alive"}
    ]
    assert report["incomplete"] == [
        {"key": "chap", "problem": "container_title '': a chapter needs a container_title"}
    ]
    why = {row["key"]: row["why"] for row in report["unarchived"]}
    assert why["unarchived"] == "no snapshot" and why["gone"].startswith("snapshot 40")
    dead = {row["url"]: row for row in report["dead"]}
    assert dead[website.url("/gone")]["state"] == "dead (410)"
    assert dead[website.url("/gone")]["archived_copy"].startswith("https://web.archive.org/")
    assert dead[website.url("/not-found")]["archived_copy"] == ""
    text = sb("publish-check", str(essay), ok=False).stdout
    assert "Unknown keys (1):" in text and "run 'sourcebox archive unarchived'" in text


def test_a_ready_manuscript_passes(sb, website, home_db_url, tmp_path):
    _prepare(sb, website, home_db_url, tmp_path)
    essay = tmp_path / "ready.md"
    essay.write_text(f"Fine.[@alive] See <{website.url('/ok')}>.\n")
    out = sb("publish-check", str(essay)).stdout
    assert out.strip().endswith("Ready to publish.")
