"""RIS: common tags both ways, other tags kept, problems with line numbers."""

from __future__ import annotations

import pytest
from interchange_helpers import FIXTURES

from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator, Snapshot, Work
from sourcebox.interchange.ris import read_ris, write_ris
from sourcebox.interchange.ris_tags import format_ris_name, parse_ris_name


@pytest.fixture(scope="module")
def sample():
    return read_ris((FIXTURES / "sample.ris").read_bytes(), file="sample.ris")


def test_tags_become_fields(sample):
    work = sample.works[0]
    assert (work.key, work.type) == ("smith2020", "article-journal")
    assert work.title == "A title that goes on\n  over two lines"
    assert work.container_title == "Journal of Examples"
    assert work.issued == PartialDate(2020, 5, 17)
    assert (work.volume, work.issue, work.page, work.issn) == ("12", "3", "45-67", "1234-5679")
    assert (work.doi, work.url, work.note) == ("10.1000/xyz", "https://example.org/a", "A note.")
    assert work.tags == ("first", "second")
    assert work.creators == (
        Creator(family="Smith", given="Jane"),
        Creator(family="Berg", given="Jan", particle="van der", suffix="Jr."),
    )
    assert work.extra == {"L1": "file:///tmp/a.pdf", "DB": "Example DB"}


def test_book_tags(sample):
    work = sample.works[1]
    assert (work.type, work.publisher, work.publisher_place, work.isbn) == (
        "book", "Example Press", "Boston", "0-306-40615-2"
    )  # fmt: skip
    assert work.issued == PartialDate(1999)
    assert [c.role for c in work.creators] == ["author", "editor"]


def test_unknown_types_and_missing_er(sample):
    assert [(r.line, r.work.type) for r in sample.records] == [
        (1, "article-journal"), (24, "book"), (35, "document"), (39, "chapter")
    ]  # fmt: skip
    assert sample.works[2].extra == {"ris.TY": "WEIRD"}
    [problem] = sample.problems
    assert (problem.kind, problem.line, problem.severity) == ("unterminated", 39, "warning")
    assert write_ris([sample.works[2]]).startswith("TY  - WEIRD\n")


def test_the_sample_round_trips(sample):
    assert read_ris(write_ris(sample.works)).works == sample.works


def test_what_ris_cannot_say_goes_into_one_note():
    work = Work(
        type="interview",
        key="k",
        title="T",
        creators=(Creator(literal="Smith, Jones & Co", role="interviewer"),),
        extra={"bibtex.title": "{T}"},
        snapshots=(Snapshot(url="", archive_url="https://web.archive.org/x", status="confirmed"),),
    )
    text = write_ris([work])
    assert text.startswith("TY  - GEN\nID  - k\nTI  - T\nN1  - sourcebox: {")
    assert read_ris(text).works[0] == work


def test_problems_carry_line_numbers():
    text = "junk\nTY  - BOOK\nID  - a\nER  - \nTY  - BOOK\nID  - a\nPY  - soon\nER  - \n"
    result = read_ris(text, file="x.ris")
    assert [(p.kind, p.line, p.severity) for p in result.problems] == [
        ("stray-text", 1, "warning"), ("duplicate-key", 5, "error")
    ]  # fmt: skip
    assert [w.key for w in result.works] == ["a"]


def test_bad_dates_are_reported_and_kept():
    result = read_ris("TY  - BOOK\nDA  - someday\nER  - \n")
    assert result.works[0].extra == {"DA": "someday"}
    assert result.warnings[0].field == "DA"


@pytest.mark.parametrize(
    ("text", "creator"),
    [
        ("Smith, Jane", Creator(family="Smith", given="Jane")),
        (
            "van der Berg, Jan, Jr.",
            Creator(family="Berg", given="Jan", particle="van der", suffix="Jr."),
        ),
        ("Plato,", Creator(family="Plato")),
        ("World Health Organization", Creator(literal="World Health Organization")),
    ],
)
def test_names(text, creator):
    assert parse_ris_name(text, "author") == creator
    assert parse_ris_name(format_ris_name(creator), "author") == creator


def test_a_broken_sourcebox_note_is_read_as_a_note():
    result = read_ris("TY  - BOOK\nN1  - sourcebox: " + "[" * 50_000 + "\nER  - \n")
    assert result.works[0].note.startswith("sourcebox: [[[")
    assert result.warnings[0].field == "N1"
