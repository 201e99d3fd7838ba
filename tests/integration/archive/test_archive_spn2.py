"""SPN2: authenticated submission, polling with back-off, user status, JSON errors under 200."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from wayback_fixtures import FakeClock
from wayback_server import WaybackServer

from sourcebox.archive.credentials import Credentials
from sourcebox.archive.errors import (
    AuthError,
    DailyCapReached,
    PermanentError,
    RateLimited,
    TransientError,
)
from sourcebox.archive.spn2 import PollPolicy, Spn2Client, format_window
from sourcebox.archive.transport import USER_AGENT, Endpoints, make_http_client

URL = "https://a.example/page"
KEYS = Credentials("test-access", "test-secret")
FAST_POLL = PollPolicy(first=2.0, factor=1.5, longest=10.0, give_up_after=60.0)


@pytest.fixture
def spn2(wayback: WaybackServer, clock: FakeClock) -> Iterator[Spn2Client]:
    http = make_http_client(timeout=2.0)
    yield Spn2Client(Endpoints(wayback.base_url), KEYS, http, clock, FAST_POLL)
    http.close()


def test_submit_sends_keys_and_the_documented_options(
    wayback: WaybackServer, spn2: Spn2Client
) -> None:
    submission = spn2.submit(URL, if_not_archived_within=timedelta(days=30))
    assert submission.job_id.startswith("spn2-")
    request = wayback.requests("save_spn2")[0]
    assert request.method == "POST"
    assert request.headers["authorization"] == "LOW test-access:test-secret"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"] == USER_AGENT
    assert request.params["url"] == [URL]
    assert request.params["skip_first_archive"] == ["1"]
    assert request.params["if_not_archived_within"] == ["30d"]


def test_wait_polls_with_back_off_until_success(
    wayback: WaybackServer, spn2: Spn2Client, clock: FakeClock
) -> None:
    wayback.pending_polls = 3
    job = spn2.submit(URL)
    seen: list[str] = []
    status = spn2.wait(job.job_id, URL, on_poll=lambda n, s: seen.append(s.status))
    assert seen == ["pending", "pending", "pending", "success"]
    assert clock.sleeps == [2.0, 3.0, 4.5, 6.75]
    capture = wayback.captures(URL)[0]
    assert status.timestamp == capture.timestamp
    assert status.archive_url == f"{wayback.base_url}/web/{capture.ts}/{URL}"


def test_still_pending_gives_up_but_keeps_the_job_alive(
    wayback: WaybackServer, clock: FakeClock
) -> None:
    wayback.pending_polls = 1000
    http = make_http_client(timeout=2.0)
    client = Spn2Client(Endpoints(wayback.base_url), KEYS, http, clock, PollPolicy(5, 1, 5, 20))
    job = client.submit(URL)
    with pytest.raises(TransientError) as caught:
        client.wait(job.job_id, URL)
    http.close()
    assert caught.value.reason == "still-pending"
    assert not caught.value.job_ended
    assert wayback.count("status") == 4 and clock.slept == 20


def test_user_status(wayback: WaybackServer, spn2: Spn2Client) -> None:
    spn2.submit(URL)
    status = spn2.user_status()
    assert (status.available, status.processing) == (2, 1)
    assert (status.daily_captures, status.daily_captures_limit) == (1, 100_000)
    assert wayback.requests("status_user")[0].path.startswith("/save/status/user?_t=")


def test_wrong_keys_are_an_auth_error(wayback: WaybackServer, clock: FakeClock) -> None:
    http = make_http_client(timeout=2.0)
    client = Spn2Client(Endpoints(wayback.base_url), Credentials("x", "y"), http, clock)
    with pytest.raises(AuthError) as caught:
        client.submit(URL)
    http.close()
    assert "logged in" in caught.value.message
    assert "SOURCEBOX_IA_ACCESS_KEY" in caught.value.hint


def test_daily_cap_under_http_200(wayback: WaybackServer, spn2: Spn2Client) -> None:
    wayback.daily_limit = 0
    with pytest.raises(DailyCapReached) as caught:
        spn2.submit(URL)
    assert caught.value.resume_at.hour == 0
    assert "run the same command again after" in caught.value.hint


@pytest.mark.parametrize(
    ("status_ext", "at"),
    [
        ("error:blocked-url", "submit"),
        ("error:not-found", "status"),
        ("error:invalid-host-resolution", "status"),
    ],
)
def test_permanent_errors(
    wayback: WaybackServer, spn2: Spn2Client, status_ext: str, at: str
) -> None:
    wayback.fail(URL, status_ext=status_ext, at=at)
    with pytest.raises(PermanentError) as caught:
        job = spn2.submit(URL)
        spn2.wait(job.job_id, URL)
    assert caught.value.reason == status_ext.removeprefix("error:")
    assert "final" in caught.value.hint


def test_job_failed_is_transient_and_ended(wayback: WaybackServer, spn2: Spn2Client) -> None:
    wayback.fail(URL, status_ext="error:job-failed")
    job = spn2.submit(URL)
    with pytest.raises(TransientError) as caught:
        spn2.wait(job.job_id, URL)
    assert caught.value.job_ended and caught.value.check_index


def test_session_limit_needs_no_index_check(wayback: WaybackServer, spn2: Spn2Client) -> None:
    wayback.sessions = 1
    spn2.submit(URL)
    with pytest.raises(TransientError) as caught:
        spn2.submit("https://b.example/")
    assert caught.value.reason == "user-session-limit"
    assert not caught.value.check_index


def test_lost_job_result(wayback: WaybackServer, spn2: Spn2Client) -> None:
    with pytest.raises(TransientError) as caught:
        spn2.status("spn2-" + "0" * 40, URL)
    assert caught.value.job_ended and caught.value.check_index


def test_429_and_520(wayback: WaybackServer, spn2: Spn2Client) -> None:
    wayback.fail(status=429, times=1)
    wayback.fail(status=520, times=1)
    with pytest.raises(RateLimited):
        spn2.submit(URL)
    with pytest.raises(TransientError) as caught:
        spn2.submit(URL)
    assert caught.value.reason == "http-520" and caught.value.check_index


def test_same_snapshot_returns_the_same_job(wayback: WaybackServer, spn2: Spn2Client) -> None:
    first = spn2.submit(URL)
    again = spn2.submit(URL)
    assert again.job_id == first.job_id
    assert again.deduplicated and not first.deduplicated
    assert len(wayback.captures(URL)) == 1


@pytest.mark.parametrize(
    ("window", "text"),
    [
        (timedelta(days=30), "30d"),
        (timedelta(days=3, hours=5, minutes=20), "3d 5h 20m"),
        (timedelta(hours=1), "1h"),
        (timedelta(seconds=90), "90"),
        (timedelta(0), "0"),
    ],
)
def test_format_window(window: timedelta, text: str) -> None:
    assert format_window(window) == text
