"""The Textual application: ``make_app(settings)`` serves ``sourcebox tui`` and the tests.

The app only wires things: the main screen, the command palette (every action of
the main screen by name) and closing the library on exit.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.screen import Screen

from sourcebox.config import Settings
from sourcebox.tui.backend import ArchiverFactory, Backend, CheckerFactory
from sourcebox.tui.keys import ACTIONS
from sourcebox.tui.screens.main import MainScreen


class SourceboxApp(App[None]):
    """sourcebox in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "sourcebox"
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend

    def get_default_screen(self) -> Screen[None]:
        """The library."""
        return MainScreen(self.backend)

    @property
    def main_screen(self) -> MainScreen:
        """The main screen (at the bottom of the stack)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The main screen's actions by name, then Textual's own (theme, keys, quit)."""
        if isinstance(screen, MainScreen):
            for action in ACTIONS:
                method = getattr(screen, f"action_{action.action}")
                yield SystemCommand(action.title, action.help, partial(method))
        yield from super().get_system_commands(screen)

    def on_unmount(self) -> None:
        """Stop a running job's waits, then let go of the library.

        Quitting must not wait out a rate-limit pause: the archive worker stops at
        once, and its state is kept for the next run.
        """
        self.backend.clock.cancel()
        self.backend.close()


def make_app(
    settings: Settings,
    *,
    archiver: ArchiverFactory | None = None,
    link_checker: CheckerFactory | None = None,
) -> SourceboxApp:
    """The app on the library the settings name; tests pass their own network clients."""
    return SourceboxApp(Backend(settings, archiver=archiver, link_checker=link_checker))
