"""The archive queue: state in the library, one save per URL, resume without resubmitting."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from wayback_server import WaybackServer

from sourcebox.archive.client import ArchiveHooks, ArchiveResult
from sourcebox.db import repository as repo
from sourcebox.db.engine import Library
from sourcebox.domain.model import Work
from sourcebox.services import archiving
from sourcebox.services.works import add_works, get_work

MONTH = timedelta(days=30)
SHARED = "https://a.example/shared"
FRESH = "https://b.example/fresh"


def _works(library: Library) -> None:
    with library.session() as session:
        add_works(
            session,
            [
                Work(type="webpage", key="one", title="One", url=SHARED),
                Work(type="webpage", key="two", title="Two", url="HTTPS://A.example:443/shared#x"),
                Work(type="webpage", key="three", title="Three", url=FRESH),
            ],
        )


def _targets() -> list[archiving.Target]:
    return [
        archiving.Target(SHARED, ("one",)),
        archiving.Target("HTTPS://A.example:443/shared#x", ("two",)),
        archiving.Target(FRESH, ("three",)),
        archiving.Target("ftp://c.example/file", ()),
    ]


def _snapshots(library: Library, key: str) -> list[Any]:
    with library.session() as session:
        return list(get_work(session, key).snapshots)


def test_reuse_and_one_save_per_url_shared_by_works(library, wayback, make_archiver, clock):
    _works(library)
    seeded = wayback.seed(FRESH, timedelta(days=2))
    summary = archiving.run(library, make_archiver(), _targets(), max_age=MONTH)
    assert summary.reused == [FRESH] and summary.saved == [SHARED]
    assert [(u, r.split(" (")[0]) for u, r in summary.skipped] == [
        ("ftp://c.example/file", "only http and https URLs can be archived")
    ]
    assert wayback.saves(FRESH) == 0 and wayback.saves(SHARED) == 1
    for key in ("one", "two"):
        (snap,) = _snapshots(library, key)
        assert snap.status == "confirmed" and snap.url == SHARED
        assert snap.archive_url.startswith(f"{wayback.base_url}/web/") and snap.captured_at
    (fresh,) = _snapshots(library, "three")
    assert fresh.status == "confirmed" and seeded.ts in fresh.archive_url


class Crash(Exception):
    """Stands for Ctrl-C or a killed process."""


class CrashAfterSubmit:
    """Passes the queue's hooks through, then dies right after the job id was stored."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def archive(self, url: str, *, max_age: timedelta, job_id: str = "",
                hooks: ArchiveHooks | None = None) -> ArchiveResult:  # fmt: skip
        assert hooks is not None

        def submitted(url: str, job: str) -> None:
            hooks.on_submitted(url, job)
            raise Crash

        crashing = ArchiveHooks(
            before_save=hooks.before_save, on_submitted=submitted, on_retry=hooks.on_retry
        )
        return self.inner.archive(url, max_age=max_age, job_id=job_id, hooks=crashing)


def test_a_crash_after_submitting_resumes_by_polling_never_resubmitting(
    library, wayback: WaybackServer, make_archiver
):
    _works(library)
    targets = [archiving.Target(SHARED, ("one", "two"))]
    with pytest.raises(Crash):
        archiving.run(library, CrashAfterSubmit(make_archiver()), targets, max_age=MONTH)
    (pending,) = _snapshots(library, "one")
    assert pending.status == "pending" and pending.job_id and pending.attempts == 1
    assert wayback.count("save_spn2") == 1
    summary = archiving.run(library, make_archiver(), targets, max_age=MONTH)
    assert summary.saved == [SHARED]
    assert wayback.count("save_spn2") == 1  # polled, never submitted twice
    for key in ("one", "two"):
        (snap,) = _snapshots(library, key)
        assert snap.status == "confirmed" and snap.job_id == pending.job_id


def test_permanent_and_failed_urls_and_a_later_run(library, wayback, make_archiver):
    _works(library)
    wayback.fail(SHARED, status_ext="error:blocked-url")
    wayback.fail(FRESH, status=520, times=10)
    targets = [archiving.Target(SHARED, ("one",)), archiving.Target(FRESH, ("three",))]
    summary = archiving.run(library, make_archiver(keys=False), targets, max_age=MONTH)
    assert [u for u, _ in summary.permanent] == [SHARED]
    assert [u for u, _ in summary.failed] == [FRESH]
    assert _snapshots(library, "one")[0].status == "permanent"
    (failed,) = _snapshots(library, "three")
    assert failed.status == "failed" and failed.error and failed.next_try_at
    wayback.clear_faults()
    saves = wayback.saves(FRESH)
    too_soon = archiving.run(library, make_archiver(keys=False), targets[1:], max_age=MONTH)
    assert too_soon.saved == [] and "not before" in too_soon.skipped[0][1]
    assert wayback.saves(FRESH) == saves  # left alone until its next try
    with library.session() as session:  # ... which has now come
        repo.update_open_snapshots(session, FRESH, next_try_at=datetime.now(UTC))
    again = archiving.run(library, make_archiver(keys=False), targets[1:], max_age=MONTH)
    assert again.saved == [FRESH]
    (done,) = _snapshots(library, "three")  # the failed row was finished, not duplicated
    assert done.status == "confirmed"


def test_a_daily_cap_stops_the_run_and_every_url_waits_for_the_reset(
    library, wayback, make_archiver
):
    _works(library)
    wayback.daily_limit = 0
    targets = [archiving.Target(SHARED, ("one",)), archiving.Target(FRESH, ("three",))]
    summary = archiving.run(library, make_archiver(), targets, max_age=MONTH)
    assert "run the same command again after" in summary.stopped
    assert summary.saved == [] and wayback.saves() == 1  # the second URL was never tried
    for key in ("one", "three"):
        (snap,) = _snapshots(library, key)
        assert snap.status == "requested" and snap.next_try_at is not None
        assert snap.next_try_at.hour == 0 and snap.next_try_at > datetime.now(UTC)


def test_dry_run_changes_nothing(library, wayback, make_archiver):
    _works(library)
    summary = archiving.run(library, make_archiver(), _targets(), max_age=MONTH, dry_run=True)
    assert sorted(summary.saved) == sorted([FRESH, SHARED])
    assert wayback.saves() == 0 and _snapshots(library, "one") == []


def test_archive_command_end_to_end(sb, wayback, monkeypatch):
    monkeypatch.setenv("SOURCEBOX_WAYBACK_URL", wayback.base_url)
    sb("add", "--type", "webpage", "--key", "page", "--title", "Page", "--url", SHARED)
    sb("add", "--type", "webpage", "--key", "old", "--title", "Old", "--url", FRESH)
    wayback.seed(FRESH, timedelta(days=400))
    result = sb("archive", "--all", "--rate", "6000/min", "--max-age", "30d", "--json")
    summary = json.loads(result.stdout)
    assert sorted(summary["saved"]) == sorted([FRESH, SHARED]) and summary["failed"] == []
    assert wayback.saves() == 2
    again = json.loads(sb("archive", "--all", "--json").stdout)
    assert sorted(again["reused"]) == sorted([FRESH, SHARED]) and wayback.saves() == 2
    listed = sb("snapshots", "page").stdout
    assert "confirmed" in listed and f"{wayback.base_url}/web/" in listed
    assert sb("archive", ok=False).exit_code == 2
