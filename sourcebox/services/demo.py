"""The sample library: about twenty real sources of mixed types, with quotes and tags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sourcebox.db import repository as repo
from sourcebox.demo_data import DEMO_WORKS
from sourcebox.domain.fields import set_fields
from sourcebox.domain.model import Quote, Work
from sourcebox.services.quotes import add_quote
from sourcebox.services.works import add_works

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_ROLES = {"authors": "author", "editors": "editor", "translators": "translator"}


@dataclass(frozen=True)
class DemoResult:
    """Which sample works were added and which were already there."""

    added: tuple[str, ...]
    skipped: tuple[str, ...]


def demo_work(entry: Mapping[str, Any]) -> Work:
    """A sample entry as a work, parsed by the same code as ``sourcebox set``."""
    changes: list[tuple[str, str]] = []
    for name, value in entry.items():
        if name in ("key", "type", "tags", "quotes"):
            continue
        if name in _ROLES:
            changes.append((_ROLES[name], "; ".join(value)))
        else:
            changes.append((name, str(value)))
    work = Work(type=str(entry["type"]), key=str(entry["key"]), tags=tuple(entry.get("tags", ())))
    return set_fields(work, changes)


def load_demo(session: Session) -> DemoResult:
    """Add every sample work not yet in the library (by key); running it twice adds nothing."""
    added: list[str] = []
    skipped: list[str] = []
    new: list[tuple[Work, Mapping[str, Any]]] = []
    for sample in DEMO_WORKS:
        key = str(sample["key"])
        if repo.get_row(session, key) is not None:
            skipped.append(key)
        else:
            new.append((demo_work(sample), sample))
    add_works(session, [work for work, _ in new])
    for work, entry in new:
        quotes: tuple[dict[str, str], ...] = entry.get("quotes", ())
        for quote in quotes:
            add_quote(
                session,
                work.key,
                Quote(
                    text=quote["text"],
                    locator=quote.get("locator", ""),
                    label=quote.get("label", "page"),
                    comment=quote.get("comment", ""),
                ),
            )
        added.append(work.key)
    return DemoResult(tuple(added), tuple(skipped))
