"""Works: add, read, change, tag, rekey, remove and list them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sourcebox.db import bulk, history, search
from sourcebox.db import repository as repo
from sourcebox.domain import keys as keymod
from sourcebox.domain import validate
from sourcebox.domain.model import Work
from sourcebox.domain.query import parse_query
from sourcebox.errors import ConflictError, FieldProblem, ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SORTS = search.SORTS
# Works written per set of statements: large enough to amortise, small enough for memory.
_BATCH = 5000
# From this many works on, fetch every key up front instead of asking per key base.
_PRELOAD_FROM = 200


def _taken_by(session: Session, key: str) -> ConflictError:
    row = repo.get_row(session, key)
    what = f"the {row.type} '{row.title}'" if row else "another work"
    return ConflictError(
        f"The key '{key}' is taken by {what}.",
        "Choose another --key, or leave it out to have one made.",
    )


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    cleaned = []
    for tag in tags:
        name = " ".join(tag.split())
        if not name:
            continue
        if name[0] in "+-":
            raise ValidationError([FieldProblem("tag", tag, "a tag cannot start with + or -")])
        cleaned.append(name)
    return tuple(sorted(set(cleaned)))


def add_work(session: Session, work: Work, pattern: str = keymod.DEFAULT_PATTERN) -> Work:
    """Validate and store a new work; its key is ``work.key`` if given, else made from pattern."""
    return add_works(session, [work], pattern)[0]


def add_works(
    session: Session,
    works: Sequence[Work],
    pattern: str = keymod.DEFAULT_PATTERN,
    *,
    check_fields: bool = True,
) -> list[Work]:
    """Validate and store many works in the caller's transaction; returns them with keys.

    Explicit keys must be free; made keys are unique against the library and each
    other. Nothing is written unless every work is valid. An import passes
    ``check_fields=False``: what a file holds is kept even when a field its type
    needs is missing or malformed (the importer reports it, publish-check too).
    """
    prepared: list[Work] = []
    for work in works:
        tags = _clean_tags(work.tags)
        if tags != work.tags:
            work = replace(work, tags=tags)
        if work.key:
            keymod.check_key(work.key)
        if check_fields:
            validate.check(work)
        prepared.append(work)
    wanted = {w.key for w in prepared if w.key}
    if len(wanted) < sum(1 for w in prepared if w.key):
        raise ConflictError("The same key is given to two of the new works.")
    for key in sorted(repo.work_ids_for_keys(session, wanted))[:1]:
        raise _taken_by(session, key)
    taken = _TakenKeys(session, wanted, preload=len(prepared) > _PRELOAD_FROM)
    stored: list[Work] = []
    for work in prepared:
        key = work.key or keymod.make_key(work, taken, pattern)
        taken.add(key)
        stored.append(work if key == work.key else replace(work, key=key))
    for start in range(0, len(stored), _BATCH):
        ids = bulk.insert_works(session, stored[start : start + _BATCH])
        history.created(session, ids)
        search.reindex(session, ids)
    return stored


class _TakenKeys:
    """Keys in use: asks the library per key base once, remembers what this batch adds."""

    def __init__(self, session: Session, initial: Iterable[str], preload: bool = False) -> None:
        self.session = session
        self.added = set(initial)
        self.bases: dict[str, set[str]] = {}
        self.everything = set(repo.all_keys(session)) if preload else None

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key in self.added:
            return True
        if self.everything is not None:
            return key in self.everything
        base = key.rstrip("abcdefghijklmnopqrstuvwxyz") or key
        if base not in self.bases:
            self.bases[base] = set(repo.keys_with_prefix(self.session, base))
        return key in self.bases[base]

    def add(self, key: str) -> None:
        self.added.add(key)


def get_work(session: Session, key: str) -> Work:
    """The work with this key; ``NotFoundError`` with a suggestion if none."""
    return repo.work_value(repo.require_row(session, key))


def replace_work(session: Session, key: str, work: Work) -> Work:
    """Store new field values, creators and tags for an existing work (its key stays)."""
    row = repo.require_row(session, key)
    work = replace(work, key=key, tags=_clean_tags(work.tags))
    validate.check(work)
    repo.apply_work(row, work, repo.CreatorCache(session))
    repo.flush(session)
    search.reindex(session, [row.id])
    return repo.work_value(row)


def tag_work(session: Session, key: str, add: Iterable[str], remove: Iterable[str]) -> Work:
    """Add and remove tags; removing a tag the work lacks is not an error."""
    current = get_work(session, key)
    gone = set(_clean_tags(remove))
    tags = (set(current.tags) | set(_clean_tags(add))) - gone
    return replace_work(session, key, replace(current, tags=tuple(tags)))


def remove_works(session: Session, keys: Sequence[str]) -> list[Work]:
    """Delete works (with their quotes and snapshots); all keys must exist, or none goes."""
    rows = [repo.require_row(session, key) for key in dict.fromkeys(keys)]
    removed = [repo.work_value(row) for row in rows]
    ids = [row.id for row in rows]
    search.unindex(session, ids)
    repo.delete_works(session, ids)
    return removed


def rekey_work(
    session: Session, key: str, new_key: str | None, pattern: str = keymod.DEFAULT_PATTERN
) -> tuple[str, str]:
    """Change a work's key to ``new_key``, or to a fresh one from the pattern; (old, new)."""
    row = repo.require_row(session, key)
    if new_key is None:
        work = repo.work_value(row)
        taken = _TakenKeys(session, ())
        base = keymod.base_key(work, pattern)
        # The work's own key does not count as taken: rekeying to the same base is a no-op.
        new_key = base if base == key else keymod.uniquify(base, _Without(taken, key))
    keymod.check_key(new_key)
    if new_key != key:
        if repo.get_row(session, new_key) is not None:
            raise _taken_by(session, new_key)
        row.key = new_key
        repo.flush(session)
    return key, new_key


@dataclass
class _Without:
    taken: _TakenKeys
    own: str

    def __contains__(self, key: object) -> bool:
        return key != self.own and key in self.taken


def list_works(
    session: Session,
    query: str = "",
    sort: str = "relevance",
    limit: int | None = None,
    offset: int = 0,
) -> list[Work]:
    """The works matching ``query`` (the query language), sorted, at most ``limit``."""
    return list(iter_works(session, query, sort, limit, offset))


def count_works(session: Session, query: str = "") -> int:
    """How many works match ``query``."""
    return search.count(session, parse_query(query))


def keys(session: Session) -> list[str]:
    """Every key, sorted."""
    return repo.all_keys(session)


def iter_works(
    session: Session,
    query: str = "",
    sort: str = "relevance",
    limit: int | None = None,
    offset: int = 0,
    chunk: int = 500,
) -> Iterator[Work]:
    """The works matching ``query``, loaded a chunk at a time (never all rows at once)."""
    if sort not in SORTS:
        raise ValidationError([FieldProblem("sort", sort, f"use one of {', '.join(SORTS)}")])
    ids = search.search(session, parse_query(query), sort=sort, limit=limit, offset=offset)
    for start in range(0, len(ids), chunk):
        yield from repo.load_works(session, ids[start : start + chunk])
