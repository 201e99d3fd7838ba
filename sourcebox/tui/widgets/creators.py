"""The creators editor of the work form: one row per creator, added, removed and reordered."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Select, Static

from sourcebox.domain.model import ROLES, Creator
from sourcebox.domain.names import format_name

_PLACEHOLDER = '"Family, Given", "Given Family" or {Organisation}'


class CreatorRow(Vertical):
    """One creator: role, name, move and remove buttons, and the name's error."""

    def __init__(self, role: str = "author", name: str = "") -> None:
        super().__init__(classes="creator-row")
        self._start_role = role
        self._start_name = name

    def compose(self) -> ComposeResult:
        """Role, name, ↑ ↓ ✕; the error line below."""
        with Horizontal(classes="creator-line"):
            yield Select(
                [(role, role) for role in _roles(self._start_role)],
                value=self._start_role,
                allow_blank=False,
                compact=True,
                classes="creator-role",
            )
            yield Input(
                self._start_name, placeholder=_PLACEHOLDER, compact=True, classes="creator-name"
            )
            yield Button("↑", classes="creator-up", compact=True, tooltip="Move up")
            yield Button("↓", classes="creator-down", compact=True, tooltip="Move down")
            yield Button("✕", classes="creator-remove", compact=True, tooltip="Remove")
        yield Static("", classes="field-error", markup=False)

    # A row just added may not have composed its widgets yet: until it has, it
    # answers with what it was made with.
    @property
    def role(self) -> str:
        """The chosen role."""
        for select in self.query(Select):
            return select.value if isinstance(select.value, str) else "author"
        return self._start_role

    @property
    def name_text(self) -> str:
        """The name as typed."""
        for name in self.query(Input):
            return name.value
        return self._start_name

    def set_error(self, problem: str | None) -> None:
        """Show (or clear) what is wrong with the name."""
        for error in self.query(".field-error").results(Static):
            error.update(problem or "")
            error.display = bool(problem)
        for name in self.query(Input):
            name.set_class(bool(problem), "-invalid")


def _roles(current: str) -> tuple[str, ...]:
    """The roles to choose from; a role read from a file that is not one of them, first."""
    return ROLES if current in ROLES else (current, *ROLES)


class CreatorsEditor(Vertical):
    """Creators in order; posts ``Changed`` whenever one is added, removed, moved or edited."""

    class Changed(Message):
        """The creators changed."""

    def __init__(self, creators: Sequence[Creator], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = list(creators) or [Creator(role="author")]

    def compose(self) -> ComposeResult:
        """A row per creator and an Add button."""
        for creator in self._initial:
            name = format_name(creator) if (creator.family or creator.literal) else ""
            yield CreatorRow(creator.role, name)
        yield Button("+ Add creator", id="add-creator", compact=True)

    @property
    def rows(self) -> list[CreatorRow]:
        """The rows, top to bottom."""
        return list(self.query(CreatorRow))

    def entries(self) -> list[tuple[CreatorRow, str, str]]:
        """(row, role, name) for every row whose name is not blank, in order."""
        return [(row, row.role, row.name_text) for row in self.rows if row.name_text.strip()]

    @on(Button.Pressed, "#add-creator")
    async def add_row(self) -> None:
        """Add an empty row (an author) at the end and type into it."""
        row = CreatorRow()
        await self.mount(row, before=self.query_one("#add-creator"))
        row.query_one(Input).focus()
        self.post_message(self.Changed())

    @on(Button.Pressed, ".creator-up, .creator-down, .creator-remove")
    async def _row_button(self, event: Button.Pressed) -> None:
        event.stop()
        row = next(a for a in event.button.ancestors if isinstance(a, CreatorRow))
        rows = self.rows
        index = rows.index(row)
        if event.button.has_class("creator-remove"):
            await row.remove()
        elif event.button.has_class("creator-up") and index > 0:
            self.move_child(row, before=rows[index - 1])
        elif event.button.has_class("creator-down") and index < len(rows) - 1:
            self.move_child(row, after=rows[index + 1])
        self.post_message(self.Changed())

    @on(Input.Changed, ".creator-name")
    @on(Select.Changed, ".creator-role")
    def _edited(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Changed())
