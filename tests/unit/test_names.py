import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcebox.domain.model import Creator
from sourcebox.domain.names import display_name, format_name, parse_name, parse_names
from sourcebox.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Parsi, Trita", Creator(family="Parsi", given="Trita")),
        ("Trita Parsi", Creator(family="Parsi", given="Trita")),
        ("van Gogh, Vincent", Creator(family="Gogh", given="Vincent", particle="van")),
        ("Ludwig van Beethoven", Creator(family="Beethoven", given="Ludwig", particle="van")),
        ("Martin Luther King Jr.", Creator(family="King", given="Martin Luther", suffix="Jr.")),
        ("King, Jr., Martin Luther", Creator(family="King", given="Martin Luther", suffix="Jr.")),
        ("Human Rights Watch", Creator(literal="Human Rights Watch")),
        ("{Smith Jones}", Creator(literal="Smith Jones")),
        ("NASA", Creator(literal="NASA")),
        ("Institute for Science and International Security",
         Creator(literal="Institute for Science and International Security")),
    ],
)  # fmt: skip
def test_forms(text, expected):
    assert parse_name(text) == expected


def test_several_names_and_braces_protect_and():
    names = parse_names("Parsi, Trita and Smith, John; {Barnes and Noble}")
    assert [format_name(n) for n in names] == ["Parsi, Trita", "Smith, John", "{Barnes and Noble}"]


def test_roles_and_errors():
    assert parse_name("Doe, J", role="editor").role == "editor"
    with pytest.raises(ValidationError):
        parse_name("  ")
    with pytest.raises(ValidationError):
        parse_name("Doe, J", role="boss")
    with pytest.raises(ValidationError):
        parse_name("a, b, c, d")


def test_display():
    assert display_name(parse_name("van Gogh, Vincent")) == "Vincent van Gogh"
    assert display_name(parse_name("King, Jr., Martin Luther")) == "Martin Luther King Jr."


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=8)
_cap = _word.map(str.capitalize)


@given(
    st.builds(
        Creator,
        family=_cap,
        given=st.one_of(st.just(""), _cap),
        particle=st.sampled_from(["", "van", "de la", "von"]),
        suffix=st.sampled_from(["", "Jr.", "III"]),
    )
)
def test_format_then_parse_is_identity_for_persons(creator):
    assert parse_name(format_name(creator)) == creator


@given(
    st.text(min_size=1, max_size=40).filter(lambda s: s.strip() and "{" not in s and "}" not in s)
)
def test_literals_round_trip(text):
    literal = " ".join(text.replace(",", " ").split()) or "x"
    creator = Creator(literal=literal)
    assert parse_name(format_name(creator)) == creator
