"""Bad input to the parsers: manuscripts, queries, dates, URLs. Our errors only, never a crash.

Each property feeds arbitrary text (and the fragments that matter to that
parser) and asserts the outcome is a value or a ``SourceboxError`` subclass with
a one-line message, plus what the value must satisfy. Queries and manuscripts go
on to the real search and footnote services over a real SQLite library.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sourcebox.archive.urls import UrlProblem, normalise_url
from sourcebox.cite.document import render_document
from sourcebox.cite.manuscript import inline_links, parse_manuscript
from sourcebox.db.engine import open_library
from sourcebox.domain.dates import PartialDate, parse_date
from sourcebox.domain.model import Work
from sourcebox.domain.query import parse_query
from sourcebox.errors import QueryError, SourceboxError, ValidationError
from sourcebox.interchange.dedupe import normalize_url
from sourcebox.services import citing
from sourcebox.services.demo import load_demo
from sourcebox.services.works import list_works


def ours(error: SourceboxError) -> None:
    """What the CLI will print: one non-empty line."""
    assert isinstance(error, SourceboxError)
    assert str(error).strip() and "\n" not in str(error), str(error)


def texts(*fragments: str) -> st.SearchStrategy[str]:
    """Any text, undecodable argv bytes, and runs of the fragments a parser cares about."""
    pieces = st.one_of(st.sampled_from(fragments), st.text(max_size=3))
    return st.one_of(
        st.text(),
        st.binary(max_size=40).map(lambda b: b.decode("utf-8", "surrogateescape")),
        st.lists(pieces, max_size=30).map("".join),
    )


@pytest.fixture(scope="module")
def demo_library(tmp_path_factory):
    """The demo library in a real SQLite file, shared by the examples of a module."""
    folder = tmp_path_factory.mktemp("parsers")
    library = open_library(f"sqlite:///{folder / 'lib.db'}", folder / "backups")
    with library.session() as session:
        load_demo(session)
    yield library
    library.close()


# --- queries ----------------------------------------------------------------------------------

QUERIES = texts(
    " ", '"', "-", ":", "*", "..", "author:", "title:", "tag:", "type:", "year:", "key:", "has:",
    "archived:", "book", "2007", "-2000", "1990..", "iran", "parsi", "yes", "NEAR(", "AND", "OR",
    "NOT", "^", "(", ")", "{", "}", "'", "\x00", "\t", "é", "C++", "\udcff",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(QUERIES)
@example('"unclosed')
@example("year:2010..2000")
@example('author:"a b" -"c d" NEAR(x y) title:* "')
def test_any_query_parses_or_says_where_it_is_wrong(text):
    try:
        query = parse_query(text)
    except QueryError as error:
        ours(error)
        assert 0 <= error.position <= len(text)
        assert f"column {error.position + 1}" in str(error)
        return
    assert query.text == text
    assert all(token for term in query.text_terms for token in term.tokens)


@settings(max_examples=150, deadline=None)
@given(QUERIES, st.sampled_from(["relevance", "year", "title", "added"]))
@example('"parsi" OR * NEAR', "relevance")
@example("-iran -", "title")
def test_any_query_runs_against_a_real_library(demo_library, text, sort):
    """What the parser lets through, SQLite's FTS5 must accept: no OperationalError."""
    try:
        with demo_library.session() as session:
            found = list_works(session, text, sort=sort, limit=5)
    except SourceboxError as error:
        ours(error)
        return
    assert len(found) <= 5


# --- dates ------------------------------------------------------------------------------------

DATES = texts(
    "2007", "-0044", "0000", "99999", "-", "/", "09", "13", "31", "29", "02", " ", "~", "circa ",
    "c. ", "ca.", "Sept", "September", "sep.", "May", ",", "14", "\u00a0", "٢٠٠٧",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(DATES)
@example("2007-02-29")
@example("٢٠٠٧")  # Arabic-Indic digits: \d matches them, int() reads them
@example("circa")
def test_any_date_parses_to_its_canonical_form_or_names_the_field(text):
    try:
        date = parse_date(text, "issued")
    except ValidationError as error:
        ours(error)
        [problem] = error.problems
        assert (problem.field, problem.value) == ("issued", text)
        return
    assert isinstance(date, PartialDate)
    assert parse_date(str(date)) == date
    date.as_date()  # a real calendar date, never a ValueError later on


# --- URLs -------------------------------------------------------------------------------------

URLS = texts(
    "http://", "https://", "HTTP://", "ftp://", "javascript:", "//", "[", "]", "::1", "@", ":",
    "80", "443", "0", "99999", "/", "?", "#", "%", "%2f", "%zz", " ", "\t", "\n", "é", "xn--",
    "ExAmple.ORG", ".", "..", "\x00", "\\",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(URLS)
@example("http://[::1")
@example("HTTP://..")  # dots only: no host once normalised
@example("http://example.org:99999/")
@example("https://exämple.org/a b#frag")
def test_archive_urls_normalise_once_or_say_why_not(text):
    result = normalise_url(text)
    if isinstance(result, UrlProblem):
        assert result.reason.strip()
        return
    assert result.startswith(("http://", "https://"))
    assert normalise_url(result) == result, "normalising twice changed it"


@settings(max_examples=300, deadline=None)
@given(URLS)
def test_duplicate_finder_urls_never_raise(text):
    assert isinstance(normalize_url(text), str)


@pytest.mark.parametrize(
    "spelling",
    ["HTTPS://Example.ORG:443/a/b/", "https://example.org/a/b#top", "https://example.org./a/b"],
)
def test_duplicate_finder_urls_match_their_spellings(spelling):
    assert normalize_url(spelling) == normalize_url("https://example.org/a/b")


# --- manuscripts ------------------------------------------------------------------------------

MANUSCRIPTS = texts(
    "[", "]", "@", "-@", "[@", "@{", "}", ";", ",", " p. ", "pp. 45-47", "chap. 3", "[^n]",
    "[^n]: ", "^[", "`", "```\n", "~~~\n", "\n", "\n\n", "    ", "\\", "parsi2007treacherous",
    "nokey", "see ", "x@y.com", "http://e.org/", "(", ")", "<", ">", "xii", "\x00",
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(MANUSCRIPTS)
@example("[" * 5000 + "@k" + "]" * 5000)
@example("^[" * 2000)
@example("`" * 3000)
def test_any_manuscript_parses_with_places_that_point_at_the_citations(text):
    manuscript = parse_manuscript(text)
    lines = text.split("\n")
    previous_end = 0
    for group in manuscript.groups:
        assert previous_end <= group.start < group.end <= len(text)
        assert text[group.start] == "[" and text[group.end - 1] == "]"
        previous_end = group.end
        for ref in group.refs:
            assert ref.key
            at = lines[ref.line - 1][ref.column - 1 :]
            assert at.startswith(("@", "-@")), (ref, at[:10])
    for ref in manuscript.note_refs:
        assert 0 <= ref.start < ref.end <= len(text)
    assert all(link.startswith(("http://", "https://")) for link in inline_links(text))


@settings(max_examples=100, deadline=None)
@given(MANUSCRIPTS, st.sampled_from(["markdown", "html", "text"]))
def test_any_manuscript_renders_or_lists_its_unknown_keys(demo_library, text, fmt):
    """Through the footnotes service: a document, or an error naming each unknown key."""
    try:
        with demo_library.session() as session:
            rendered = citing.footnotes(session, text, source="essay.md", style="chicago-notes",
                                        fmt=fmt)  # fmt: skip
    except citing.UnknownKeysError as error:
        ours(error)
        keys = {ref.key for group in parse_manuscript(text).groups for ref in group.refs}
        assert {u.key for u in error.unknown} <= keys
        assert all(f"{u.line}:{u.column}" in str(error) for u in error.unknown)
        return
    except SourceboxError as error:
        ours(error)
        return
    assert rendered.text.endswith("\n")


def test_render_document_needs_only_the_cited_works():
    manuscript = parse_manuscript("A [@a] and [@a, 3].\n")
    rendered = render_document(manuscript, {"a": Work(type="book", key="a", title="T")})
    assert rendered.notes == 2 and rendered.works == ("a",)
