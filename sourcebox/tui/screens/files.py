"""Dialogs that read or write files: import, export the results, render a manuscript's footnotes.

Paths are checked as they are typed; the work runs in a thread worker through
the same services as ``sourcebox import``, ``export`` and ``footnotes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from sourcebox.cite import style_names
from sourcebox.errors import SourceboxError
from sourcebox.files import write_atomically
from sourcebox.services.citing import UnknownKeysError
from sourcebox.services.citing import footnotes as make_footnotes
from sourcebox.tui.backend import Backend
from sourcebox.tui.screens.dialogs import ReportScreen
from sourcebox.tui.workers import failure_text

if TYPE_CHECKING:
    from sourcebox.interchange.formats import Format
    from sourcebox.services.interchange import ImportReport

_FORMATS = ("bibtex", "biblatex", "csl-json", "ris")
_NOTE_FORMATS = ("markdown", "html", "text")


def resolve(text: str) -> Path:
    """A typed path: ``~`` expanded, relative to the current folder."""
    return Path(text.strip()).expanduser()


def readable_problem(text: str) -> str | None:
    """Why the typed path is not a file to read, or None."""
    if not text.strip():
        return "name a file"
    path = resolve(text)
    if not path.exists():
        return f"{path}: no such file"
    if not path.is_file():
        return f"{path}: not a file"
    return None


def writable_problem(text: str) -> str | None:
    """Why the typed path cannot be written, or None (an existing file is replaced)."""
    if not text.strip():
        return "name the file to write"
    path = resolve(text)
    if path.is_dir():
        return f"{path}: a folder; name a file in it"
    if not path.parent.is_dir():
        return f"{path.parent}: no such folder"
    return None


class _Finished(Message):
    """The worker ended: ``result`` on success, ``error`` otherwise."""

    def __init__(self, result: object = None, error: str = "", items: list[str] | None = None):
        super().__init__()
        self.result = result
        self.error = error
        self.items = items or []


class FileDialog(ModalScreen[object]):
    """A form of labelled fields with checks, a Go button, and a worker that does the job."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    TITLE_TEXT = ""
    GO = "Go"

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend

    def fields(self) -> ComposeResult:
        """The dialog's own fields."""
        yield from ()

    def problems(self) -> dict[str, str]:
        """What is wrong, by the id of the field."""
        return {}

    def compose(self) -> ComposeResult:
        """Title, fields, the problems line, buttons."""
        with Vertical(classes="dialog form"):
            yield Static(self.TITLE_TEXT, classes="dialog-title", markup=False)
            yield from self.fields()
            yield Static("", id="form-problems", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.GO, id="go", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def row(self, title: str, editor: Widget) -> ComposeResult:
        """A labelled field and its error line."""
        with Horizontal(classes="field-line"):
            yield Label(title, classes="field-title")
            yield editor
        yield Static("", id=f"{editor.id}-error", classes="field-error", markup=False)

    def on_mount(self) -> None:
        """Check the fields as they start."""
        self.query(Input).first().focus()
        self.check()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def check(self) -> bool:
        """Show each field's problem under it; Go only when there is none."""
        found = self.problems()
        for error in self.query(".field-error").results(Static):
            field = (error.id or "").removesuffix("-error")
            error.update(found.get(field, ""))
            error.display = field in found
            for editor in self.query(f"#{field}"):
                editor.set_class(field in found, "-invalid")
        self.query_one("#go", Button).disabled = bool(found)
        self.query_one("#form-problems", Static).update(
            "" if not found else f"Fix {len(found)} field(s) first."
        )
        return not found

    def value(self, field: str) -> str:
        """The text of an input, or the value of a select."""
        widget = self.query_one(f"#{field}")
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, Select):
            return str(widget.value) if isinstance(widget.value, str) else ""
        return ""

    def flag(self, field: str) -> bool:
        """The value of a checkbox."""
        return self.query_one(f"#{field}", Checkbox).value

    @on(Button.Pressed, "#go")
    def go(self) -> None:
        """Start the job if every field is right."""
        if self.check():
            self.query_one("#go", Button).disabled = True
            self.query_one("#form-problems", Static).update("Working…")
            self.run_worker(self._run, thread=True, group="file", exit_on_error=False)

    def _run(self) -> None:
        try:
            result = self.job()
        except UnknownKeysError as error:
            items = [str(unknown) for unknown in error.unknown]
            self.post_message(_Finished(error=error.message, items=items))
            return
        except SourceboxError as error:
            self.post_message(_Finished(error=str(error)))
            return
        except OSError as error:
            self.post_message(_Finished(error=f"{error.filename or ''}: {error.strerror}."))
            return
        except Exception as error:
            self.post_message(_Finished(error=failure_text(error, self.TITLE_TEXT.lower())))
            return
        self.post_message(_Finished(result=result))

    def job(self) -> object:
        """The work, run in a thread; its result is what the dialog dismisses with."""
        raise NotImplementedError

    @on(_Finished)
    def _finished(self, message: _Finished) -> None:
        if message.error:
            self.query_one("#go", Button).disabled = False
            self.query_one("#form-problems", Static).update(message.error)
            if message.items:
                self.app.push_screen(
                    ReportScreen(
                        f"{self.TITLE_TEXT}: nothing written", message.error, message.items
                    )
                )
            else:
                title = f"{self.TITLE_TEXT}: failed"
                self.notify(message.error, title=title, severity="error", timeout=10)
            return
        self.dismiss(message.result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)


class ImportDialog(FileDialog):
    """Import a BibTeX, CSL-JSON or RIS file; dismisses with the ``ImportReport``."""

    TITLE_TEXT = "Import a file"
    GO = "Import"

    def fields(self) -> ComposeResult:
        """File, format, what to do with duplicates, dry run, strict."""
        yield from self.row("File", Input(placeholder="refs.bib", compact=True, id="path"))
        yield from self.row("Format", _select(("from the extension", *_FORMATS), "format"))
        yield from self.row(
            "Duplicates",
            _select(("skip", "merge", "new"), "duplicates", labels=_DUPLICATES),
        )
        with Horizontal(classes="field-line"):
            yield Checkbox("Dry run (change nothing)", id="dry-run", compact=True)
            yield Checkbox("Strict (nothing if any entry fails)", id="strict", compact=True)

    def problems(self) -> dict[str, str]:
        """The file must exist; its format must be known."""
        from sourcebox.interchange.formats import format_for_path

        found: dict[str, str] = {}
        path = self.value("path")
        if problem := readable_problem(path):
            found["path"] = problem
        elif self.value("format") not in _FORMATS and format_for_path(path) is None:
            found["format"] = "the extension does not say; choose the format"
        return found

    def job(self) -> ImportReport:
        """Read the file and import it in one transaction."""
        from sourcebox.interchange.formats import format_for_path, read, sniff_format
        from sourcebox.services.interchange import import_results

        path = resolve(self.value("path"))
        data = path.read_bytes()
        chosen = self.value("format")
        kind = chosen if chosen in _FORMATS else format_for_path(str(path)) or sniff_format(data)
        if kind is None:
            raise SourceboxError(f"Cannot tell the format of {path}.", "Choose the format.")
        result = read(data, cast("Format", kind), file=str(path))
        with self.backend.writing("import") as session:
            return import_results(
                session,
                [result],
                on_duplicate=self.value("duplicates"),
                dry_run=self.flag("dry-run"),
                strict=self.flag("strict"),
                pattern=self.backend.settings.key_pattern,
            )


@dataclass(frozen=True)
class Written:
    """A file written, and the sentence that says so."""

    path: Path
    message: str


class ExportDialog(FileDialog):
    """Export the works of the current search; dismisses with ``Written``."""

    TITLE_TEXT = "Export the results"
    GO = "Export"

    def __init__(self, backend: Backend, query: str, total: int | None) -> None:
        super().__init__(backend)
        self.search = query
        self.total = total

    def fields(self) -> ComposeResult:
        """What is exported, the file, the format, ASCII."""
        count = f"{self.total:,} " if self.total is not None else ""
        where = f"matching '{self.search}'" if self.search.strip() else "in the library"
        what = f"The {count}works {where}, ordered by key."
        yield Static(what, classes="dialog-text", markup=False)
        yield from self.row("File", Input(placeholder="library.bib", compact=True, id="path"))
        yield from self.row("Format", _select(("from the extension", *_FORMATS), "format"))
        yield Checkbox("ASCII BibTeX (LaTeX escapes)", id="ascii", compact=True)

    def problems(self) -> dict[str, str]:
        """A writable path; a format, chosen or implied by the extension."""
        from sourcebox.interchange.formats import format_for_path

        found: dict[str, str] = {}
        path = self.value("path")
        if problem := writable_problem(path):
            found["path"] = problem
        elif self.value("format") not in _FORMATS and format_for_path(path) is None:
            found["format"] = "the extension does not say; choose the format"
        return found

    def job(self) -> Written:
        """Write the file (whole or not at all)."""
        from sourcebox.interchange.formats import format_for_path
        from sourcebox.services.interchange import export as export_works

        path = resolve(self.value("path"))
        chosen = self.value("format")
        kind = chosen if chosen in _FORMATS else format_for_path(str(path)) or "bibtex"
        with self.backend.reading() as session:
            text = export_works(
                session, self.search, cast("Format", kind), ascii=self.flag("ascii")
            )
        write_atomically(path, text)
        return Written(path, f"Exported the results to {path} ({kind}).")


class FootnotesDialog(FileDialog):
    """Render a manuscript's citations as footnotes; dismisses with ``Written``."""

    TITLE_TEXT = "Render footnotes"
    GO = "Render"

    def __init__(self, backend: Backend, style: str) -> None:
        super().__init__(backend)
        self.style_name = style

    def fields(self) -> ComposeResult:
        """Manuscript, output, style, format, archived links, ibid, bibliography."""
        yield from self.row("Manuscript", Input(placeholder="essay.md", compact=True, id="path"))
        yield from self.row("Write to", Input(placeholder="essay-final.md", compact=True, id="out"))
        names = style_names()
        yield from self.row(
            "Style",
            _select(names, "style", value=self.style_name if self.style_name in names else None),
        )
        yield from self.row("Format", _select(("from the extension", *_NOTE_FORMATS), "format"))
        yield from self.row(
            "Archived links", _select(("append", "dead", "never"), "archive", labels=_ARCHIVE)
        )
        with Horizontal(classes="field-line"):
            yield Checkbox("Ibid.", id="ibid", compact=True)
            yield Checkbox("Bibliography", value=True, id="bibliography", compact=True)

    def problems(self) -> dict[str, str]:
        """A manuscript to read and a file to write that is not the manuscript."""
        found: dict[str, str] = {}
        if problem := readable_problem(self.value("path")):
            found["path"] = problem
        if problem := writable_problem(self.value("out")):
            found["out"] = problem
        elif self.value("path").strip() and resolve(self.value("out")) == resolve(
            self.value("path")
        ):
            found["out"] = "would overwrite the manuscript; name another file"
        return found

    def job(self) -> Written:
        """Format the notes and write them."""
        source = resolve(self.value("path"))
        out = resolve(self.value("out"))
        try:
            text = source.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise SourceboxError(
                f"Cannot read {source}: invalid UTF-8 at byte {error.start}.", "Save it as UTF-8."
            ) from error
        chosen = self.value("format")
        fmt = chosen if chosen in _NOTE_FORMATS else _format_for(out)
        with self.backend.reading() as session:
            result = make_footnotes(
                session,
                text,
                source=str(source),
                style=self.value("style"),
                fmt=fmt,
                ibid=self.flag("ibid"),
                with_bibliography=self.flag("bibliography"),
                archive_links=self.value("archive"),
            )
        write_atomically(out, result.text)
        return Written(
            out,
            f"Wrote {out}: {result.notes} notes, {result.citations} citations "
            f"of {len(result.works)} works.",
        )


def _format_for(path: Path) -> str:
    return {".html": "html", ".htm": "html", ".txt": "text"}.get(path.suffix.lower(), "markdown")


_DUPLICATES = {
    "skip": "skip (report them)",
    "merge": "merge (fill empty fields)",
    "new": "new (add them anyway)",
}
_ARCHIVE = {
    "append": "append for every web source",
    "dead": "only for dead links",
    "never": "never",
}


def _select(
    values: tuple[str, ...],
    id: str,
    *,
    labels: dict[str, str] | None = None,
    value: str | None = None,
) -> Select[str]:
    options = [((labels or {}).get(v, v), v) for v in values]
    return Select(options, value=value or values[0], allow_blank=False, compact=True, id=id)
