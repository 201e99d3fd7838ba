"""Small modal dialogs: confirm, ask for one line (checked as you type), show a report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static


class ConfirmDialog(ModalScreen[bool]):
    """Asks a yes/no question; ``True`` only for an explicit yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "No"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: str, lines: Sequence[str] = (), yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.lines = list(lines)
        self.yes = yes

    def compose(self) -> ComposeResult:
        """The question, what it concerns, and two buttons."""
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            if self.lines:
                yield Static("\n".join(self.lines), classes="dialog-text", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        """The safe answer has the focus."""
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Answer with a key."""
        self.dismiss(yes)


class PromptDialog(ModalScreen[str | None]):
    """Asks for one line of text; ``check`` names what is wrong with it as it is typed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        *,
        lines: Sequence[str] = (),
        value: str = "",
        placeholder: str = "",
        check: Callable[[str], str | None] | None = None,
        ok: str = "OK",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)
        self.value = value
        self.placeholder = placeholder
        self.check = check or (lambda text: None)
        self.ok = ok

    def compose(self) -> ComposeResult:
        """Title, explanation, the input and its error line, buttons."""
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if self.lines:
                yield Static("\n".join(self.lines), classes="dialog-text", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt")
            yield Static("", id="prompt-error", classes="field-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.ok, id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        """Type at once."""
        self.query_one("#prompt", Input).focus()
        self._validate(self.value)

    @on(Input.Changed, "#prompt")
    def _changed(self, event: Input.Changed) -> None:
        self._validate(event.value)

    def _validate(self, text: str) -> bool:
        problem = self.check(text)
        error = self.query_one("#prompt-error", Static)
        error.update(problem or "")
        error.display = bool(problem)
        self.query_one("#prompt", Input).set_class(bool(problem), "-invalid")
        self.query_one("#ok", Button).disabled = bool(problem)
        return problem is None

    @on(Input.Submitted, "#prompt")
    def _submitted(self) -> None:
        self._finish()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self._finish()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)

    def _finish(self) -> None:
        value = self.query_one("#prompt", Input).value
        if self._validate(value):
            self.dismiss(value)


class ReportScreen(ModalScreen[None]):
    """A summary and a list to scroll through (import problems, unknown keys, ...)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, title: str, summary: str, items: Sequence[Text | str]) -> None:
        super().__init__()
        self.title_text = title
        self.summary = summary
        self.items = list(items)

    def compose(self) -> ComposeResult:
        """Title, summary, the items, a Close button."""
        with Vertical(classes="dialog wide"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.summary, classes="dialog-text", id="report-summary", markup=False)
            if self.items:
                items = (Text(i) if isinstance(i, str) else i for i in self.items)
                yield OptionList(*items, id="report-items")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close", variant="primary")

    def on_mount(self) -> None:
        """The list (or the button) has the focus, so arrows scroll it."""
        if self.items:
            self.query_one(OptionList).focus()
        else:
            self.query_one(Button).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close the report."""
        self.dismiss(None)
