"""URL normalisation and de-duplication before archiving (pure)."""

from __future__ import annotations

import pytest

from sourcebox.archive.urls import UrlProblem, is_archivable, normalise_url, normalise_urls


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM", "http://example.com/"),
        ("https://EXAMPLE.com/Path/Keeps/Case", "https://example.com/Path/Keeps/Case"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com#top", "https://example.com/"),
        ("https://example.com?q=1", "https://example.com/?q=1"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/%7euser?x=%2f", "https://example.com/%7Euser?x=%2F"),
        ("https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"),
        ("http://Bücher.example/", "http://xn--bcher-kva.example/"),
        ("http://[2001:DB8::1]:80/", "http://[2001:db8::1]/"),
        ("https://user:pw@Example.com/", "https://user:pw@example.com/"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise_url(raw) == expected


def test_normalising_twice_changes_nothing() -> None:
    once = normalise_url("HTTPS://Example.com:443/a b?x=%2f#frag")
    assert isinstance(once, str)
    assert normalise_url(once) == once


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("ftp://example.com/file", "'ftp:'"),
        ("mailto:someone@example.com", "'mailto:'"),
        ("javascript:alert(1)", "'javascript:'"),
        ("example.com/page", "no scheme"),
        ("", "empty"),
        ("https://", "no host"),
        ("http://example.com:99999/", "not a valid URL"),
    ],
)
def test_non_http_urls_are_problems_not_exceptions(raw: str, words: str) -> None:
    result = normalise_url(raw)
    assert isinstance(result, UrlProblem)
    assert result.url == raw
    assert words in result.reason
    assert not is_archivable(raw)


def test_batch_dedupes_in_first_seen_order_and_keeps_originals() -> None:
    batch = normalise_urls(
        [
            "https://b.example/x",
            "HTTPS://A.example:443/",
            "ftp://files.example/",
            "https://a.example/#top",
            "https://b.example/x",
        ]
    )
    assert batch.urls == ("https://b.example/x", "https://a.example/")
    assert batch.originals["https://a.example/"] == (
        "HTTPS://A.example:443/",
        "https://a.example/#top",
    )
    assert batch.originals["https://b.example/x"] == ("https://b.example/x", "https://b.example/x")
    assert [p.url for p in batch.problems] == ["ftp://files.example/"]


def test_http_and_https_stay_distinct() -> None:
    assert normalise_urls(["http://a.example/", "https://a.example/"]).urls == (
        "http://a.example/",
        "https://a.example/",
    )
