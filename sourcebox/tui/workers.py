"""What thread workers share: failure messages, and the archive and link-check jobs.

The jobs run in a worker thread and report through ``post`` (a screen's
``post_message``, which is thread-safe); they stop at the next step once the
backend's clock is cancelled, keeping what was done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from textual.message import Message

from sourcebox.errors import SourceboxError
from sourcebox.tui.backend import Backend, Cancelled
from sourcebox.tui.messages import JobActivity, JobFinished, RowsStarted, RowUpdated

if TYPE_CHECKING:
    from sourcebox.archive.linkcheck import LinkResult

Post = Callable[[Message], object]
#: URLs checked per batch: a cancel takes effect between batches.
CHECK_BATCH = 8


def failure_text(error: BaseException, doing: str) -> str:
    """One line for a notification: what failed and what to do."""
    if isinstance(error, SourceboxError):
        return str(error)
    return (
        f"Unexpected {type(error).__name__} while {doing}: {error}. Nothing was saved; "
        "please report it (run 'sourcebox --debug ...' to see a traceback)."
    )


def archive_job(
    backend: Backend,
    post: Post,
    *,
    keys: Sequence[str] = (),
    query: str | None = None,
    max_age: timedelta,
) -> None:
    """Archive the links of the works (keys, or all matching ``query``); report each step."""
    # The network clients are imported when a job runs, not when the app starts.
    from sourcebox.services import archiving
    from sourcebox.services import links as link_service

    backend.clock.reset()
    done: list[str] = []
    try:
        with backend.reading() as session:
            found = link_service.targets(session, keys=keys, query=query)
        targets = [archiving.Target(t.url, t.keys) for t in found]
        queue, problems = archiving.plan(targets)
        rows = [(t.url, ", ".join(t.keys), "queued") for t in queue]
        rows += [(url, "", "skipped") for url, _ in problems]
        post(RowsStarted(rows))
        for url, reason in problems:
            post(RowUpdated(url, "skipped", reason))
        if not queue:
            post(JobFinished("No links to archive: none of these works has a web address.", []))
            return

        def tell(event: str, detail: str) -> None:
            if backend.clock.cancelled:
                raise Cancelled()
            if event in ("save", "wait"):
                post(JobActivity(event, detail))
                if event == "save":
                    post(RowUpdated(detail, "saving"))
                return
            done.append(detail)
            post(RowUpdated(detail, event))

        with backend.archiver() as archiver:
            summary = archiving.run(
                backend.library, archiver, targets, max_age=max_age, progress=tell
            )
    except Cancelled:
        post(
            JobFinished(
                f"Cancelled after {len(done)} URL(s). What was done is kept; "
                "archive again to resume.",
                [],
                cancelled=True,
            )
        )
        return
    except Exception as error:
        post(JobFinished(failure_text(error, "archiving"), [], failed=True))
        return
    for state, items in (
        ("failed", summary.failed),
        ("permanent", summary.permanent),
        ("skipped", summary.skipped),
    ):
        for url, reason in items:
            post(RowUpdated(url, state, reason))
    lines = [f"{url}: {reason}" for url, reason in summary.failed + summary.permanent]
    line = (
        f"{len(summary.reused)} reused, {len(summary.saved)} saved, {len(summary.failed)} "
        f"failed, {len(summary.permanent)} refused for good, {len(summary.skipped)} skipped."
    )
    if summary.stopped:
        post(JobFinished(f"Archiving stopped: {summary.stopped}", [line, *lines], failed=True))
    elif summary.failed or summary.permanent:
        post(
            JobFinished(
                line + " Nothing was lost; archive again later for the failed ones.",
                lines,
                failed=True,
            )
        )
    else:
        post(JobFinished(line, lines))


def check_job(
    backend: Backend, post: Post, *, keys: Sequence[str] = (), query: str | None = None
) -> None:
    """Check the links of the works (keys, or all matching ``query``); record each result."""
    from sourcebox.services import links as link_service

    backend.clock.reset()
    results: list[LinkResult] = []
    urls: list[str] = []
    try:
        with backend.reading() as session:
            found = link_service.targets(session, keys=keys, query=query)
        post(RowsStarted([(t.url, ", ".join(t.keys), "queued") for t in found]))
        if not found:
            post(JobFinished("No links to check: none of these works has a web address.", []))
            return
        urls = [t.url for t in found]
        with backend.link_checker() as checker:
            for start in range(0, len(urls), CHECK_BATCH):
                if backend.clock.cancelled:
                    break
                batch = urls[start : start + CHECK_BATCH]
                for url in batch:
                    post(RowUpdated(url, "checking"))
                post(JobActivity("check", batch[0]))
                for result in checker.check_all(batch):
                    results.append(result)
                    detail = str(result.http_status or "")
                    if result.final_url:
                        detail += f" -> {result.final_url}"
                    if result.error:
                        detail += f" ({result.error})"
                    post(RowUpdated(result.url, result.status, detail.strip()))
        with backend.writing("links check") as session:
            link_service.record(session, results)
    except Exception as error:
        post(JobFinished(failure_text(error, "checking links"), [], failed=True))
        return
    broken = [r for r in results if r.status in ("dead", "unreachable")]
    counts = Counter(r.status for r in results)
    line = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing checked"
    if backend.clock.cancelled:
        post(
            JobFinished(
                f"Cancelled after {len(results)} of {len(urls)} links ({line}); "
                "those results are recorded.",
                [],
                cancelled=True,
            )
        )
    elif broken:
        post(
            JobFinished(
                f"{len(broken)} of {len(results)} links are dead or unreachable ({line}). "
                "Archive them (A) or replace them.",
                [f"{r.url}: {r.status} {r.http_status or ''}".strip() for r in broken],
                failed=True,
            )
        )
    else:
        post(JobFinished(f"All {len(results)} links work ({line}).", []))
