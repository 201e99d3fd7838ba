"""Relevance with conditions, and how PostgreSQL runs it (SQLite, or PostgreSQL in that run).

On PostgreSQL words with conditions are ranked in a sorted subquery, then joined
to the works; these tests hold that to the plain definition: the works the words
alone find, in their order, less those the conditions reject.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from sourcebox.db import search
from sourcebox.db.engine import Library, open_library
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator, Work
from sourcebox.domain.query import parse_query
from sourcebox.services.works import add_works

WORDS = ["typesetting", "fonts", "macros", "graphics", "unicode"]
TYPES = ["book", "article-journal", "report"]


def _work(i: int) -> Work:
    # Each work names one to three of the words, in its title, a creator's name or
    # its note, so that ranks differ and many works tie.
    first, second = WORDS[i % 5], WORDS[(i * 3) % 5]
    return Work(
        type=TYPES[i % 3],
        title=f"{first.title()} study {i}" + (f" and {second}" if i % 4 == 0 else ""),
        creators=(Creator(family=f"{second.title()}man" if i % 6 == 0 else f"Author{i % 9}"),),
        container_title="Journal of Type" if i % 3 == 1 else "",
        note=f"mentions {WORDS[(i + 2) % 5]}" if i % 2 else "",
        issued=PartialDate(1980 + i % 30) if i % 7 else None,
        url=f"https://example.org/{i}" if i % 3 else "",
        tags=(f"t{i % 4}",),
    )


@pytest.fixture(scope="module")
def shared(module_library_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = open_library(module_library_url, tmp_path_factory.mktemp("backups"))
    with lib.session() as s:
        add_works(s, [_work(i) for i in range(150)])
    yield lib
    lib.close()


@pytest.fixture
def session(shared: Library) -> Iterator[Session]:
    with shared.session() as s:
        yield s


def _ids(session: Session, query: str, **kwargs: int) -> list[int]:
    return search.search(session, parse_query(query), **kwargs)


@pytest.mark.parametrize(
    ("words", "conditions"),
    [
        ("typesetting", "type:book"),
        ("fonts", "year:1985..1995"),
        ("macros", "-type:report has:url"),
        ("graphics", "tag:t1"),
        ("unicode -fonts", "type:article-journal"),
        ("study typesetting", "-has:issued"),
        ('"fonts study"', "year:..1999"),
        ("author:fontsman", "type:book"),
        ("study", "year:1990..1995 type:report"),
    ],
)
def test_words_with_conditions_rank_as_the_words_alone_less_what_the_conditions_reject(
    session, words, conditions
):
    kept = set(_ids(session, conditions))
    expected = [i for i in _ids(session, words) if i in kept]
    assert expected, "a case that finds nothing proves nothing"
    combined = f"{words} {conditions}"
    assert _ids(session, combined) == expected
    assert _ids(session, combined, limit=5) == expected[:5]
    assert _ids(session, combined, limit=5, offset=3) == expected[3:8]
    assert search.count(session, parse_query(combined)) == len(expected)


def test_the_same_search_run_many_times_finds_the_same(session):
    # PostgreSQL: psycopg would prepare a statement run five times, and the server
    # would then plan it once for any values; every run must still agree.
    for query in ("typesetting type:book", "fonts year:1985..1995", "graphics"):
        first = _ids(session, query, limit=10)
        assert all(_ids(session, query, limit=10) == first for _ in range(12))


@pytest.mark.postgresql
def test_postgresql_search_statements_are_planned_for_their_values_every_time(session):
    for _ in range(12):
        _ids(session, "typesetting type:book", limit=10)
        search.count(session, parse_query("fonts year:1985..1995"))
    prepared = session.scalars(text("SELECT statement FROM pg_prepared_statements")).all()
    searches = [s for s in prepared if s.startswith("SELECT") and "work_search" in s]
    assert searches == []


@pytest.mark.postgresql
def test_postgresql_ranks_with_constant_weights_not_a_cast_per_row(shared, session):
    run: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, *_args):  # type: ignore[no-untyped-def]
        run.append((statement, parameters))

    event.listen(shared.engine, "before_cursor_execute", capture)
    try:
        _ids(session, "typesetting type:book", limit=10)
    finally:
        event.remove(shared.engine, "before_cursor_execute", capture)
    statement, parameters = run[-1]
    plan = "\n".join(
        row[0]
        for row in session.connection().exec_driver_sql("EXPLAIN VERBOSE " + statement, parameters)
    )
    assert "ts_rank('{0.1,0.2,1,1}'::real[]" in plan
    assert "cstring" not in plan
