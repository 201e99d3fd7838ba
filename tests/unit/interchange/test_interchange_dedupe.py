"""Duplicate detection helpers and merging into empty fields."""

from __future__ import annotations

import pytest

from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator, Work
from sourcebox.interchange.dedupe import (
    DuplicateFinder,
    fingerprints,
    merge_empty,
    normalize_doi,
    normalize_isbns,
    normalize_title,
    normalize_url,
)


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("10.1000/ABC", "10.1000/abc"),
        ("https://doi.org/10.1000/abc", "10.1000/abc"),
        ("http://dx.doi.org/10.1000/abc.", "10.1000/abc"),
        ("doi: 10.1000/abc", "10.1000/abc"),
        ("not a doi", ""),
    ],
)
def test_doi(raw, doi):
    assert normalize_doi(raw) == doi


def test_isbn_10_and_13_compare_equal():
    assert normalize_isbns("0-306-40615-2") == ["9780306406157"]
    assert normalize_isbns("978-0-306-40615-7; 0-306-40615-3") == ["9780306406157"]


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("HTTPS://Example.ORG:443/a/b/#frag", "https://example.org/a/b"),
        ("http://example.org:80/", "http://example.org"),
        ("http://example.org:8080/x?q=%7e", "http://example.org:8080/x?q=%7E"),
        ("https://user:pw@EXAMPLE.org/", "https://user:pw@example.org"),
    ],
)
def test_url(raw, url):
    assert normalize_url(raw) == url


def test_title_ignores_case_accents_and_punctuation():
    assert normalize_title("  Über  Fragen: der Gestalt!") == "uber fragen der gestalt"


def test_fingerprints_and_finder():
    book = Work(
        type="book",
        key="a",
        title="The Art",
        issued=PartialDate(1968),
        creators=(Creator(family="Knuth", given="D."),),
        doi="https://doi.org/10.1000/X",
        isbn="0-306-40615-2",
        url="http://Example.org/",
    )
    assert fingerprints(book) == {
        "doi:10.1000/x",
        "isbn:9780306406157",
        "url:http://example.org",
        "title:the art|1968|knuth",
    }
    chapter = Work(type="chapter", key="c", isbn="0-306-40615-2")
    assert fingerprints(chapter) == set()
    finder = DuplicateFinder([book, chapter])
    same = Work(type="book", key="b", title="THE ART.", issued=PartialDate(1968),
                creators=(Creator(family="Knuth"),))  # fmt: skip
    assert finder.matches(same) == ["a"]
    assert finder.matches(Work(type="book", key="z", title="Other")) == []


def test_merge_fills_only_empty_fields():
    existing = Work(type="book", key="a", title="Kept", extra={"x": "1"})
    incoming = Work(
        type="article-journal",
        key="b",
        title="Other",
        publisher="P",
        issued=PartialDate(2000),
        tags=("t",),
        extra={"x": "2", "y": "3"},
        creators=(Creator(family="F"),),
    )
    merged, filled = merge_empty(existing, incoming)
    assert filled == ["publisher", "issued", "creators", "tags", "extra.y"]
    assert (merged.key, merged.type, merged.title, merged.publisher) == ("a", "book", "Kept", "P")
    assert merged.extra == {"x": "1", "y": "3"}
    assert merge_empty(merged, incoming) == (merged, [])
