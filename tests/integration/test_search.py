"""Search on a real library (SQLite, or PostgreSQL in that run): every term kind, sorts, upkeep."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sourcebox.db import search
from sourcebox.db.engine import Library, open_library
from sourcebox.db.models import (
    CreatorRow,
    QuoteRow,
    SnapshotRow,
    TagRow,
    WorkCreatorRow,
    WorkRow,
)
from sourcebox.domain.query import parse_query

T0 = datetime(2024, 1, 1, tzinfo=UTC)

# key: (type, title, year, fields, creators, tags, quotes, snapshots)
# creators: "Given|Particle|Family" or a literal; quotes: (text, comment);
# snapshots: (status, archive_url). Works are added in this order, a day apart.
WORKS: dict[str, tuple] = {
    "parsi2007treacherous": (
        "book",
        "Treacherous Alliance: The Secret Dealings of Israel, Iran, and the United States",
        2007,
        {"url": "https://example.org/ta", "publisher": "Yale University Press"},
        ["Trita||Parsi"],
        ["iran", "foreign policy"],
        [("the alliance was never public", "a key passage")],
        [("confirmed", "https://web.archive.org/web/2020/https://example.org/ta")],
    ),
    "muller2010uber": (
        "article-journal",
        "Über die Sprache",
        2010,
        {"container_title": "Zeitschrift für Linguistik"},
        ["Hans||Müller"],
        ["Sprache"],
        [],
        [],
    ),
    "gogh1888letters": (
        "book",
        "Letters to Theo",
        1888,
        {},
        ["Vincent|van|Gogh"],
        [],
        [],
        [],
    ),
    "obrien2001c": (
        "chapter",
        "C++ for e-mail systems",
        2001,
        {"container_title": "Handbook of Programming", "abstract": "About AT&T networks."},
        ["Flann||O'Brien"],
        ["programming"],
        [],
        [],
    ),
    "un2015world": (
        "report",
        "World Population Prospects",
        2015,
        {"note": "draft version; compare the dice game"},
        ["United Nations"],
        [],
        [],
        [],
    ),
    "irannuclear": (
        "webpage",
        "Iran nuclear deal explained",
        None,
        {"url": "https://example.org/deal"},
        [],
        ["Iran"],
        [],
        [("requested", "")],
    ),
    "smith1999cold": (
        "article-magazine",
        "The cold war revisited",
        1999,
        {"container_title": "Time"},
        ["John||Smith"],
        ["cold-war"],
        [("war is peace", "")],
        [],
    ),
    "doe2005alliance": (
        "book",
        "alliance politics",
        2005,
        {"abstract": "Treacherous times for small states."},
        ["Jane||Doe"],
        [],
        [],
        [("confirmed", "")],
    ),
    "lee2020typesetting": (
        "thesis",
        "Typesetting with TeX",
        2020,
        {},
        ["Ann||Lee"],
        ["tex", "typography"],
        [],
        [],
    ),
    "parsi2012single": (
        "book",
        "A Single Roll of the Dice",
        2012,
        {"note": "the sequel"},
        ["Trita||Parsi"],
        ["iran"],
        [],
        [],
    ),
    "zhang2018": (
        "article-journal",
        "日本語 tokenization",
        2018,
        {"container_title": "Journal of Asian Studies"},
        ["Wei||Zhang"],
        [],
        [],
        [],
    ),
    "ahmed2000naive": (
        "article-journal",
        "Naïve approaches to café culture",
        2000,
        {"accessed": "2023-05-01"},
        ["Sara||Ahmed", "Trita||Parsi"],
        [],
        [],
        [],
    ),
}
ALL = set(WORKS)


def _add_all(session: Session) -> None:
    creators: dict[str, CreatorRow] = {}
    tags: dict[str, TagRow] = {}
    for day, (key, spec) in enumerate(WORKS.items()):
        kind, title, year, fields, names, tag_names, quotes, snapshots = spec
        row = WorkRow(
            key=key,
            type=kind,
            title=title,
            issued=str(year) if year else "",
            issued_year=year,
            created_at=T0 + timedelta(days=day),
            **fields,
        )
        for position, name in enumerate(names):
            if name not in creators:
                if "|" in name:
                    given, particle, family = name.split("|")
                    creators[name] = CreatorRow(given=given, particle=particle, family=family)
                else:
                    creators[name] = CreatorRow(literal=name)
            row.creators.append(WorkCreatorRow(position=position, creator=creators[name]))
        row.tags = [tags.setdefault(name, TagRow(name=name)) for name in tag_names]
        row.quotes = [QuoteRow(text=body, comment=comment) for body, comment in quotes]
        row.snapshots = [
            SnapshotRow(url=fields.get("url", "https://example.org"), status=s, archive_url=a)
            for s, a in snapshots
        ]
        session.add(row)
    session.flush()
    search.reindex(session, list(session.scalars(select(WorkRow.id))))


@pytest.fixture(scope="module")
def shared(module_library_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """One library for the read-only tests (on PostgreSQL in the PostgreSQL run)."""
    path = tmp_path_factory.mktemp("search")
    lib = open_library(module_library_url, backup_dir=path / "backups")
    with lib.session() as session:
        _add_all(session)
    yield lib
    lib.close()


@pytest.fixture
def session(shared: Library) -> Iterator[Session]:
    with shared.session() as s:
        yield s
        s.rollback()


@pytest.fixture
def own(library_url: str, tmp_path: Path) -> Iterator[Library]:
    """A library of the test's own, for tests that change it."""
    lib = open_library(library_url, backup_dir=tmp_path / "backups")
    with lib.session() as s:
        _add_all(s)
    yield lib
    lib.close()


def keys(session: Session, query: str, sort: str = "relevance", **kw: int) -> list[str]:
    ids = search.search(session, parse_query(query), sort=sort, **kw)
    by_id = dict(tuple(r) for r in session.execute(select(WorkRow.id, WorkRow.key)))
    return [by_id[i] for i in ids]


def found(session: Session, query: str) -> set[str]:
    result = keys(session, query)
    assert len(result) == len(set(result)), "a work was returned twice"
    assert search.count(session, parse_query(query)) == len(result)
    return set(result)


# --- free text ----------------------------------------------------------------

CASES: list[tuple[str, set[str]]] = [
    # every indexed column, by prefix
    ("alli", {"parsi2007treacherous", "doe2005alliance"}),
    ("parsi", {"parsi2007treacherous", "parsi2012single", "ahmed2000naive"}),
    ("zeitschrift", {"muller2010uber"}),
    ("networks", {"obrien2001c"}),
    ("sequel", {"parsi2012single"}),
    ("peace", {"smith1999cold"}),
    ("passage", {"parsi2007treacherous"}),
    ("foreign", {"parsi2007treacherous"}),
    ("typog", {"lee2020typesetting"}),
    ("nations", {"un2015world"}),
    # words are ANDed
    ("parsi dice", {"parsi2012single"}),
    ("iran alliance", {"parsi2007treacherous"}),
    # diacritics and case fold both ways
    ("Muller", {"muller2010uber"}),
    ("uber SPRACHE", {"muller2010uber"}),
    ("naive cafe", {"ahmed2000naive"}),
    ("müller", {"muller2010uber"}),
    ("日本語", {"zhang2018"}),
    # punctuation inside words
    ("C++ systems", {"obrien2001c"}),
    ("e-mail", {"obrien2001c"}),
    ("O'Brien", {"obrien2001c"}),
    ("AT&T", {"obrien2001c"}),
    # phrases are exact (doe2005alliance has both words, apart)
    ('"treacherous alliance"', {"parsi2007treacherous"}),
    ('"alli"', set()),
    ('"cold war"', {"smith1999cold"}),
    # fielded text
    ("author:parsi", {"parsi2007treacherous", "parsi2012single", "ahmed2000naive"}),
    ("author:tri", {"parsi2007treacherous", "parsi2012single", "ahmed2000naive"}),
    ('author:"van gogh"', {"gogh1888letters"}),
    ('author:"united nations"', {"un2015world"}),
    ("author:alliance", set()),
    ("title:alliance", {"parsi2007treacherous", "doe2005alliance"}),
    ('title:"treacherous alliance"', {"parsi2007treacherous"}),
    ("title:treacherous", {"parsi2007treacherous"}),
    ("container:handbook", {"obrien2001c"}),
    ("abstract:treacherous", {"doe2005alliance"}),
    ("note:draft", {"un2015world"}),
    ("quote:peace", {"smith1999cold"}),
    ("quote:alliance", {"parsi2007treacherous"}),
    # words FTS5 would read as syntax are only words here
    ("AND", {"parsi2007treacherous"}),
    ("NOT OR NEAR", set()),
    ("title:the", {"parsi2007treacherous", "smith1999cold", "parsi2012single", "gogh1888letters"}),
    ('"^alliance"', {"parsi2007treacherous", "doe2005alliance"}),
    ("col:umn", None),  # unknown field: checked apart
]


@pytest.mark.parametrize(("query", "expected"), [c for c in CASES if c[1] is not None])
def test_text_terms(session, query, expected):
    assert found(session, query) == expected


# --- table terms --------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag:iran", {"parsi2007treacherous", "parsi2012single", "irannuclear"}),
        ("tag:IRAN", {"parsi2007treacherous", "parsi2012single", "irannuclear"}),
        ("tag:ira*", {"parsi2007treacherous", "parsi2012single", "irannuclear"}),
        ("tag:*war", {"smith1999cold"}),
        ('tag:"foreign policy"', {"parsi2007treacherous"}),
        ("tag:foreign", set()),
        ("tag:t*", {"lee2020typesetting"}),
        ("tag:nosuchtag", set()),
        ("tag:sprache", {"muller2010uber"}),
        ("type:book", {"parsi2007treacherous", "gogh1888letters", "doe2005alliance",
                       "parsi2012single"}),
        ("type:thesis", {"lee2020typesetting"}),
        ("year:2007", {"parsi2007treacherous"}),
        ("year:2000..2010", {"parsi2007treacherous", "muller2010uber", "obrien2001c",
                             "doe2005alliance", "ahmed2000naive"}),
        ("year:2015..", {"un2015world", "lee2020typesetting", "zhang2018"}),
        ("year:..1900", {"gogh1888letters"}),
        ("key:parsi*", {"parsi2007treacherous", "parsi2012single"}),
        ("key:parsi2007treacherous", {"parsi2007treacherous"}),
        ("key:parsi2007", set()),
        ("key:*2007*", {"parsi2007treacherous"}),
        ("key:*20??*", set()),
        ("key:PARSI*", set()),
        ("has:url", {"parsi2007treacherous", "irannuclear"}),
        ("has:abstract", {"obrien2001c", "doe2005alliance"}),
        ("has:publisher", {"parsi2007treacherous"}),
        ("has:accessed", {"ahmed2000naive"}),
        ("has:quotes", {"parsi2007treacherous", "smith1999cold"}),
        ("has:snapshot", {"parsi2007treacherous", "irannuclear", "doe2005alliance"}),
        ("-has:issued", {"irannuclear"}),
        ("-has:creators", {"irannuclear"}),
        ("-has:tags", {"gogh1888letters", "un2015world", "doe2005alliance", "zhang2018",
                       "ahmed2000naive"}),
        ("archived:yes", {"parsi2007treacherous"}),
        ("archived:no", ALL - {"parsi2007treacherous"}),
        ("-archived:yes", ALL - {"parsi2007treacherous"}),
        ("-archived:no", {"parsi2007treacherous"}),
    ],
)  # fmt: skip
def test_table_terms(session, query, expected):
    assert found(session, query) == expected


def test_an_empty_query_finds_every_work(session):
    assert found(session, "") == ALL
    assert found(session, "  ,, ") == ALL


# --- exclusion and combination ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("parsi -dice", {"parsi2007treacherous", "ahmed2000naive"}),
        ('alliance -"treacherous alliance"', {"doe2005alliance"}),
        ("-alliance", ALL - {"parsi2007treacherous", "doe2005alliance"}),
        ("-alli -iran", ALL - {"parsi2007treacherous", "doe2005alliance", "parsi2012single",
                               "irannuclear"}),
        ("iran -author:parsi", {"irannuclear"}),
        ("tag:iran -tag:ira*", set()),
        ("-tag:iran type:book", {"gogh1888letters", "doe2005alliance"}),
        ("-year:2007", ALL - {"parsi2007treacherous"}),
        ("-year:..2005", {"parsi2007treacherous", "muller2010uber", "un2015world", "irannuclear",
                          "lee2020typesetting", "parsi2012single", "zhang2018"}),
        ("-type:book -key:zhang*", {"muller2010uber", "obrien2001c", "un2015world",
                                    "irannuclear", "smith1999cold", "lee2020typesetting",
                                    "ahmed2000naive"}),
        ("parsi year:2000..2010 has:url archived:yes", {"parsi2007treacherous"}),
        ("author:parsi -type:book", {"ahmed2000naive"}),
        ("iran type:webpage -has:issued", {"irannuclear"}),
    ],
)  # fmt: skip
def test_exclusions_and_combinations(session, query, expected):
    assert found(session, query) == expected


# --- sorts, limit, offset ------------------------------------------------------


def test_relevance_without_words_is_newest_added_first(session):
    newest_first = list(reversed(WORKS))
    assert keys(session, "") == newest_first
    assert keys(session, "", sort="added") == newest_first
    assert keys(session, "type:book") == [k for k in newest_first if WORKS[k][0] == "book"]


def test_relevance_ranks_a_title_match_above_a_note_match(session):
    # "dice" is in parsi2012single's title and in un2015world's note
    assert keys(session, "dice") == ["parsi2012single", "un2015world"]
    assert keys(session, "dice", sort="added") == ["parsi2012single", "un2015world"]
    assert keys(session, "dice -nothing") == ["parsi2012single", "un2015world"]
    assert keys(session, "dice year:2000..") == ["parsi2012single", "un2015world"]


def test_relevance_ranks_the_creators_above_a_mention_in_a_note(own):
    with own.session() as s:
        row = WorkRow(key="mention", type="document", title="x", note="as Parsi argues")
        s.add(row)
        s.flush()
        search.reindex(s, [row.id])
        ranked = keys(s, "parsi")
        assert len(ranked) == 4
        assert ranked[-1] == "mention"


def test_year_sort_is_ascending_with_undated_last_then_title(session):
    result = keys(session, "", sort="year")
    assert result[0] == "gogh1888letters"
    assert result[-1] == "irannuclear"
    years = [WORKS[k][2] for k in result[:-1]]
    assert years == sorted(years)


def test_year_sort_breaks_ties_by_title_case_insensitively(own):
    with own.session() as s:
        s.add_all(
            [
                WorkRow(key="b", type="book", title="beta", issued="1888", issued_year=1888),
                WorkRow(key="a", type="book", title="Alpha", issued="1888", issued_year=1888),
            ]
        )
        s.flush()
        assert keys(s, "year:1888", sort="year") == ["a", "b", "gogh1888letters"]


def test_title_sort_is_case_insensitive(session):
    result = keys(session, "", sort="title")
    titles = [WORKS[k][1].lower() for k in result]
    assert titles == sorted(titles)
    assert result.index("parsi2012single") < result.index("doe2005alliance")  # "A S" < "al"


def test_sorts_apply_to_text_queries_too(session):
    assert keys(session, "parsi", sort="year") == [
        "ahmed2000naive",
        "parsi2007treacherous",
        "parsi2012single",
    ]
    assert keys(session, "parsi", sort="added") == [
        "ahmed2000naive",
        "parsi2012single",
        "parsi2007treacherous",
    ]


@pytest.mark.parametrize("query", ["", "parsi", "type:book", "-iran"])
@pytest.mark.parametrize("sort", search.SORTS)
def test_limit_and_offset_page_through_the_same_order(session, query, sort):
    whole = keys(session, query, sort=sort)
    assert keys(session, query, sort=sort, limit=2) == whole[:2]
    assert keys(session, query, sort=sort, limit=2, offset=1) == whole[1:3]
    assert keys(session, query, sort=sort, offset=2) == whole[2:]


def test_an_unknown_sort_is_refused(session):
    with pytest.raises(ValueError, match="unknown sort"):
        search.search(session, parse_query(""), sort="random")


# --- keeping the index -----------------------------------------------------------


def _id(session: Session, key: str) -> int:
    return session.scalars(select(WorkRow.id).where(WorkRow.key == key)).one()


def test_reindex_follows_changes_to_fields_creators_tags_and_quotes(own):
    with own.session() as s:
        row = s.scalars(select(WorkRow).where(WorkRow.key == "gogh1888letters")).one()
        row.title = "Lettres à Théo"
        row.tags = [TagRow(name="art")]
        row.quotes = [QuoteRow(text="sunflowers everywhere")]
        row.creators[0].creator = CreatorRow(literal="Gogh Estate")
        search.reindex(s, [row.id])  # flushes the pending changes itself
        assert found(s, "theo") == {"gogh1888letters"}
        assert found(s, "letters") == set()
        assert found(s, "tag:art") == found(s, "art") == {"gogh1888letters"}
        assert found(s, "quote:sunflower") == {"gogh1888letters"}
        assert found(s, "author:estate") == {"gogh1888letters"}
        assert found(s, "vincent") == set()
        assert search.check(s) == []


def test_reindex_stores_readable_creator_names(own):
    with own.session() as s:
        stored = s.execute(
            text("SELECT creators, tags, quotes FROM work_search WHERE rowid = :id"),
            {"id": _id(s, "ahmed2000naive")},
        ).one()
        assert stored.creators == "Sara Ahmed; Trita Parsi"
        gogh = s.scalar(
            text("SELECT creators FROM work_search WHERE rowid = :id"),
            {"id": _id(s, "gogh1888letters")},
        )
        assert gogh == "Vincent van Gogh"
        parsi = s.execute(
            text("SELECT tags, quotes FROM work_search WHERE rowid = :id"),
            {"id": _id(s, "parsi2007treacherous")},
        ).one()
        assert parsi.tags == "foreign policy; iran"
        assert parsi.quotes == "the alliance was never public a key passage"


def test_reindex_of_no_works_or_unknown_ids_does_nothing(own):
    with own.session() as s:
        search.reindex(s, [])
        search.reindex(s, [987654])
        search.unindex(s, [])
        assert search.check(s) == []
        assert found(s, "") == ALL


def test_reindex_in_chunks(own):
    with own.session() as s:
        ids = list(s.scalars(select(WorkRow.id)))
        s.execute(text("DELETE FROM work_search"))
        search.reindex(s, [*ids, *range(10_000, 11_200)])  # more ids than one chunk
        assert search.check(s) == []
        assert found(s, "parsi") == {"parsi2007treacherous", "parsi2012single", "ahmed2000naive"}


def test_unindex_then_delete_leaves_a_clean_index(own):
    with own.session() as s:
        gone = _id(s, "parsi2012single")
        search.unindex(s, [gone])
        s.execute(text("DELETE FROM works WHERE id = :id"), {"id": gone})
        assert found(s, "dice") == {"un2015world"}
        assert search.check(s) == []


@pytest.mark.sqlite_only("PostgreSQL's index table has a foreign key: no row without a work")
def test_check_reports_missing_orphan_and_stale_rows_and_rebuild_mends_them(own):
    with own.session() as s:
        search.unindex(s, [_id(s, "zhang2018")])
        s.execute(
            text("INSERT INTO work_search(rowid, title) VALUES (424242, 'ghost')"),
        )
        s.execute(text("UPDATE works SET title = 'Renamed' WHERE key = 'lee2020typesetting'"))
        problems = search.check(s)
        assert len(problems) == 3
        assert "1 work missing from the index ('zhang2018')" in problems[0]
        assert "1 index row without a work (rowid 424242)" in problems[1]
        assert "1 work out of date in the index ('lee2020typesetting')" in problems[2]
        assert all(p.endswith("rebuild the index") for p in problems)

        assert search.rebuild(s) == len(WORKS)
        assert search.check(s) == []
        assert found(s, "renamed") == {"lee2020typesetting"}
        assert found(s, "ghost") == set()
        assert found(s, "zhang") == {"zhang2018"}


@pytest.mark.sqlite_only("damages FTS5's shadow tables")
def test_check_reports_a_damaged_index_and_rebuild_mends_it(own):
    with own.session() as s:
        s.execute(text("UPDATE work_search_content SET c0 = 'tampered' WHERE id = 1"))
        (problem,) = search.check(s)
        assert problem.startswith("the full-text index is damaged")
        search.rebuild(s)
        assert search.check(s) == []


@pytest.mark.postgresql
def test_postgresql_check_reports_missing_and_stale_rows_and_rebuild_mends_them(own):
    with own.session() as s:
        search.unindex(s, [_id(s, "zhang2018")])
        s.execute(text("UPDATE works SET title = 'Renamed' WHERE key = 'lee2020typesetting'"))
        problems = search.check(s)
        assert len(problems) == 2
        assert "1 work missing from the index ('zhang2018')" in problems[0]
        assert "1 work out of date in the index ('lee2020typesetting')" in problems[1]
        assert search.rebuild(s) == len(WORKS)
        assert search.check(s) == []
        assert found(s, "renamed") == {"lee2020typesetting"}
        assert found(s, "zhang") == {"zhang2018"}


@pytest.mark.postgresql
def test_postgresql_search_uses_its_gin_index(own):
    with own.session() as s:
        s.execute(text("SET LOCAL enable_seqscan = off"))
        explain = "EXPLAIN SELECT rowid FROM work_search WHERE document @@ CAST(:q AS tsquery)"
        plan = "\n".join(s.scalars(text(explain), {"q": "'alli':*"}))
        assert "ix_work_search_document" in plan


def test_check_lists_a_few_names_and_counts_the_rest(own):
    with own.session() as s:
        s.execute(text("DELETE FROM work_search"))
        (problem,) = search.check(s)
        assert problem.startswith(f"{len(WORKS)} works missing from the index (")
        assert f"and {len(WORKS) - 5} more" in problem


@pytest.mark.sqlite_only("reads FTS5's configuration")
def test_relevance_uses_the_weighted_rank_configured_by_the_migration(own):
    with own.session() as s:
        config = dict(tuple(r) for r in s.execute(text("SELECT k, v FROM work_search_config")))
        assert config["rank"].startswith("bm25(")


# --- the LIKE fallback of other dialects --------------------------------------


def _force_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the LIKE implementation (for dialects with no full-text search) on this library."""
    from sourcebox.db.search import index, run

    for module in (index, run):
        monkeypatch.setattr(module, "is_sqlite", lambda _session: False)
        monkeypatch.setattr(module, "is_postgresql", lambda _session: False)


@pytest.fixture
def fallback(session: Session, monkeypatch: pytest.MonkeyPatch) -> Session:
    _force_fallback(monkeypatch)
    return session


# The fallback finds what FTS5 finds for plain ASCII words and phrases; it cannot
# fold diacritics and treats a word as a substring, so a few cases differ by design.
_FALLBACK_DIFFERS = {
    "Muller",
    "uber SPRACHE",
    "naive cafe",
    "AND",
    "AT&T",
    "title:the",
    '"alli"',
    '"^alliance"',
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [c for c in CASES if c[1] is not None and c[0] not in _FALLBACK_DIFFERS],
)
def test_fallback_text_terms(fallback, query, expected):
    assert found(fallback, query) == expected


@pytest.mark.parametrize(
    "query",
    ["", "tag:iran type:book", "key:*2007*", "key:parsi*", "-alliance", "parsi -dice",
     "archived:no -has:tags", "year:2000..2010 -author:parsi"],
)  # fmt: skip
def test_fallback_agrees_with_fts5_on_mixed_queries(session, monkeypatch, query):
    with_fts = found(session, query)
    _force_fallback(monkeypatch)
    assert found(session, query) == with_fts


def test_fallback_keeps_no_index_and_ranks_newest_first(fallback):
    search.reindex(fallback, [1])
    search.unindex(fallback, [1])
    assert search.rebuild(fallback) == 0
    assert search.check(fallback) == []
    assert keys(fallback, "parsi") == ["ahmed2000naive", "parsi2012single", "parsi2007treacherous"]
    assert keys(fallback, "", sort="year")[0] == "gogh1888letters"
