"""Link checks: which URLs a selection of works (or a manuscript) cites, and their state."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sourcebox.cite.manuscript import inline_links, parse_manuscript
from sourcebox.db import repository as repo
from sourcebox.services.citing import cited_works
from sourcebox.services.works import get_work, iter_works

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sourcebox.archive.linkcheck import LinkResult


@dataclass(frozen=True)
class LinkTarget:
    """A URL to check and the works that cite it (none for a manuscript's inline link)."""

    url: str
    keys: tuple[str, ...]


def targets(
    session: Session,
    *,
    keys: Sequence[str] = (),
    query: str | None = None,
    manuscript: str | None = None,
    source: str = "the manuscript",
) -> list[LinkTarget]:
    """The URLs of the chosen works (keys, a query, or a manuscript's citations and links)."""
    by_url: dict[str, list[str]] = {}

    def add(url: str, key: str | None) -> None:
        cited = by_url.setdefault(url, [])
        if key and key not in cited:
            cited.append(key)

    if manuscript is not None:
        for work in cited_works(session, parse_manuscript(manuscript), source).values():
            if work.url:
                add(work.url, work.key)
        for url in inline_links(manuscript):
            add(url, None)
    works = [get_work(session, key) for key in keys]
    if query is not None:
        works.extend(iter_works(session, query))
    for work in works:
        if work.url:
            add(work.url, work.key)
    return [LinkTarget(url, tuple(found)) for url, found in by_url.items()]


def record(session: Session, results: Iterable[LinkResult]) -> None:
    """Store each result as the URL's latest check."""
    for result in results:
        assert result.checked_at is not None
        repo.record_link_check(
            session,
            result.url,
            result.status,
            checked_at=result.checked_at,
            http_status=result.http_status,
            final_url=result.final_url,
            error=result.error,
        )


def result_json(result: LinkResult, cited_by: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """A check result as a JSON object, with the keys of the works that cite the URL."""
    return {
        "url": result.url,
        "status": result.status,
        "http_status": result.http_status,
        "final_url": result.final_url,
        "error": result.error,
        "checked_at": result.checked_at.isoformat() if result.checked_at else None,
        "keys": list(cited_by.get(result.url, ())),
    }
