"""The details pane: every field of the current work, its quotes, snapshots and notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from sourcebox.services.browse import Details
from sourcebox.tui.render import details_view


class DetailsPane(VerticalScroll):
    """Shows one work (``show``) or a line of text (``say``)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.details: Details | None = None

    def compose(self) -> ComposeResult:
        """One static that holds the rendering."""
        yield Static("", id="details-body", markup=False)

    def show(self, details: Details) -> None:
        """Show a work; the view returns to the top when it is another work."""
        same = self.details is not None and self.details.work.key == details.work.key
        self.details = details
        self.query_one("#details-body", Static).update(details_view(details))
        if not same:
            self.scroll_home(animate=False)

    def say(self, text: str) -> None:
        """Show a line instead of a work (no results, an error)."""
        self.details = None
        self.query_one("#details-body", Static).update(text)
