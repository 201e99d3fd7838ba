"""The add and edit form: fields that follow the work type, checked as you type.

Each change is checked at once with the same pure code the CLI uses (field
parsing of ``sourcebox set``, name parsing, the validation rules); the field in
error shows why under it, and Save is refused until nothing is wrong. Saving
runs the service in a worker; a refusal there (a taken key, say) is shown the
same way and the form stays open.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from sourcebox.domain import keys as keymod
from sourcebox.domain import validate
from sourcebox.domain.fields import set_fields
from sourcebox.domain.model import FIELDS, MAIN_TYPES, WORK_TYPES, Creator, Work
from sourcebox.domain.names import parse_name
from sourcebox.errors import ConflictError, ValidationError
from sourcebox.services.works import add_work, replace_work
from sourcebox.tui.backend import Backend
from sourcebox.tui.formfields import fields_for, required
from sourcebox.tui.messages import TaskFailed
from sourcebox.tui.render import field_title
from sourcebox.tui.widgets.creators import CreatorsEditor
from sourcebox.tui.widgets.fieldrow import FieldRow
from sourcebox.tui.workers import failure_text

_LONG = ("abstract", "note")
_HINTS = {
    "issued": "2007, 2007-09, 2007-09-14, circa 2007",
    "accessed": "e.g. 2024-05-01",
    "doi": "e.g. 10.1234/abc",
    "isbn": "ISBN-10 or ISBN-13",
    "url": "https://…",
    "page": "e.g. 45-67",
    "title": "Full title: subtitle",
}


class _Saved(Message):
    """The work was stored under ``key``."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class _Refused(Message):
    """The service refused the work (a taken key, an invalid field)."""

    def __init__(self, error: ValidationError | ConflictError) -> None:
        super().__init__()
        self.error = error


@dataclass(frozen=True)
class Checked:
    """The form read as a work, and every problem by field (empty when it can be saved)."""

    work: Work | None
    problems: dict[str, str]


class WorkForm(ModalScreen[str | None]):
    """Add a work (``original`` None) or edit one; dismisses with the stored key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, backend: Backend, original: Work | None = None) -> None:
        super().__init__()
        self.backend = backend
        self.original = original
        self.checked = Checked(None, {})
        self._server_problems: dict[str, str] = {}
        # A field the user has not touched yet shows no error under it (the summary
        # line names it all the same), until Save is pressed.
        self._touched: set[str] = set()
        self._tried = False
        work = original or Work(type="book")
        # Every field's text; a field not on screen keeps its value here.
        self.values = {name: work.get(name) for name in FIELDS}

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Type (and key when adding), the fields, creators, tags, problems, buttons."""
        work = self.original or Work(type="book")
        types = [*MAIN_TYPES, *sorted(t for t in WORK_TYPES if t not in MAIN_TYPES)]
        if work.type not in types:  # read from a file as it was: kept, and offered
            types.insert(0, work.type)
        title = f"Edit {work.key}" if self.original else "Add a work"
        with Vertical(classes="dialog form"):
            yield Static(title, classes="dialog-title", markup=False)
            with VerticalScroll(id="form-body"):
                yield FieldRow(
                    "type",
                    "Type",
                    Select(
                        [(t, t) for t in types],
                        value=work.type,
                        allow_blank=False,
                        compact=True,
                        id="field-type",
                    ),
                )
                if self.original is None:
                    yield FieldRow(
                        "key",
                        "Key",
                        Input(
                            placeholder="leave empty to make one from the key pattern",
                            compact=True,
                            id="field-key",
                        ),
                    )
                with Vertical(id="fields"):
                    yield from self._rows(work.type, every=False)
                yield Label("Creators", classes="form-heading")
                yield CreatorsEditor(work.creators, id="creators")
                yield FieldRow(
                    "tags",
                    "Tags",
                    Input(
                        ", ".join(work.tags),
                        placeholder="comma-separated, e.g. iran, draft",
                        compact=True,
                        id="field-tags",
                    ),
                )
                yield Checkbox("Show every field", id="all-fields", compact=True)
            yield Static("", id="form-problems", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def _shown(self, kind: str, every: bool) -> list[str]:
        """The fields to show: the type's, every one holding a value, or all of them."""
        used = set(fields_for(kind))
        return [
            name
            for name in FIELDS
            if name != "type" and (every or name in used or self.values[name].strip())
        ]

    def _rows(self, kind: str, every: bool) -> list[FieldRow]:
        return [
            FieldRow(name, _title(name, kind), self._editor(name))
            for name in self._shown(kind, every)
        ]

    def _editor(self, name: str) -> Widget:
        value = self.values[name]
        if name in _LONG:
            area = TextArea(value, id=f"field-{name}", compact=True, soft_wrap=True)
            area.show_line_numbers = False
            return area
        return Input(value, placeholder=_HINTS.get(name, ""), compact=True, id=f"field-{name}")

    def on_mount(self) -> None:
        """Check what is there; type the title first."""
        self._check()
        self.query_one("#field-title").focus()

    @property
    def work_type(self) -> str:
        """The chosen type."""
        value = self.query_one("#field-type", Select).value
        return value if isinstance(value, str) else "book"

    def _value(self, name: str) -> str:
        """A field's text: from its input when shown, else as it was last."""
        for editor in self.query(f"#field-{name}"):
            if isinstance(editor, TextArea):
                return editor.text
            if isinstance(editor, Input):
                return editor.value
        return self.values.get(name, "")

    async def _arrange(self) -> None:
        """Show the fields of the chosen type (or all), keeping what was typed in any."""
        for name in FIELDS:
            if name != "type":
                self.values[name] = self._value(name)
        kind = self.work_type
        every = self.query_one("#all-fields", Checkbox).value
        fields = self.query_one("#fields", Vertical)
        current = [row.field for row in fields.query(FieldRow)]
        if current == self._shown(kind, every):
            for row in fields.query(FieldRow):
                row.set_title(_title(row.field, kind))
            return
        await fields.remove_children()
        await fields.mount_all(self._rows(kind, every))

    # -- checking as you type -------------------------------------------------------------
    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(CreatorsEditor.Changed)
    def _edited(self, event: Message) -> None:
        widget = getattr(event, "control", None)
        if isinstance(event, CreatorsEditor.Changed):
            self._touched.add("creators")
        elif isinstance(widget, Widget) and (widget.id or "").startswith("field-"):
            self._touched.add((widget.id or "").removeprefix("field-"))
        self._server_problems.clear()
        self._check()

    @on(Select.Changed, "#field-type")
    @on(Checkbox.Changed, "#all-fields")
    async def _rearranged(self) -> None:
        await self._arrange()
        self._check()

    def _check(self) -> Checked:
        """Read the form as a work; show every problem beside its field."""
        problems: dict[str, str] = {}
        base = self.original or Work(type=self.work_type)
        changes = [("type", self.work_type)]
        changes += [(name, self._value(name)) for name in FIELDS if name != "type"]
        work: Work | None
        try:
            work = set_fields(base, changes)
        except ValidationError as error:
            for problem in error.problems:
                problems.setdefault(problem.field, f"{problem.value!r}: {problem.reason}")
            # The other fields are still checked: leave the bad ones as they were.
            rest = [(name, value) for name, value in changes if name not in problems]
            try:
                work = set_fields(base, rest)
            except ValidationError:
                work = None
        creators: list[Creator] = []
        editor = self.query_one(CreatorsEditor)
        for row in editor.rows:
            row.set_error(None)
        for row, role, name in editor.entries():
            try:
                creators.append(parse_name(name, role))
            except ValidationError as error:
                row.set_error(error.problems[0].reason)
                problems.setdefault("creators", f"{role} {name!r}: {error.problems[0].reason}")
        tags = tuple(t.strip() for t in self._value("tags").split(",") if t.strip())
        bad_tags = [t for t in tags if t[0] in "+-"]
        if bad_tags:
            problems["tags"] = f"{bad_tags[0]!r}: a tag cannot start with + or -"
        key = ""
        if self.original is None:
            key = self._value("key").strip()
            if key:
                try:
                    keymod.check_key(key)
                except ValidationError as error:
                    problems["key"] = error.problems[0].reason
        if work is not None:
            work = replace(work, creators=tuple(creators), tags=tags, key=key or work.key)
            for problem in validate.problems(work):
                problems.setdefault(problem.field, problem.reason)
        for name, reason in self._server_problems.items():
            problems.setdefault(name, reason)
        self._show(problems)
        self.checked = Checked(work, problems)
        return self.checked

    def _show(self, problems: dict[str, str]) -> None:
        for row in self.query(FieldRow):
            shown = self._tried or row.field in self._touched
            row.set_error(problems.get(row.field) if shown else None)
        summary = self.query_one("#form-problems", Static)
        if problems:
            names = ", ".join(_name(f, self.work_type) for f in problems)
            summary.update(f"Fix {len(problems)} field(s) before saving: {names}.")
        else:
            summary.update("Ready to save.")
        summary.set_class(bool(problems), "-problems")

    # -- saving ---------------------------------------------------------------------------
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Store the work if the form holds no problem."""
        self._tried = True
        checked = self._check()
        if checked.problems or checked.work is None:
            for row in self.query(FieldRow):
                if row.field in checked.problems:
                    row.editor.focus()
                    break
            self.notify("The form has problems; each is shown under its field.", severity="error")
            return
        self.query_one("#save", Button).disabled = True
        self._save(checked.work)

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def _save(self, work: Work) -> None:
        try:
            if self.original is None:
                with self.backend.writing("add") as session:
                    stored = add_work(session, work, self.backend.settings.key_pattern)
            else:
                with self.backend.writing("edit") as session:
                    stored = replace_work(session, self.original.key, work)
        except (ValidationError, ConflictError) as error:
            self.post_message(_Refused(error))
            return
        except Exception as error:
            self.post_message(TaskFailed("save", failure_text(error, "saving the work")))
            return
        self.post_message(_Saved(stored.key))

    @on(_Saved)
    def _saved(self, message: _Saved) -> None:
        """Close with the key of the stored work."""
        self.dismiss(message.key)

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        """Show the service's objection beside its field and stay open."""
        error = message.error
        if isinstance(error, ValidationError):
            for problem in error.problems:
                self._server_problems[problem.field] = problem.reason
        else:
            self._server_problems["key"] = str(error)
        self._check()
        self.notify(str(error), title="Not saved", severity="error", timeout=8)

    def on_task_failed(self, message: TaskFailed) -> None:
        """An unexpected failure: say so, keep the form."""
        message.stop()
        self.query_one("#save", Button).disabled = False
        self.notify(message.message, title="Not saved", severity="error", timeout=10)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


def _title(field: str, work_type: str) -> str:
    """A field's title in the form; a star when the type needs it."""
    return field_title(field, work_type) + (" *" if field in required(work_type) else "")


def _name(field: str, work_type: str) -> str:
    if field in ("key", "tags", "creators"):
        return field.capitalize()
    return field_title(field, work_type) if field in FIELDS else field
