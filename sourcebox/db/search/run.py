"""Running a parsed query: FTS5 MATCH on SQLite, tsquery on PostgreSQL, LIKE elsewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    cast,
    exists,
    false,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import InstrumentedAttribute, Session

from sourcebox.db.models import (
    CreatorRow,
    QuoteRow,
    SnapshotRow,
    TagRow,
    WorkCreatorRow,
    WorkRow,
    work_tags,
)
from sourcebox.db.search import pg
from sourcebox.db.search.common import (
    FTS_COLUMNS,
    SORTS,
    fts_table,
    is_postgresql,
    is_sqlite,
    pg_table,
)
from sourcebox.domain.query import (
    ArchivedTerm,
    HasTerm,
    KeyTerm,
    Query,
    TagTerm,
    Term,
    TextTerm,
    TypeTerm,
    YearTerm,
)

_T = TypeVar("_T")


# ---------------------------------------------------------------------------
# Searching


def search(
    session: Session,
    query: Query,
    sort: str = "relevance",
    limit: int | None = None,
    offset: int = 0,
) -> list[int]:
    """Ids of the works matching ``query``, in ``sort`` order, ``limit`` of them from ``offset``.

    Sorts: ``relevance`` (FTS5 bm25, title and creators weighted most, when the
    query has words to find; else newest added first), ``year`` (oldest first,
    undated last, then title), ``title`` (case-insensitive) and ``added`` (newest
    first). Ties go to the newest work.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    plan = _plan(session, query)
    # Text sorts compare code points, as SQLite does, not the server's locale.
    title: ColumnElement[Any] = func.lower(WorkRow.title)
    key: ColumnElement[Any] | InstrumentedAttribute[str] = WorkRow.key
    if plan.postgresql:
        title, key = title.collate("C"), WorkRow.key.collate("C")
    statement: Select[int]
    if plan.match is not None and not plan.conditions and sort == "relevance":
        # Words alone: rank inside the index, no join (it would cost a works lookup
        # per match before the limit applies). The index holds exactly the works.
        rowid = plan.table.c.rowid
        statement = select(rowid).where(plan.matches()).order_by(plan.rank(), rowid.desc())
    elif plan.postgresql and plan.match is not None and sort == "relevance":
        statement = _ranked_then_filtered(plan)
    else:
        statement = plan.select(WorkRow.id)
        if sort == "relevance" and plan.match is not None:
            statement = statement.order_by(plan.rank(), WorkRow.id.desc())
        elif sort == "year":
            statement = statement.order_by(
                WorkRow.issued_year.is_(None),
                WorkRow.issued_year,
                title,
                WorkRow.id.desc(),
            )
        elif sort == "title":
            statement = statement.order_by(title, WorkRow.id.desc())
        elif sort == "key":
            statement = statement.order_by(key)
        else:
            statement = statement.order_by(WorkRow.created_at.desc(), WorkRow.id.desc())
    if limit is not None:
        statement = statement.limit(limit)
    if offset:
        statement = statement.offset(offset)
    with _planned_for_its_values(session):
        return list(session.scalars(statement))


def _ranked_then_filtered(plan: _Plan) -> Select[int]:
    """Words and conditions on PostgreSQL: the matches in rank order, joined to the works.

    Written as one flat join, the planner either hashes the works table (a scan
    of every work for a condition most works meet) or ranks the matches in
    parallel workers, whose start costs more than the ranking; both cost several
    times the ranking itself. With the matches ranked in a sorted subquery it can
    also walk them best first, looking each work up by id until the limit is met,
    and still filter first when a condition is the rarer one.
    """
    rowid = pg_table.c.rowid
    rank = plan.rank_value().label("rank")
    hits = (
        select(rowid, rank)
        .where(plan.matches())
        .order_by(rank.desc(), rowid.desc())
        .subquery("hits")
    )
    return (
        select(hits.c.rowid)
        .join(WorkRow, WorkRow.id == hits.c.rowid)
        .where(*plan.conditions)
        .order_by(hits.c.rank.desc(), hits.c.rowid.desc())
    )


@contextmanager
def _planned_for_its_values(session: Session) -> Iterator[None]:
    """On PostgreSQL, run the statements inside unprepared: each planned for its values.

    psycopg prepares a statement once its text has run five times, and after
    five more runs PostgreSQL may keep one generic plan for any values. That plan
    guesses how many works a word, a year range or a type matches; a search's
    best plan depends on exactly that (a year range guessed at 0.5% of the works
    instead of half of them turned a 2 ms search into 20 ms). Planning a search
    costs a tenth of a millisecond.
    """
    driver = session.connection().connection.driver_connection if is_postgresql(session) else None
    if driver is None or not hasattr(driver, "prepare_threshold"):  # psycopg 3 prepares
        yield
        return
    threshold = driver.prepare_threshold
    driver.prepare_threshold = None
    try:
        yield
    finally:
        driver.prepare_threshold = threshold


def count(session: Session, query: Query) -> int:
    """How many works match ``query``."""
    plan = _plan(session, query)
    if plan.match is not None and not plan.conditions:
        statement = select(func.count()).select_from(plan.table).where(plan.matches())
    else:
        statement = plan.select(func.count())
    with _planned_for_its_values(session):
        return int(session.scalar(statement) or 0)


@dataclass(frozen=True)
class _Plan:
    """A query as SQL pieces: a full-text query (if any) and table conditions.

    ``match`` is an FTS5 MATCH string on SQLite, a tsquery text on PostgreSQL.
    """

    match: str | None
    conditions: tuple[ColumnElement[bool], ...]
    postgresql: bool = False

    @property
    def table(self) -> Any:
        return pg_table if self.postgresql else fts_table

    def matches(self, expression: str | None = None) -> ColumnElement[bool]:
        wanted = self.match if expression is None else expression
        assert wanted is not None
        if self.postgresql:
            return _tsmatch(wanted)
        return fts_table.c.work_search.bool_op("MATCH")(wanted)

    def rank(self) -> ColumnElement[Any]:
        """Best first: FTS5's rank (bm25, lower is better), PostgreSQL's ts_rank (higher)."""
        if not self.postgresql:
            return fts_table.c.rank
        return self.rank_value().desc()

    def rank_value(self) -> ColumnElement[float]:
        """PostgreSQL's ts_rank of a match, title and creators weighted most."""
        assert self.match is not None
        # A literal of type real[], folded once by the planner; a text parameter cast
        # to real[] would be parsed again for every matching row (array_in is STABLE).
        weights: ColumnElement[Any] = literal_column(f"'{pg.RANK_WEIGHTS}'::real[]")
        ranked: ColumnElement[float] = func.ts_rank(
            weights, pg_table.c.document, cast(literal(self.match), TSQUERY)
        )
        return ranked

    def select(self, what: ColumnElement[_T] | InstrumentedAttribute[_T]) -> Select[_T]:
        statement = select(what).select_from(WorkRow)
        if self.match is not None:
            statement = statement.join(self.table, self.table.c.rowid == WorkRow.id).where(
                self.matches()
            )
        return statement.where(*self.conditions)


def _tsmatch(expression: str) -> ColumnElement[bool]:
    return pg_table.c.document.bool_op("@@")(cast(literal(expression), TSQUERY))


def _plan(session: Session, query: Query) -> _Plan:
    tags = _TagNames(session)
    sqlite = is_sqlite(session)
    conditions = [
        _negate(_filter(term, tags, sqlite), term.negated)
        for term in query.terms
        if not isinstance(term, TextTerm)
    ]
    text_terms = query.text_terms
    if is_postgresql(session):
        include, exclude = pg.combine(
            [t for t in text_terms if not t.negated], [t for t in text_terms if t.negated]
        )
        if include and exclude:
            return _Plan(f"{include} & !({exclude})", tuple(conditions), postgresql=True)
        if exclude:
            excluded = select(pg_table.c.rowid).where(_tsmatch(exclude))
            conditions.append(WorkRow.id.not_in(excluded))
        return _Plan(include or None, tuple(conditions), postgresql=True)
    if not sqlite:
        conditions.extend(_negate(_like_term(t), t.negated) for t in text_terms)
        return _Plan(None, tuple(conditions))
    include = " AND ".join(_fts_term(t) for t in text_terms if not t.negated)
    exclude = " OR ".join(_fts_term(t) for t in text_terms if t.negated)
    if include and exclude:
        return _Plan(f"({include}) NOT ({exclude})", tuple(conditions))
    if exclude:
        conditions.append(
            WorkRow.id.not_in(select(fts_table.c.rowid).where(_Plan(None, ()).matches(exclude)))
        )
    return _Plan(include or None, tuple(conditions))


def _negate(condition: ColumnElement[bool], negated: bool) -> ColumnElement[bool]:
    # Every condition below is TRUE or FALSE, never NULL, so NOT is a true complement.
    return not_(condition) if negated else condition


def _fts_string(words: Sequence[str]) -> str:
    """An FTS5 string literal: user text can never be read as FTS5 syntax."""
    return '"' + " ".join(words).replace('"', '""') + '"'


def _fts_term(term: TextTerm) -> str:
    phrase = _fts_string(term.tokens) + ("*" if term.prefix else "")
    if term.field is None:
        return phrase
    return f"{FTS_COLUMNS[term.field]} : {phrase}"


def _filter(term: Term, tags: _TagNames, sqlite: bool) -> ColumnElement[bool]:
    """A condition on the tables for every term but free text."""
    if isinstance(term, TypeTerm):
        return WorkRow.type == term.type
    if isinstance(term, YearTerm):
        bounds: list[ColumnElement[bool]] = [WorkRow.issued_year.is_not(None)]
        if term.start is not None:
            bounds.append(WorkRow.issued_year >= term.start)
        if term.end is not None:
            bounds.append(WorkRow.issued_year <= term.end)
        return and_(*bounds)
    if isinstance(term, KeyTerm):
        return _key_condition(term, sqlite)
    if isinstance(term, TagTerm):
        ids = tags.matching(term)
        if not ids:
            return false()
        return WorkRow.id.in_(select(work_tags.c.work_id).where(work_tags.c.tag_id.in_(ids)))
    if isinstance(term, HasTerm):
        return _has_condition(term.name)
    if isinstance(term, ArchivedTerm):
        confirmed = exists().where(
            SnapshotRow.work_id == WorkRow.id,
            SnapshotRow.status == "confirmed",
            SnapshotRow.archive_url != "",
        )
        return confirmed if term.archived else not_(confirmed)
    raise TypeError(f"not a table filter: {term!r}")  # pragma: no cover - TextTerm


def _key_condition(term: KeyTerm, sqlite: bool) -> ColumnElement[bool]:
    """Exact, a prefix range on the unique index (not LIKE), or a case-sensitive glob."""
    prefix = term.prefix
    if prefix is not None and ord(prefix[-1]) < 0x10FFFF:
        following = ord(prefix[-1]) + 1
        if 0xD800 <= following <= 0xDFFF:  # surrogates are not text; skip past them
            following = 0xE000
        upper = prefix[:-1] + chr(following)
        return and_(WorkRow.key >= prefix, WorkRow.key < upper)
    if not term.is_glob:
        return WorkRow.key == term.pattern
    parts = term.pattern.split("*")
    if sqlite:
        # GLOB, unlike SQLite's LIKE, is case-sensitive, as key comparisons are.
        literal = [re.sub(r"([\[?])", r"[\1]", part) for part in parts]
        return WorkRow.key.bool_op("GLOB")("*".join(literal))
    return WorkRow.key.like(_like_pattern(parts), escape="\\")


def _has_condition(name: str) -> ColumnElement[bool]:
    if name == "quotes":
        return exists().where(QuoteRow.work_id == WorkRow.id)
    if name == "tags":
        return exists().where(work_tags.c.work_id == WorkRow.id)
    if name == "creators":
        return exists().where(WorkCreatorRow.work_id == WorkRow.id)
    if name == "snapshot":
        return exists().where(SnapshotRow.work_id == WorkRow.id)
    field = getattr(WorkRow, name)
    condition: ColumnElement[bool] = field != ""
    return condition


def _like_pattern(parts: Sequence[str]) -> str:
    """A LIKE pattern with ``%`` between the parts, which match literally."""
    escaped = [re.sub(r"([\\%_])", r"\\\1", part) for part in parts]
    return "%".join(escaped)


class _TagNames:
    """Tag ids by case-insensitive name or pattern, read once per search (the table is small).

    Matching in Python folds case for every script; SQL lower() only folds ASCII.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.names: list[tuple[int, str]] | None = None

    def matching(self, term: TagTerm) -> list[int]:
        if self.names is None:
            rows = self.session.execute(select(TagRow.id, TagRow.name))
            self.names = [(tag_id, name.casefold()) for tag_id, name in rows]
        wanted = term.pattern.casefold()
        if not term.is_glob:
            return [tag_id for tag_id, name in self.names if name == wanted]
        regex = re.compile(".*".join(re.escape(part) for part in wanted.split("*")), re.DOTALL)
        return [tag_id for tag_id, name in self.names if regex.fullmatch(name)]


# ---------------------------------------------------------------------------
# The LIKE fallback for dialects without FTS5


def _creator_text() -> ColumnElement[str]:
    return (
        CreatorRow.given
        + " "
        + CreatorRow.particle
        + " "
        + CreatorRow.family
        + " "
        + CreatorRow.suffix
        + " "
        + CreatorRow.literal
    )


def _like_term(term: TextTerm) -> ColumnElement[bool]:
    """Case-insensitive LIKE on the term's columns.

    The tokens are matched in order anywhere in the text (``%a%b%``): the same works
    as FTS5 finds, plus a few where a word only contains the token.
    """
    pattern = "%" + _like_pattern(term.tokens) + "%"

    def like(expression: ColumnElement[str] | InstrumentedAttribute[str]) -> ColumnElement[bool]:
        return expression.ilike(pattern, escape="\\")

    creators = exists().where(
        WorkCreatorRow.work_id == WorkRow.id,
        WorkCreatorRow.creator_id == CreatorRow.id,
        like(_creator_text()),
    )
    quotes = exists().where(
        QuoteRow.work_id == WorkRow.id, or_(like(QuoteRow.text), like(QuoteRow.comment))
    )
    tags = exists().where(
        work_tags.c.work_id == WorkRow.id, work_tags.c.tag_id == TagRow.id, like(TagRow.name)
    )
    by_field: dict[str, ColumnElement[bool]] = {
        "author": creators,
        "title": like(WorkRow.title),
        "container": like(WorkRow.container_title),
        "abstract": like(WorkRow.abstract),
        "note": like(WorkRow.note),
        "quote": quotes,
    }
    if term.field is not None:
        return by_field[term.field]
    return or_(*by_field.values(), tags)
