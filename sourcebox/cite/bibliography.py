"""Bibliography entries and the sorted bibliography (CMOS 14.21, 14.63-14.76). Pure: no I/O.

Entries are sorted by their lead (authors, else editors; an unsigned web page
by the site's owner, an unsigned newspaper article by the paper; otherwise the
title), works by one lead ordered by title. A lead repeated from the entry
above becomes the style's 3-em dash (CMOS 14.68).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sourcebox.cite import parts
from sourcebox.cite.creators import bib_names, inverted, note_names, person_key, role_label
from sourcebox.cite.elements import (
    Context,
    access_date,
    add_title,
    blog_name,
    container,
    journal_issue,
    kind,
    lead_of,
    owner_is_author,
    site_owner,
    thesis_genre,
    title,
    web_date,
)
from sourcebox.cite.locator import format_numbers
from sourcebox.cite.markup import Builder, Rich
from sourcebox.cite.parts import ArchivePolicy
from sourcebox.cite.style import CHICAGO_18, Style
from sourcebox.cite.text import smart_quotes, sort_text, title_text
from sourcebox.domain.model import Work

_ROLE_RANK = {"author": 0, "editor": 1, "translator": 2, "compiler": 3}


@dataclass(frozen=True)
class Lead:
    """What a bibliography entry starts with, and how it sorts and repeats.

    Attributes:
        text: The names as printed ("Grazer, Brian, and Charles Fishman"); "" for a title.
        label: "ed.", "eds.", "trans." after the names, or "".
        italic: True for a newspaper standing in for an author.
        role: The lead's role ("author", "editor", ...), which orders one person's works.
        identity: Equal for entries led by the same people in the same order (any role).
        sort_key: The names (or the title) folded for sorting.
    """

    text: str
    label: str
    italic: bool
    role: str
    identity: tuple[object, ...]
    sort_key: tuple[str, ...]


def bib_lead(work: Work, style: Style) -> Lead:
    """The lead of ``work``'s bibliography entry."""
    creators, role = lead_of(work)
    family = kind(work)
    if creators:
        return Lead(
            bib_names(creators, style),
            role_label(role, len(creators)),
            False,
            role,
            tuple(person_key(c) for c in creators),
            tuple(sort_text(inverted(c)) for c in creators),
        )
    name = ""
    if family in ("web", "blog") and work.publisher.strip():
        name = smart_quotes(work.publisher.strip())
    elif family == "newspaper" and work.container_title.strip():
        name = container(work)
    if name:
        identity = (("", "", "", name.casefold()),)
        return Lead(name, "", family == "newspaper", "author", identity, (sort_text(name),))
    return Lead("", "", False, "", (), (sort_text(title(work)),))


def add_entry(builder: Builder, work: Work, ctx: Context, *, dash: bool = False) -> None:
    """Append the bibliography entry for ``work``; ``dash`` replaces a repeated lead."""
    lead = bib_lead(work, ctx.style)
    if lead.text:
        if dash and ctx.style.repeat_dash:
            builder.text(ctx.style.repeat_dash)
        elif lead.italic:
            builder.italic(lead.text)
        else:
            builder.text(lead.text)
        if lead.label:
            builder.sep(",").text(lead.label)
        builder.sep(".")
    _ENTRY_BODIES[kind(work)](builder, work, ctx, lead)
    builder.punct(".")


def _link(builder: Builder, work: Work, ctx: Context) -> None:
    accessed = access_date(work)
    if accessed:
        builder.sep(".").text(f"Accessed {accessed}")
    parts.add_link(builder, work, ctx.archive, ".")


def _contributors(builder: Builder, work: Work, ctx: Context, lead_role: str, mark: str) -> None:
    for role, word in (("editor", "edited by"), ("translator", "translated by")):
        people = work.creators_with(role)
        if people and role != lead_role:
            text = f"{word} {note_names(people, ctx.style)}"
            builder.sep(mark).text(text[0].upper() + text[1:] if mark == "." else text)


def _book_extras(builder: Builder, work: Work) -> None:
    for value in (
        parts.edition(work.edition),
        f"vol. {work.volume}" if work.volume else "",
        title_text(work.collection_title) if work.collection_title else "",
        " ".join(p for p in (work.genre, work.number) if p) if work.type == "report" else "",
    ):
        if value:
            builder.sep(".").text(value[0].upper() + value[1:])


def _book(builder: Builder, work: Work, ctx: Context, lead: Lead) -> None:
    builder.italic(title(work))
    role = lead_of(work)[1]
    _contributors(builder, work, ctx, role, ".")
    _book_extras(builder, work)
    imprint = parts.imprint(work, ctx.style)
    if imprint:
        builder.sep(".").text(imprint)
    _link(builder, work, ctx)


def _chapter(builder: Builder, work: Work, ctx: Context, lead: Lead) -> None:
    add_title(builder, work, title(work))
    if work.container_title:
        builder.sep(".").text("In ").italic(container(work))
        book_authors = work.creators_with("container-author")
        if book_authors:
            builder.sep(",").text(f"by {note_names(book_authors, ctx.style)}")
        _contributors(builder, work, ctx, "author", ",")
        if work.page:
            builder.sep(",").text(format_numbers(work.page))
    else:
        _contributors(builder, work, ctx, "author", ".")
    edition = parts.edition(work.edition)
    if edition:
        builder.sep(".").text(edition[0].upper() + edition[1:])
    imprint = parts.imprint(work, ctx.style)
    if imprint:
        builder.sep(".").text(imprint)
    _link(builder, work, ctx)


def _journal(builder: Builder, work: Work, ctx: Context, lead: Lead) -> None:
    add_title(builder, work, title(work))
    if work.container_title:
        builder.sep(".")
        journal_issue(builder, work)
    if work.page:
        builder.punct(":").text(" " + format_numbers(work.page))
    _link(builder, work, ctx)


def _periodical(builder: Builder, work: Work, ctx: Context, lead: Lead) -> None:
    add_title(builder, work, title(work))
    shown = work.container_title and not lead.italic
    if shown:
        builder.sep(".").italic(container(work))
    date = parts.format_date(work.issued)
    if date:
        builder.sep("," if shown else ".").text(date)
    _link(builder, work, ctx)


def _web(builder: Builder, work: Work, ctx: Context, lead: Lead) -> None:
    add_title(builder, work, title(work))
    creators, _ = lead_of(work)
    owner = site_owner(work)
    owner_leads = not creators and bool(owner)
    if kind(work) == "blog":
        if work.container_title:
            builder.sep(".")
            blog_name(builder, work)
        mark = "," if work.container_title else "."
        if owner and not owner_leads and not owner_is_author(work, creators):
            builder.sep(mark).text(owner)
            mark = ","
        date = web_date(work, capital=False)
        if date and work.issued is not None:
            builder.sep(mark).text(date)
        elif date:
            builder.sep(".").text(web_date(work, capital=True))
    else:
        if work.container_title and container(work).casefold() != lead.text.casefold():
            builder.sep(".").text(container(work))
        if owner and not owner_leads and not owner_is_author(work, creators):
            builder.sep(".").text(owner)
        date = web_date(work, capital=True)
        if date:
            builder.sep(".").text(date)
    parts.add_link(builder, work, ctx.archive, ".")


def _thesis(builder: Builder, work: Work, ctx: Context, lead: Lead) -> None:
    add_title(builder, work, title(work))
    genre = thesis_genre(work)
    facts = [genre[0].upper() + genre[1:], smart_quotes(work.publisher)]
    facts.append(parts.year_text(work.issued))
    builder.sep(".").text(", ".join(f for f in facts if f))
    _link(builder, work, ctx)


_Body = Callable[[Builder, Work, Context, Lead], None]
_ENTRY_BODIES: dict[str, _Body] = {
    "book": _book,
    "chapter": _chapter,
    "journal": _journal,
    "magazine": _periodical,
    "newspaper": _periodical,
    "web": _web,
    "blog": _web,
    "thesis": _thesis,
}


def bibliography_entry(
    work: Work, *, style: Style = CHICAGO_18, archive: ArchivePolicy | None = None
) -> Rich:
    """The bibliography entry for one work, ending with a period."""
    builder = Builder()
    add_entry(builder, work, Context(style, archive or ArchivePolicy()))
    return builder.build()


def sort_key(work: Work, style: Style) -> tuple[tuple[str, ...], int, str, str]:
    """How an entry sorts: lead, then the lead's role, then title, then date."""
    lead = bib_lead(work, style)
    rank = _ROLE_RANK.get(lead.role, 0)
    return lead.sort_key, rank, sort_text(title(work)), str(work.issued or "")


def bibliography(
    works: Iterable[Work], *, style: Style = CHICAGO_18, archive: ArchivePolicy | None = None
) -> list[Rich]:
    """The bibliography of ``works``: one entry per work (by key), sorted, repeats dashed."""
    ctx = Context(style, archive or ArchivePolicy())
    unique: dict[object, Work] = {}
    for work in works:
        unique.setdefault(work.key or id(work), work)
    ordered = sorted(unique.values(), key=lambda w: sort_key(w, style))
    entries: list[Rich] = []
    previous: tuple[object, ...] = ()
    for work in ordered:
        identity = bib_lead(work, style).identity
        builder = Builder()
        add_entry(builder, work, ctx, dash=bool(identity) and identity == previous)
        entries.append(builder.build())
        previous = identity
    return entries
