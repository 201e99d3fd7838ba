"""Long jobs on links: archiving and link checks, with a progress bar, a row per URL, Cancel.

The job runs in a thread worker (``workers.archive_job`` / ``check_job``) and
reports every step by message. Rate-limit waits are shown with a countdown.
Cancel stops the job at once, even inside a wait; what was done is kept.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Label,
    ProgressBar,
    RadioButton,
    RadioSet,
    Static,
)

from sourcebox.domain.durations import parse_duration
from sourcebox.errors import SourceboxError
from sourcebox.tui.backend import Backend
from sourcebox.tui.messages import JobActivity, JobFinished, RowsStarted, RowUpdated
from sourcebox.tui.workers import archive_job, check_job

#: Row states after which a URL is done.
FINAL = frozenset(
    {"reused", "saved", "failed", "permanent", "skipped", "ok", "redirected", "dead", "unreachable"}
)
_STYLES = {
    "saved": "green",
    "reused": "green",
    "ok": "green",
    "redirected": "yellow",
    "failed": "red",
    "permanent": "red",
    "dead": "red",
    "unreachable": "red",
    "skipped": "dim",
    "saving": "bold",
    "checking": "bold",
}
_WAIT = re.compile(r"^(\d+)s (.*)$")
#: Rows shown before a job starts; a URL further down gets its row when it is reached.
SHOWN_QUEUED = 200


@dataclass(frozen=True)
class Scope:
    """Which works a job covers: ``keys``, or every work matching ``query``."""

    keys: tuple[str, ...]
    query: str | None
    description: str
    max_age: timedelta | None = None


class ScopeDialog(ModalScreen[Scope | None]):
    """Choose the works (marked or current, or all results), and the max age for archiving."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        *,
        selected: list[str],
        marked: bool,
        query: str,
        total: int | None,
        max_age: str | None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.selected = selected
        self.marked = marked
        self.search = query
        self.total = total
        self.max_age = max_age

    def compose(self) -> ComposeResult:
        """The two scopes, the max age when archiving, buttons."""
        if self.marked:
            first = f"the {len(self.selected)} marked work(s)"
        else:
            first = f"this work ({self.selected[0]})" if self.selected else "this work (none)"
        count = f"{self.total:,} " if self.total is not None else ""
        where = f"matching '{self.search}'" if self.search.strip() else "in the library"
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with RadioSet(id="scope"):
                yield RadioButton(
                    Text(first[0].upper() + first[1:]), value=bool(self.selected), id="scope-sel"
                )
                yield RadioButton(
                    Text(f"All {count}works {where}"), value=not self.selected, id="scope-all"
                )
            if self.max_age is not None:
                with Horizontal(classes="field-line"):
                    yield Label("Reuse captures younger than", classes="field-title wide")
                    yield Input(self.max_age, compact=True, id="max-age")
                yield Static("", id="age-error", classes="field-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Start", id="start", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        """The scope has the focus."""
        self.query_one(RadioSet).focus()
        if not self.selected:
            self.query_one("#scope-sel", RadioButton).disabled = True

    @on(Input.Changed, "#max-age")
    def _age(self) -> timedelta | None:
        text = self.query_one("#max-age", Input).value
        error = self.query_one("#age-error", Static)
        try:
            age = parse_duration(text)
        except SourceboxError as problem:
            error.update(str(problem))
            error.display = True
            self.query_one("#start", Button).disabled = True
            return None
        error.display = False
        self.query_one("#start", Button).disabled = False
        return age

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        age = self._age() if self.max_age is not None else None
        if self.max_age is not None and age is None:
            return
        if self.query_one("#scope-sel", RadioButton).value and self.selected:
            what = f"{len(self.selected)} marked work(s)" if self.marked else f"{self.selected[0]}"
            self.dismiss(Scope(tuple(self.selected), None, what, age))
        else:
            where = f"'{self.search}'" if self.search.strip() else "the library"
            self.dismiss(Scope((), self.search, f"all works of {where}", age))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without starting."""
        self.dismiss(None)


class JobScreen(Screen[None]):
    """A running archive or link-check job: progress, a row per URL, Cancel then Close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop", "Cancel / Close"),
    ]

    def __init__(self, backend: Backend, kind: str, scope: Scope) -> None:
        super().__init__()
        self.backend = backend
        self.kind = kind
        self.scope = scope
        self.running = True
        self.finished: JobFinished | None = None
        self._final: set[str] = set()
        self._waiting: dict[str, str] = {}  # URLs not shown yet, and the keys citing them
        self._wait_until = 0.0
        self._wait_reason = ""
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        """Title, progress, activity, the URL table, the summary."""
        verb = "Archiving the links of" if self.kind == "archive" else "Checking the links of"
        yield Static(f"{verb} {self.scope.description}", classes="job-title", markup=False)
        yield ProgressBar(show_eta=False, id="job-progress")
        yield Static("Finding the links…", id="job-activity", markup=False)
        yield DataTable(id="job-rows", cursor_type="row", zebra_stripes=True)
        yield Static("", id="job-summary", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Start the job in a worker thread."""
        table = self.query_one("#job-rows", DataTable)
        table.add_column("State", key="state", width=10)
        table.add_column("Works", key="works")
        table.add_column("Detail", key="detail")
        table.add_column("URL", key="url")
        if self.kind == "archive":
            job = partial(
                archive_job,
                self.backend,
                self.post_message,
                keys=self.scope.keys,
                query=self.scope.query,
                max_age=self.scope.max_age or timedelta(days=30),
            )
        else:
            job = partial(
                check_job,
                self.backend,
                self.post_message,
                keys=self.scope.keys,
                query=self.scope.query,
            )
        self.run_worker(job, thread=True, group="job", exit_on_error=False)
        self._ticker = self.set_interval(0.5, self._tick)
        table.focus()

    # -- job messages ------------------------------------------------------------------------
    def on_rows_started(self, message: RowsStarted) -> None:
        """Show the first URLs, queued; the others get their row when their turn comes."""
        table = self.query_one("#job-rows", DataTable)
        for index, (url, keys, state) in enumerate(message.rows):
            if index < SHOWN_QUEUED:
                table.add_row(_state(state), Text(keys), "", Text(url), key=url)
            else:
                self._waiting[url] = keys
        self.query_one(ProgressBar).update(total=len(message.rows) or 1, progress=0)
        self.query_one("#job-activity", Static).update(f"{len(message.rows)} link(s).")

    def on_row_updated(self, message: RowUpdated) -> None:
        """Update one URL's row (and the progress once it is done)."""
        table = self.query_one("#job-rows", DataTable)
        if message.url not in table.rows:
            keys = self._waiting.pop(message.url, "")
            table.add_row(
                _state(message.state),
                Text(keys),
                Text(message.detail),
                Text(message.url),
                key=message.url,
            )
        else:
            table.update_cell(message.url, "state", _state(message.state))
            if message.detail:
                table.update_cell(message.url, "detail", Text(message.detail), update_width=True)
        if message.state in FINAL and message.url not in self._final:
            self._final.add(message.url)
            self.query_one(ProgressBar).advance(1)
            self._wait_until = 0.0

    def on_job_activity(self, message: JobActivity) -> None:
        """Say what the job does now; a wait gets a countdown."""
        activity = self.query_one("#job-activity", Static)
        if message.event == "wait":
            match = _WAIT.match(message.detail)
            seconds, reason = (int(match[1]), match[2]) if match else (0, message.detail)
            self._wait_until = time.monotonic() + seconds
            self._wait_reason = reason
            self._tick()
            return
        self._wait_until = 0.0
        verb = "Saving" if message.event == "save" else "Checking"
        activity.update(f"{verb} {message.detail}")

    def _tick(self) -> None:
        if not self._wait_until or not self.running:
            return
        left = max(0, round(self._wait_until - time.monotonic()))
        self.query_one("#job-activity", Static).update(
            f"Waiting {left} s ({self._wait_reason}): the Wayback Machine takes only a few "
            "saves a minute. Esc cancels."
        )

    def on_job_finished(self, message: JobFinished) -> None:
        """Show the summary; Esc now closes."""
        self.running = False
        self.finished = message
        if self._ticker is not None:
            self._ticker.stop()
        bar = self.query_one(ProgressBar)
        if bar.total is None:
            bar.update(total=1, progress=1)
        summary = self.query_one("#job-summary", Static)
        summary.update(message.summary)
        summary.set_class(message.failed, "-failed")
        self.query_one("#job-activity", Static).update(
            "Cancelled." if message.cancelled else "Done. Esc closes."
        )
        if message.failed:
            self.notify(message.summary, severity="error", timeout=10)
        elif message.cancelled:
            self.notify(message.summary, severity="warning", timeout=8)
        else:
            self.notify(message.summary, timeout=8)

    # -- keys ------------------------------------------------------------------------------------
    def action_stop(self) -> None:
        """Cancel a running job; close a finished one."""
        if self.running:
            self.backend.clock.cancel()
            self.query_one("#job-activity", Static).update("Cancelling…")
        else:
            self.dismiss(None)


def _state(state: str) -> Text:
    return Text(state, style=_STYLES.get(state, ""))
