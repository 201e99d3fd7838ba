"""Citing: one note, a manuscript's footnotes, a bibliography, from works in the library."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcebox.cite import ArchivePolicy, bibliography, full_note, get_style, render, short_note
from sourcebox.cite.document import Rendered, render_document
from sourcebox.cite.manuscript import Manuscript, parse_locator, parse_manuscript
from sourcebox.db import repository as repo
from sourcebox.domain.model import Work
from sourcebox.errors import FieldProblem, SourceboxError, ValidationError
from sourcebox.services.works import get_work, list_works

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class UnknownKey:
    """A cited key that is not in the library, where it stands, and the closest key."""

    key: str
    line: int
    column: int
    suggestion: str | None

    def __str__(self) -> str:
        hint = f" (did you mean '{self.suggestion}'?)" if self.suggestion else ""
        # A braced key may hold anything, a line break too: the message stays one line.
        key = f"'{self.key}'" if self.key.isprintable() else repr(self.key)
        return f"{self.line}:{self.column} {key}{hint}"


class UnknownKeysError(SourceboxError):
    """A manuscript cites keys the library does not hold; each is listed with its place."""

    def __init__(self, source: str, unknown: Sequence[UnknownKey]) -> None:
        self.unknown = tuple(unknown)
        listed = "; ".join(str(u) for u in self.unknown)
        super().__init__(
            f"{source} cites {len(self.unknown)} key(s) not in the library: {listed}.",
            "Fix the keys or add the works; nothing was written.",
        )


def cited_works(session: Session, manuscript: Manuscript, source: str) -> dict[str, Work]:
    """Every work the manuscript cites, by key; ``UnknownKeysError`` lists all missing keys."""
    works: dict[str, Work] = {}
    unknown: list[UnknownKey] = []
    for group in manuscript.groups:
        for ref in group.refs:
            if ref.key in works:
                continue
            row = repo.get_row(session, ref.key)
            if row is None:
                unknown.append(
                    UnknownKey(ref.key, ref.line, ref.column, repo.suggest_key(session, ref.key))
                )
            else:
                works[ref.key] = repo.work_value(row)
    if unknown:
        raise UnknownKeysError(source, unknown)
    return works


def footnotes(
    session: Session,
    text: str,
    *,
    source: str = "the manuscript",
    style: str,
    fmt: str = "markdown",
    ibid: bool = False,
    with_bibliography: bool = True,
    archive_links: str = "append",
) -> Rendered:
    """The manuscript with numbered Chicago footnotes (and a bibliography).

    With ``archive_links="dead"``, archived copies are given for the links the
    link check last found dead.
    """
    manuscript = parse_manuscript(text)
    works = cited_works(session, manuscript, source)
    dead_urls = repo.urls_with_status(session, (w.url for w in works.values() if w.url), "dead")
    return render_document(
        manuscript,
        works,
        fmt=fmt,
        style=get_style(style),
        ibid=ibid,
        archive=ArchivePolicy(archive_links, dead_urls),
        bibliography=with_bibliography,
    )


def cite(
    session: Session, key: str, locator: str = "", *, short: bool, style: str, fmt: str
) -> str:
    """One note for one work: the full note, or the short one."""
    work = get_work(session, key)
    try:
        parsed = parse_locator(locator)
    except ValueError as error:
        raise ValidationError([FieldProblem("locator", locator, str(error))]) from error
    make = short_note if short else full_note
    return render(make(work, parsed, style=get_style(style)), fmt)


def bibliography_of(
    session: Session,
    *,
    query: str = "",
    manuscript: str | None = None,
    source: str = "the manuscript",
    style: str,
    fmt: str,
) -> list[str]:
    """Bibliography entries for the works matching ``query``, or cited in ``manuscript``."""
    if manuscript is not None:
        works = list(cited_works(session, parse_manuscript(manuscript), source).values())
    else:
        works = list_works(session, query)
    return [render(entry, fmt) for entry in bibliography(works, style=get_style(style))]
