"""Structural checks on the demo library: shapes, keys, types, dates, quotes."""

from __future__ import annotations

import re

import pytest

from sourcebox.demo_data import DEMO_WORKS
from sourcebox.domain.model import FIELDS, MAIN_TYPES

STRING_FIELDS = frozenset({"key", *FIELDS})
NAME_FIELDS = frozenset({"authors", "editors", "translators"})
ALLOWED_KEYS = STRING_FIELDS | NAME_FIELDS | {"tags", "quotes"}
QUOTE_KEYS = frozenset({"locator", "label", "text", "comment"})
QUOTE_LABELS = frozenset({"page", "paragraph", "chapter", "section"})

REQUIRED_TYPES = MAIN_TYPES
CONTAINER_TYPES = ("chapter", "article-journal", "article-magazine", "article-newspaper")
WEB_TYPES = ("report", "article-newspaper", "webpage", "post-weblog")

KEY = re.compile(r"^[a-z0-9]+$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PERSON = re.compile(r"^[^,{}]+, (?:[^,{}]+, )?[^,{}]+$")
ORGANISATION = re.compile(r"^\{[^{}]+\}$")

IDS = [str(work["key"]) for work in DEMO_WORKS]


def _strings(work: dict[str, object], name: str) -> tuple[str, ...]:
    values = work.get(name, ())
    assert isinstance(values, tuple)
    return tuple(str(value) for value in values)


def _quotes(work: dict[str, object]) -> tuple[dict[str, str], ...]:
    quotes = work.get("quotes", ())
    assert isinstance(quotes, tuple)
    return quotes


def test_library_size() -> None:
    assert 18 <= len(DEMO_WORKS) <= 24


def test_keys_are_unique_and_plain() -> None:
    keys = [work["key"] for work in DEMO_WORKS]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert isinstance(key, str)
        assert KEY.match(key), key


@pytest.mark.parametrize("work", DEMO_WORKS, ids=IDS)
def test_only_allowed_keys_with_right_types(work: dict[str, object]) -> None:
    assert set(work) <= ALLOWED_KEYS, set(work) - ALLOWED_KEYS
    for name, value in work.items():
        if name in STRING_FIELDS:
            assert isinstance(value, str), name
            assert value.strip() == value, name
        elif name in NAME_FIELDS or name == "tags":
            assert isinstance(value, tuple), name
            assert value, name
            assert all(isinstance(item, str) and item for item in value), name
        else:
            assert name == "quotes"
            assert isinstance(value, tuple)
            for quote in value:
                assert isinstance(quote, dict)
                assert set(quote) == QUOTE_KEYS
                assert all(isinstance(part, str) for part in quote.values())


@pytest.mark.parametrize("work", DEMO_WORKS, ids=IDS)
def test_every_work_has_a_title_and_creators(work: dict[str, object]) -> None:
    assert isinstance(work.get("title"), str)
    assert str(work["title"]).strip()
    assert work.get("authors") or work.get("editors")


@pytest.mark.parametrize("work", DEMO_WORKS, ids=IDS)
def test_names_are_inverted_or_braced(work: dict[str, object]) -> None:
    for role in NAME_FIELDS:
        for name in _strings(work, role):
            assert PERSON.match(name) or ORGANISATION.match(name), name


def test_every_main_type_appears() -> None:
    types = {work["type"] for work in DEMO_WORKS}
    for work_type in REQUIRED_TYPES:
        assert work_type in types, work_type
    assert types <= set(REQUIRED_TYPES)


def test_most_types_appear_twice() -> None:
    counts = {t: sum(1 for w in DEMO_WORKS if w["type"] == t) for t in REQUIRED_TYPES}
    assert sum(1 for count in counts.values() if count >= 2) >= len(REQUIRED_TYPES) // 2 + 1


@pytest.mark.parametrize("work", DEMO_WORKS, ids=IDS)
def test_contained_types_have_a_container(work: dict[str, object]) -> None:
    if work["type"] in CONTAINER_TYPES:
        assert isinstance(work.get("container_title"), str)
        assert str(work["container_title"]).strip()
    if work["type"] == "chapter":
        assert work.get("editors")
    if work["type"] == "thesis":
        assert work.get("genre") and work.get("publisher")


@pytest.mark.parametrize("work", DEMO_WORKS, ids=IDS)
def test_web_types_have_an_https_url(work: dict[str, object]) -> None:
    if work["type"] in WEB_TYPES:
        assert str(work.get("url", "")).startswith("https://")
    if "url" in work:
        url = str(work["url"])
        assert url.startswith("https://") and " " not in url
    if work["type"] in ("webpage", "post-weblog"):
        assert "accessed" in work


@pytest.mark.parametrize("work", DEMO_WORKS, ids=IDS)
def test_dates_are_iso_partial_dates(work: dict[str, object]) -> None:
    assert "issued" in work
    for name in ("issued", "accessed"):
        if name in work:
            assert DATE.match(str(work[name])), (name, work[name])
    if "accessed" in work:
        assert str(work["accessed"]) >= str(work["issued"])


@pytest.mark.parametrize("work", DEMO_WORKS, ids=IDS)
def test_key_carries_the_year(work: dict[str, object]) -> None:
    assert str(work["issued"])[:4] in str(work["key"])


def test_required_variety() -> None:
    assert any(_strings(work, "translators") for work in DEMO_WORKS)
    assert any(len(_strings(work, "authors")) >= 4 for work in DEMO_WORKS)
    assert any(a.startswith("{") for work in DEMO_WORKS for a in _strings(work, "authors"))


def test_quotes() -> None:
    quotes = [quote for work in DEMO_WORKS for quote in _quotes(work)]
    assert len(quotes) >= 6
    assert sum(1 for work in DEMO_WORKS if _quotes(work)) >= 4
    for quote in quotes:
        assert quote["text"].strip()
        assert quote["label"] in QUOTE_LABELS
        if quote["label"] == "page" and quote["locator"]:
            assert re.match(r"^\d+(-\d+)?$", quote["locator"])


def test_tags_are_lowercase_and_shared() -> None:
    tags = [tag for work in DEMO_WORKS for tag in _strings(work, "tags")]
    assert all(tag == tag.lower() and " " not in tag for tag in tags)
    shared = {tag for tag in tags if tags.count(tag) >= 3}
    assert len(shared) >= 3
