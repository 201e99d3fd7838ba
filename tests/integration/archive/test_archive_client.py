"""The archiver against the loopback Wayback Machine: reuse, save once, pause, recover, resume."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from wayback_fixtures import FakeClock
from wayback_server import WaybackServer

from sourcebox.archive.client import ArchiveHooks, Outcome, RetryPolicy, WaybackArchiver
from sourcebox.archive.errors import ArchiveError, DailyCapReached
from sourcebox.archive.ratelimit import RateLimiter
from sourcebox.archive.transport import USER_AGENT
from sourcebox.config import load_settings

Make = Callable[..., WaybackArchiver]
URL = "https://a.example/page"
MONTH = timedelta(days=30)
BOTH = pytest.mark.parametrize("keys", [True, False], ids=["spn2", "v1"])


def memento(wayback: WaybackServer, url: str = URL, index: int = -1) -> str:
    capture = wayback.captures(url)[index]
    return f"{wayback.base_url}/web/{capture.ts}/{capture.url}"


@BOTH
def test_fresh_capture_is_reused_with_zero_saves(
    wayback: WaybackServer, make_archiver: Make, keys: bool
) -> None:
    seeded = wayback.seed(URL, timedelta(days=2))
    result = make_archiver(keys=keys).archive(URL, max_age=MONTH)
    assert result.outcome is Outcome.REUSED
    assert result.archive_url == f"{wayback.base_url}/web/{seeded.ts}/{URL}"
    assert result.captured_at == seeded.timestamp
    assert wayback.saves() == 0
    assert wayback.counts == {"cdx": 1}


@BOTH
def test_each_url_needing_a_save_gets_exactly_one(
    wayback: WaybackServer, make_archiver: Make, keys: bool
) -> None:
    urls = [f"https://site{n}.example/" for n in range(5)]
    wayback.seed(urls[0], timedelta(days=90))  # too old: saved again
    archiver = make_archiver(keys=keys)
    results = [archiver.archive(url, max_age=MONTH) for url in urls]
    assert [r.outcome for r in results] == [Outcome.SAVED] * 5
    for url, result in zip(urls, results, strict=True):
        assert wayback.saves(url) == 1
        assert result.archive_url == memento(wayback, url)
        assert result.captured_at == wayback.captures(url)[-1].timestamp
        assert result.attempts == 1 and not result.cached
    assert wayback.count("cdx") == 5
    assert {r.headers["user-agent"] for r in wayback.requests()} == {USER_AGENT}


def test_spn2_sends_the_window_and_polls_once_per_pending_answer(
    wayback: WaybackServer, make_archiver: Make
) -> None:
    submitted: list[str] = []
    hooks = ArchiveHooks(on_submitted=lambda url, job: submitted.append(job))
    result = make_archiver().archive(URL, max_age=MONTH, hooks=hooks)
    request = wayback.requests("save_spn2")[0]
    assert request.params["if_not_archived_within"] == ["30d"]
    assert request.params["skip_first_archive"] == ["1"]
    assert submitted == [result.job_id]
    assert wayback.count("status") == 2  # pending, then success
    assert wayback.count("status_user") == 1  # capacity, once per archiver


def test_hooks_run_before_each_network_step(wayback: WaybackServer, make_archiver: Make) -> None:
    seen: list[tuple[str, dict[str, int]]] = []

    def note(step: str) -> Callable[..., None]:
        return lambda *args: seen.append((step, dict(wayback.counts)))

    hooks = ArchiveHooks(
        before_lookup=note("lookup"), before_save=note("save"), on_submitted=note("submitted")
    )
    make_archiver().archive(URL, max_age=MONTH, hooks=hooks)
    assert [step for step, _ in seen] == ["lookup", "save", "submitted"]
    assert seen[0][1].get("cdx", 0) == 0
    assert seen[1][1].get("save_spn2", 0) == 0
    assert seen[2][1].get("status", 0) == 0  # the job id is known before any poll


@BOTH
def test_429_pauses_every_saver(
    wayback: WaybackServer, make_archiver: Make, clock: FakeClock, keys: bool
) -> None:
    wayback.fail(status=429, times=1)
    starts: list[float] = []
    hooks = ArchiveHooks(before_save=lambda url, attempt: starts.append(clock.monotonic()))
    first = make_archiver(keys=keys, retry=RetryPolicy(max_attempts=1))
    other = make_archiver(keys=keys)  # another client, same process-wide limiter
    failed = first.archive(URL, max_age=MONTH, hooks=hooks)
    saved = other.archive("https://b.example/", max_age=MONTH, hooks=hooks)
    assert failed.outcome is Outcome.FAILED and failed.reason == "http-429"
    assert "pauses for at least 60 s" in failed.message
    assert saved.outcome is Outcome.SAVED
    assert starts[1] - starts[0] >= 60.0
    assert wayback.saves() == 2


def test_429_then_the_same_url_is_retried_after_the_pause(
    wayback: WaybackServer, make_archiver: Make, clock: FakeClock, limiter: RateLimiter
) -> None:
    wayback.fail(status=429, times=1)
    result = make_archiver().archive(URL, max_age=MONTH)
    assert result.outcome is Outcome.SAVED and result.attempts == 2
    assert limiter.pauses == 1 and clock.slept >= 60.0
    assert wayback.saves(URL) == 2  # the refused request and the accepted one


def test_429_while_polling_waits_out_the_pause_then_polls_the_same_job(
    wayback: WaybackServer, make_archiver: Make, clock: FakeClock
) -> None:
    wayback.fail(status=429, times=1, endpoints={"status"})
    waits: list[tuple[float, str]] = []
    hooks = ArchiveHooks(on_wait=lambda seconds, reason: waits.append((seconds, reason)))
    result = make_archiver().archive(URL, max_age=MONTH, hooks=hooks)
    assert result.outcome is Outcome.SAVED
    assert [reason for _, reason in waits] == ["paused after a 429"]
    assert waits[0][0] >= 60.0
    assert wayback.saves(URL) == 1


@BOTH
@pytest.mark.parametrize("status", [520, 523])
def test_failure_where_the_capture_landed_is_found_in_cdx(
    wayback: WaybackServer, make_archiver: Make, keys: bool, status: int
) -> None:
    wayback.fail(URL, status=status, lands=True)
    result = make_archiver(keys=keys).archive(URL, max_age=MONTH)
    assert result.outcome is Outcome.SAVED
    assert result.archive_url == memento(wayback)
    assert wayback.saves(URL) == 1
    assert wayback.count("cdx") == 2  # before, and after the failure


@BOTH
def test_time_out_where_the_capture_landed(
    wayback: WaybackServer, make_archiver: Make, keys: bool
) -> None:
    # The other requests must answer within the time-out even on a loaded machine.
    wayback.fail(URL, delay=1.0, lands=True)
    result = make_archiver(keys=keys, timeout=0.5).archive(URL, max_age=MONTH)
    assert result.outcome is Outcome.SAVED
    assert result.archive_url == memento(wayback)
    assert wayback.saves(URL) == 1


@BOTH
def test_520_without_a_capture_is_retried_after_back_off(
    wayback: WaybackServer, make_archiver: Make, clock: FakeClock, keys: bool
) -> None:
    wayback.fail(URL, status=520, times=1)
    retries: list[str] = []
    hooks = ArchiveHooks(on_retry=lambda url, error: retries.append(error.reason))
    result = make_archiver(keys=keys).archive(URL, max_age=MONTH, hooks=hooks)
    assert result.outcome is Outcome.SAVED and result.attempts == 2
    assert retries == ["http-520"]
    assert 10.0 in clock.sleeps  # the back-off
    assert wayback.saves(URL) == 2


@BOTH
def test_transient_failures_use_up_the_attempts(
    wayback: WaybackServer, make_archiver: Make, keys: bool
) -> None:
    wayback.fail(URL, status=502)
    result = make_archiver(keys=keys).archive(URL, max_age=MONTH)
    assert result.outcome is Outcome.FAILED
    assert (result.reason, result.attempts) == ("http-502", 3)
    assert "Nothing was lost" in result.message
    assert wayback.saves(URL) == 3


@pytest.mark.parametrize(
    ("keys", "status_ext", "at", "reason"),
    [
        (True, "error:not-found", "status", "not-found"),
        (True, "error:blocked-url", "submit", "blocked-url"),
        (True, "error:invalid-host-resolution", "status", "invalid-host-resolution"),
        (False, "error:not-found", "status", "not-found"),
        (False, "error:blocked", "status", "blocked"),
    ],
)
def test_permanent_errors_are_final(
    wayback: WaybackServer, make_archiver: Make, keys: bool, status_ext: str, at: str, reason: str
) -> None:
    wayback.fail(URL, status_ext=status_ext, at=at)
    result = make_archiver(keys=keys).archive(URL, max_age=MONTH)
    assert result.outcome is Outcome.PERMANENT
    assert result.reason == reason and "final" in result.message
    assert wayback.saves(URL) == 1


@BOTH
def test_daily_cap_stops_the_run(
    wayback: WaybackServer, make_archiver: Make, clock: FakeClock, keys: bool
) -> None:
    wayback.daily_limit = 0
    with pytest.raises(DailyCapReached) as caught:
        make_archiver(keys=keys).archive(URL, max_age=MONTH)
    tomorrow = clock.now().date() + timedelta(days=1)
    assert caught.value.resume_at == datetime(*tomorrow.timetuple()[:3], tzinfo=UTC)
    assert f"run the same command again after {tomorrow} 00:00 UTC" in str(caught.value)
    assert wayback.saves(URL) == 1


def test_spn2_same_snapshot_returns_the_same_job(
    wayback: WaybackServer, make_archiver: Make
) -> None:
    wayback.index_delay = 5  # the fresh capture is not in CDX yet
    first = make_archiver().archive(URL, max_age=MONTH)
    second = make_archiver().archive(URL, max_age=MONTH)
    assert second.outcome is Outcome.SAVED
    assert second.job_id == first.job_id
    assert second.archive_url == first.archive_url and second.cached
    assert wayback.count("save_spn2") == 2  # the second submission was answered, not refused
    assert len(wayback.captures(URL)) == 1


class Crash(Exception):
    """Stands for Ctrl-C or a killed process right after the job id was stored."""


def test_resume_polls_a_stored_job_without_resubmitting(
    wayback: WaybackServer, make_archiver: Make
) -> None:
    stored: dict[str, str] = {}

    def store_then_crash(url: str, job_id: str) -> None:
        stored[url] = job_id
        raise Crash

    with pytest.raises(Crash):
        make_archiver().archive(
            URL, max_age=MONTH, hooks=ArchiveHooks(on_submitted=store_then_crash)
        )
    assert wayback.count("status") == 0
    result = make_archiver().archive(URL, max_age=MONTH, job_id=stored[URL])
    assert result.outcome is Outcome.SAVED and result.job_id == stored[URL]
    assert result.archive_url == memento(wayback) and not result.cached
    assert wayback.saves(URL) == 1
    assert wayback.count("cdx") == 1  # the resumed run went straight to polling
    assert wayback.count("status") >= 1


def test_resume_of_a_lost_job_looks_in_cdx_before_submitting_again(
    wayback: WaybackServer, make_archiver: Make
) -> None:
    wayback.new_capture(URL)  # the job landed, but its result expired
    result = make_archiver().archive(URL, max_age=MONTH, job_id="spn2-" + "0" * 40)
    assert result.outcome is Outcome.SAVED
    assert result.archive_url == memento(wayback)
    assert wayback.saves(URL) == 0


def test_a_job_still_pending_is_reported_with_its_id(
    wayback: WaybackServer, make_archiver: Make
) -> None:
    wayback.pending_polls = 10_000
    result = make_archiver().archive(URL, max_age=MONTH)
    assert result.outcome is Outcome.FAILED and result.reason == "still-pending"
    assert result.job_id.startswith("spn2-")
    assert wayback.saves(URL) == 1  # polled again and again, never resubmitted


@pytest.mark.parametrize("form", ["final_url", "location", "content_location", "link"])
def test_v1_memento_from_each_form(wayback: WaybackServer, make_archiver: Make, form: str) -> None:
    wayback.seed(URL, timedelta(days=400))
    wayback.v1_form = form
    result = make_archiver(keys=False).archive(URL, max_age=MONTH)
    assert result.outcome is Outcome.SAVED
    assert result.archive_url == memento(wayback)
    assert result.captured_at == wayback.captures(URL)[-1].timestamp


def test_v1_answer_without_a_memento_is_checked_in_cdx(
    wayback: WaybackServer, make_archiver: Make
) -> None:
    wayback.v1_form = "none"
    result = make_archiver(keys=False).archive(URL, max_age=MONTH)
    assert result.outcome is Outcome.SAVED and result.archive_url == memento(wayback)
    assert wayback.saves(URL) == 1


def test_not_http_is_reported_without_a_request(
    wayback: WaybackServer, make_archiver: Make
) -> None:
    result = make_archiver().archive("ftp://files.example/a", max_age=MONTH)
    assert result.outcome is Outcome.PERMANENT and result.reason == "not-archivable"
    assert "only http and https" in result.message
    assert wayback.counts == {}


def test_url_is_normalised_once(wayback: WaybackServer, make_archiver: Make) -> None:
    result = make_archiver().archive("HTTPS://A.example:443/page#part", max_age=MONTH)
    assert result.url == URL
    assert wayback.requests("save_spn2")[0].params["url"] == [URL]


def test_capacity_follows_user_status(
    wayback: WaybackServer, make_archiver: Make, limiter: RateLimiter
) -> None:
    make_archiver().archive(URL, max_age=MONTH)
    assert limiter.state().capacity == 3


def test_rejected_keys_stop_the_run(wayback: WaybackServer, make_archiver: Make) -> None:
    wayback.keys = ("other", "keys")
    with pytest.raises(ArchiveError) as caught:
        make_archiver().archive(URL, max_age=MONTH)
    assert caught.value.reason == "unauthorized"


def test_from_settings_points_everything_at_the_configured_base(tmp_path: Path) -> None:
    env = {
        "SOURCEBOX_HOME": str(tmp_path),
        "SOURCEBOX_WAYBACK_URL": "http://127.0.0.1:9/",
        "SOURCEBOX_IA_ACCESS_KEY": "a",
        "SOURCEBOX_IA_SECRET_KEY": "s",
    }
    with WaybackArchiver.from_settings(load_settings(env=env), env=env, home=tmp_path) as archiver:
        assert archiver.endpoints.cdx == "http://127.0.0.1:9/cdx/search/cdx"
        assert archiver.endpoints.save == "http://127.0.0.1:9/save"
        assert archiver.mode == "spn2"
    with WaybackArchiver.from_settings(
        load_settings(env={"SOURCEBOX_HOME": str(tmp_path)}), env={}, home=tmp_path
    ) as anonymous:
        assert anonymous.endpoints.base == "https://web.archive.org"
        assert anonymous.mode == "v1"
