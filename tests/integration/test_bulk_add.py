"""Adding many works at once (the path demo, imports and benchmarks take)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sourcebox.db.models import CreatorRow, TagRow
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator, Work
from sourcebox.errors import ValidationError
from sourcebox.services.works import add_work, add_works, count_works, get_work, list_works

PARSI = Creator(family="Parsi", given="Trita")
HRW = Creator(literal="Human Rights Watch")


def _work(i: int, *creators: Creator) -> Work:
    return Work(
        type="book",
        title=f"Treacherous Alliance {i}",
        creators=creators,
        issued=PartialDate(2007),
        tags=("iran", f"t{i % 3}"),
    )


def test_bulk_add_reuses_creators_and_tags_and_makes_unique_keys(library):
    with library.session() as session:
        add_work(session, _work(0, PARSI, HRW))
    many = [_work(i, PARSI, Creator(family=f"Coauthor{i % 7}", given="A"), HRW) for i in range(300)]
    with library.session() as session:
        stored = add_works(session, many)
    keys = [w.key for w in stored]
    assert len(set(keys)) == 300
    assert keys[0] == "parsi2007treacherousa" and keys[25] == "parsi2007treacherousz"
    assert keys[26] == "parsi2007treacherousaa"
    with library.session() as session:
        assert session.scalar(select(func.count()).select_from(CreatorRow)) == 2 + 7
        assert session.scalar(select(func.count()).select_from(TagRow)) == 4
        assert count_works(session, "tag:iran") == 301
        assert count_works(session, "author:coauthor3") == len(
            [i for i in range(300) if i % 7 == 3]
        )
        work = get_work(session, keys[10])
        assert [c.family or c.literal for c in work.creators] == [
            "Parsi",
            "Coauthor3",
            "Human Rights Watch",
        ]


def test_a_bad_work_in_a_batch_writes_nothing(library):
    batch = [_work(i, PARSI) for i in range(250)] + [Work(type="book", title="")]
    with pytest.raises(ValidationError, match="title"), library.session() as session:
        add_works(session, batch)
    with library.session() as session:
        assert list_works(session) == []


def test_plain_rows_read_ranges_and_lists_as_the_orm_does(library):
    from sourcebox.db import bulk
    from sourcebox.db.models import WorkRow

    with library.session() as session:
        add_works(session, [_work(i, PARSI) for i in range(20)])
    table = WorkRow.__table__
    with library.session() as session:
        for condition in (table.c.id.between(3, 9), table.c.id.in_([2, 5, 11, 400])):
            statement = select(table.c.id, table.c.key).where(condition).order_by(table.c.id)
            expected = [tuple(row) for row in session.execute(statement)]
            assert bulk.plain_rows(session, statement) == expected
            assert expected  # the ids exist on every engine
