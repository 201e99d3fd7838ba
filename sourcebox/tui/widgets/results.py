"""The results table: one row per work, filled a page at a time as the cursor nears the end.

It never holds the whole result set: the screen gives it the first page, and
each time the cursor comes within ``AHEAD`` rows of the last loaded row it posts
``NearEnd`` so that the screen loads the next page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from sourcebox.domain.model import Work
from sourcebox.services.browse import Page
from sourcebox.tui.render import row_cells

#: Ask for the next page when the cursor is this close to the last loaded row.
AHEAD = 40
_COLUMNS = ("", "Key", "Creators", "Year", "Title", "Type", "Archived")
# Widths (each with its one-space gap) of the columns that do not grow, and the
# title's least width. The key and creators grow with the table, the title most.
_FIXED = {"": 1, "Year": 5, "Type": 11, "Archived": 11}
_MIN_TITLE = 16


@dataclass
class ResultSet:
    """The works of one search that are loaded, in order, and what is known of the rest."""

    query: str = ""
    sort: str = "relevance"
    works: list[Work] = field(default_factory=list)
    total: int | None = None
    more: bool = False
    loading: bool = False


class ResultsTable(DataTable[Text | str]):
    """Works of the current search; the cursor row is the current work."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "edit_current", "Edit", show=False)]

    class NearEnd(Message):
        """The cursor is near the last loaded row and more rows exist."""

    class EditWanted(Message):
        """Enter was pressed on a row."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=0)
        self.results = ResultSet()
        self.marked: set[str] = set()

    def on_mount(self) -> None:
        """Make the columns."""
        for name in _COLUMNS:
            label = f" {name}" if name else ""
            self.add_column(label, key=name or "mark", width=_FIXED.get(name, _MIN_TITLE))
        self._fit()

    def on_resize(self) -> None:
        """Give the title every column the others leave."""
        self._fit()

    def _fit(self) -> None:
        width = self.size.width or 80
        widths = dict(_FIXED)
        # Keys are what a user types and cites: they get the most after the title.
        widths["Key"] = min(30, max(17, width // 5))
        widths["Creators"] = min(24, max(12, width // 8))
        widths["Title"] = max(_MIN_TITLE, width - sum(widths.values()) - 1)
        for name in _COLUMNS:
            column = self.columns.get(ColumnKey(name or "mark"))
            if column is not None:
                column.width = widths[name]
                column.auto_width = False
        self._require_update_dimensions = True
        self.refresh()

    # -- contents -----------------------------------------------------------------------
    def show(self, query: str, sort: str, page: Page, select: str | None = None) -> None:
        """Replace the rows with the first page of a new result set."""
        current = select or self.current_key
        self.results = ResultSet(query, sort, list(page.works), None, page.more)
        self.clear()
        self._add(page.works)
        keys = [w.key for w in page.works]
        if current in keys:
            self.move_cursor(row=keys.index(current), animate=False)
        elif self.row_count:
            self.move_cursor(row=0, animate=False)

    def append(self, page: Page) -> None:
        """Add the next page's rows below the loaded ones."""
        self.results.loading = False
        if page.offset != len(self.results.works):
            return  # a page of an earlier state of the table
        self.results.works.extend(page.works)
        self.results.more = page.more
        self._add(page.works)
        self._check_end()

    def set_total(self, total: int) -> None:
        """The number of works the search matches."""
        self.results.total = total

    def _add(self, works: tuple[Work, ...] | list[Work]) -> None:
        self.add_rows(
            (row_cells(w, w.key in self.marked) for w in works),
        )

    @property
    def current_key(self) -> str | None:
        """The key of the work under the cursor, if any."""
        works = self.results.works
        if 0 <= self.cursor_row < len(works) and self.row_count:
            return works[self.cursor_row].key
        return None

    @property
    def current_work(self) -> Work | None:
        """The (summary of the) work under the cursor, as last loaded."""
        works = self.results.works
        if 0 <= self.cursor_row < len(works) and self.row_count:
            return works[self.cursor_row]
        return None

    # -- marks ------------------------------------------------------------------------------
    def toggle_mark(self) -> None:
        """Mark or unmark the work under the cursor, and move down."""
        key = self.current_key
        if key is None:
            return
        if key in self.marked:
            self.marked.discard(key)
        else:
            self.marked.add(key)
        self.update_cell_at(Coordinate(self.cursor_row, 0), "●" if key in self.marked else " ")
        if self.cursor_row < self.row_count - 1:
            self.move_cursor(row=self.cursor_row + 1)

    def clear_marks(self) -> None:
        """Unmark every work."""
        if not self.marked:
            return
        for index, work in enumerate(self.results.works):
            if work.key in self.marked:
                self.update_cell_at(Coordinate(index, 0), " ")
        self.marked.clear()

    def selected_works(self) -> list[Work]:
        """The marked works that are loaded, or the work under the cursor."""
        if self.marked:
            return [w for w in self.results.works if w.key in self.marked]
        work = self.current_work
        return [work] if work is not None else []

    def selected_keys(self) -> list[str]:
        """The marked keys (loaded or not), or the key under the cursor."""
        if self.marked:
            loaded = [w.key for w in self.results.works if w.key in self.marked]
            return loaded + sorted(self.marked - set(loaded))
        key = self.current_key
        return [key] if key is not None else []

    # -- paging -----------------------------------------------------------------------------
    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        """Ask for more rows when the cursor nears the end."""
        super().watch_cursor_coordinate(old, new)
        self._check_end()

    def watch_scroll_y(self, old: float, new: float) -> None:
        """Ask for more rows when the view nears the end (mouse wheel)."""
        super().watch_scroll_y(old, new)
        self._check_end()

    def _check_end(self) -> None:
        results = self.results
        if not results.more or results.loading:
            return
        near_cursor = self.cursor_row >= self.row_count - AHEAD
        near_view = self.scroll_y + self.size.height + AHEAD >= self.row_count
        if near_cursor or near_view:
            results.loading = True
            self.post_message(self.NearEnd())

    def action_edit_current(self) -> None:
        """Enter: edit the work under the cursor."""
        if self.current_key is not None:
            self.post_message(self.EditWanted())
