"""Import and export: files in, library out, as one transaction with a precise report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sourcebox.db import repository as repo
from sourcebox.domain import keys as keymod
from sourcebox.domain import validate
from sourcebox.domain.model import Work
from sourcebox.errors import SourceboxError
from sourcebox.gcpause import paused_gc
from sourcebox.interchange.dedupe import DuplicateFinder, fingerprints, merge_empty
from sourcebox.interchange.formats import Format, write
from sourcebox.interchange.result import ImportResult, Problem
from sourcebox.services.works import add_works, iter_works, replace_work

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ON_DUPLICATE = ("skip", "merge", "new")


@dataclass
class ImportReport:
    """What an import did: counts, keys, duplicates, and every problem with its place."""

    read: int = 0
    imported: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # incoming key, existing key
    merged: list[tuple[str, list[str]]] = field(default_factory=list)  # existing key, fields
    added_anyway: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    strict_abort: bool = False

    @property
    def errors(self) -> list[Problem]:
        """Every error: what kept an entry out, and the bad bytes that caused it."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def failed(self) -> list[Problem]:
        """One problem per entry kept out (a bad byte's own report is not another entry)."""
        seen: dict[tuple[str, int | None, str, int | None], Problem] = {}
        for problem in self.errors:
            if problem.offset is None:
                seen.setdefault((problem.file, problem.line, problem.key, problem.index), problem)
        return list(seen.values())

    @property
    def duplicates(self) -> int:
        """Duplicates found, whatever was done with them."""
        return len(self.skipped) + len(self.merged) + len(self.added_anyway)

    def summary(self) -> str:
        """The one-line summary: imported, duplicates, failed, renamed."""
        prefix = "Would import" if self.dry_run else "Imported"
        return (
            f"{prefix} {len(self.imported)}, duplicates {self.duplicates} "
            f"({len(self.skipped)} skipped, {len(self.merged)} merged, "
            f"{len(self.added_anyway)} added), failed {len(self.failed)}, "
            f"keys renamed {len(self.renamed)}."
            + (" Nothing was imported (--strict)." if self.strict_abort else "")
        )

    def to_json(self) -> dict[str, Any]:
        """The report as one JSON object."""
        return {
            "dry_run": self.dry_run,
            "read": self.read,
            "imported": len(self.imported),
            "duplicates": {
                "skipped": [{"key": k, "existing": e} for k, e in self.skipped],
                "merged": [{"key": k, "filled": f} for k, f in self.merged],
                "added": self.added_anyway,
            },
            "failed": len(self.failed),
            "renamed": [{"old": o, "new": n} for o, n in self.renamed],
            "problems": [p.to_json() for p in self.problems],
            "keys": self.imported,
            "strict_abort": self.strict_abort,
        }


def import_results(
    session: Session,
    results: Sequence[ImportResult],
    *,
    on_duplicate: str = "skip",
    dry_run: bool = False,
    strict: bool = False,
    pattern: str = keymod.DEFAULT_PATTERN,
) -> ImportReport:
    """Store what the readers read, in the caller's transaction; a dry run rolls back."""
    if on_duplicate not in ON_DUPLICATE:
        raise SourceboxError(f"Unknown --on-duplicate {on_duplicate!r}; use skip, merge or new.")
    report = ImportReport(dry_run=dry_run)
    for result in results:
        report.read += len(result.records)
        report.problems.extend(result.problems)
    if strict and report.errors:
        report.strict_abort = True
        return report
    scope = session.begin_nested()
    try:
        with paused_gc():
            _import(session, results, report, on_duplicate, pattern)
        if strict and report.errors:
            report.strict_abort = True
            report.imported.clear()
            scope.rollback()
        elif dry_run:
            scope.rollback()
        else:
            scope.commit()
    except BaseException:
        if scope.is_active:
            scope.rollback()
        raise
    return report


def _import(
    session: Session,
    results: Sequence[ImportResult],
    report: ImportReport,
    on_duplicate: str,
    pattern: str,
) -> None:
    views = repo.dedupe_views(session)
    finder = DuplicateFinder(views)
    by_key = {view.key: view for view in views}
    taken = set(by_key)
    new: list[Work] = []
    files: list[str] = []  # the file each new work came from
    for result in results:
        for record in result.records:
            work = record.work
            for problem in validate.problems(work):
                # Kept as read: a file's entry is never dropped for a field we would
                # require; the warning names it, and publish-check will too.
                report.problems.append(
                    Problem(
                        kind="incomplete",
                        message=f"{problem}; imported as is, fix with 'sourcebox set'",
                        file=record.file,
                        line=record.line,
                        key=work.key,
                        field=problem.field,
                        index=record.index,
                        severity="warning",
                    )
                )
            prints = fingerprints(work)
            matches = [m for m in finder.matches(work, prints) if m]
            same = by_key.get(work.key)
            if not matches and same is not None and _same_entry(same, work):
                matches = [work.key]  # no title, DOI, ISBN or URL: the key tells
            if matches and on_duplicate == "skip":
                report.skipped.append((work.key, matches[0]))
                continue
            if matches and on_duplicate == "merge" and matches[0] in taken:
                filled = _merge(session, matches[0], work)
                report.merged.append((matches[0], filled))
                continue
            key = work.key
            try:
                valid = bool(key) and keymod.check_key(key) == key
            except SourceboxError:
                valid = False
            if not valid:
                key = keymod.make_key(work, taken, pattern)
            elif key in taken:
                key = keymod.uniquify(key, taken)
            if key != work.key:
                report.renamed.append((work.key, key))
            taken.add(key)
            if key != work.key:
                work = replace(work, key=key)
            finder.add(work, prints)
            if matches:
                report.added_anyway.append(key)
            new.append(work)
            files.append(record.file)
    renamed = {(file, old): key for file, (old, key) in _renames_by_file(report, new, files)}
    if renamed:
        new = [_follow_rename(w, f, renamed) for w, f in zip(new, files, strict=True)]
    add_works(session, new, pattern, check_fields=False)
    report.imported.extend(w.key for w in new)


def _renames_by_file(
    report: ImportReport, new: Sequence[Work], files: Sequence[str]
) -> list[tuple[str, tuple[str, str]]]:
    """(file, (old key, new key)) for each entry of this import whose key was changed."""
    file_of = dict(zip((w.key for w in new), files, strict=True))
    return [(file_of[new_key], (old, new_key)) for old, new_key in report.renamed]


def _follow_rename(work: Work, file: str, renamed: dict[tuple[str, str], str]) -> Work:
    """A child whose ``crossref`` parent was renamed in this import points at the new key."""
    parent = work.extra.get("crossref")
    if not isinstance(parent, str):
        return work
    target = renamed.get((file, parent))
    if target is None:  # BibTeX matches crossref keys without regard to case
        folded = parent.lower()
        target = next(
            (k for (f, old), k in renamed.items() if f == file and old.lower() == folded), None
        )
    if target is None:
        return work
    return replace(work, extra={**work.extra, "crossref": target})


def _same_entry(existing: Work, incoming: Work) -> bool:
    """The same key with the same type, title and date: the same entry read again."""
    return (existing.type, existing.title, existing.issued) == (
        incoming.type,
        incoming.title,
        incoming.issued,
    )


def _merge(session: Session, key: str, incoming: Work) -> list[str]:
    from sourcebox.services.works import get_work

    existing = get_work(session, key)
    merged, filled = merge_empty(existing, incoming)
    if filled:
        replace_work(session, key, merged)
    return filled


def export(session: Session, query: str, fmt: Format, *, ascii: bool = False) -> str:
    """The works matching ``query``, ordered by key, as text in ``fmt``."""
    with paused_gc():  # 100,000 works make millions of objects, none of them cyclic garbage
        return write(iter_works(session, query, sort="key"), fmt, ascii=ascii)
