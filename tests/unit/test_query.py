"""The query language parser: every term kind, tolerance of real text, errors with columns."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcebox.domain.model import TEXT_FIELDS, WORK_TYPES
from sourcebox.domain.query import (
    ArchivedTerm,
    HasTerm,
    KeyTerm,
    Query,
    TagTerm,
    TextTerm,
    TypeTerm,
    YearTerm,
    parse_query,
    tokenize,
)
from sourcebox.errors import QueryError


def terms(text: str) -> tuple[object, ...]:
    return parse_query(text).terms


def error(text: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    return caught.value


# --- empty and free text ---------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_an_empty_query_matches_everything(text):
    query = parse_query(text)
    assert query == Query(text=text, terms=())
    assert query.is_empty
    assert not query.has_text


def test_free_words_are_prefix_terms_anded_in_order():
    assert terms("iran  Alliance") == (
        TextTerm(("iran",), position=0),
        TextTerm(("Alliance",), position=6),
    )
    query = parse_query("iran")
    assert query.has_text
    assert query.text_terms == query.terms


def test_a_quoted_phrase_is_exact():
    assert terms('x "treacherous  alliance"') == (
        TextTerm(("x",), position=0),
        TextTerm(("treacherous", "alliance"), prefix=False, position=2),
    )


def test_a_quoted_single_word_turns_prefix_matching_off():
    assert terms('"iran"') == (TextTerm(("iran",), prefix=False),)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("C++", ("C",)),
        ("O'Brien", ("O", "Brien")),
        ("AT&T", ("AT", "T")),
        ("e-mail", ("e", "mail")),
        ("Müller", ("Müller",)),
        ("naïve.", ("naïve",)),
        ("10:30", ("10", "30")),
        ("日本語", ("日本語",)),
        ("under_score", ("under", "score")),
    ],
)
def test_real_words_split_like_fts5_unicode61_and_never_raise(text, tokens):
    assert terms(text) == (TextTerm(tokens),)


@pytest.mark.parametrize("text", ["--", "+", "&", "...", '""', '" ,. "', "- -", "-"])
def test_punctuation_only_words_and_empty_phrases_are_ignored(text):
    assert terms(text) == ()


def test_tokenize_keeps_letters_digits_and_private_use_characters():
    assert tokenize("a1-b2\ue000c") == ("a1", "b2\ue000c")
    assert tokenize(" ,;") == ()


# --- exclusion -------------------------------------------------------------


def test_minus_excludes_words_phrases_and_fielded_terms():
    assert terms('-draft -"cold war" -type:book -year:2007') == (
        TextTerm(("draft",), negated=True, position=0),
        TextTerm(("cold", "war"), prefix=False, negated=True, position=7),
        TypeTerm("book", negated=True, position=19),
        YearTerm(2007, 2007, negated=True, position=30),
    )


def test_a_lone_minus_is_not_an_exclusion():
    assert terms("cold - war") == (TextTerm(("cold",)), TextTerm(("war",), position=7))


def test_an_excluded_word_alone_is_not_rankable_text():
    query = parse_query("-draft")
    assert not query.has_text
    assert len(query.text_terms) == 1


# --- fielded text terms ----------------------------------------------------


@pytest.mark.parametrize("field", ["author", "title", "container", "abstract", "note", "quote"])
def test_text_fields_take_prefix_words(field):
    assert terms(f"{field}:parsi") == (TextTerm(("parsi",), field=field),)


def test_field_names_are_case_insensitive():
    assert terms("Author:Parsi") == (TextTerm(("Parsi",), field="author"),)


def test_a_quoted_field_value_is_an_exact_phrase():
    assert terms('author:"van gogh" title:"treacherous alliance"') == (
        TextTerm(("van", "gogh"), field="author", prefix=False),
        TextTerm(("treacherous", "alliance"), field="title", prefix=False, position=18),
    )


def test_an_unquoted_field_value_with_punctuation_is_a_prefix_phrase():
    assert terms("title:e-mail") == (TextTerm(("e", "mail"), field="title"),)


def test_a_punctuation_only_field_value_is_ignored():
    assert terms("title:++ iran") == (TextTerm(("iran",), position=9),)


def test_a_word_after_a_field_value_starts_a_new_term():
    assert terms('title:cold"war"') == (
        TextTerm(("cold",), field="title"),
        TextTerm(("war",), prefix=False, position=10),
    )


# --- tag, type, year, key, has, archived ----------------------------------


def test_tag_keeps_its_name_and_may_be_a_glob():
    assert terms('tag:Iran tag:ira* tag:"middle   east"') == (
        TagTerm("Iran", position=0),
        TagTerm("ira*", position=9),
        TagTerm("middle east", position=18),
    )
    assert TagTerm("ira*").is_glob
    assert not TagTerm("iran").is_glob


@pytest.mark.parametrize("kind", ["book", "BOOK", "article-journal", "legal_case"])
def test_type_must_be_a_known_work_type(kind):
    assert terms(f"type:{kind}") == (TypeTerm(kind.lower()),)
    assert kind.lower() in WORK_TYPES


def test_an_unknown_type_lists_what_is_allowed():
    problem = error("iran type:bok")
    assert problem.position == 10
    assert "unknown type 'bok'" in problem.reason
    assert "'book'" in problem.reason


def test_an_unknown_type_with_no_close_match_lists_a_few_types():
    problem = error("type:zzzz")
    assert "'book'" in problem.reason and "'chapter'" in problem.reason


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("year:2007", 2007, 2007),
        ("year:2000..2010", 2000, 2010),
        ("year:2000..", 2000, None),
        ("year:..2010", None, 2010),
        ('year:"1999"', 1999, 1999),
        ("year:-500..-100", -500, -100),
    ],
)
def test_years_and_ranges(text, start, end):
    assert terms(text) == (YearTerm(start, end),)


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("year:20x7", 5, "bad year '20x7'"),
        ("year:..", 5, "bad year '..'"),
        ("a year:2010..2000", 7, "2010 comes after 2000"),
        ("year:12345", 5, "bad year"),
        ("year:2000...2010", 5, "bad year"),
    ],
)
def test_a_bad_year_is_an_error_at_the_value(text, position, words):
    problem = error(text)
    assert problem.position == position
    assert words in problem.reason
    assert "2000..2010" in problem.reason or "comes after" in problem.reason


def test_key_exact_prefix_and_glob():
    exact, prefix, glob = terms("key:parsi2007 key:parsi* key:*2007*")
    assert exact == KeyTerm("parsi2007")
    assert not exact.is_glob and exact.prefix is None
    assert prefix.prefix == "parsi"
    assert glob.is_glob and glob.prefix is None
    assert KeyTerm("*").prefix is None


@pytest.mark.parametrize("name", [*TEXT_FIELDS, "issued", "accessed"])
def test_has_accepts_every_text_and_date_field(name):
    assert terms(f"has:{name}") == (HasTerm(name),)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("quotes", "quotes"),
        ("quote", "quotes"),
        ("tags", "tags"),
        ("creators", "creators"),
        ("snapshot", "snapshot"),
        ("snapshots", "snapshot"),
        ("URL", "url"),
        ("container", "container_title"),
        ("container-title", "container_title"),
        ("year", "issued"),
    ],
)
def test_has_relations_and_friendly_spellings(value, name):
    assert terms(f"has:{value}") == (HasTerm(name),)


def test_an_unknown_has_value_suggests_the_closest():
    problem = error("has:quotez")
    assert problem.position == 4
    assert "did you mean 'has:quotes'?" in problem.reason


def test_an_unknown_has_value_far_from_any_lists_them():
    problem = error("has:zzzzzz")
    assert "'snapshot'" in problem.reason and "'title'" in problem.reason


@pytest.mark.parametrize(
    ("text", "archived"),
    [("archived:yes", True), ("archived:YES", True), ("archived:no", False)],
)
def test_archived_yes_or_no(text, archived):
    assert terms(text) == (ArchivedTerm(archived),)


def test_a_bad_archived_value_says_yes_or_no():
    problem = error("archived:maybe")
    assert problem.position == 9
    assert "archived:yes or archived:no" in problem.reason


# --- errors with columns ---------------------------------------------------


def test_an_unknown_field_suggests_the_closest_at_its_column():
    problem = error("iran autor:parsi")
    assert problem.position == 5
    assert problem.reason == "unknown field 'autor'; did you mean 'author'?"
    assert problem.query == "iran autor:parsi"
    assert "column 6" in str(problem)


def test_an_unknown_excluded_field_points_at_the_name_not_the_minus():
    assert error("x -titel:y").position == 3


def test_an_unknown_field_far_from_any_lists_the_fields():
    problem = error("zzzzzz:q")
    assert "'author'" in problem.reason and "'archived'" in problem.reason


@pytest.mark.parametrize(
    ("text", "position"), [('iran "cold war', 5), ('author:"van gogh', 7), ('a b"', 3)]
)
def test_an_unbalanced_quote_is_an_error_at_the_quote(text, position):
    problem = error(text)
    assert problem.position == position
    assert "not closed" in problem.reason


@pytest.mark.parametrize("text", ["year:", "author: parsi", 'tag:""', "x type:"])
def test_a_known_field_without_a_value_is_an_error(text):
    problem = error(text)
    assert "needs a value" in problem.reason
    assert text[problem.position :].split(":")[0] in ("year", "author", "tag", "type")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran: a history", (TextTerm(("Iran",)), TextTerm(("a",), position=6))),
        ("https://example.org/x", (TextTerm(("https", "example", "org", "x")),)),
    ],
)
def test_a_colon_that_is_not_a_field_stays_plain_text(text, expected):
    assert terms(text)[: len(expected)] == expected


# --- properties -------------------------------------------------------------


@given(st.text())
def test_parse_never_raises_anything_but_query_error(text):
    try:
        query = parse_query(text)
    except QueryError as problem:
        assert 0 <= problem.position <= len(text)
        assert problem.reason
    else:
        for term in query.terms:
            assert 0 <= term.position < len(text)
            if isinstance(term, TextTerm):
                assert term.tokens and all(tokenize(t) == (t,) for t in term.tokens)


_alphabet = st.sampled_from([*list("ab -:\"*.+'Ü1"), "year:", "tag:", "has:", "type:"])


@given(st.lists(_alphabet, max_size=12).map("".join))
def test_parse_never_raises_anything_but_query_error_on_query_like_text(text):
    try:
        parse_query(text)
    except QueryError as problem:
        assert 0 <= problem.position <= len(text)


def test_undecodable_input_is_a_query_error_at_its_column():
    problem = error("tag:ab\udcff")
    assert problem.position == 6
    assert "encoding" in problem.reason


@given(st.text(alphabet=st.characters(exclude_categories=())))
def test_parse_never_raises_anything_but_query_error_even_on_surrogates(text):
    try:
        parse_query(text)
    except QueryError as problem:
        assert 0 <= problem.position < len(text)
