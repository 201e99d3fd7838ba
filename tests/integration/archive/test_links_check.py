"""links check against a real local web site: each state recorded, dead links flagged."""

from __future__ import annotations

import json

from sourcebox.db import repository as repo
from sourcebox.db.engine import open_library

PATHS = {
    "okpage": ("/ok", "ok", 200),
    "movedpage": ("/moved", "redirected", 200),
    "missingpage": ("/not-found", "dead", 404),
    "gonepage": ("/gone", "dead", 410),
    "noheadpage": ("/no-head", "ok", 200),
    "slowpage": ("/slow", "unreachable", None),
}


def _add_pages(sb, website):
    for key, (path, _, _) in PATHS.items():
        sb("add", "--type", "webpage", "--key", key, "--title", f"Page {key}",
           "--url", website.url(path))  # fmt: skip


def test_every_state_is_reported_and_recorded(sb, website, home_db_url, tmp_path):
    _add_pages(sb, website)
    result = sb("links", "check", "--all", "--timeout", "0.5", "--json", ok=False)
    assert result.exit_code == 1 and "3 of 6 links are dead or unreachable" in result.stderr
    found = {row["keys"][0]: row for row in json.loads(result.stdout)}
    for key, (_, status, code) in PATHS.items():
        assert (found[key]["status"], found[key]["http_status"]) == (status, code), key
    assert found["movedpage"]["final_url"] == website.url("/ok")
    assert ("GET", "/no-head") in website.log  # HEAD refused, then GET
    lib = open_library(home_db_url, tmp_path / "b")
    try:
        with lib.session() as session:
            dead = repo.urls_with_status(
                session, [website.url(p) for p, *_ in PATHS.values()], "dead"
            )
    finally:
        lib.close()
    assert dead == {website.url("/not-found"), website.url("/gone")}


def test_text_output_and_a_clean_run(sb, website):
    sb("add", "--type", "webpage", "--key", "fine", "--title", "Fine", "--url", website.url("/ok"))
    out = sb("links", "check", "fine").stdout
    assert out.startswith("ok") and "[fine]" in out


def test_manuscript_links_and_citations(sb, website, tmp_path):
    sb("add", "--type", "webpage", "--key", "cited", "--title", "C", "--url", website.url("/ok"))
    essay = tmp_path / "essay.md"
    essay.write_text(
        f"A claim.[@cited] See [this]({website.url('/gone')}) and {website.url('/moved')}.\n"
        f"`{website.url('/not-found')}` is code.\n"
    )
    result = sb("links", "check", "--manuscript", str(essay), "--json", ok=False)
    rows = {row["url"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {website.url("/ok"), website.url("/gone"), website.url("/moved")}
    assert rows[website.url("/ok")]["keys"] == ["cited"]
    assert rows[website.url("/gone")]["keys"] == []


def test_usage_and_nothing_to_check(sb):
    assert sb("links", "check", ok=False).exit_code == 2
    sb("add", "--type", "book", "--key", "nourl", "--title", "No URL")
    assert "No links to check" in sb("links", "check", "nourl").stderr


def test_snapshots_listing(sb, home_db_url, tmp_path):
    from datetime import UTC, datetime

    from sourcebox.domain.model import Snapshot

    sb("demo")
    assert json.loads(sb("snapshots", "--json").stdout) == []
    lib = open_library(home_db_url, tmp_path / "b")
    try:
        with lib.session() as session:
            url = repo.get_row(session, "graham2013do").url
            archived = f"https://web.archive.org/web/20250102030405/{url}"
            repo.add_snapshot(
                session,
                "graham2013do",
                Snapshot(url=url, archive_url=archived, status="confirmed",
                         captured_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)),
            )  # fmt: skip
    finally:
        lib.close()
    assert sb("snapshots", "graham2013do").stdout.strip() == (
        f"graham2013do  confirmed 2025-01-02  {archived}"
    )
    (row,) = json.loads(sb("snapshots", "--json").stdout)
    assert row["key"] == "graham2013do" and row["captured_at"].startswith("2025-01-02T03:04:05")
    assert json.loads(sb("list", "archived:yes", "--json").stdout)[0]["key"] == "graham2013do"
