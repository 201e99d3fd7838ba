"""Full notes and short notes for one work, every main type (CMOS 14.20-14.33). Pure: no I/O.

Each type has one body function that appends its elements to a ``Builder``;
punctuation between elements goes through ``Builder.sep`` so that the quote
and question-mark rules hold everywhere. The functions at the bottom are the
public entry points for a single work; ``sequence`` uses the ``add_*`` ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sourcebox.cite import parts
from sourcebox.cite.creators import note_names, role_label, short_name_table, short_names
from sourcebox.cite.elements import (
    Context,
    LocatorLike,
    access_date,
    add_title,
    blog_name,
    container,
    journal_issue,
    kind,
    lead_of,
    locator_text,
    owner_is_author,
    short_title,
    site_owner,
    thesis_genre,
    title,
    web_date,
)
from sourcebox.cite.markup import Builder, Rich
from sourcebox.cite.parts import ArchivePolicy
from sourcebox.cite.style import CHICAGO_18, Style
from sourcebox.cite.text import smart_quotes, title_text
from sourcebox.domain.model import Work

# -- full notes ----------------------------------------------------------------


def add_full(
    builder: Builder, work: Work, locator: str, ctx: Context, suppress_author: bool = False
) -> None:
    """Append the full note for ``work`` (no final period)."""
    creators, role = lead_of(work)
    if creators and not suppress_author and not owner_is_author(work, creators):
        builder.text(note_names(creators, ctx.style))
        label = role_label(role, len(creators))
        if label:
            builder.sep(",").text(label)
        builder.sep(",")
    _NOTE_BODIES[kind(work)](builder, work, locator, ctx, role)


def _contributors(builder: Builder, work: Work, ctx: Context, role: str, *, bib: bool) -> None:
    """The editors and translators that do not lead the note: ", ed. X" / ". Edited by X"."""
    for other, note_word, bib_word in (
        ("editor", "ed.", "Edited by"),
        ("translator", "trans.", "Translated by"),
    ):
        if other == role:
            continue
        people = work.creators_with(other)
        if people:
            names = note_names(people, ctx.style)
            if bib:
                builder.sep(".").text(f"{bib_word} {names}")
            else:
                builder.sep(",").text(f"{note_word} {names}")


def _book_extras(builder: Builder, work: Work, mark: str) -> None:
    capital = mark == "."
    for value in (
        parts.edition(work.edition),
        f"vol. {work.volume}" if work.volume else "",
        title_text(work.collection_title) if work.collection_title else "",
        " ".join(p for p in (work.genre, work.number) if p) if work.type == "report" else "",
    ):
        if value:
            builder.sep(mark).text(value[0].upper() + value[1:] if capital else value)


def _tail(builder: Builder, work: Work, locator: str, ctx: Context) -> None:
    if locator:
        builder.sep(",").text(locator)
    accessed = access_date(work)
    if accessed:
        builder.sep(",").text(f"accessed {accessed}")
    parts.add_link(builder, work, ctx.archive, ",")


def _book_note(builder: Builder, work: Work, locator: str, ctx: Context, role: str) -> None:
    builder.italic(title(work))
    _contributors(builder, work, ctx, role, bib=False)
    _book_extras(builder, work, ",")
    imprint = parts.imprint(work, ctx.style)
    if imprint:
        builder.text(f" ({imprint})")
    _tail(builder, work, locator, ctx)


def _chapter_note(builder: Builder, work: Work, locator: str, ctx: Context, role: str) -> None:
    add_title(builder, work, title(work))
    if work.container_title:
        builder.sep(",").text("in ").italic(container(work))
    book_authors = work.creators_with("container-author")
    if book_authors:
        builder.sep(",").text(f"by {note_names(book_authors, ctx.style)}")
    _contributors(builder, work, ctx, "author", bib=False)
    _book_extras(builder, work, ",")
    imprint = parts.imprint(work, ctx.style)
    if imprint:
        builder.text(f" ({imprint})")
    _tail(builder, work, locator, ctx)


def _journal_note(builder: Builder, work: Work, locator: str, ctx: Context, role: str) -> None:
    add_title(builder, work, title(work))
    if work.container_title:
        builder.sep(",")
        journal_issue(builder, work)
    if locator:
        builder.punct(":").text(f" {locator}")
    _tail(builder, work, "", ctx)


def _periodical_note(builder: Builder, work: Work, locator: str, ctx: Context, role: str) -> None:
    add_title(builder, work, title(work))
    if work.container_title:
        builder.sep(",").italic(container(work))
    date = parts.format_date(work.issued)
    if date:
        builder.sep(",").text(date)
    _tail(builder, work, locator, ctx)


def _web_note(builder: Builder, work: Work, locator: str, ctx: Context, role: str) -> None:
    add_title(builder, work, title(work))
    if work.container_title:
        builder.sep(",")
        if kind(work) == "blog":
            blog_name(builder, work)
        else:
            builder.text(container(work))
    owner = site_owner(work)
    if owner:
        builder.sep(",").text(owner)
    date = web_date(work, capital=False)
    if date:
        builder.sep(",").text(date)
    if locator:
        builder.sep(",").text(locator)
    parts.add_link(builder, work, ctx.archive, ",")


def _thesis_note(builder: Builder, work: Work, locator: str, ctx: Context, role: str) -> None:
    add_title(builder, work, title(work))
    facts = [thesis_genre(work), smart_quotes(work.publisher), parts.year_text(work.issued)]
    builder.text(" (" + ", ".join(f for f in facts if f) + ")")
    _tail(builder, work, locator, ctx)


_Body = Callable[[Builder, Work, str, Context, str], None]
_NOTE_BODIES: dict[str, _Body] = {
    "book": _book_note,
    "chapter": _chapter_note,
    "journal": _journal_note,
    "magazine": _periodical_note,
    "newspaper": _periodical_note,
    "web": _web_note,
    "blog": _web_note,
    "thesis": _thesis_note,
}


# -- short notes ---------------------------------------------------------------


def add_short(
    builder: Builder, work: Work, locator: str, ctx: Context, suppress_author: bool = False
) -> None:
    """Append the short note: surname(s), short title, locator (CMOS 14.29-14.33)."""
    creators, _ = lead_of(work)
    if creators and not suppress_author:
        builder.text(short_names(creators, ctx.style, ctx.short_names)).sep(",")
    add_title(builder, work, short_title(work, ctx.style))
    if locator:
        builder.sep(",").text(locator)


def add_author_only(
    builder: Builder, work: Work, locator: str, ctx: Context, suppress_author: bool = False
) -> None:
    """Append "Surname, 105": the same work as the note before (CMOS 14.34)."""
    creators, _ = lead_of(work)
    if not creators or suppress_author or not locator:
        add_short(builder, work, locator, ctx, suppress_author)
        return
    builder.text(short_names(creators, ctx.style, ctx.short_names)).sep(",").text(locator)


# -- public entry points for one work -----------------------------------------


def full_note(
    work: Work,
    locator: LocatorLike = None,
    *,
    style: Style = CHICAGO_18,
    archive: ArchivePolicy | None = None,
    suppress_author: bool = False,
) -> Rich:
    """The full note for the first citation of ``work``, ending with a period."""
    builder = Builder()
    ctx = Context(style, archive or ArchivePolicy())
    add_full(builder, work, locator_text(locator), ctx, suppress_author)
    return builder.punct(".").build()


def short_note(
    work: Work,
    locator: LocatorLike = None,
    *,
    style: Style = CHICAGO_18,
    cited: Iterable[Work] = (),
    suppress_author: bool = False,
) -> Rich:
    """The short note for a later citation; ``cited`` (the document's works) disambiguates names."""
    builder = Builder()
    ctx = Context(style, ArchivePolicy(), short_name_table([work, *cited]))
    add_short(builder, work, locator_text(locator), ctx, suppress_author)
    return builder.punct(".").build()
