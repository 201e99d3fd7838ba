"""``archive`` killed with SIGKILL mid-run: the re-run polls stored jobs, never resubmits.

A library of 30 web works, the loopback Wayback Machine (SPN2 with keys; every job
answers "pending" to its first two polls) in this process, and the archive command in a
subprocess, killed at seeded random moments while it works, then run to the end.
The server's request log is the witness: one capture per URL, and no URL submitted
again once its job id was stored.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from reliability_support import record, subprocess_env
from wayback_server import WaybackServer

from sourcebox.db.engine import Library, open_library
from sourcebox.domain.model import Work
from sourcebox.services import library as library_service
from sourcebox.services.works import add_works, iter_works

URLS = 30
KILLS = 6
SEED = 7
PENDING_POLLS = 2  # most of a URL's time is then spent with its job id stored, pending
DRIVER = Path(__file__).with_name("archive_cli.py")


def _make_library(path: Path) -> list[str]:
    urls = [f"https://news{i % 7}.example.org/2026/11/story-{i}" for i in range(URLS)]
    library = open_library(f"sqlite:///{path}", path.parent / "backups")
    try:
        with library.session() as session:
            add_works(
                session,
                [
                    Work(type="webpage", key=f"story{i}", title=f"Story number {i}", url=url)
                    for i, url in enumerate(urls)
                ],
            )
    finally:
        library.close()
    return urls


def _archive(path: Path, server: WaybackServer, home: Path) -> subprocess.Popen[bytes]:
    env = subprocess_env(
        home,
        SOURCEBOX_WAYBACK_URL=server.base_url,
        SOURCEBOX_IA_ACCESS_KEY=server.keys[0],
        SOURCEBOX_IA_SECRET_KEY=server.keys[1],
    )
    args = ["--db", str(path), "archive", "--all", "--rate", "6000/min", "--json"]
    with Path(f"{path}.out").open("ab") as out:
        return subprocess.Popen(
            [sys.executable, str(DRIVER), *args],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _snapshots(library: Library) -> dict[str, tuple[str, str]]:
    """URL -> (status, job id) as the library has it."""
    with library.session(readonly=True) as session:
        return {
            s.url: (s.status, s.job_id) for work in iter_works(session, "") for s in work.snapshots
        }


def _posts(server: WaybackServer) -> Counter[str]:
    return Counter(r.target for r in server.requests("save_spn2"))


def _full_run(tmp_path: Path) -> tuple[float, float]:
    """One uninterrupted run on a copy: when its first request came, and how long it took."""
    path = tmp_path / "calibrate.db"
    urls = _make_library(path)
    with WaybackServer(pending_polls=PENDING_POLLS) as server:
        started = time.monotonic()
        process = _archive(path, server, tmp_path / "home")
        process.wait(timeout=120)
        took = time.monotonic() - started
        assert process.returncode == 0, Path(f"{path}.out").read_text()[-2000:]
        first = min(r.started for r in server.requests()) - started
        assert sorted(_posts(server)) == sorted(urls)
    return first, took


def test_archive_killed_mid_run_resumes_without_submitting_anything_twice(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCEBOX_BACKUPS_DAILY", "0")
    first_request, full = _full_run(tmp_path)
    path = tmp_path / "library.db"
    urls = _make_library(path)
    home = tmp_path / "home"
    rng = random.Random(SEED)
    stored_jobs: dict[str, str] = {}  # URL -> job id the library held at some kill
    pending_at_kill: set[str] = set()  # URLs a kill left with a stored job, still pending
    # Submits the server got whose job id the kill kept from being stored, by URL: the
    # one case where the next run submits a URL again (see the end of the test).
    in_flight: dict[str, int] = {}
    finished_before_kill = 0
    with WaybackServer(pending_polls=PENDING_POLLS) as server:
        for _ in range(KILLS):
            library = open_library(f"sqlite:///{path}", tmp_path / "backups")
            try:
                left = sum(1 for status, _ in _snapshots(library).values() if status != "confirmed")
            finally:
                library.close()
            left = left or URLS  # before the first run there are no snapshot rows yet
            work_time = (full - first_request) * left / URLS
            delay = first_request + rng.uniform(0.1, 0.9) * work_time
            process = _archive(path, server, home)
            time.sleep(delay)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            else:
                finished_before_kill += 1
            process.wait()
            posts = _posts(server)
            library = open_library(f"sqlite:///{path}", tmp_path / "backups")
            try:
                assert library_service.check(library).ok
                state = _snapshots(library)
            finally:
                library.close()
            for url, (status, job_id) in state.items():
                if job_id:
                    assert stored_jobs.setdefault(url, job_id) == job_id
                    if status == "pending":
                        pending_at_kill.add(url)
                elif status != "confirmed" and posts[url] > in_flight.get(url, 0):
                    in_flight[url] = posts[url]
            for url in stored_jobs:  # a stored job is polled, never submitted again
                assert posts[url] == 1 + in_flight.get(url, 0), (url, posts[url], in_flight)

        process = _archive(path, server, home)
        assert process.wait(timeout=120) == 0, Path(f"{path}.out").read_text()[-2000:]
        library = open_library(f"sqlite:///{path}", tmp_path / "backups")
        try:
            state = _snapshots(library)
            assert library_service.check(library).ok
        finally:
            library.close()
        assert sorted(state) == sorted(urls)
        assert all(status == "confirmed" for status, _ in state.values()), state
        posts = _posts(server)
        captures = {url: len(server.captures(url)) for url in urls}
        polls = server.count("status")

    assert captures == dict.fromkeys(urls, 1), "a URL was captured twice"
    resubmitted = {url: n for url, n in posts.items() if n > 1}
    # The one way a URL is sent twice: the kill fell between the server receiving the
    # submission and the job id reaching the library. SPN2 answers such a resubmission
    # with the job it already has (as the loopback server does), so no second capture.
    assert set(resubmitted) <= set(in_flight), (resubmitted, in_flight)
    assert all(n == 1 + in_flight[url] for url, n in resubmitted.items()), (resubmitted, in_flight)
    record(
        "crash: archive killed",
        {
            "urls": URLS,
            "kills": KILLS - finished_before_kill,
            "runs_finished_before_kill": finished_before_kill,
            "seed": SEED,
            "full_run_s": round(full, 2),
            "pending_jobs_resumed_by_polling": len(pending_at_kill),
            "submits": sum(posts.values()),
            "submits_in_flight_at_kill": sum(in_flight.values()),
            "urls_submitted_twice": len(resubmitted),
            "captures_per_url": 1,
            "status_polls": polls,
        },
    )
    assert KILLS - finished_before_kill >= KILLS // 2, "too few runs were killed mid-way"
    assert pending_at_kill, "no kill left a submitted job pending: the resume path went untried"


def test_a_kill_between_submitting_and_storing_the_job_id_makes_no_second_capture(
    tmp_path, monkeypatch
):
    # The one window no client can close: the server has the submission, the job id
    # has not reached the library. The re-run submits again and SPN2 answers with the
    # job it already has, so there is still one job and one capture.
    monkeypatch.setenv("SOURCEBOX_BACKUPS_DAILY", "0")
    path = tmp_path / "library.db"
    urls = _make_library(path)
    with WaybackServer(pending_polls=PENDING_POLLS) as server:
        server.fail(None, delay=3.0, times=1, endpoints=["save_spn2"])  # a slow first answer
        process = _archive(path, server, tmp_path / "home")
        deadline = time.monotonic() + 30
        while not server.requests("save_spn2") and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()
        (submitted,) = [r.target for r in server.requests("save_spn2")]
        library = open_library(f"sqlite:///{path}", tmp_path / "backups")
        try:
            assert _snapshots(library)[submitted] == ("requested", "")
        finally:
            library.close()
        process = _archive(path, server, tmp_path / "home")
        assert process.wait(timeout=120) == 0, Path(f"{path}.out").read_text()[-2000:]
        library = open_library(f"sqlite:///{path}", tmp_path / "backups")
        try:
            state = _snapshots(library)
        finally:
            library.close()
        assert len(server.requests("save_spn2", submitted)) == 2
        (capture,) = server.captures(submitted)
        assert state[submitted] == ("confirmed", capture.job_id)
        assert all(status == "confirmed" for status, _ in state.values())
        assert all(server.saves(url) == 1 for url in urls if url != submitted)
