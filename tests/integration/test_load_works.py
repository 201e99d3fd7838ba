"""Loading works by id (every listing, export and search page): each part of a work, in order.

``repository.load_works`` reads set-based, without the ORM: five queries per chunk
on SQLite, one statement on PostgreSQL (JSON aggregates). Whatever the engine, it
must return exactly what the ORM reads row by row (``repository.work_value``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from sourcebox.db import bulk, load
from sourcebox.db import repository as repo
from sourcebox.db.engine import Library
from sourcebox.db.models import (
    CreatorRow,
    QuoteRow,
    SnapshotRow,
    TagRow,
    WorkCreatorRow,
    WorkRow,
)
from sourcebox.domain.model import Work

T0 = datetime(2024, 3, 9, 22, 15, 7, 123450, tzinfo=UTC)  # .12345: PostgreSQL drops the 0


def _build(library: Library) -> list[int]:
    """Four works: full, bare, organisation-made, and one sharing a creator; their ids."""
    with library.session() as s:
        parsi = CreatorRow(family="Parsi", given="Trita")
        editor = CreatorRow(family="Gogh", given="Vincent", particle="van", suffix="Jr.")
        hrw = CreatorRow(literal="Human Rights Watch")
        tags = {name: TagRow(name=name) for name in ("iran", "Zeta", "alpha", "ärger")}
        full = WorkRow(
            key="parsi2007treacherous",
            type="book",
            title="Treacherous Alliance: “quoted” \\ back'slash",
            container_title="Series",
            publisher="Yale University Press",
            issued="2007-09",
            issued_year=2007,
            accessed="2020-01-02",
            url="https://example.org/ta",
            note="line one\nline two",
            extra={"lccn": "2007012345", "nested": {"list": [1, 2.5, None, "ü"]}},
            created_at=T0,
            updated_at=T0 + timedelta(days=3),
        )
        full.creators = [
            WorkCreatorRow(position=0, role="author", creator=parsi),
            WorkCreatorRow(position=1, role="editor", creator=editor),
            WorkCreatorRow(position=2, role="author", creator=hrw),
        ]
        full.tags = [tags["iran"], tags["Zeta"], tags["alpha"], tags["ärger"]]
        full.quotes = [
            QuoteRow(locator="102", text="the alliance", comment="key", created_at=T0),
            QuoteRow(locator="iv", label="chapter", text="second", updated_at=T0),
        ]
        full.snapshots = [
            SnapshotRow(
                url="https://example.org/ta",
                archive_url="https://web.archive.org/web/20200101000000/https://example.org/ta",
                captured_at=T0 - timedelta(days=400),
                status="confirmed",
                http_status=200,
                checked_at=T0,
                attempts=2,
            ),
            SnapshotRow(
                url="https://example.org/ta",
                status="failed",
                job_id="spn2-abc",
                error="time-out",
                next_try_at=T0 + timedelta(hours=1),
            ),
        ]
        bare = WorkRow(key="bare", type="document", title="Bare")
        report = WorkRow(key="hrw2010report", type="report", title="A report", issued="2010~")
        report.creators = [WorkCreatorRow(position=0, role="author", creator=hrw)]
        report.tags = [tags["iran"]]
        second = WorkRow(key="parsi2012single", type="book", title="A Single Roll of the Dice")
        second.creators = [WorkCreatorRow(position=0, role="author", creator=parsi)]
        s.add_all([full, bare, report, second])
        s.flush()
        return [full.id, bare.id, report.id, second.id]


def _orm_values(library: Library, ids: list[int]) -> dict[int, Work]:
    with library.session() as s:
        rows = s.scalars(select(WorkRow).where(WorkRow.id.in_(ids))).all()
        return {row.id: repo.work_value(row) for row in rows}


def test_load_works_returns_what_the_orm_reads(library):
    ids = _build(library)
    expected = _orm_values(library, ids)
    order = [ids[2], ids[0], ids[3], ids[1]]
    with library.session() as s:
        loaded = repo.load_works(s, order)
    assert loaded == [expected[i] for i in order]
    full = loaded[1]
    assert [c.role for c in full.creators] == ["author", "editor", "author"]
    assert full.creators[1].particle == "van" and full.creators[2].literal == "Human Rights Watch"
    assert [q.work_key for q in full.quotes] == ["parsi2007treacherous"] * 2
    assert full.quotes[0].created_at == T0 and full.quotes[0].created_at.tzinfo is UTC
    assert full.snapshots[0].captured_at == T0 - timedelta(days=400)
    assert full.snapshots[1].captured_at is None and full.snapshots[1].next_try_at is not None
    assert full.extra == {"lccn": "2007012345", "nested": {"list": [1, 2.5, None, "ü"]}}


def test_load_works_keeps_the_order_given_repeats_and_skips_unknown_ids(library):
    ids = _build(library)
    expected = _orm_values(library, ids)
    with library.session() as s:
        assert repo.load_works(s, []) == []
        assert repo.load_works(s, [ids[3], 10**9, ids[0], ids[3]]) == [
            expected[ids[3]],
            expected[ids[0]],
            expected[ids[3]],
        ]


@pytest.mark.postgresql
def test_postgresql_reads_a_page_of_works_in_one_statement(library):
    ids = _build(library)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    with library.session() as s:
        s.connection()  # the transaction's own statements are not the loader's
        event.listen(library.engine, "before_cursor_execute", count)
        try:
            works = repo.load_works(s, ids * 12)
        finally:
            event.remove(library.engine, "before_cursor_execute", count)
    assert len(works) == 48
    assert len(statements) == 1


@pytest.mark.postgresql
def test_postgresql_times_come_back_in_utc_whatever_the_session_time_zone(library):
    ids = _build(library)
    expected = _orm_values(library, ids)
    with library.session() as s:
        s.connection().exec_driver_sql("SET LOCAL TIME ZONE 'America/St_Johns'")  # -03:30
        loaded = repo.load_works(s, ids)
    assert loaded == [expected[i] for i in ids]
    full = loaded[0]
    times = [full.created_at, full.quotes[0].created_at, full.snapshots[0].checked_at]
    assert all(t is not None and t.tzinfo is UTC for t in times)


@pytest.mark.postgresql
def test_postgresql_one_statement_loader_agrees_with_the_five_query_loader(library):
    ids = _build(library)
    with library.session() as s:
        assert load.read_works(s, ids) == bulk.read_works(s, ids)
