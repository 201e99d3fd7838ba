"""The results list: a virtual table of works that renders only the rows on screen.

It never holds the whole result set. It knows how many works match and keeps a
few pages of them; a row that is on screen but not loaded is drawn as "…" and
its page is asked for with ``PageWanted`` (the screen loads it in a worker and
hands it back with ``add_page``). Pages far from the view are dropped, so
scrolling through 100,000 works keeps at most ``KEEP_PAGES`` pages in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from sourcebox.domain.model import Work
from sourcebox.services.browse import Page
from sourcebox.tui.render import row_cells

#: Works per page (the first page of a search, and every later one).
PAGE_SIZE = 100
#: Pages kept in memory; the ones farthest from the view go first.
KEEP_PAGES = 12
COLUMNS = ("", "Key", "Creators", "Year", "Title", "Type", "Archived")
# Widths of the columns that do not grow (each with its one-space gap).
_FIXED = {"": 1, "Year": 5, "Type": 10, "Archived": 11}
_MIN_TITLE = 16


def column_widths(width: int) -> dict[str, int]:
    """Each column's width for a list ``width`` cells wide; the title takes the rest."""
    widths = dict(_FIXED)
    # Keys are what a user types and cites: after the title, they get the most.
    widths["Key"] = min(30, max(21, width // 4))
    widths["Creators"] = min(24, max(11, width // 8))
    widths["Title"] = max(_MIN_TITLE, width - sum(widths.values()))
    return {name: widths[name] for name in COLUMNS}


def _fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


@dataclass
class ResultSet:
    """One search's results: what is loaded of them, by page, and how many there are."""

    query: str = ""
    sort: str = "relevance"
    pages: dict[int, tuple[Work, ...]] = field(default_factory=dict)
    total: int | None = None
    more: bool = False

    @property
    def rows(self) -> int:
        """Rows to show: the total once counted, else the first page (and "more")."""
        if self.total is not None:
            return self.total
        first = len(self.pages.get(0, ()))
        return first + (1 if self.more else 0)

    @property
    def loaded(self) -> int:
        """How many works are in memory."""
        return sum(len(page) for page in self.pages.values())

    def work(self, row: int) -> Work | None:
        """The work in ``row``, if its page is loaded."""
        page = self.pages.get(row // PAGE_SIZE)
        index = row % PAGE_SIZE
        return page[index] if page is not None and index < len(page) else None

    def works(self) -> list[Work]:
        """The loaded works, in order."""
        return [w for index in sorted(self.pages) for w in self.pages[index]]


class ResultsHeader(Static):
    """The column titles above the list."""

    def set_widths(self, widths: dict[str, int]) -> None:
        """Lay the titles out like the rows."""
        self.update("".join(_fit(f" {name}" if name else "", w) for name, w in widths.items()))


class ResultsList(ScrollView, can_focus=True):
    """Works of the current search; the cursor row is the current work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "edit_current", "Edit", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results--cursor",
        "results--odd",
        "results--marked",
        "results--pending",
    }
    DEFAULT_CSS = """
    ResultsList {
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    ResultsList > .results--cursor {
        background: $block-cursor-blurred-background;
    }
    ResultsList:focus > .results--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    ResultsList > .results--odd {
        background: $surface-lighten-1 40%;
    }
    ResultsList > .results--marked {
        color: $accent;
        text-style: bold;
    }
    ResultsList > .results--pending {
        color: $text-muted;
    }
    """

    cursor = reactive(0, always_update=True)

    class CursorMoved(Message):
        """The cursor is on another work (or the results changed under it)."""

    class PageWanted(Message):
        """A row on screen belongs to a page that is not loaded."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class EditWanted(Message):
        """Enter was pressed on a row."""

    class Resized(Message):
        """The column widths changed (the header follows them)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.results = ResultSet()
        self.marked: set[str] = set()
        self.wanted: set[int] = set()
        self.widths = column_widths(80)

    # -- contents -----------------------------------------------------------------------
    def show(self, query: str, sort: str, page: Page, select: str | None = None) -> None:
        """Replace the results with the first page of a new search."""
        keep = select or self.current_key
        self.results = ResultSet(query, sort, {0: page.works}, None, page.more)
        self.wanted.clear()
        keys = [w.key for w in page.works]
        row = keys.index(keep) if keep in keys else 0
        self._resize()
        self.scroll_to(y=max(0, row - self.size.height // 2), animate=False, immediate=True)
        self.set_reactive(ResultsList.cursor, row)
        self.refresh()
        self.post_message(self.CursorMoved())

    def set_total(self, total: int) -> None:
        """The number of works the search matches: the list is that long."""
        self.results.total = total
        self._resize()
        self.refresh()

    def add_page(self, page: Page) -> None:
        """A page that was asked for; pages far from the view are dropped."""
        index = page.offset // PAGE_SIZE
        self.wanted.discard(index)
        self.results.pages[index] = page.works
        if self.results.total is None:
            self.results.more = page.more
        self._forget_far_pages()
        self._resize()
        self.refresh()
        if index == self.cursor // PAGE_SIZE:
            self.post_message(self.CursorMoved())

    def _forget_far_pages(self) -> None:
        pages = self.results.pages
        if len(pages) <= KEEP_PAGES:
            return
        here = int(self.scroll_offset.y) // PAGE_SIZE
        for index in sorted(pages, key=lambda i: abs(i - here), reverse=True):
            if len(pages) <= KEEP_PAGES:
                break
            if index not in (0, self.cursor // PAGE_SIZE):
                del pages[index]

    def _resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.results.rows)

    def on_resize(self, event: events.Resize) -> None:
        """New column widths; the header follows."""
        self.widths = column_widths(event.size.width)
        self._resize()
        self.post_message(self.Resized())

    @property
    def row_count(self) -> int:
        """Rows in the list (works matching, once counted)."""
        return self.results.rows

    @property
    def current_work(self) -> Work | None:
        """The work under the cursor, if loaded."""
        return self.results.work(self.cursor) if self.results.rows else None

    @property
    def current_key(self) -> str | None:
        """The key of the work under the cursor, if any."""
        work = self.current_work
        return work.key if work is not None else None

    # -- drawing ------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """One row: the work, or "…" while its page loads."""
        row = int(self.scroll_offset.y) + y
        width = self.size.width
        if row >= self.results.rows:
            return Strip.blank(width, self.rich_style)
        work = self.results.work(row)
        base = self.rich_style
        if row % 2:
            base += self.get_component_rich_style("results--odd", partial=True)
        if work is None:
            index = row // PAGE_SIZE
            if index not in self.wanted:
                self.wanted.add(index)
                self.post_message(self.PageWanted(index))
            style = base + self.get_component_rich_style("results--pending", partial=True)
            return Strip([Segment(_fit("  …", width), style)], width)
        marked = work.key in self.marked
        if marked:
            base += self.get_component_rich_style("results--marked", partial=True)
        if row == self.cursor:
            base += self.get_component_rich_style("results--cursor", partial=True)
        cells = zip(COLUMNS, row_cells(work, marked), strict=True)
        text = "".join(_fit(cell, self.widths[name]) for name, cell in cells)
        return Strip([Segment(_fit(text, width), base)], width)

    # -- moving -------------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        """Keep the cursor in view; redraw the two rows; say the current work changed."""
        top = int(self.scroll_offset.y)
        height = max(1, self.size.height)
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)
        self.refresh()
        if old != new:
            self.post_message(self.CursorMoved())

    def validate_cursor(self, value: int) -> int:
        """The cursor stays on a row."""
        return max(0, min(value, self.results.rows - 1))

    def action_cursor(self, step: int) -> None:
        """Up or down a row."""
        self.cursor += step

    def action_page(self, direction: int) -> None:
        """Up or down a screenful."""
        self.cursor += direction * max(1, self.size.height - 1)

    def action_jump(self, row: int) -> None:
        """To the first row, or (-1) the last."""
        self.cursor = row if row >= 0 else self.results.rows - 1

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the row."""
        self.focus()
        self.cursor = int(self.scroll_offset.y) + event.y

    def action_edit_current(self) -> None:
        """Enter: edit the work under the cursor."""
        if self.current_key is not None:
            self.post_message(self.EditWanted())

    # -- marks --------------------------------------------------------------------------------
    def toggle_mark(self) -> None:
        """Mark or unmark the work under the cursor, and move down."""
        key = self.current_key
        if key is None:
            return
        if key in self.marked:
            self.marked.discard(key)
        else:
            self.marked.add(key)
        self.cursor += 1
        self.refresh()

    def clear_marks(self) -> None:
        """Unmark every work."""
        self.marked.clear()
        self.refresh()

    def selected_keys(self) -> list[str]:
        """The marked keys (in the order shown, where loaded), or the key under the cursor."""
        if self.marked:
            shown = [w.key for w in self.results.works() if w.key in self.marked]
            return shown + sorted(self.marked - set(shown))
        key = self.current_key
        return [key] if key is not None else []
