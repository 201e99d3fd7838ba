"""The loopback Wayback Machine and cited site answer in the shapes of the protocol notes."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from wayback_fixtures import CitedSite
from wayback_server import WaybackServer
from waybackpy import WaybackMachineCDXServerAPI

AUTH = {"Authorization": "LOW test-access:test-secret"}


def test_anonymous_spn2_is_refused_with_the_login_message(wayback: WaybackServer) -> None:
    answer = httpx.post(wayback.base_url + "/save", data={"url": "https://a.example/"})
    assert answer.status_code == 401
    assert answer.json() == {"message": "You need to be logged in to use Save Page Now."}


def test_spn2_errors_come_under_http_200_without_job_id(wayback: WaybackServer) -> None:
    wayback.daily_limit = 0
    answer = httpx.post(
        wayback.base_url + "/save", data={"url": "https://a.example/"}, headers=AUTH
    )
    assert answer.status_code == 200
    data = answer.json()
    assert data["status"] == "error" and data["status_ext"] == "error:too-many-daily-captures"
    assert "job_id" not in data


def test_spn2_job_is_pending_then_success(wayback: WaybackServer) -> None:
    job = httpx.post(wayback.base_url + "/save", data={"url": "https://a.example/"}, headers=AUTH)
    job_id = job.json()["job_id"]
    assert job_id.startswith("spn2-") and len(job_id) == 45
    first = httpx.get(f"{wayback.base_url}/save/status/{job_id}").json()
    second = httpx.get(f"{wayback.base_url}/save/status/{job_id}").json()
    assert first["status"] == "pending"
    assert second["status"] == "success"
    assert second["timestamp"] == wayback.captures("https://a.example/")[0].ts
    user = httpx.get(wayback.base_url + "/save/status/user", headers=AUTH).json()
    assert set(user) == {"available", "processing", "daily_captures", "daily_captures_limit"}


def test_429_carries_no_retry_after(wayback: WaybackServer) -> None:
    wayback.fail(status=429)
    answer = httpx.get(wayback.base_url + "/save/https://a.example/")
    assert answer.status_code == 429
    assert "retry-after" not in answer.headers


def test_520_can_land_the_capture(wayback: WaybackServer) -> None:
    wayback.fail("https://a.example/", status=520, lands=True)
    answer = httpx.get(wayback.base_url + "/save/https://a.example/")
    assert (answer.status_code, answer.reason_phrase) == (520, "UNKNOWN")
    assert len(wayback.captures("https://a.example/")) == 1


def test_cdx_json_has_a_header_row_and_empty_is_a_bare_list(wayback: WaybackServer) -> None:
    wayback.seed("https://a.example/", timedelta(days=1))
    url = wayback.base_url + "/cdx/search/cdx"
    hit = httpx.get(url, params={"url": "https://a.example/", "output": "json"}).json()
    miss = httpx.get(url, params={"url": "https://b.example/", "output": "json"}).json()
    assert hit[0] == [
        "urlkey",
        "timestamp",
        "original",
        "mimetype",
        "statuscode",
        "digest",
        "length",
    ]
    assert hit[1][0] == "example,a)/"
    assert miss == []


def test_waybackpy_reads_our_cdx_including_resume_keys(wayback: WaybackServer) -> None:
    for days in (3, 2, 1):
        wayback.seed("https://a.example/", timedelta(days=days))
    api = WaybackMachineCDXServerAPI("https://a.example/", limit="1")
    api.endpoint = wayback.base_url + "/cdx/search/cdx"
    stamps = [snapshot.timestamp for snapshot in api.snapshots()]
    assert stamps == [c.ts for c in wayback.captures("https://a.example/")]
    assert wayback.count("cdx") == 3  # one page per row, followed by resume key


def test_availability_hit_and_miss(wayback: WaybackServer) -> None:
    capture = wayback.seed("https://a.example/", timedelta(days=1))
    url = wayback.base_url + "/wayback/available"
    hit = httpx.get(url, params={"url": "https://a.example/"}).json()
    miss = httpx.get(url, params={"url": "https://b.example/", "timestamp": "2020"}).json()
    assert hit["archived_snapshots"]["closest"]["timestamp"] == capture.ts
    assert hit["archived_snapshots"]["closest"]["status"] == "200"
    assert miss == {"url": "https://b.example/", "archived_snapshots": {}, "timestamp": "2020"}


def test_playback_redirects_an_inexact_timestamp_to_the_closest(wayback: WaybackServer) -> None:
    capture = wayback.seed("https://a.example/", timedelta(days=1))
    exact = httpx.get(f"{wayback.base_url}/web/{capture.ts}/https://a.example/")
    near = httpx.get(f"{wayback.base_url}/web/2001/https://a.example/")
    assert exact.status_code == 200 and "memento-datetime" in exact.headers
    assert near.status_code == 302
    assert near.headers["location"].endswith(f"/web/{capture.ts}/https://a.example/")


def test_counts_per_endpoint(wayback: WaybackServer) -> None:
    httpx.get(wayback.base_url + "/save/https://a.example/")
    httpx.get(wayback.base_url + "/cdx/search/cdx", params={"url": "https://a.example/"})
    assert wayback.counts == {"save_v1": 1, "cdx": 1}
    assert wayback.saves("https://a.example/") == 1


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/ok", 200),
        ("HEAD", "/not-found", 404),
        ("GET", "/gone", 410),
        ("HEAD", "/no-head", 405),
        ("GET", "/no-head", 200),
    ],
)
def test_cited_site_routes(website: CitedSite, method: str, path: str, status: int) -> None:
    assert httpx.request(method, website.url(path)).status_code == status


def test_cited_site_redirects_and_times_out(website: CitedSite) -> None:
    moved = httpx.get(website.url("/moved"), follow_redirects=True)
    assert moved.status_code == 200 and moved.history[0].status_code == 301
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(website.url("/slow"), timeout=0.05)
