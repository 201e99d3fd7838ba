"""The main screen's actions: add, edit, quote, tag, delete, rekey, copy, archive, files.

Each action asks what it needs in a dialog, then runs one service call in a
thread worker, in one transaction labelled with the action's name; the outcome
comes back as ``LibraryChanged`` (shown, then the results are searched again)
or ``TaskFailed`` (a notification that says what to do).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import BindingType

from sourcebox.domain.model import Quote, Work
from sourcebox.services import browse, history
from sourcebox.services.citing import cite
from sourcebox.services.works import rekey_work, remove_works, tag_work
from sourcebox.tui.checks import key_problem, tag_changes, tag_problem
from sourcebox.tui.keys import bindings
from sourcebox.tui.messages import (
    LibraryChanged,
    ReportReady,
    TaskFailed,
    TextReady,
    UndoFound,
)
from sourcebox.tui.render import change_details, change_line, listing
from sourcebox.tui.screens.browse import BrowseScreen
from sourcebox.tui.screens.dialogs import ConfirmDialog, PromptDialog, ReportScreen
from sourcebox.tui.screens.files import ExportDialog, FootnotesDialog, ImportDialog, Written
from sourcebox.tui.screens.help import HelpScreen
from sourcebox.tui.screens.jobs import JobScreen, Scope, ScopeDialog
from sourcebox.tui.screens.quote_form import QuoteForm
from sourcebox.tui.screens.work_form import WorkForm
from sourcebox.tui.workers import failure_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sourcebox.services.history import Undone

#: A write made in a session; it returns what to say and the key to select.
Edit = Callable[["Session"], tuple[str, str | None]]


class MainScreen(BrowseScreen):
    """The library: search, results, details, and every action on works."""

    BINDINGS: ClassVar[list[BindingType]] = [*BrowseScreen.BINDINGS, *bindings()]

    # -- helpers --------------------------------------------------------------------------------
    def _current(self) -> Work | None:
        """The work under the cursor (as fresh as the details pane has it)."""
        work = self.table.current_work
        if work is None:
            self.notify("No work here. Search for one, or press a to add one.", severity="warning")
            return None
        shown = self.details.details
        return shown.work if shown is not None and shown.work.key == work.key else work

    def _selected(self) -> list[str]:
        keys = self.table.selected_keys()
        if not keys:
            self.notify("No work here. Search for one, or press a to add one.", severity="warning")
        return keys

    @work(thread=True, group="write", exit_on_error=False)
    def write(self, command: str, change: Edit) -> None:
        """Run ``change`` in one transaction labelled ``command``; report back by message."""
        try:
            with self.backend.writing(command) as session:
                message, select = change(session)
        except Exception as error:
            self.post_message(TaskFailed(command, failure_text(error, command)))
            return
        self.post_message(LibraryChanged(message, select))

    # -- works ---------------------------------------------------------------------------------
    def action_help(self) -> None:
        """Every key and the query language."""
        self.app.push_screen(HelpScreen())

    def action_add(self) -> None:
        """The add form."""
        self.app.push_screen(WorkForm(self.backend), self._stored("Added"))

    def action_edit(self) -> None:
        """The edit form for the current work."""
        if (work := self._current()) is not None:
            self.app.push_screen(WorkForm(self.backend, work), self._stored("Saved"))

    def on_results_list_edit_wanted(self) -> None:
        """Enter on a row edits it."""
        self.action_edit()

    def _stored(self, verb: str) -> Callable[[str | None], None]:
        def done(key: str | None) -> None:
            if key is not None:
                self.post_message(LibraryChanged(f"{verb} {key}.", key))

        return done

    def action_quote(self) -> None:
        """The quote form for the current work."""
        if (work := self._current()) is None:
            return

        def done(quote: Quote | None) -> None:
            if quote is not None:
                where = f" ({quote.label} {quote.locator})" if quote.locator else ""
                self.post_message(LibraryChanged(f"Added a quote to {work.key}{where}.", work.key))

        self.app.push_screen(QuoteForm(self.backend, work), done)

    def action_delete(self) -> None:
        """Remove the marked works (or the current one), after a confirmation."""
        keys = self._selected()
        if not keys:
            return
        loaded = {w.key: w for w in self.table.results.works()}
        lines = listing([loaded.get(k) or Work(type="?", key=k) for k in keys])
        lines.append("Their quotes and snapshots go too.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.table.marked.difference_update(keys)
                self.write("rm", lambda session: _removed(remove_works(session, keys)))

        question = f"Remove {len(keys)} work(s)?"
        self.app.push_screen(ConfirmDialog(question, lines, yes="Remove"), confirmed)

    def action_tag(self) -> None:
        """Add and remove tags on the marked works (or the current one)."""
        keys = self._selected()
        if not keys:
            return
        work = self.table.current_work
        now = ", ".join(work.tags) if work is not None and len(keys) == 1 else ""
        lines = [f"On {len(keys)} work(s): {', '.join(keys[:5])}{'…' if len(keys) > 5 else ''}"]
        if now:
            lines.append(f"Tags now: {now}")
        lines.append('+tag adds, -tag removes; quote a tag with spaces: +"foreign policy"')

        def chosen(text: str | None) -> None:
            if text is None:
                return
            add, remove = tag_changes(text)

            def change(session: Session) -> tuple[str, str | None]:
                for key in keys:
                    tag_work(session, key, add, remove)
                said = " ".join([*(f"+{t}" for t in add), *(f"-{t}" for t in remove)])
                return f"Tagged {len(keys)} work(s): {said}", None

            self.write("tag", change)

        self.app.push_screen(
            PromptDialog("Tag", lines=lines, placeholder="+iran -draft", check=tag_problem),
            chosen,
        )

    def action_rekey(self) -> None:
        """Change the current work's key (empty: make one from the key pattern)."""
        if (work := self._current()) is None:
            return
        pattern = self.backend.settings.key_pattern

        def chosen(text: str | None) -> None:
            if text is None:
                return
            new = text.strip() or None

            self._rekey(work.key, new, pattern)

        lines = [
            f"{work.key}: {work.title}",
            f"Leave it empty to make one from the key pattern {pattern}.",
            "Documents that cite the old key must be changed by hand.",
        ]
        self.app.push_screen(
            PromptDialog("Change the key", lines=lines, value=work.key, check=key_problem),
            chosen,
        )

    @work(thread=True, group="write", exit_on_error=False)
    def _rekey(self, key: str, new: str | None, pattern: str) -> None:
        try:
            with self.backend.writing("rekey") as session:
                old, made = rekey_work(session, key, new, pattern)
        except Exception as error:
            self.post_message(TaskFailed("rekey", failure_text(error, "rekey")))
            return
        said = f"{old} -> {made}" if old != made else f"{old}: unchanged"
        self.post_message(LibraryChanged(said, made, (old, made)))

    # -- history ----------------------------------------------------------------------------------
    def action_undo(self) -> None:
        """Undo the newest change still in effect, after saying what it was."""
        self._find_undo()

    @work(thread=True, group="history", exit_on_error=False)
    def _find_undo(self) -> None:
        try:
            with self.backend.reading() as session:
                change = browse.next_undo(session)
        except Exception as error:
            self.post_message(TaskFailed("undo", failure_text(error, "reading the history")))
            return
        self.post_message(UndoFound(change))

    def on_undo_found(self, message: UndoFound) -> None:
        """Ask before undoing the change found."""
        change = message.change
        if change is None:
            self.notify("Nothing to undo: the history holds no change in effect.", timeout=4)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write("undo", lambda session: _undone(history.undo(session, 1, change.id)))

        lines = [change_line(change), *change_details(change)[:8]]
        self.app.push_screen(ConfirmDialog("Undo this change?", lines, yes="Undo"), confirmed)

    def action_history(self) -> None:
        """The changes of the current work (of the library when there is none)."""
        self._history(self.table.current_key)

    @work(thread=True, group="history", exit_on_error=False)
    def _history(self, key: str | None) -> None:
        try:
            with self.backend.reading() as session:
                changes = history.log(session, key, 100)
        except Exception as error:
            self.post_message(TaskFailed("history", failure_text(error, "reading the history")))
            return
        items = [
            line for change in changes for line in (change_line(change), *change_details(change))
        ]
        what = key or "the library"
        summary = (
            f"{len(changes)} change(s) to {what}, newest first; u undoes the newest in effect."
            if changes
            else f"No changes recorded for {what}."
        )
        self.post_message(ReportReady(f"History of {what}", summary, items))

    def on_report_ready(self, message: ReportReady) -> None:
        """Show a list."""
        self.app.push_screen(ReportScreen(message.title, message.summary, message.items))

    # -- copying ----------------------------------------------------------------------------------
    def action_copy_full(self) -> None:
        """Copy the full note of the current work."""
        self._copy("full")

    def action_copy_short(self) -> None:
        """Copy the short note of the current work."""
        self._copy("short")

    def action_copy_bibtex(self) -> None:
        """Copy the BibTeX entry of the current work."""
        self._copy("bibtex")

    def action_copy_key(self) -> None:
        """Copy the key of the current work."""
        if (work := self._current()) is not None:
            self.post_message(TextReady(work.key, f"the key {work.key}"))

    def _copy(self, what: str) -> None:
        if (work := self._current()) is not None:
            self._fetch_copy(work.key, what, self.style_name)

    @work(thread=True, group="copy", exit_on_error=False)
    def _fetch_copy(self, key: str, what: str, style: str) -> None:
        try:
            with self.backend.reading() as session:
                if what == "bibtex":
                    text, said = browse.bibtex_entry(session, key), f"the BibTeX entry of {key}"
                else:
                    text = cite(session, key, short=what == "short", style=style, fmt="text")
                    said = f"the {what} note of {key} ({style})"
        except Exception as error:
            self.post_message(TaskFailed("copy", failure_text(error, f"copying {key}")))
            return
        self.post_message(TextReady(text, said))

    def on_text_ready(self, message: TextReady) -> None:
        """Put the text on the clipboard (OSC 52) and say what it was."""
        self.app.copy_to_clipboard(message.text)
        self.notify(f"Copied {message.what} to the clipboard.", timeout=4)

    # -- links ------------------------------------------------------------------------------------
    def action_archive(self) -> None:
        """Archive the links of the marked works, this work, or all results."""
        self._job("archive", "Archive links in the Wayback Machine")

    def action_check_links(self) -> None:
        """Check the links of the marked works, this work, or all results."""
        self._job("check", "Check links")

    def _job(self, kind: str, title: str) -> None:
        results = self.table.results

        def chosen(scope: Scope | None) -> None:
            if scope is not None:
                self.app.push_screen(JobScreen(self.backend, kind, scope), self._job_closed)

        dialog = ScopeDialog(
            title,
            selected=self.table.selected_keys(),
            marked=bool(self.table.marked),
            query=results.query,
            total=results.total,
            max_age=self.backend.settings.max_age if kind == "archive" else None,
        )
        self.app.push_screen(dialog, chosen)

    def _job_closed(self, _: None) -> None:
        self.start_search(select=self.table.current_key)
        self.load_details()

    # -- files ------------------------------------------------------------------------------------
    def action_import(self) -> None:
        """Import a file; then show its report."""
        self.app.push_screen(ImportDialog(self.backend), self._imported)

    def _imported(self, shown: object) -> None:
        from sourcebox.services.interchange import ImportReport

        if not isinstance(shown, ImportReport):
            return
        items = [str(problem) for problem in shown.problems]
        items += [f"renamed {old} -> {new}" for old, new in shown.renamed]
        items += [f"merged into {key}: {', '.join(f) or 'nothing new'}" for key, f in shown.merged]
        items += [f"duplicate {key} of {existing}: skipped" for key, existing in shown.skipped]
        if items:
            self.app.push_screen(ReportScreen("Import report", shown.summary(), items))
        select = shown.imported[0] if shown.imported and not shown.dry_run else None
        self.post_message(LibraryChanged(shown.summary(), select))

    def action_export(self) -> None:
        """Export the works of the current search."""
        results = self.table.results
        dialog = ExportDialog(self.backend, results.query, results.total)
        self.app.push_screen(dialog, _written_to(self))

    def action_footnotes(self) -> None:
        """Render a manuscript's citations as footnotes."""
        self.app.push_screen(FootnotesDialog(self.backend, self.style_name), _written_to(self))


def _written_to(screen: MainScreen) -> Callable[[object], None]:
    def done(result: object) -> None:
        if isinstance(result, Written):
            screen.notify(result.message, timeout=6)

    return done


def _undone(done: list[Undone]) -> tuple[str, str | None]:
    said = "; ".join(f"change {d.change.id} ({d.change.command}: {d.change.summary})" for d in done)
    keys = [key for d in done for key in d.keys]
    return f"Undid {said}.", keys[0] if keys else None


def _removed(works: list[Work]) -> tuple[str, str | None]:
    keys = ", ".join(w.key for w in works[:5]) + ("…" if len(works) > 5 else "")
    return f"Removed {len(works)} work(s): {keys}.", None
