import pytest

from sourcebox.domain import editform
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.fields import field_name, parse_assignment, set_fields
from sourcebox.domain.model import Creator, Work
from sourcebox.errors import ValidationError

WORK = Work(
    type="chapter",
    key="doe2001x",
    title="A Chapter",
    container_title="The Book",
    creators=(
        Creator(family="Doe", given="Jane"),
        Creator(family="Roe", given="Rick", role="editor"),
        Creator(literal="Barnes and Noble", role="author"),
    ),
    issued=PartialDate(2001),
    abstract="Line one\nline two with 'quotes' and \"double\" and \\ backslash",
    tags=("a", "b c"),
    extra={"pdf": "x.pdf", "n": [1, None]},
)


def test_field_names_and_aliases():
    assert field_name("title-short") == "title_short"
    assert field_name("DOI") == "doi"
    assert field_name("place") == "publisher_place"
    assert field_name("extra.foo") == "extra.foo"
    with pytest.raises(ValidationError, match="did you mean 'title'"):
        field_name("titel")


def test_set_fields_parses_each_kind():
    work = set_fields(
        WORK,
        [
            ("issued", "2001-05"),
            ("editor", "Smith, A; Jones, B"),
            ("doi", "doi:10.1/x"),
            ("note", ""),
        ],
    )
    assert work.issued == PartialDate(2001, 5)
    assert [c.family for c in work.creators_with("editor")] == ["Smith", "Jones"]
    assert work.creators[0].family == "Doe"
    assert work.doi == "10.1/x"


def test_assignment_parsing():
    assert parse_assignment("title=a=b") == ("title", "a=b")
    with pytest.raises(ValidationError):
        parse_assignment("title")


def test_rendition_round_trips_unchanged():
    assert editform.parse(editform.render(WORK), WORK) == WORK


def test_rendition_changes_are_applied_and_checked():
    text = editform.render(WORK).replace('issued = "2001"', 'issued = "2001-02-30"')
    with pytest.raises(ValidationError, match="issued"):
        editform.parse(text, WORK)
    text = editform.render(WORK).replace('"Roe, Rick"', '"Poe, Edgar"')
    edited = editform.parse(text, WORK)
    assert [c.family or c.literal for c in edited.creators] == ["Doe", "Barnes and Noble", "Poe"]


def test_rendition_syntax_errors_and_blank():
    with pytest.raises(ValidationError, match="TOML"):
        editform.parse('title = "unterminated', WORK)
    assert editform.is_blank("# only a comment\n\n")
    assert not editform.is_blank(editform.render(WORK))
