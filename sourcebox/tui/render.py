"""How works look on screen: table cells, the details pane, notes as styled text. Pure: no I/O.

Returns Rich renderables and strings only; widgets put them on screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sourcebox.cite import Rich
from sourcebox.domain.display import creators_short, locator_text
from sourcebox.domain.model import FIELDS, Snapshot, Work
from sourcebox.domain.names import format_name
from sourcebox.services import history
from sourcebox.services.browse import Details

if TYPE_CHECKING:
    from sourcebox.db.history import Change

#: Field titles in the details pane and the forms.
TITLES = {
    "type": "Type",
    "title": "Title",
    "title_short": "Short title",
    "container_title": "In",
    "collection_title": "Series",
    "publisher": "Publisher",
    "publisher_place": "Place",
    "edition": "Edition",
    "volume": "Volume",
    "issue": "Issue",
    "page": "Pages",
    "number": "Number",
    "genre": "Genre",
    "medium": "Medium",
    "issued": "Issued",
    "accessed": "Accessed",
    "doi": "DOI",
    "isbn": "ISBN",
    "issn": "ISSN",
    "url": "URL",
    "language": "Language",
    "abstract": "Abstract",
    "note": "Note",
}
#: What the container is called, by work type.
CONTAINER_TITLES = {
    "chapter": "Book title",
    "article-journal": "Journal",
    "article-magazine": "Magazine",
    "article-newspaper": "Newspaper",
    "webpage": "Website",
    "post-weblog": "Blog",
    "paper-conference": "Proceedings",
    "entry-encyclopedia": "Encyclopedia",
    "entry-dictionary": "Dictionary",
}


def field_title(name: str, work_type: str) -> str:
    """The title of a field for a work of ``work_type``."""
    if name == "container_title":
        return CONTAINER_TITLES.get(work_type, TITLES[name])
    return TITLES.get(name, name.replace("_", " ").capitalize())


def _day(snapshot: Snapshot) -> str:
    moment = snapshot.captured_at or snapshot.checked_at
    return moment.strftime("%Y-%m-%d") if moment else ""


def archive_state(work: Work) -> str:
    """The archive column: date of the newest confirmed capture, or the queue state."""
    confirmed = [s for s in work.snapshots if s.status == "confirmed" and s.archive_url]
    if confirmed:
        newest = max(confirmed, key=lambda s: (s.captured_at is not None, s.captured_at))
        return _day(newest) or "archived"
    states = {s.status for s in work.snapshots}
    for status, label in (
        ("pending", "pending"),
        ("requested", "queued"),
        ("failed", "failed"),
        ("permanent", "refused"),
    ):
        if status in states:
            return label
    return "none" if work.url else ""


#: Short names of long types for the results table.
TYPE_LABELS = {
    "article-journal": "journal",
    "article-magazine": "magazine",
    "article-newspaper": "newspaper",
    "post-weblog": "blog post",
    "paper-conference": "conference",
    "entry-encyclopedia": "encyclopedia",
    "entry-dictionary": "dictionary",
}


def row_cells(work: Work, marked: bool) -> tuple[str, ...]:
    """The results table's cells: mark, key, creators, year, title, type, archive state.

    Every cell but the mark starts with a space: the table has no cell padding,
    so that narrow terminals keep room for the title.
    """
    return (
        "●" if marked else " ",
        f" {work.key}",
        f" {creators_short(work)}",
        f" {work.year}" if work.year is not None else " n.d.",
        f" {work.title or '(untitled)'}",
        f" {TYPE_LABELS.get(work.type, work.type)}",
        f" {archive_state(work)}",
    )


def rich_text(spans: Rich) -> Text:
    """A formatted note as styled text: italics kept, links underlined."""
    text = Text()
    for span in spans:
        style = "italic" if span.italic else ""
        if span.href:
            style = f"{style} underline".strip()
        text.append(span.text, style=style)
    return text


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True, min_width=11)
    grid.add_column(overflow="fold")
    return grid


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def details_view(details: Details) -> RenderableType:
    """Everything about a work: fields, creators, tags, quotes, snapshots, and its notes."""
    work = details.work
    parts: list[RenderableType] = [
        Text.assemble((work.key, "bold"), "  ", (work.type, "italic")),
    ]
    grid = _grid()
    for name in FIELDS:
        if name in ("type", "abstract", "note"):
            continue
        value = work.get(name)
        if name == "title":
            value = value or "(untitled)"
        if value:
            grid.add_row(field_title(name, work.type), value)
    for creator in work.creators:
        grid.add_row(creator.role.replace("-", " ").capitalize(), format_name(creator))
    grid.add_row("Tags", ", ".join(work.tags) if work.tags else "(none)")
    for name in ("abstract", "note"):
        if value := work.get(name):
            grid.add_row(field_title(name, work.type), value)
    for name, value in work.extra.items():
        grid.add_row(f"extra.{name}", str(value))
    parts.append(grid)
    if details.problems:
        parts.append(_heading("Missing or malformed"))
        parts.extend(Text(f"  {p}", style="yellow") for p in details.problems)
    parts.append(_heading(f"Full note ({details.style})"))
    parts.append(rich_text(details.full_note))
    parts.append(_heading("Short note"))
    parts.append(rich_text(details.short_note))
    parts.append(_heading(f"Quotes ({len(work.quotes)})"))
    if not work.quotes:
        parts.append(Text("  none; add one with q", style="dim"))
    for quote in work.quotes:
        line = Text("  ")
        if where := locator_text(quote):
            line.append(where, style="bold")
            line.append("  ")
        line.append(f"“{quote.text}”")
        if quote.comment:
            line.append(f"  — {quote.comment}", style="dim")
        parts.append(line)
    parts.append(_heading(f"Snapshots ({len(work.snapshots)})"))
    if not work.snapshots:
        hint = "  none; archive the link with A" if work.url else "  none (no URL)"
        parts.append(Text(hint, style="dim"))
    for snap in work.snapshots:
        line = Text(f"  {snap.status:<9} {_day(snap) or '-':<10}  ")
        line.append(snap.archive_url or snap.url)
        if snap.error and snap.status != "confirmed":
            line.append(f"  ({snap.error})", style="dim")
        parts.append(line)
    return Group(*parts)


def count_text(total: int | None, loaded: int, query: str) -> str:
    """The status next to the search box: how many works match."""
    if total is None:
        return f"{loaded:,}+ works" if loaded else "searching…"
    noun = "work" if total == 1 else "works"
    what = "in the library" if not query.strip() else "match"
    return f"{total:,} {noun} {what}"


def listing(works: Iterable[Work], limit: int = 8) -> list[str]:
    """``key: title [type]`` lines for a confirmation, the rest counted."""
    items = list(works)
    lines = [f"{w.key}: {w.title or '(untitled)'} [{w.type}]" for w in items[:limit]]
    if len(items) > limit:
        lines.append(f"… and {len(items) - limit} more")
    return lines


def change_line(change: Change) -> str:
    """One line for a change: number, local time, command and summary, undo links."""
    when = change.at.astimezone().strftime("%Y-%m-%d %H:%M")
    line = f"{change.id:>5}  {when}  {change.command}: {change.summary}"
    if change.undone_by is not None:
        line += f"  [undone by {change.undone_by}]"
    if change.undoes is not None:
        line += f"  [undoes {change.undoes}]"
    return line


def change_details(change: Change) -> list[str]:
    """What a change did to each work: added, removed, or which fields changed."""
    lines = []
    for part in change.works:
        done = history.action(part)
        key = part.key_after or part.key_before
        if done == "changed":
            fields = ", ".join(history.diff(part.before, part.after)) or "nothing visible"
            renamed = f" (was {part.key_before})" if part.key_before != part.key_after else ""
            lines.append(f"         {key}{renamed}: {fields}")
        else:
            lines.append(f"         {key}: {done}")
    return lines
