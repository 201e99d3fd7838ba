"""The browsing half of the main screen: search as you type, paged results, the details pane.

Every query runs in a thread worker and reports back by message. Typing never
waits for the database: a search starts at once when none is running, and the
keys typed while one runs are coalesced into one search for the latest text when
it returns (a debounce as long as the query takes, never longer). Each search has
a generation number, so the results of a stale search are dropped. The rows are
painted first; the count and the current work's details are loaded after that
paint.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from sourcebox.cite import style_names
from sourcebox.domain.query import parse_query
from sourcebox.errors import QueryError
from sourcebox.services import browse
from sourcebox.services.works import SORTS
from sourcebox.tui.backend import Backend
from sourcebox.tui.messages import (
    CountLoaded,
    DetailsLoaded,
    LibraryChanged,
    PageLoaded,
    ResultsLoaded,
    TaskFailed,
)
from sourcebox.tui.render import count_text
from sourcebox.tui.widgets.details import DetailsPane
from sourcebox.tui.widgets.results import PAGE_SIZE, ResultSet, ResultsHeader, ResultsList
from sourcebox.tui.workers import failure_text


class BrowseScreen(Screen[None]):
    """Search box, results table and details pane."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]  # noqa: RUF012 (Textual's type)

    # Only reached when the focused widget does not use the key (the search box).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_results", "Results", show=False),
    ]

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.sort = "relevance"
        self.style_name = backend.settings.style
        self.generation = 0
        self.wanted = ""
        self.searching = False
        self.shown_query: str | None = None
        self._select: str | None = None
        self._fresh = False

    def compose(self) -> ComposeResult:
        """Search bar on top, results and details below (side by side when wide)."""
        yield Header(icon="≡")
        with Horizontal(id="search-bar"):
            yield Static("Search", id="search-label", markup=False)
            yield Input(
                placeholder="words, author:parsi, tag:iran, year:2000..2010 "
                "(? keys, ctrl+p commands)",
                id="search",
                compact=True,
            )
            yield Static("", id="count", markup=False)
        yield Static("", id="query-error", markup=False)
        with Container(id="body"):
            with Vertical(id="results-pane"):
                yield ResultsHeader(id="results-header")
                yield ResultsList(id="results")
            yield DetailsPane(id="details")
        # The palette (ctrl+p) is on the help screen and in the search hint: the footer
        # needs every column for the actions at 120 columns.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Start on the results; the first search opens the library."""
        self.title = "sourcebox"
        path = self.backend.settings.library_path
        self.sub_title = path.name if path is not None else self.backend.settings.db_url
        self.table.focus()
        self.query_one(DetailsPane).say("Opening the library…")
        self.start_search()

    # -- parts ------------------------------------------------------------------------------
    @property
    def table(self) -> ResultsList:
        """The results list."""
        return self.query_one(ResultsList)

    @property
    def results(self) -> ResultSet:
        """The loaded part of the result set on screen."""
        return self.table.results

    @property
    def search_box(self) -> Input:
        """The search box."""
        return self.query_one("#search", Input)

    @property
    def details(self) -> DetailsPane:
        """The details pane."""
        return self.query_one(DetailsPane)

    # -- searching --------------------------------------------------------------------------
    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        error = self.query_one("#query-error", Static)
        try:
            parse_query(event.value)
        except QueryError as problem:
            error.update(str(problem))
            error.display = True
            self.search_box.add_class("-invalid")
            return
        error.display = False
        self.search_box.remove_class("-invalid")
        self.wanted = event.value
        if not self.searching:
            self.start_search()

    @on(Input.Submitted, "#search")
    def _submitted(self) -> None:
        self.table.focus()

    def start_search(self, select: str | None = None) -> None:
        """Search for the wanted text now (and then select ``select`` if it is found)."""
        self.searching = True
        self.generation += 1
        if select is not None:
            self._select = select
        self._search(self.wanted, self.sort, self.generation)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, text: str, sort: str, generation: int) -> None:
        try:
            with self.backend.reading() as session:
                first = browse.page(session, text, sort, 0, PAGE_SIZE)
        except Exception as error:
            self.post_message(TaskFailed("search", failure_text(error, "searching")))
            return
        self.post_message(ResultsLoaded(generation, text, sort, first))

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def _count(self, text: str, generation: int) -> None:
        try:
            with self.backend.reading() as session:
                total = browse.total(session, text)
        except Exception as error:
            self.post_message(TaskFailed("count", failure_text(error, "counting")))
            return
        self.post_message(CountLoaded(generation, total))

    def on_results_loaded(self, message: ResultsLoaded) -> None:
        """Show the first page; search again if the text changed meanwhile."""
        if message.generation != self.generation:
            return
        self.searching = False
        select, self._select = self._select, None
        # The count and the details of the current work are loaded once the results
        # are painted: the rows come first.
        self._fresh = True
        self.table.show(message.query, message.sort, message.page, select)
        self.shown_query = message.query
        if message.page.more:
            self.call_after_refresh(self._count, message.query, message.generation)
        else:
            self.table.set_total(message.page.offset + len(message.page.works))
        self._show_count()
        if not message.page.works:
            self.details.say(
                "No works match this search." if message.query.strip() else _EMPTY_LIBRARY
            )
        if self.backend.opened_message:
            self.notify(self.backend.opened_message, title="Library upgraded")
            self.backend.opened_message = ""
        if self.wanted != message.query or self.sort != message.sort:
            self.start_search()

    def on_count_loaded(self, message: CountLoaded) -> None:
        """Show how many works match."""
        if message.generation == self.generation:
            self.table.set_total(message.total)
            self._show_count()

    def _show_count(self) -> None:
        results = self.results
        text = count_text(results.total, results.loaded, results.query)
        if self.sort != "relevance":
            text += f" · by {self.sort}"
        self.query_one("#count", Static).update(text)

    # -- paging ------------------------------------------------------------------------------
    def on_results_list_page_wanted(self, message: ResultsList.PageWanted) -> None:
        """Load a page of the results on screen."""
        results = self.results
        self._page(results.query, results.sort, message.index * PAGE_SIZE, self.generation)

    def on_results_list_resized(self) -> None:
        """The header follows the list's column widths."""
        self.query_one(ResultsHeader).set_widths(self.table.widths)

    @work(thread=True, group="page", exit_on_error=False)
    def _page(self, text: str, sort: str, offset: int, generation: int) -> None:
        try:
            with self.backend.reading() as session:
                page = browse.page(session, text, sort, offset, PAGE_SIZE)
        except Exception as error:
            self.post_message(TaskFailed("page", failure_text(error, "loading results")))
            return
        self.post_message(PageLoaded(generation, page))

    def on_page_loaded(self, message: PageLoaded) -> None:
        """Append a page, if it belongs to the search on screen."""
        if message.generation == self.generation:
            self.table.add_page(message.page)

    # -- details -------------------------------------------------------------------------------
    def on_results_list_cursor_moved(self) -> None:
        """The details pane follows the cursor (after the paint, for new results)."""
        if self._fresh:
            self._fresh = False
            self.call_after_refresh(self.load_details)
        else:
            self.load_details()

    def load_details(self) -> None:
        """Load the work under the cursor into the details pane."""
        key = self.table.current_key
        if key is not None:
            self._details(key, self.style_name)

    @work(thread=True, exclusive=True, group="details", exit_on_error=False)
    def _details(self, key: str, style: str) -> None:
        try:
            with self.backend.reading() as session:
                found = browse.details(session, key, style)
        except Exception as error:
            self.post_message(TaskFailed("details", failure_text(error, f"reading {key}")))
            return
        self.post_message(DetailsLoaded(found))

    def on_details_loaded(self, message: DetailsLoaded) -> None:
        """Show a work's details if it is still the current one."""
        if message.details.work.key == self.table.current_key:
            self.details.show(message.details)

    # -- outcomes ------------------------------------------------------------------------------
    def on_task_failed(self, message: TaskFailed) -> None:
        """Say what failed and what to do."""
        if message.action == "search":
            self.searching = False
            self.details.say(message.message)
        if message.action == "page":
            self.table.wanted.clear()
        verb = _VERBS.get(message.action, message.action)
        self.notify(message.message, title=f"Could not {verb}", severity="error", timeout=10)

    def on_library_changed(self, message: LibraryChanged) -> None:
        """Say what changed and show the results again."""
        if message.message:
            self.notify(message.message)
        if message.renamed is not None and message.renamed[0] in self.table.marked:
            self.table.marked.discard(message.renamed[0])
            self.table.marked.add(message.renamed[1])
        self.start_search(select=message.select)
        if message.select is None or message.select == self.table.current_key:
            self.load_details()

    # -- view actions ------------------------------------------------------------------------
    def action_search(self) -> None:
        """Focus the search box."""
        self.search_box.focus()

    def action_to_results(self) -> None:
        """Down from the search box: to the results."""
        self.table.focus()

    def action_sort(self) -> None:
        """Next sort order: relevance, year, title, added."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.notify(f"Sorted by {self.sort}.", timeout=2)
        self.start_search()

    def action_style(self) -> None:
        """Next citation style for the note previews and copies."""
        names = style_names()
        index = names.index(self.style_name) if self.style_name in names else -1
        self.style_name = names[(index + 1) % len(names)]
        self.notify(f"Notes in {self.style_name}.", timeout=2)
        self.load_details()

    def action_mark(self) -> None:
        """Mark or unmark the current work."""
        self.table.toggle_mark()

    def action_unmark(self) -> None:
        """Clear the marks (Esc); in the search box, go back to the results."""
        if self.focused is self.search_box:
            self.table.focus()
        else:
            self.table.clear_marks()


_EMPTY_LIBRARY = (
    "The library is empty. Press a to add a work, or i to import a BibTeX, CSL-JSON or RIS file."
)
_VERBS = {
    "search": "search",
    "count": "count the results",
    "page": "load more results",
    "details": "show the work",
}
