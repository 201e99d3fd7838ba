"""A form field: its title and input on one line, and the line that says what is wrong."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Label, Static, TextArea


class FieldRow(Widget):
    """A field's title and input on one line; what is wrong with it, below, once it is wrong."""

    DEFAULT_CSS = """
    FieldRow {
        layout: grid;
        grid-size: 2;
        grid-columns: 14 1fr;
        grid-rows: auto;
        height: auto;
    }
    FieldRow > .field-error {
        column-span: 2;
    }
    FieldRow.-long {
        grid-rows: 3 auto;
    }
    """

    def __init__(self, name: str, title: str, editor: Widget) -> None:
        super().__init__(classes="field-row", id=f"row-{name}")
        self.set_class(isinstance(editor, TextArea), "-long")
        self.field = name
        self.title_text = title
        self.editor = editor
        # Made on the first problem: most fields never need one.
        self._error: Static | None = None

    def compose(self) -> ComposeResult:
        """Title and input."""
        yield Label(self.title_text, classes="field-title")
        yield self.editor

    def set_title(self, title: str) -> None:
        """Rename the field (the container's name follows the type)."""
        if title != self.title_text:
            self.title_text = title
            for label in self.query(".field-title").results(Label):
                label.update(title)

    def set_error(self, problem: str | None) -> None:
        """Show or clear the field's problem."""
        self.editor.set_class(bool(problem), "-invalid")
        if self._error is None:
            if not problem:
                return
            self._error = Static(problem, classes="field-error", markup=False)
            self.mount(self._error)
        else:
            self._error.update(problem or "")
        self._error.display = bool(problem)

    @property
    def error_text(self) -> str:
        """The problem shown under the field ("" when none)."""
        error = self._error
        return str(error.render()) if error is not None and error.display else ""
