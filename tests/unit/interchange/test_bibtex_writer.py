"""Writing BibTeX/BibLaTeX: stable text, keys as stored, types and fields mapped back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import bibtexparser
import pytest

from sourcebox.bibtex import read_bibtex, write_bibtex
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator, Snapshot, Work

WORK = Work(
    type="article-journal",
    key="Anonymous:TB21-2-",
    title="Öl & {Wasser}",
    container_title="TUGboat",
    volume="21",
    issue="2",
    page="10–20",
    issued=PartialDate(2000, 6),
    accessed=PartialDate(2021, 3, 4),
    url="https://tug.org/x",
    doi="10.1000/x",
    tags=("fonts", "a, b"),
    creators=(
        Creator(family="Knuth", given="Donald E."),
        Creator(literal="TeX Users Group"),
        Creator(family="Doe", given="Jane", role="editor"),
    ),
    snapshots=(
        Snapshot(
            url="https://tug.org/x",
            archive_url="https://web.archive.org/old",
            status="confirmed",
            captured_at=datetime(2020, 1, 1, tzinfo=UTC),
        ),
        Snapshot(
            url="https://tug.org/x",
            archive_url="https://web.archive.org/new",
            status="confirmed",
            captured_at=datetime(2021, 5, 6, 7, 8, 9, tzinfo=UTC),
        ),
        Snapshot(url="https://tug.org/x", archive_url="https://web.archive.org/pending"),
    ),
    extra={"CODEN": "TUGBD", "bibtex.unused": "ignored"},
)

EXPECTED = """\
@article{Anonymous:TB21-2-,
  author = {Knuth, Donald E. and {TeX Users Group}},
  editor = {Doe, Jane},
  title = {Öl \\& \\{Wasser\\}},
  journal = {TUGboat},
  volume = {21},
  number = {2},
  pages = {10--20},
  year = {2000},
  month = jun,
  doi = {10.1000/x},
  url = {https://tug.org/x},
  urldate = {2021-03-04},
  keywords = {fonts, {a, b}},
  archiveurl = {https://web.archive.org/new},
  archivedate = {2021-05-06T07:08:09Z},
  CODEN = {TUGBD},
}
"""


def test_the_text_is_stable_and_keys_are_as_stored():
    assert write_bibtex([WORK]) == EXPECTED


def test_biblatex_dialect():
    text = write_bibtex([WORK], dialect="biblatex")
    assert "journaltitle = {TUGboat}" in text
    assert "date = {2000-06}" in text
    assert "year = " not in text


def test_ascii_mode_escapes_everything():
    text = write_bibtex([WORK], ascii=True)
    assert text.isascii()
    assert 'title = {{\\"O}l \\& \\{Wasser\\}}' in text
    assert read_bibtex(text).works[0].title == WORK.title


@pytest.mark.parametrize(
    ("work", "bibtex", "biblatex"),
    [
        (Work(type="chapter"), "@incollection{", "@incollection{"),
        (Work(type="report"), "@techreport{", "@report{"),
        (Work(type="thesis", genre="PhD thesis"), "@phdthesis{", "@thesis{"),
        (Work(type="thesis", genre="Master's thesis"), "@mastersthesis{", "@thesis{"),
        (Work(type="webpage", url="https://x.org"), "@misc{", "@online{"),
        (Work(type="webpage"), "@online{", "@online{"),
        (Work(type="article-magazine"), "@article{", "@article{"),
        (Work(type="post-weblog"), "@misc{", "@misc{"),
    ],
)
def test_types_map_back(work, bibtex, biblatex):
    for dialect, start in (("bibtex", bibtex), ("biblatex", biblatex)):
        text = write_bibtex([replace(work, key="k")], dialect=dialect)
        assert text.startswith(start + "k,")
        assert read_bibtex(text).works[0].type == work.type


def test_biblatex_thesis_uses_type_keys():
    text = write_bibtex([Work(type="thesis", key="k", genre="PhD thesis")], dialect="biblatex")
    assert "type = {phdthesis}" in text


def test_protective_braces_survive_until_the_title_changes():
    [work] = read_bibtex("@book{k, title = {The {NASA} Files}}").works
    assert work.title == "The NASA Files"
    assert "title = {The {NASA} Files}," in write_bibtex([work])
    edited = replace(work, title="The NASA Files, Revised")
    assert "title = {The NASA Files, Revised}," in write_bibtex([edited])


def test_original_entry_types_are_kept():
    text = "@inbook{k, title = {T}}\n@conference{c,}\n@www{w,}"
    out = write_bibtex(read_bibtex(text).works)
    assert out.startswith("@inbook{k,")
    assert "@conference{c," in out and "@www{w," in out


def test_an_extra_that_clashes_with_a_written_field_is_renamed():
    work = Work(type="book", key="k", publisher="P", extra={"publisher": "Q"})
    text = write_bibtex([work])
    assert "publisher = {P}" in text and "x-publisher = {Q}" in text
    assert not bibtexparser.parse_string(text).failed_blocks


def test_circa_and_full_dates_use_the_date_field():
    work = Work(type="book", key="k", issued=PartialDate(1990, 5, 3))
    assert "date = {1990-05-03}" in write_bibtex([work])
    work = Work(type="book", key="k", issued=PartialDate(1990, circa=True))
    text = write_bibtex([work])
    assert "date = {1990~}" in text
    assert read_bibtex(text).works[0].issued == PartialDate(1990, circa=True)


def test_unmodelled_values_that_are_not_brace_balanced_use_quotes():
    work = Work(type="misc", key="k", extra={"odd": "a } b"})
    text = write_bibtex([work])
    assert 'odd = "a } b"' in text
    assert read_bibtex(text).works[0].extra["odd"] == "a } b"
