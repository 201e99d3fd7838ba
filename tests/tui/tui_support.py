"""Helpers for the TUI tests: wait for the app, read the screen, read the library."""

from __future__ import annotations

import asyncio
import io
import re
import time
from collections.abc import Callable
from typing import Any

from rich.console import Console

from sourcebox.domain.model import Work
from sourcebox.services.works import get_work
from sourcebox.tui.app import SourceboxApp


async def wait_for(pilot: Any, predicate: Callable[[], object], what: str, timeout: float = 5):
    """Let the app run until ``predicate()`` holds (real workers take real time)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)
    await pilot.pause()


async def ready(pilot: Any, app: SourceboxApp) -> None:
    """The first results are shown and the details pane shows the current work."""
    main = app.main_screen

    def shown() -> bool:
        if main.shown_query is None:
            return False
        if not main.table.row_count:
            return True
        details = main.details.details
        return details is not None and details.work.key == main.table.current_key

    await wait_for(pilot, shown, "the first results")


async def settled(pilot: Any, app: SourceboxApp) -> None:
    """No search is running and the details pane shows the current work."""
    main = app.main_screen
    await wait_for(pilot, lambda: not main.searching, "the search")
    await ready(pilot, app)


def screen_text(app: SourceboxApp) -> str:
    """The whole screen as plain text, as a user sees it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      force_terminal=True, legacy_windows=False, safe_box=False)  # fmt: skip
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def notifications(app: SourceboxApp) -> list[str]:
    """Every notification shown so far, as "title: message"."""
    return list(app.seen)  # type: ignore[attr-defined]


def stored(app: SourceboxApp, key: str) -> Work:
    """The work as the library holds it now."""
    with app.backend.reading() as session:
        return get_work(session, key)


def flat(text: str) -> str:
    """The words of the text: borders dropped, lines joined, runs of spaces made one."""
    return " ".join(re.sub(r"[\u2500-\u259f]", " ", text).split())


async def shows(pilot: Any, app: SourceboxApp, *texts: str, timeout: float = 5) -> str:
    """Wait until the screen shows every one of ``texts`` (lines joined); the screen's text."""

    def found() -> bool:
        screen = flat(screen_text(app))
        return all(text in screen for text in texts)

    await wait_for(pilot, found, f"the screen to show {texts}", timeout)
    return flat(screen_text(app))


def type_fast(app: SourceboxApp, text: str) -> None:
    """Send keys as a fast typist would: one after another, not waiting for the app."""
    from textual import events

    assert app._driver is not None
    for char in text:
        key = {" ": "space", '"': "quotation_mark", ":": "colon"}.get(char, char)
        app._driver.send_message(events.Key(key, char))


async def press(pilot: Any, *keys: str) -> None:
    """Press keys one after another, each handled before the next (as ``Pilot.press``, but
    without its waits for the whole process to go idle: a worker's result is waited for
    by the test itself)."""
    from textual import events

    app = pilot.app
    for key in keys:
        char = key if len(key) == 1 else {"space": " ", "question_mark": "?", "slash": "/"}.get(key)
        screen = app.screen
        app._driver.send_message(events.Key(key, char))
        await _drained(pilot)
        if app.screen is not screen:  # a dialog opened or closed: let it settle in
            await pilot.pause()


async def _drained(pilot: Any) -> None:
    """Until no message is waiting anywhere on screen (those that handling others posted too)."""
    app = pilot.app
    for _ in range(50):
        await pilot._wait_for_screen()
        await asyncio.sleep(0)
        nodes = [app, *app.screen.walk_children(with_self=True)]
        if all(node._message_queue.empty() for node in nodes):
            return
