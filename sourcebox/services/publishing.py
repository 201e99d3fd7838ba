"""The publish gate: is everything a manuscript cites complete, archived and alive?"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sourcebox.archive.urls import UrlProblem, normalise_url
from sourcebox.cite.manuscript import inline_links, parse_manuscript
from sourcebox.db import repository as repo
from sourcebox.domain import validate
from sourcebox.services.citing import UnknownKey

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sourcebox.archive.linkcheck import LinkResult


@dataclass
class Readiness:
    """Everything that stands between a manuscript and publication."""

    unknown_keys: list[UnknownKey] = field(default_factory=list)
    incomplete: list[tuple[str, str]] = field(default_factory=list)  # key, problem
    unarchived: list[tuple[str, str, str]] = field(default_factory=list)  # key, url, why
    dead: list[tuple[str, str, str]] = field(default_factory=list)  # url, state, replacement
    checked_urls: int = 0
    works: int = 0

    @property
    def ready(self) -> bool:
        """True when nothing needs doing."""
        return not (self.unknown_keys or self.incomplete or self.unarchived or self.dead)

    def to_json(self) -> dict[str, Any]:
        """The report as one JSON object."""
        return {
            "ready": self.ready,
            "works": self.works,
            "checked_urls": self.checked_urls,
            "unknown_keys": [
                {"key": u.key, "line": u.line, "column": u.column, "suggestion": u.suggestion}
                for u in self.unknown_keys
            ],
            "incomplete": [{"key": k, "problem": p} for k, p in self.incomplete],
            "unarchived": [{"key": k, "url": u, "why": w} for k, u, w in self.unarchived],
            "dead": [{"url": u, "state": s, "archived_copy": r} for u, s, r in self.dead],
        }


@dataclass(frozen=True)
class Plan:
    """What the gate must look at: the works' URLs and the manuscript's own links."""

    readiness: Readiness
    urls: tuple[str, ...]


def inspect(session: Session, text: str, *, max_age: timedelta) -> Plan:
    """Everything the library can tell without the network; the URLs to check online."""
    manuscript = parse_manuscript(text)
    report = Readiness()
    urls: dict[str, None] = {}
    now = datetime.now(UTC)
    seen: set[str] = set()
    for group in manuscript.groups:
        for ref in group.refs:
            if ref.key in seen:
                continue
            seen.add(ref.key)
            row = repo.get_row(session, ref.key)
            if row is None:
                suggestion = repo.suggest_key(session, ref.key)
                report.unknown_keys.append(UnknownKey(ref.key, ref.line, ref.column, suggestion))
                continue
            work = repo.work_value(row)
            report.works += 1
            report.incomplete.extend((work.key, str(p)) for p in validate.problems(work))
            if not work.url:
                continue
            urls[work.url] = None
            normal = normalise_url(work.url)
            if isinstance(normal, UrlProblem):
                report.incomplete.append((work.key, f"url {work.url!r}: {normal.reason}"))
                continue
            snapshot = repo.latest_confirmed(session, normal)
            if snapshot is None or snapshot.captured_at is None:
                report.unarchived.append((work.key, work.url, "no snapshot"))
            elif now - snapshot.captured_at > max_age:
                age = (now - snapshot.captured_at).days
                report.unarchived.append((work.key, work.url, f"snapshot {age} days old"))
    for url in inline_links(text):
        urls[url] = None
    return Plan(report, tuple(urls))


def add_link_results(session: Session, plan: Plan, results: list[LinkResult]) -> Readiness:
    """Record the link checks and add dead links, with the archived copy that replaces them."""
    report = plan.readiness
    report.checked_urls = len(results)
    for result in results:
        if result.status not in ("dead", "unreachable"):
            continue
        normal = normalise_url(result.url)
        snapshot = (
            None if isinstance(normal, UrlProblem) else repo.latest_confirmed(session, normal)
        )
        replacement = snapshot.archive_url if snapshot else ""
        state = f"{result.status} ({result.http_status})" if result.http_status else result.status
        report.dead.append((result.url, state, replacement))
    return report
