"""Archiving and link checks from the TUI, against the loopback Wayback Machine and web site."""

from __future__ import annotations

import time

from textual.widgets import DataTable, ProgressBar
from tui_support import notifications, press, settled, shows, stored, wait_for

from sourcebox.archive.client import RetryPolicy, WaybackArchiver
from sourcebox.archive.ratelimit import RateLimiter
from sourcebox.db import repository as repo
from sourcebox.domain.model import Work
from sourcebox.services.works import add_works
from sourcebox.tui.render import archive_state
from sourcebox.tui.screens.jobs import JobScreen, ScopeDialog

SMITH = "https://example.org/archiving"


def _fast_archiver(wayback, clock):
    """An anonymous archiver on the loopback server whose waits take no real time."""

    def make(_cancellable):
        return WaybackArchiver(
            wayback.base_url,
            limiter=RateLimiter(2.0, clock=clock),
            clock=clock,
            timeout=2.0,
            retry=RetryPolicy(max_attempts=2, backoff=1.0),
        )

    return make


def _rows(app) -> dict[str, str]:
    table = app.screen.query_one("#job-rows", DataTable)
    return {
        str(table.get_cell(key, "url")): str(table.get_cell(key, "state")) for key in table.rows
    }


def test_archive_the_marked_works_with_progress_and_a_row_per_url(tui, wayback, clock):
    async def scenario(pilot, app):
        main = app.main_screen
        await press(pilot, "down", "down", "space", "space")  # greenwald and smith
        assert main.table.marked == {"greenwald2013nsa", "smith2020web"}
        await press(pilot, "A")
        assert isinstance(app.screen, ScopeDialog)
        await shows(pilot, app, "The 2 marked work(s)", "All 5 works in the library")
        await pilot.click("#start")
        await wait_for(pilot, lambda: isinstance(app.screen, JobScreen), "the job screen")
        job = app.screen
        await wait_for(pilot, lambda: not job.running, "the job", timeout=10)
        assert _rows(app) == {
            "https://www.theguardian.com/world/2013/jun/06/nsa-phone-records-verizon": "saved",
            SMITH: "saved",
        }
        bar = job.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (2, 2)
        await shows(pilot, app, "0 reused, 2 saved, 0 failed")
        assert wayback.saves(SMITH) == 1
        await press(pilot, "escape")
        await settled(pilot, app)
        snapshot = stored(app, "smith2020web").snapshots[0]
        assert snapshot.status == "confirmed"
        assert snapshot.archive_url.startswith(f"{wayback.base_url}/web/")
        assert main.results.work(3).key == "smith2020web"  # its archive column has the date
        assert archive_state(main.results.work(3)) == clock.now().strftime("%Y-%m-%d")

    tui.run(scenario, archiver=_fast_archiver(wayback, clock))


def test_archive_every_result_reuses_a_fresh_capture(tui, wayback, clock):
    from datetime import timedelta

    wayback.seed(SMITH, timedelta(days=2))

    async def scenario(pilot, app):
        app.main_screen.search_box.value = "archiving"
        await settled(pilot, app)
        await press(pilot, "A")
        await shows(pilot, app, "All 1 works matching 'archiving'")
        app.screen.query_one("#scope-all").value = True
        await pilot.click("#start")
        await wait_for(pilot, lambda: isinstance(app.screen, JobScreen), "the job screen")
        await wait_for(pilot, lambda: not app.screen.running, "the job", timeout=10)
        assert _rows(app) == {SMITH: "reused"}
        assert wayback.saves(SMITH) == 0

    tui.run(scenario, archiver=_fast_archiver(wayback, clock))


def test_rate_limit_waits_are_shown_and_cancel_stops_at_once_keeping_what_was_done(tui, wayback):
    def paced(cancellable):
        # The real pace without keys (2 a minute) on the app's cancellable clock.
        return WaybackArchiver(
            wayback.base_url, limiter=RateLimiter(2.0, clock=cancellable), clock=cancellable
        )

    async def scenario(pilot, app):
        await press(pilot, "down", "down", "space", "space", "A")
        await pilot.click("#start")
        await wait_for(pilot, lambda: isinstance(app.screen, JobScreen), "the job screen")
        await shows(pilot, app, "Waiting", "rate limit")
        assert sorted(_rows(app).values()) == ["queued", "saved"]
        started = time.monotonic()
        await press(pilot, "escape")
        await wait_for(pilot, lambda: not app.screen.running, "the cancel", timeout=5)
        assert time.monotonic() - started < 3  # not the rest of the 30-second wait
        await shows(pilot, app, "Cancelled after 1 URL(s). What was done is kept")
        await press(pilot, "escape")
        assert not isinstance(app.screen, JobScreen)
        states = {
            k: stored(app, k).snapshots[0].status for k in ("greenwald2013nsa", "smith2020web")
        }
        assert sorted(states.values()) == ["confirmed", "requested"]  # the second is queued
        assert "Cancelled after 1 URL(s)" in " ".join(notifications(app))

    tui.run(scenario, archiver=paced)


def test_check_links_shows_each_state_and_records_it(tui, website):
    urls = {"okpage": "/ok", "deadpage": "/not-found", "movedpage": "/moved"}

    async def scenario(pilot, app):
        with app.backend.writing("add") as session:
            add_works(
                session,
                [
                    Work(
                        type="webpage", key=k, title=f"Page {k}", url=website.url(p), tags=("web",)
                    )
                    for k, p in urls.items()
                ],
            )
        app.main_screen.search_box.value = "tag:web"
        await settled(pilot, app)
        await press(pilot, "L")
        app.screen.query_one("#scope-all").value = True
        await pilot.click("#start")
        await wait_for(pilot, lambda: isinstance(app.screen, JobScreen), "the job screen")
        await wait_for(pilot, lambda: not app.screen.running, "the check", timeout=10)
        assert _rows(app) == {
            website.url("/ok"): "ok",
            website.url("/not-found"): "dead",
            website.url("/moved"): "redirected",
        }
        await shows(pilot, app, "1 of 3 links are dead or unreachable")
        with app.backend.reading() as session:
            dead = repo.urls_with_status(session, [website.url(p) for p in urls.values()], "dead")
        assert dead == {website.url("/not-found")}

    tui.run(scenario, size=(110, 36))


def test_a_work_without_a_link_has_nothing_to_archive(tui, wayback, clock):
    async def scenario(pilot, app):
        await press(pilot, "A")  # parsi2007treacherous has no URL
        await pilot.click("#start")
        await wait_for(pilot, lambda: isinstance(app.screen, JobScreen), "the job screen")
        await shows(pilot, app, "No links to archive")

    tui.run(scenario, archiver=_fast_archiver(wayback, clock))
