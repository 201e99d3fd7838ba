"""Reading BibTeX/BibLaTeX: types, fields, macros, crossref, and every kind of bad input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from interchange_helpers import FIXTURES

from sourcebox.bibtex import read_bibtex, write_bibtex
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator


def one(text: str):
    result = read_bibtex(text)
    assert not result.errors, result.errors
    [work] = result.works
    return work


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("@article{k, title={T}}", "article-journal"),
        ("@article{k, entrysubtype={magazine}}", "article-magazine"),
        ("@article{k, entrysubtype={newspaper}}", "article-newspaper"),
        ("@book{k,}", "book"),
        ("@inbook{k,}", "chapter"),
        ("@incollection{k,}", "chapter"),
        ("@inproceedings{k,}", "paper-conference"),
        ("@techreport{k,}", "report"),
        ("@report{k,}", "report"),
        ("@online{k,}", "webpage"),
        ("@www{k,}", "webpage"),
        ("@misc{k, url={https://x.org}}", "webpage"),
        ("@misc{k, howpublished={\\url{https://x.org}}}", "webpage"),
        ("@misc{k,}", "document"),
        ("@phdthesis{k,}", "thesis"),
        ("@mastersthesis{k,}", "thesis"),
        ("@unpublished{k,}", "manuscript"),
        ("@booklet{k,}", "pamphlet"),
        ("@whatever{k,}", "document"),
    ],
)
def test_entry_types(entry, expected):
    assert one(entry).type == expected


def test_thesis_genre_comes_from_the_entry_type_or_the_type_field():
    assert one("@phdthesis{k,}").genre == "PhD thesis"
    assert one("@mastersthesis{k,}").genre == "Master's thesis"
    assert one("@phdthesis{k, type={Doctoral dissertation}}").genre == "Doctoral dissertation"
    assert one("@thesis{k, type={mathesis}}").genre == "Master's thesis"


def test_fields_are_mapped():
    work = one(
        """@article{key,
          author = {Ludwig van Beethoven and King, Jr., Martin and {Human Rights Watch}},
          editor = {Jane Doe},
          title = {The {NASA} Report on {\\"O}l},
          journal = {J. Ex.},
          journaltitle = {Journal of Examples},
          year = 2007, month = sep,
          volume = 3, number = {4}, pages = {10--20},
          doi = {10.1000/x}, isbn = {0-306-40615-2}, issn = {1234-5679},
          url = {https://example.org}, urldate = {2021-03-04},
          keywords = {one, two; {three, four}},
          language = {English}, abstract = {Abs}, note = {N},
          archiveurl = {https://web.archive.org/web/2021/https://example.org},
          archivedate = {2021-03-05},
          CODEN = {ABCD},
        }"""
    )
    assert work.key == "key"
    assert work.title == "The NASA Report on Öl"
    assert work.container_title == "J. Ex."
    assert work.extra["journaltitle"] == "Journal of Examples"
    assert work.issued == PartialDate(2007, 9)
    assert (work.volume, work.issue, work.page) == ("3", "4", "10–20")
    assert (work.doi, work.isbn, work.issn) == ("10.1000/x", "0-306-40615-2", "1234-5679")
    assert work.accessed == PartialDate(2021, 3, 4)
    assert work.tags == ("one", "two", "three, four")
    assert (work.language, work.abstract, work.note) == ("English", "Abs", "N")
    assert work.creators == (
        Creator(family="Beethoven", given="Ludwig", particle="van"),
        Creator(family="King", given="Martin", suffix="Jr."),
        Creator(literal="Human Rights Watch"),
        Creator(family="Doe", given="Jane", role="editor"),
    )
    [snapshot] = work.snapshots
    assert snapshot.archive_url.startswith("https://web.archive.org/")
    assert snapshot.captured_at == datetime(2021, 3, 5, tzinfo=UTC)
    assert (snapshot.status, snapshot.url) == ("confirmed", "https://example.org")
    assert work.extra["CODEN"] == "ABCD"
    # The source of the braced title is kept, so {NASA} stays upper case on export.
    assert work.extra["bibtex.title"] == 'The {NASA} Report on {\\"O}l'


@pytest.mark.parametrize(
    ("fields", "attr", "value"),
    [
        ("institution = {MIT}", "publisher", "MIT"),
        ("school = {MIT}", "publisher", "MIT"),
        ("organization = {ACM}", "publisher", "ACM"),
        ("address = {Boston}", "publisher_place", "Boston"),
        ("location = {Boston}", "publisher_place", "Boston"),
        ("series = {LNCS}", "collection_title", "LNCS"),
        ("booktitle = {Proceedings}", "container_title", "Proceedings"),
        ("howpublished = {Leaflet}", "medium", "Leaflet"),
        ("eprint = {10.1/e}, eprinttype = {doi}", "doi", "10.1/e"),
        ("date = {2001-02-03}", "issued", PartialDate(2001, 2, 3)),
        ('year = 1973, month = "10~" # jan', "issued", PartialDate(1973, 1, 10)),
        ("year = {{\\noopsort{1973b}}1973}", "issued", PartialDate(1973)),
        ("date = {2007~}", "issued", PartialDate(2007, circa=True)),
        ("edition = {2nd}", "edition", "2nd"),
        ("number = {TR-7}", "number", "TR-7"),
    ],
)
def test_more_fields(fields, attr, value):
    assert getattr(one(f"@techreport{{k, {fields}}}"), attr) == value


def test_macros_concatenation_and_months():
    result = read_bibtex(
        """@string{j = "Journal"}
        @STRING{Full = j # " of " # {Things}}
        @article{k, journal = full, month = dec, year = 2000}"""
    )
    [work] = result.works
    assert work.container_title == "Journal of Things"
    assert work.issued == PartialDate(2000, 12)


def test_string_macros_keep_their_outer_blanks():
    result = read_bibtex('@string{s = " Symposium"}\n@book{k, title = "Annual" # s}')
    assert result.works[0].title == "Annual Symposium"


def test_unparsable_dates_are_kept_and_reported():
    result = read_bibtex("@book{k,\n year = {circa 1990s},\n month = {Spring},\n}")
    [work] = result.works
    assert work.issued is None
    assert work.extra["year"] == "circa 1990s"
    assert work.extra["month"] == "Spring"
    [problem] = result.warnings
    assert (problem.kind, problem.line, problem.field, problem.key) == ("bad-date", 2, "year", "k")


def test_crossref_is_resolved_and_the_link_kept():
    result = read_bibtex(
        """@inproceedings{child, crossref = {WHOLE}, title = {Part}, author = {A. Author}}
        @proceedings{whole, title = {The Proceedings}, editor = {E. Editor},
          publisher = {ACM}, address = {NYC}, year = 1990}"""
    )
    child, parent = result.records
    assert child.crossref == "whole"
    assert child.work.container_title == "The Proceedings"
    assert child.work.publisher == "ACM"
    assert child.work.issued == PartialDate(1990)
    assert child.work.creators_with("editor") == (
        Creator(family="Editor", given="E.", role="editor"),
    )
    assert child.work.extra["crossref"] == "WHOLE"
    assert parent.work.title == "The Proceedings"


def test_an_empty_field_blocks_inheritance_as_in_bibtex():
    result = read_bibtex(
        """@inproceedings{c, crossref = {p}, organization = {}}
        @proceedings{p, organization = {ACM}}"""
    )
    assert result.works[0].publisher == ""
    assert result.works[0].extra["organization"] == ""


def test_missing_crossref_parent_is_a_warning():
    result = read_bibtex("@incollection{c, crossref = {nowhere}}")
    [problem] = result.problems
    assert (problem.kind, problem.severity, problem.key) == ("missing-crossref", "warning", "c")
    assert result.records[0].crossref == "nowhere"


def test_preambles_are_kept():
    result = read_bibtex('@preamble{ "\\newcommand{\\noopsort}[1]{}" # " " }\n@misc{k,}')
    assert result.preambles == ("\\newcommand{\\noopsort}[1]{}",)
    assert "@preamble{" in write_bibtex(result.works, preambles=result.preambles)


def test_a_malformed_file_reports_each_fault_and_reads_the_rest():
    data = (FIXTURES / "malformed.bib").read_bytes()
    result = read_bibtex(data, file="malformed.bib")
    assert [(r.work.key, r.line) for r in result.records] == [
        ("good-one", 4),
        ("good-two", 17),
        ("deep", 36),
        ("good-three", 40),
    ]
    failed = [(p.kind, p.line, p.key) for p in result.errors]
    assert failed == [
        ("syntax", 11, "broken"),
        ("duplicate-key", 22, "good-one"),
        ("duplicate-field", 26, "twice"),
        ("syntax", 32, "unclosed"),
    ]
    assert all(p.file == "malformed.bib" and p.raw.startswith("@") for p in result.errors)
    assert "lines 28 and 29" in result.errors[2].message
    assert "already used by the entry on line 4" in result.errors[1].message
    [warning] = result.warnings
    assert (warning.kind, warning.line, warning.key) == ("undefined-string", 42, "good-three")
    assert result.works[0].container_title == "TUGboat"
    assert result.works[2].title == "x"


def test_invalid_utf8_is_reported_by_byte_offset_and_only_its_entry_fails():
    data = b"@misc{a, title={ok}}\n@misc{b, title={caf\xe9}}\n@misc{c, title={\xc3\xa9t\xc3\xa9}}\n"
    result = read_bibtex(data, file="latin1.bib")
    assert [w.key for w in result.works] == ["a", "c"]
    assert result.works[1].title == "été"
    encoding, block = result.errors
    assert (encoding.kind, encoding.offset, encoding.line) == ("encoding", 40, 2)
    assert "byte offset 40" in encoding.message
    assert (block.kind, block.line, block.key) == ("encoding", 2, "b")


def test_nul_bytes_are_reported():
    result = read_bibtex(b"@misc{a, title={ok}}\n@misc{b, title={x\x00y}}\n")
    assert [w.key for w in result.works] == ["a"]
    assert result.errors[0].kind == "nul-byte"
    assert result.errors[0].offset == 38
    assert read_bibtex("@misc{a, title={x\x00y}}").problems[0].kind == "nul-byte"


def test_a_byte_order_mark_is_fine():
    assert read_bibtex(b"\xef\xbb\xbf@misc{a,}").works[0].key == "a"


def test_stray_fields_outside_entries_are_reported():
    result = read_bibtex("@misc{a, title={x}}\n  year = 1990,\n}\n")
    [problem] = result.problems
    assert (problem.kind, problem.line) == ("stray-text", 2)


def test_problems_render_and_serialise():
    result = read_bibtex("@misc{a, title={x}, title={y}}", file="f.bib")
    [problem] = result.problems
    assert str(problem).startswith("f.bib:1 [a]: error:")
    data = problem.to_json()
    assert data["kind"] == "duplicate-field"
    assert {"file", "line", "key", "message", "raw", "severity"} <= set(data)
    assert not result.ok


def test_invalid_keys_are_warned_about_but_kept():
    result = read_bibtex("@misc{bad key-,}")
    assert result.works[0].key == "bad key-"
    assert result.warnings[0].kind == "invalid-key"
