"""A few screenshots compared with the approved ones in __snapshots__ (pytest --snapshot-update).

The main screen, the add form with problems shown, and an archive run in progress, at
80x24 and 120x40. The library is fixed and nothing on screen depends on the clock or
on temporary paths: the archive run uses a scripted archiver that saves the first URL
and holds the second until the app quits.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import UTC, datetime

import pytest
from textual.widgets import Input, TextArea
from tui_support import press, ready, shows, wait_for

from sourcebox.archive.client import ArchiveHooks, ArchiveResult, Outcome
from sourcebox.tui.screens.jobs import JobScreen
from sourcebox.tui.screens.work_form import WorkForm
from sourcebox.tui.widgets.creators import CreatorRow

SIZES = [(80, 24), (120, 40)]


def _still(app) -> None:
    for widget in app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_main_screen(snap_compare, tui, size):
    async def run_before(pilot):
        await ready(pilot, pilot.app)
        await press(pilot, "down")
        await ready(pilot, pilot.app)
        _still(pilot.app)

    assert snap_compare(tui.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_add_form_with_problems(snap_compare, tui, size):
    async def run_before(pilot):
        app = pilot.app
        await ready(pilot, app)
        await press(pilot, "a")
        await wait_for(pilot, lambda: isinstance(app.screen, WorkForm), "the form")
        form = app.screen
        form.query_one("#field-type").value = "article-newspaper"
        form.query_one("#field-title", Input).value = "NSA collecting phone records"
        form.query_one("#field-issued", Input).value = "last June"
        form.query_one(CreatorRow).query_one(Input).value = "Greenwald, Glenn"
        await shows(pilot, app, "Fix 2 field(s) before saving: Issued, Newspaper.")
        _still(app)

    assert snap_compare(tui.app(), terminal_size=size, run_before=run_before)


class Scripted:
    """Saves the first URL at once and holds the second until the app quits."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.calls = 0

    def archive(self, url: str, *, max_age, job_id: str = "", hooks: ArchiveHooks | None = None):
        assert hooks is not None
        hooks.before_save(url, 1)
        self.calls += 1
        if self.calls > 1:
            self.clock.sleep(600)  # ends (Cancelled) when the app quits
        when = datetime(2024, 6, 1, tzinfo=UTC)
        archived = f"https://web.archive.org/web/20240601000000/{url}"
        return ArchiveResult(url, Outcome.SAVED, archive_url=archived, captured_at=when)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_archive_in_progress(snap_compare, tui, size):
    async def run_before(pilot):
        app = pilot.app
        await ready(pilot, app)
        await press(pilot, "A")
        app.screen.query_one("#scope-all").value = True
        await pilot.click("#start")
        await wait_for(pilot, lambda: isinstance(app.screen, JobScreen), "the job")
        await shows(pilot, app, "Saving https://www.theguardian.com")
        table = app.screen.query_one("#job-rows")
        await wait_for(pilot, lambda: table.row_count == 3, "the rows")

    app = tui.app(archiver=lambda clock: nullcontext(Scripted(clock)))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
