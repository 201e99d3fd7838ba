"""BibTeX name lists <-> creators."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interchange_helpers import bib_line, creators

from sourcebox.bibtex.names import format_name, format_names, natural_form, parse_names, split_names
from sourcebox.domain.model import Creator


def person(family="", given="", particle="", suffix="", literal="", role="author"):
    return Creator(family, given, particle, suffix, literal, role)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Donald E. Knuth", [person("Knuth", "Donald E.")]),
        ("Brinch Hansen, Per", [person("Brinch Hansen", "Per")]),
        ("Ludwig van Beethoven", [person("Beethoven", "Ludwig", "van")]),
        ("van der Berg, Jan", [person("Berg", "Jan", "van der")]),
        ("King, Jr., Martin Luther", [person("King", "Martin Luther", suffix="Jr.")]),
        ("{Human Rights Watch}", [person(literal="Human Rights Watch")]),
        (
            "{Barnes and Noble} and Smith, J.",
            [person(literal="Barnes and Noble"), person("Smith", "J.")],
        ),
        ('{\\"O}zt{\\"u}rk, Ali', [person("Öztürk", "Ali")]),
        ("Anonymous", [person("Anonymous")]),
        ("L[eslie] A. Aamport", [person("Aamport", "L[eslie] A.")]),
        ("Jean-Pierre Serre and others", [person("Serre", "Jean-Pierre"), person("others")]),
    ],
)
def test_parse(raw, expected):
    assert list(parse_names(raw, "author")) == expected


def test_a_backslash_command_starting_a_later_name_is_kept():
    # bibtexparser's split_multiple_persons_names drops it ("Ozt\"urk").
    assert split_names('A. Smith and \\"Ozt\\"urk, A.') == ["A. Smith", '\\"Ozt\\"urk, A.']
    assert parse_names('A. Smith and \\"Ozt\\"urk, A.', "author")[1].family == "Öztürk"


@pytest.mark.parametrize(
    ("creator", "text"),
    [
        (person("Knuth", "Donald E."), "Knuth, Donald E."),
        (person("Beethoven", "Ludwig", "van"), "van Beethoven, Ludwig"),
        (person("Gaulle", "Charles", "De"), "\\lowercase{}De Gaulle, Charles"),
        (person("de la Cruz", "Juana"), "{de la Cruz}, Juana"),
        (person("King", "Martin", suffix="Jr."), "King, Jr., Martin"),
        (person("Smith, Jones", "A"), "Smith{,} Jones, A"),
        (person("Plato"), "Plato"),
        (person("Brinch Hansen"), "Brinch Hansen, {}"),
        (person(literal="Human Rights Watch"), "{Human Rights Watch}"),
        (person(literal="Simon & Schuster"), "{Simon \\& Schuster}"),
        (person("Ore", "Ruth and Ann"), "Ore, Ruth {and} Ann"),
    ],
)
def test_format(creator, text):
    assert format_name(creator) == text
    assert parse_names(text, "author") == (creator,)


def test_natural_form_is_first_von_last():
    names = (person("Beethoven", "Ludwig", "van"), person(literal="NASA"))
    assert natural_form(names) == "Ludwig van Beethoven and {NASA}"
    assert natural_form((person("King", "M", suffix="Jr."),)) is None


@settings(max_examples=400)
@given(creators(bib_line), st.booleans())
def test_format_then_parse_is_identity(people, ascii):
    for role in dict.fromkeys(c.role for c in people):
        group = tuple(c for c in people if c.role == role)
        text = format_names(group, ascii)
        if ascii:
            assert text.isascii()
        assert parse_names(text, role) == group
