"""CSL-JSON: reading items, keeping what our fields cannot hold, writing valid CSL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from interchange_helpers import FIXTURES

from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator, Snapshot, Work
from sourcebox.interchange.csl_items import to_csl_item
from sourcebox.interchange.csljson import read_csl_json, write_csl_json


@pytest.fixture(scope="module")
def sample():
    return read_csl_json((FIXTURES / "sample.json").read_bytes(), file="sample.json")


def test_items_become_works(sample):
    work = sample.works[0]
    assert (work.key, work.type, work.title) == (
        "knuth1984",
        "article-journal",
        "Literate Programming",
    )
    assert (work.volume, work.issue, work.page, work.doi) == (
        "27",
        "2",
        "97-111",
        "10.1093/comjnl/27.2.97",
    )
    assert work.creators == (Creator(family="Knuth", given="Donald E."),)
    assert work.issued == PartialDate(1984)
    assert work.tags == ("programming", "tex")
    assert work.extra == {"event-place": "Stanford", "shelf": "B3"}
    [snapshot] = work.snapshots
    assert snapshot.captured_at == datetime(2020, 1, 2, tzinfo=UTC)
    assert sample.records[0].line == 2


def test_what_fields_cannot_hold_is_kept_as_json(sample):
    work = sample.works[1]
    assert work.key == "42"
    assert work.issued == PartialDate(2001)
    assert work.accessed is None
    assert work.creators == (Creator(family="Beethoven", given="Ludwig", particle="van"),)
    item = to_csl_item(work)
    assert item["issued"] == {"date-parts": [[2001], [2003]]}
    assert item["accessed"] == {"literal": "last spring"}
    assert item["author"] == [
        {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"}
    ]


def test_problems_name_the_item_and_the_bad_date(sample):
    assert [r.work.key for r in sample.records] == ["knuth1984", "42", "bad-date", "after"]
    warnings = [(p.index, p.key, p.field) for p in sample.warnings]
    assert warnings == [(2, "bad-date", "type"), (2, "bad-date", "issued")]
    assert "month 13" in sample.warnings[1].message
    errors = [(p.kind, p.index, p.line) for p in sample.errors]
    assert errors == [("bad-item", 3, 31), ("duplicate-key", 4, 32), ("duplicate-field", 5, 33)]
    assert sample.works[2].type == "document"
    assert to_csl_item(sample.works[2])["type"] == "unheard-of"


def test_a_syntax_error_keeps_the_items_before_it():
    text = '[{"id": "a", "type": "book"},\n {"id": "b", "type": "book",,}\n]'
    result = read_csl_json(text)
    assert [w.key for w in result.works] == ["a"]
    [problem] = result.problems
    assert (problem.kind, problem.line, problem.index) == ("syntax", 2, 1)


def test_a_single_object_and_an_empty_file_are_fine():
    assert read_csl_json('{"id": "a", "type": "book"}').works[0].key == "a"
    assert read_csl_json("  ").records == ()


def test_invalid_utf8_fails_only_its_item():
    data = b'[{"id": "a", "type": "book"},\n{"id": "b", "title": "caf\xe9", "type": "book"}]'
    result = read_csl_json(data)
    assert [w.key for w in result.works] == ["a"]
    assert [p.kind for p in result.errors] == ["encoding", "encoding"]
    assert result.errors[0].offset == 55


def test_written_items_put_unknown_values_under_custom():
    work = Work(
        type="book",
        key="k",
        tags=("a, b", "c"),
        extra={"event-place": "Rome", "shelf": "B3", "categories": '["x"]', "bibtex.title": "{T}"},
        creators=(Creator(family="Host", role="host"),),
        snapshots=(Snapshot(url="", archive_url="https://web.archive.org/x", status="confirmed"),),
    )
    item = json.loads(write_csl_json([work]))[0]
    assert item["event-place"] == "Rome"
    assert item["categories"] == ["x"]
    assert item["keyword"] == "a, b, c"
    assert item["custom"] == {
        "host": [{"family": "Host"}],
        "archive-url": "https://web.archive.org/x",
        "shelf": "B3",
        "bibtex.title": "{T}",
        "sourcebox-tags": ["a, b", "c"],
    }
    assert read_csl_json(write_csl_json([work])).works[0] == work


def test_deeply_nested_json_is_a_problem_not_a_crash():
    text = '[{"id": "a", "type": "book"}, {"id": "b", "x": ' + "[" * 50_000 + "]" * 50_000 + "}]"
    result = read_csl_json(text)
    assert [w.key for w in result.works] == ["a"]
    assert (result.errors[0].kind, result.errors[0].index) == ("syntax", 1)
