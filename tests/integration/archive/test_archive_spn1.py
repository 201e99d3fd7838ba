"""SPN v1: anonymous GET /save/<url>, the memento from each of the four places it can be named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from wayback_fixtures import FakeClock
from wayback_server import WaybackServer

from sourcebox.archive.errors import DailyCapReached, PermanentError, RateLimited, TransientError
from sourcebox.archive.spn1 import Spn1Client, find_memento, memento_from_link
from sourcebox.archive.transport import USER_AGENT, Endpoints, make_http_client

URL = "https://a.example/page"
ANSWER_WITHIN = 2.0


@pytest.fixture
def spn1(wayback: WaybackServer, clock: FakeClock) -> Iterator[Spn1Client]:
    # Generous: a loaded CI machine can take over 100 ms to answer on loopback.
    http = make_http_client(timeout=ANSWER_WITHIN)
    yield Spn1Client(Endpoints(wayback.base_url), http, clock)
    http.close()


@pytest.mark.parametrize(
    ("form", "evidence"),
    [
        ("final_url", "location"),
        ("location", "location"),
        ("content_location", "content-location"),
        ("link", "link"),
    ],
)
def test_memento_from_each_form(
    wayback: WaybackServer, spn1: Spn1Client, form: str, evidence: str
) -> None:
    older = wayback.seed(URL, timedelta(days=400))  # "location": playback lags to this one
    wayback.v1_form = form
    saved = spn1.save(URL)
    new = wayback.captures(URL)[-1]
    assert new is not older
    assert saved.archive_url == f"{wayback.base_url}/web/{new.ts}/{URL}"
    assert saved.timestamp == new.timestamp
    assert saved.evidence == evidence
    assert not saved.cached
    assert wayback.saves(URL) == 1


WEB = "https://web.archive.org"
MEMENTO = f"/web/20210102094009/{URL}"


def _response(status: int, url: str, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, request=httpx.Request("GET", url))


@pytest.mark.parametrize(
    ("chain", "evidence"),
    [
        # A redirect whose Location names the memento; playback then lags to another page.
        (
            [
                _response(302, f"{WEB}/save/{URL}", location=WEB + MEMENTO),
                _response(404, WEB + MEMENTO),
            ],
            "location",
        ),
        (
            [_response(200, f"{WEB}/save/{URL}", **{"content-location": MEMENTO})],
            "content-location",
        ),
        ([_response(200, f"{WEB}/save/{URL}", link=f'<{WEB}{MEMENTO}>; rel="memento"')], "link"),
        # Only the final URL: an intermediate hop, then the memento answered 200 without headers.
        (
            [
                _response(302, f"{WEB}/save/{URL}", location="/save/_wait"),
                _response(302, f"{WEB}/save/_wait", location="/elsewhere"),
                _response(200, WEB + MEMENTO),
            ],
            "final-url",
        ),
    ],
)
def test_find_memento_in_each_of_the_four_places(
    chain: list[httpx.Response], evidence: str
) -> None:
    assert find_memento(chain) == (evidence, "20210102094009", URL)


def test_find_memento_ranks_the_save_answer_above_later_hops() -> None:
    older = f"/web/20200101000000/{URL}"
    chain = [
        _response(302, f"{WEB}/save/{URL}", location=WEB + MEMENTO),
        _response(302, WEB + MEMENTO, location=WEB + older),  # playback lagging behind
        _response(200, WEB + older),
    ]
    assert find_memento(chain) == ("location", "20210102094009", URL)
    assert find_memento([_response(200, f"{WEB}/save/{URL}")]) is None


def test_only_the_user_agent_and_the_raw_url_are_sent(
    wayback: WaybackServer, spn1: Spn1Client
) -> None:
    spn1.save("https://a.example/a b?x=1&y=%2F")
    request = wayback.requests("save_v1")[0]
    assert request.method == "GET"
    assert request.path == "/save/https://a.example/a%20b?x=1&y=%2F"
    assert request.headers["user-agent"] == USER_AGENT
    assert "authorization" not in request.headers


def test_a_recent_capture_comes_back_cached(wayback: WaybackServer, spn1: Spn1Client) -> None:
    seeded = wayback.seed(URL, timedelta(minutes=10))
    saved = spn1.save(URL)
    assert saved.cached
    assert saved.timestamp == seeded.timestamp
    assert len(wayback.captures(URL)) == 1


def test_no_memento_named_is_transient_with_index_check(
    wayback: WaybackServer, spn1: Spn1Client
) -> None:
    wayback.v1_form = "none"
    with pytest.raises(TransientError) as caught:
        spn1.save(URL)
    assert caught.value.reason == "no-memento" and caught.value.check_index


def test_429_pauses_and_daily_text_stops(wayback: WaybackServer, spn1: Spn1Client) -> None:
    wayback.fail(status=429, times=1, body="Try waiting for 5 minutes and then try again.")
    with pytest.raises(RateLimited) as caught:
        spn1.save(URL)
    assert caught.value.pause_seconds == 300
    wayback.daily_limit = 0
    with pytest.raises(DailyCapReached):
        spn1.save(URL)


@pytest.mark.parametrize(("status", "check"), [(520, True), (523, True), (502, True), (509, False)])
def test_server_errors_are_transient(
    wayback: WaybackServer, spn1: Spn1Client, status: int, check: bool
) -> None:
    wayback.fail(status=status)
    with pytest.raises(TransientError) as caught:
        spn1.save(URL)
    assert caught.value.check_index is check


def test_time_out_is_transient_with_index_check(wayback: WaybackServer, clock: FakeClock) -> None:
    wayback.fail(delay=0.5)
    with make_http_client(timeout=0.1) as http, pytest.raises(TransientError) as caught:
        Spn1Client(Endpoints(wayback.base_url), http, clock).save(URL)
    assert caught.value.reason == "timeout" and caught.value.check_index


@pytest.mark.parametrize(
    ("status_ext", "reason"),
    [
        ("error:blocked", "blocked"),
        ("error:blocked-url", "blocked"),
        ("error:not-found", "not-found"),
        ("error:invalid-host-resolution", "invalid-host-resolution"),
    ],
)
def test_runtime_error_header_is_permanent(
    wayback: WaybackServer, spn1: Spn1Client, status_ext: str, reason: str
) -> None:
    wayback.fail(URL, status_ext=status_ext)
    with pytest.raises(PermanentError) as caught:
        spn1.save(URL)
    assert caught.value.reason == reason


def test_link_header_picks_the_memento_entry_not_the_next_one() -> None:
    # waybackpy's regex takes the URL after rel="memento" (the "last memento" entry);
    # here they differ, and the rel="memento" one is the capture.
    header = (
        '<https://a.example/>; rel="original", '
        '<https://web.archive.org/web/20200601082911/https://a.example/>; rel="first memento"; '
        'datetime="Mon, 01 Jun 2020 08:29:11 GMT", '
        '<https://web.archive.org/web/20210102094009/https://a.example/>; rel="memento"; '
        'datetime="Sat, 02 Jan 2021 09:40:09 GMT", '
        '<https://web.archive.org/web/20210305000000/https://a.example/>; rel="last memento"; '
        'datetime="Fri, 05 Mar 2021 00:00:00 GMT"'
    )
    assert memento_from_link(header) == (
        "https://web.archive.org/web/20210102094009/https://a.example/"
    )
    assert memento_from_link(header.split(", <https://web.archive.org/web/2021")[0]) == (
        "https://web.archive.org/web/20200601082911/https://a.example/"
    )
    assert memento_from_link('<https://a.example/>; rel="original"') is None
