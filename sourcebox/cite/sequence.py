"""Numbered notes from an ordered list of citation groups, with positions. Pure: no I/O.

The first citation of a work gets a full note, later ones a short note (CMOS
14.29). A note that cites the same single work as the note just before it gets
"Surname, 105" or, with ``ibid=True``, "Ibid." / "Ibid., 105" (14.34), except
after a note that cites several works (or an author's own note), and except
when the previous citation had a locator and this one has none (that would
silently point at the same page). Citations in one group share a note, joined
by semicolons (14.57), each with its prefix ("see") and suffix kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sourcebox.cite.creators import short_name_table
from sourcebox.cite.elements import Context, locator_text
from sourcebox.cite.locator import Locator
from sourcebox.cite.markup import Builder, Rich, Span
from sourcebox.cite.notes import add_author_only, add_full, add_short
from sourcebox.cite.parts import ArchivePolicy
from sourcebox.cite.style import CHICAGO_18, Style
from sourcebox.domain.model import Work


class Position(StrEnum):
    """How a citation was rendered."""

    FIRST = "first"
    SUBSEQUENT = "subsequent"
    REPEAT = "repeat"  # "Surname, 105": same work as the note before
    IBID = "ibid"


@dataclass(frozen=True)
class Citation:
    """One citation of a work: ``[see @key, p. 12, emphasis added]`` or ``[-@key, 7]``."""

    work: Work
    locator: Locator | str | None = None
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


@dataclass(frozen=True)
class AuthorNote:
    """An author's own footnote: it takes a number in sequence and interrupts ibid."""

    text: str = ""


@dataclass(frozen=True)
class Note:
    """A numbered note: its rich text and the position of each citation in it.

    For an author's own note, ``text`` is its text as plain rich text and
    ``author_text`` the original, to be copied to the output untouched.
    """

    number: int
    text: Rich
    positions: tuple[Position, ...] = ()
    author_text: str | None = None


Group = Sequence[Citation]


def work_id(work: Work) -> object:
    """What makes two citations cite the same work: the key, else the object."""
    return work.key or id(work)


def format_notes(
    items: Iterable[Group | AuthorNote],
    *,
    style: Style = CHICAGO_18,
    ibid: bool = False,
    archive: ArchivePolicy | None = None,
    start: int = 1,
) -> list[Note]:
    """One numbered note per citation group (or author's note), in order, from ``start``."""
    sequence = [item if isinstance(item, AuthorNote) else tuple(item) for item in items]
    cited = [c.work for item in sequence if not isinstance(item, AuthorNote) for c in item]
    ctx = Context(style, archive or ArchivePolicy(), short_name_table(cited))
    seen: set[object] = set()
    previous: tuple[object, str] | None = None
    notes: list[Note] = []
    for number, item in enumerate(sequence, start=start):
        if isinstance(item, AuthorNote):
            notes.append(Note(number, (Span(item.text),) if item.text else (), (), item.text))
            previous = None
            continue
        builder = Builder()
        positions: list[Position] = []
        for index, citation in enumerate(item):
            if index:
                builder.punct(";").text(" ")
            single = previous if len(item) == 1 else None
            positions.append(_cite(builder, citation, ctx, seen, single, ibid))
        text = builder.punct(".").build()
        if item and item[0].prefix.strip():
            text = _capitalise(text)
        notes.append(Note(number, text, tuple(positions)))
        previous = (
            (work_id(item[0].work), locator_text(item[0].locator)) if len(item) == 1 else None
        )
    return notes


def _cite(
    builder: Builder,
    citation: Citation,
    ctx: Context,
    seen: set[object],
    previous: tuple[object, str] | None,
    ibid: bool,
) -> Position:
    prefix = " ".join(citation.prefix.split())
    if prefix:
        builder.text(prefix + " ")
    key = work_id(citation.work)
    locator = locator_text(citation.locator)
    suppress = citation.suppress_author
    if key not in seen:
        seen.add(key)
        add_full(builder, citation.work, locator, ctx, suppress)
        position = Position.FIRST
    elif previous is not None and previous[0] == key and not (previous[1] and not locator):
        if ibid:
            builder.text("ibid." if prefix else "Ibid.")
            if locator and locator != previous[1]:
                builder.sep(",").text(locator)
            position = Position.IBID
        elif locator:
            add_author_only(builder, citation.work, locator, ctx, suppress)
            position = Position.REPEAT
        else:
            add_short(builder, citation.work, locator, ctx, suppress)
            position = Position.SUBSEQUENT
    else:
        add_short(builder, citation.work, locator, ctx, suppress)
        position = Position.SUBSEQUENT
    _suffix(builder, citation.suffix)
    return position


def _suffix(builder: Builder, suffix: str) -> None:
    text = " ".join(suffix.split())
    if not text:
        return
    if text[0] in ",;:.":
        builder.punct(text[0])
        rest = text[1:].strip()
        if rest:
            builder.text(" " + rest)
    else:
        builder.text(" " + text)


def _capitalise(text: Rich) -> Rich:
    if not text or not text[0].text:
        return text
    first = text[0]
    changed = Span(first.text[0].upper() + first.text[1:], first.italic, first.href)
    return (changed, *text[1:])
