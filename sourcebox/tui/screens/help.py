"""The help screen: every key of the main screen, navigation, and the query language."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sourcebox.domain.query import HELP as QUERY_HELP
from sourcebox.tui.keys import ACTIONS, display_key

_MOVING = (
    ("↑ ↓ PgUp PgDn", "Move through the results (more load as you go)."),
    ("Home End", "First and last loaded result."),
    ("Enter", "Edit the work under the cursor (in the search box: go to the results)."),
    ("Tab", "Next pane: search box, results, details."),
    ("Esc", "Unmark all; leave the search box; close a dialog; cancel a running job."),
    ("ctrl+s", "Save a form."),
    ("ctrl+p", "Command palette: every action by name."),
    ("ctrl+q", "Quit."),
)


_APPLIES = "Actions on works apply to the marked works (Space), else to the one under the cursor."


_APPLIES = "Actions on works apply to the marked works (Space), else to the one under the cursor."


def help_text() -> Group:
    """The keys, the navigation and the query language as one renderable."""
    keys = Table.grid(padding=(0, 2))
    keys.add_column(style="bold", no_wrap=True)
    keys.add_column()
    for action in ACTIONS:
        keys.add_row(display_key(action.key), f"{action.title}: {action.help}")
    moving = Table.grid(padding=(0, 2))
    moving.add_column(style="bold", no_wrap=True)
    moving.add_column()
    for key, text in _MOVING:
        moving.add_row(key, text)
    query = QUERY_HELP.rstrip()
    return Group(
        Text("Actions", style="bold underline"),
        Text(_APPLIES, style="dim"),
        keys,
        Text("\nMoving around", style="bold underline"),
        moving,
        Text("\nSearching", style="bold underline"),
        Text(query),
    )


class HelpScreen(ModalScreen[None]):
    """Keys and the query language; Esc or ? closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        """A scrollable page."""
        with Vertical(classes="dialog wide"):
            yield Static("sourcebox keys", classes="dialog-title", markup=False)
            with VerticalScroll(id="help-body"):
                yield Static(help_text(), id="help-text")

    def on_mount(self) -> None:
        """Arrows scroll the page."""
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        """Back to the library."""
        self.dismiss(None)
