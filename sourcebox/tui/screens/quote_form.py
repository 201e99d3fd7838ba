"""The quote form: a passage of the current work, with its locator and label."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from sourcebox.domain.model import LOCATOR_LABELS, Quote, Work
from sourcebox.errors import ValidationError
from sourcebox.services.quotes import add_quote
from sourcebox.tui.backend import Backend
from sourcebox.tui.workers import failure_text


class _Done(Message):
    """The quote was stored (``error`` empty) or refused."""

    def __init__(self, error: str = "", field: str = "") -> None:
        super().__init__()
        self.error = error
        self.field = field


class QuoteForm(ModalScreen[Quote | None]):
    """Add a quote to ``work``; dismisses with the quote, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, backend: Backend, work: Work) -> None:
        super().__init__()
        self.backend = backend
        self.work = work
        self.quote: Quote | None = None

    def compose(self) -> ComposeResult:
        """The passage, where it is, a comment, buttons."""
        with Vertical(classes="dialog form"):
            yield Static(f"Quote from {self.work.key}", classes="dialog-title", markup=False)
            yield Static(self.work.title or "(untitled)", classes="dialog-text", markup=False)
            yield Label("Passage *", classes="form-heading")
            yield TextArea(id="quote-text", compact=True, soft_wrap=True)
            yield Static("", id="error-text", classes="field-error", markup=False)
            with Horizontal(classes="field-line"):
                yield Label("Locator", classes="field-title")
                yield Input(placeholder="102, 45-47, 3", compact=True, id="quote-locator")
                yield Select(
                    [(label, label) for label in LOCATOR_LABELS],
                    value="page",
                    allow_blank=False,
                    compact=True,
                    id="quote-label",
                )
            with Horizontal(classes="field-line"):
                yield Label("Comment", classes="field-title")
                yield Input(placeholder="your comment (optional)", compact=True, id="quote-comment")
            yield Static("", id="form-problems", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        """Type the passage first."""
        self.query_one("#quote-text", TextArea).focus()
        self._check()

    def _read(self) -> Quote:
        label = self.query_one("#quote-label", Select).value
        return Quote(
            text=self.query_one("#quote-text", TextArea).text,
            locator=self.query_one("#quote-locator", Input).value,
            label=label if isinstance(label, str) else "page",
            comment=self.query_one("#quote-comment", Input).value,
        )

    @on(TextArea.Changed)
    @on(Input.Changed)
    @on(Select.Changed)
    def _check(self) -> bool:
        """A quote needs its text; say so under the passage."""
        empty = not self._read().text.strip()
        error = self.query_one("#error-text", Static)
        error.update("a quote needs its text" if empty else "")
        error.display = empty
        self.query_one("#quote-text").set_class(empty, "-invalid")
        self.query_one("#save", Button).disabled = empty
        self.query_one("#form-problems", Static).update(
            "Fix 1 field before saving: Passage." if empty else "Ready to save."
        )
        return not empty

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Store the quote."""
        if self._check():
            self.quote = self._read()
            self.query_one("#save", Button).disabled = True
            self._save(self.quote)

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def _save(self, quote: Quote) -> None:
        try:
            with self.backend.writing("quote") as session:
                self.quote = add_quote(session, self.work.key, quote)
        except ValidationError as error:
            self.post_message(_Done(str(error), error.problems[0].field))
            return
        except Exception as error:
            self.post_message(_Done(failure_text(error, "saving the quote")))
            return
        self.post_message(_Done())

    @on(_Done)
    def _done(self, message: _Done) -> None:
        if not message.error:
            self.dismiss(self.quote)
            return
        self.query_one("#save", Button).disabled = False
        self.notify(message.error, title="Quote not saved", severity="error", timeout=8)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
