"""Messages that workers and widgets post up to the screens. Past tense: what happened.

Workers run in threads and never touch widgets; they post one of these, and the
screen that owns the worker updates what is shown. (Textual's ``Message`` is
ready for dataclasses: its ``__post_init__`` sets it up.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from sourcebox.db.history import Change
    from sourcebox.services.browse import Details, Page


@dataclass(eq=False)
class ResultsLoaded(Message):
    """The first page of a search's results."""

    generation: int
    query: str
    sort: str
    page: Page


@dataclass(eq=False)
class PageLoaded(Message):
    """A further page of the results on screen."""

    generation: int
    page: Page


@dataclass(eq=False)
class CountLoaded(Message):
    """How many works the search on screen matches."""

    generation: int
    total: int


@dataclass(eq=False)
class DetailsLoaded(Message):
    """A work and its note previews, for the details pane."""

    details: Details


@dataclass(eq=False)
class LibraryChanged(Message):
    """A write was committed: say what changed, show the results again."""

    message: str
    select: str | None = None
    renamed: tuple[str, str] | None = None  # a key changed: (old, new)


@dataclass(eq=False)
class TaskFailed(Message):
    """An action failed; ``message`` says what failed and what to do."""

    action: str
    message: str


@dataclass(eq=False)
class TextReady(Message):
    """Text for the clipboard, and what it is (for the notification)."""

    text: str
    what: str


@dataclass(eq=False)
class RowsStarted(Message):
    """A long job's rows (URL, the keys citing it, first state) before it starts."""

    rows: list[tuple[str, str, str]]


@dataclass(eq=False)
class RowUpdated(Message):
    """A long job's row changed state."""

    url: str
    state: str
    detail: str = ""


@dataclass(eq=False)
class JobActivity(Message):
    """What a long job is doing now: "saving URL", "waiting 30s rate limit", ..."""

    event: str
    detail: str


@dataclass(eq=False)
class JobFinished(Message):
    """A long job ended: its summary lines; ``failed`` when it needs the user's attention."""

    summary: str
    lines: list[str]
    failed: bool = False
    cancelled: bool = False


@dataclass(eq=False)
class UndoFound(Message):
    """The change an undo would revert now (None: nothing to undo)."""

    change: Change | None


@dataclass(eq=False)
class ReportReady(Message):
    """A list to show in a report screen (a work's history, say)."""

    title: str
    summary: str
    items: list[str]
