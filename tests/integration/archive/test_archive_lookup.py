"""CDX lookups: the newest 200 capture, asked exactly as waybackpy asks, over httpx."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from wayback_fixtures import FakeClock
from wayback_server import WaybackServer
from waybackpy import WaybackMachineCDXServerAPI

from sourcebox.archive.errors import PermanentError, RateLimited, TransientError
from sourcebox.archive.lookup import CdxLookup
from sourcebox.archive.transport import USER_AGENT, Endpoints, make_http_client

URL = "https://a.example/page"


@pytest.fixture
def lookup(wayback: WaybackServer, clock: FakeClock) -> Iterator[CdxLookup]:
    # Generous: a loaded CI machine can take over 100 ms to answer on loopback.
    http = make_http_client(timeout=2.0)
    yield CdxLookup(Endpoints(wayback.base_url), http, clock)
    http.close()


def test_newest_200_capture_wins(wayback: WaybackServer, lookup: CdxLookup) -> None:
    wayback.seed(URL, timedelta(days=9))
    newest = wayback.seed(URL, timedelta(days=2))
    wayback.seed(URL, timedelta(hours=1), status=404)
    capture = lookup.newest(URL)
    assert capture is not None
    assert capture.url == URL
    assert capture.timestamp == newest.timestamp
    assert capture.archive_url == f"{wayback.base_url}/web/{newest.ts}/{URL}"
    assert wayback.count("cdx") == 1


def test_no_capture_is_none(wayback: WaybackServer, lookup: CdxLookup) -> None:
    wayback.seed(URL, timedelta(days=1), status=404)
    assert lookup.newest(URL) is None


def test_the_query_is_exactly_what_waybackpy_near_sends(
    wayback: WaybackServer, lookup: CdxLookup, clock: FakeClock
) -> None:
    wayback.seed(URL, timedelta(days=1))
    lookup.newest(URL)
    ours = wayback.requests("cdx")[0]
    api = WaybackMachineCDXServerAPI(URL, user_agent=USER_AGENT, filters=["statuscode:200"])
    api.endpoint = wayback.base_url + "/cdx/search/cdx"
    api.near(wayback_machine_timestamp=clock.now().strftime("%Y%m%d%H%M%S"))
    theirs = wayback.requests("cdx")[1]
    assert ours.path == theirs.path
    assert ours.params["filter"] == ["statuscode:200"]
    assert ours.params["sort"] == ["closest"] and ours.params["limit"] == ["1"]
    assert ours.headers["user-agent"] == USER_AGENT


def test_index_lag_hides_a_fresh_capture_for_n_lookups(
    wayback: WaybackServer, lookup: CdxLookup
) -> None:
    wayback.index_delay = 2
    wayback.new_capture(URL)
    assert lookup.newest(URL) is None
    assert lookup.newest(URL) is None
    assert lookup.newest(URL) is not None


def test_excluded_site_is_permanent(wayback: WaybackServer, lookup: CdxLookup) -> None:
    wayback.excluded.add(URL)
    with pytest.raises(PermanentError) as caught:
        lookup.newest(URL)
    assert caught.value.reason == "blocked"


def test_cdx_429_is_rate_limited_not_an_empty_answer(
    wayback: WaybackServer, lookup: CdxLookup
) -> None:
    wayback.seed(URL, timedelta(days=1))
    wayback.fail(status=429, endpoints={"cdx"})
    with pytest.raises(RateLimited) as caught:
        lookup.newest(URL)
    assert caught.value.pause_seconds >= 60


@pytest.mark.parametrize("status", [502, 503])
def test_cdx_5xx_is_transient(wayback: WaybackServer, lookup: CdxLookup, status: int) -> None:
    wayback.fail(status=status, endpoints={"cdx"})
    with pytest.raises(TransientError):
        lookup.newest(URL)


def test_slow_cdx_times_out(wayback: WaybackServer, clock: FakeClock) -> None:
    wayback.fail(delay=0.5, endpoints={"cdx"})
    with make_http_client(timeout=0.1) as http, pytest.raises(TransientError) as caught:
        CdxLookup(Endpoints(wayback.base_url), http, clock).newest(URL)
    assert caught.value.reason == "cdx-timeout"
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)
