"""Browsing: what an interactive front end shows of a work, and a page of results at a time.

The TUI pages through a result set (``page``) instead of loading it whole, and
shows one work with a live preview of its notes (``details``). Like every
service, these take the caller's session and return plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcebox.cite import Rich, full_note, get_style, short_note
from sourcebox.db import history
from sourcebox.domain import validate
from sourcebox.domain.model import Work
from sourcebox.errors import FieldProblem
from sourcebox.services.works import count_works, get_work, list_works

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Page:
    """Works ``offset`` to ``offset + len(works)`` of a result set; ``more`` if it goes on."""

    works: tuple[Work, ...]
    offset: int
    more: bool


def page(session: Session, query: str, sort: str, offset: int, size: int) -> Page:
    """One page of the works matching ``query`` (the query language), in ``sort`` order."""
    # One work beyond the page tells whether another page follows, without a count.
    works = list_works(session, query, sort, limit=size + 1, offset=offset)
    return Page(tuple(works[:size]), offset, len(works) > size)


def total(session: Session, query: str) -> int:
    """How many works match ``query``."""
    return count_works(session, query)


@dataclass(frozen=True)
class Details:
    """A work, its full and short notes in a style (as rich text), and what it lacks."""

    work: Work
    style: str
    full_note: Rich
    short_note: Rich
    problems: tuple[FieldProblem, ...]


def details(session: Session, key: str, style: str) -> Details:
    """The work with ``key`` and a preview of its full and short notes in ``style``."""
    work = get_work(session, key)
    chosen = get_style(style)
    return Details(
        work=work,
        style=chosen.name,
        full_note=full_note(work, None, style=chosen),
        short_note=short_note(work, None, style=chosen),
        problems=tuple(validate.problems(work)),
    )


def bibtex_entry(session: Session, key: str) -> str:
    """The BibTeX entry of one work, as ``sourcebox export`` writes it."""
    from sourcebox.interchange.formats import write

    return write([get_work(session, key)], "bibtex")


def next_undo(session: Session) -> history.Change | None:
    """The change ``undo`` would revert now (the newest still in effect), if any."""
    ids = history.undoable(session, 1)
    return history.get_change(session, ids[0]) if ids else None
