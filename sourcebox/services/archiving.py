"""Archiving cited links: a resumable queue whose state lives in the library.

For every URL (normalised once, de-duplicated across works) the queue keeps one
open snapshot row per citing work: ``requested``, then ``pending`` with the
SPN2 job id, then ``confirmed`` (archive URL and capture time), ``failed``
(transient; a later run tries again) or ``permanent``. Each state is written in
its own short transaction BEFORE the network step it announces, so Ctrl-C or a
crash loses nothing, and a re-run polls a submitted job instead of submitting
it again. The network itself is behind the ``Archiver`` protocol.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sourcebox.archive.client import ArchiveHooks, Archiver, ArchiveResult, Outcome
from sourcebox.archive.errors import ArchiveError
from sourcebox.archive.urls import UrlProblem, normalise_url
from sourcebox.db import repository as repo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sourcebox.db.engine import Library
    from sourcebox.db.models import SnapshotRow


@dataclass(frozen=True)
class Target:
    """A URL to archive and the keys of the works that cite it."""

    url: str
    keys: tuple[str, ...] = ()


@dataclass
class Summary:
    """What a run did, URL by URL."""

    reused: list[str] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    permanent: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    stopped: str = ""

    @property
    def done(self) -> int:
        """URLs finished, whatever their outcome."""
        return len(self.reused) + len(self.saved) + len(self.failed) + len(self.permanent)

    def to_json(self) -> dict[str, Any]:
        """A machine-readable summary."""
        return {
            "reused": self.reused,
            "saved": self.saved,
            "failed": [{"url": u, "reason": r} for u, r in self.failed],
            "permanent": [{"url": u, "reason": r} for u, r in self.permanent],
            "skipped": [{"url": u, "reason": r} for u, r in self.skipped],
            "stopped": self.stopped,
        }


#: (event, detail): "reused", "saved", "failed", "permanent", "skipped" (detail: the
#: URL), or "save" (URL) and "wait" ("12s rate limit") while one is being worked on.
Progress = Callable[[str, str], None]
#: After a URL failed for now, runs leave it alone this long.
RETRY_AFTER = timedelta(minutes=15)


def plan(targets: Sequence[Target]) -> tuple[list[Target], list[tuple[str, str]]]:
    """Normalise and merge the targets; non-http(s) or malformed URLs are reported, not queued."""
    merged: dict[str, list[str]] = {}
    problems: list[tuple[str, str]] = []
    for target in targets:
        normal = normalise_url(target.url)
        if isinstance(normal, UrlProblem):
            problems.append((target.url, normal.reason))
            continue
        keys = merged.setdefault(normal, [])
        keys.extend(k for k in target.keys if k not in keys)
    return [Target(url, tuple(keys)) for url, keys in merged.items()], problems


def run(
    library: Library,
    archiver: Archiver,
    targets: Sequence[Target],
    *,
    max_age: timedelta,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> Summary:
    """Archive every target URL (reusing fresh captures); returns what happened."""
    tell = progress or (lambda event, detail: None)
    queue, problems = plan(targets)
    summary = Summary(skipped=problems)
    now = datetime.now(UTC)
    work: list[Target] = []
    with library.session() as session:
        if not dry_run:
            repo.lock_archive_queue(session)
        for target in queue:
            fresh = repo.latest_confirmed(session, target.url)
            if fresh and fresh.captured_at and now - fresh.captured_at <= max_age:
                summary.reused.append(target.url)
                _attach(session, target, fresh)
                tell("reused", target.url)
                continue
            waits = [r.next_try_at for r in repo.open_snapshots(session, target.url)]
            later = max((w for w in waits if w is not None and w > now), default=None)
            if later is not None:
                when = later.strftime("%Y-%m-%d %H:%M UTC")
                summary.skipped.append((target.url, f"not before {when} (it failed recently)"))
                tell("skipped", target.url)
                continue
            work.append(target)
            if not dry_run:
                ids = repo.work_ids_for_keys(session, target.keys)
                repo.queue_snapshot(session, target.url, [ids[k] for k in target.keys] or [None])
    if dry_run:
        summary.saved = [t.url for t in work]  # what would be looked up or saved
        return summary

    def write(url: str, **values: Any) -> None:
        with library.session() as session:
            repo.update_open_snapshots(session, url, **values)

    def before_save(url: str, attempt: int) -> None:
        write(url, status="requested", attempts=attempt, checked_at=datetime.now(UTC))
        tell("save", url)

    def on_submitted(url: str, job_id: str) -> None:
        write(url, status="pending", job_id=job_id)

    def on_retry(url: str, error: ArchiveError) -> None:
        write(url, error=str(error))

    hooks = ArchiveHooks(
        before_save=before_save,
        on_submitted=on_submitted,
        on_retry=on_retry,
        on_wait=lambda seconds, reason: tell("wait", f"{seconds:.0f}s {reason}"),
    )
    for index, target in enumerate(work):
        # Another archiver of a shared library may be saving this URL right now: wait
        # for it, then look again, so that each URL is submitted once, not twice.
        with library.claim("archive " + target.url):
            if _done_meanwhile(library, target, max_age):
                summary.reused.append(target.url)
                tell("reused", target.url)
                continue
            with library.session() as session:
                pending = [r.job_id for r in repo.open_snapshots(session, target.url) if r.job_id]
            try:
                result = archiver.archive(
                    target.url, max_age=max_age, job_id=pending[0] if pending else "", hooks=hooks
                )
            except ArchiveError as error:  # a daily cap or refused keys: stop the whole run
                summary.stopped = str(error)
                resume = getattr(error, "resume_at", None)
                if resume is not None:
                    for waiting in work[index:]:
                        write(waiting.url, next_try_at=resume)
                break
            tell(_finish(library, target, result, summary), target.url)
    return summary


def _done_meanwhile(library: Library, target: Target, max_age: timedelta) -> bool:
    """True when, since the plan, someone else confirmed a fresh capture of the URL.

    Its open rows then take that capture, and citing works that lack it get it.
    """
    with library.session(info={"command": "archive"}) as session:
        fresh = repo.latest_confirmed(session, target.url)
        if fresh is None or fresh.captured_at is None:
            return False
        if datetime.now(UTC) - fresh.captured_at > max_age:
            return False
        repo.update_open_snapshots(
            session,
            target.url,
            status="confirmed",
            archive_url=fresh.archive_url,
            captured_at=fresh.captured_at,
            job_id=fresh.job_id,
            error="",
            checked_at=datetime.now(UTC),
            next_try_at=None,
        )
        _attach(session, target, fresh)
        return True


def _finish(library: Library, target: Target, result: ArchiveResult, summary: Summary) -> str:
    checked = datetime.now(UTC)
    if result.outcome in (Outcome.REUSED, Outcome.SAVED):
        values = {
            "status": "confirmed",
            "archive_url": result.archive_url,
            "captured_at": result.captured_at,
            "job_id": result.job_id,
            "error": "",
            "checked_at": checked,
            "next_try_at": None,
        }
        event = "reused" if result.outcome == Outcome.REUSED else "saved"
        (summary.reused if event == "reused" else summary.saved).append(target.url)
    elif result.outcome == Outcome.PERMANENT:
        values = {"status": "permanent", "error": result.message or result.reason}
        summary.permanent.append((target.url, result.message or result.reason))
        event = "permanent"
    else:
        # Failed for now: keep a job id so that a re-run polls it rather than resubmits.
        status = "pending" if result.job_id else "failed"
        values = {
            "status": status,
            "job_id": result.job_id,
            "error": result.message,
            "next_try_at": checked + RETRY_AFTER,
        }
        summary.failed.append((target.url, result.message or result.reason))
        event = "failed"
    with library.session(info={"command": "archive"}) as session:
        repo.update_open_snapshots(session, target.url, **values)
    return event


def _attach(session: Session, target: Target, fresh: SnapshotRow) -> None:
    """Give each citing work that lacks it a confirmed row for a capture already known."""
    for key in target.keys:
        work = repo.get_row(session, key)
        if work is None or any(s.archive_url == fresh.archive_url for s in work.snapshots):
            continue
        repo.add_snapshot(session, key, repo.snapshot_value(fresh))
