"""Every file in ../shared/corpora: read whole or failures reported; round trips in every format.

The corpora are not to be edited: what sourcebox cannot read in them is listed
here as a finding (FAILED), with the reason in the reader's problem message.
"""

from __future__ import annotations

import json

import bibtexparser
import pytest
from interchange_helpers import (
    CORPORA,
    CORPUS_FILES,
    FIXTURES,
    assert_same_works,
    corpus,
    needs_corpora,
)

from sourcebox.bibtex import read_bibtex, write_bibtex
from sourcebox.interchange.csljson import read_csl_json, write_csl_json
from sourcebox.interchange.ris import read_ris, write_ris

pytestmark = needs_corpora

#: What the reader refuses in each file: (kind, line, key).
FAILED = {
    # annotation = "... {"  -- the quoted value opens a brace it never closes.
    "frankenstein.bib": [("syntax", 419, "beckett:dream")],
    # subtitle = "{... zeitgem{"a}...}": bibtexparser's splitter ends the value at the
    # quote inside braces (legal BibTeX) and the rest of the entry becomes stray text.
    "texbook1.bib": [("syntax", 4970, "Tschichold:NT91"), ("stray-text", 4974, "")],
    "texgraph.bib": [],
    # acknowledgement and bibsource are each given twice.
    "tugboat.bib": [
        ("duplicate-field", 21126, "Anonymous:TB10-3-445"),
        ("duplicate-field", 21150, "Anonymous:TB10-3-461"),
    ],
    "xampl.bib": [],
}
READ = {"frankenstein.bib": 576, "texbook1.bib": 385, "texgraph.bib": 170, "tugboat.bib": 4837,
        "xampl.bib": 36}  # fmt: skip


def test_every_corpus_file_is_known():
    assert sorted(FAILED) == CORPUS_FILES


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_failed_blocks_are_reported_precisely(name):
    result = corpus(name)
    assert [(p.kind, p.line, p.key) for p in result.errors] == FAILED[name]
    assert all(p.file == name and p.message and p.raw for p in result.errors)
    assert len(result.records) == READ[name]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_record_lines_point_at_the_entries(name):
    lines = (CORPORA / name).read_text("utf-8").split("\n")
    for record in corpus(name).records:
        assert lines[record.line - 1].lstrip().startswith("@"), (record.work.key, record.line)
        assert record.work.key in lines[record.line - 1]


@pytest.mark.parametrize("name", CORPUS_FILES)
@pytest.mark.parametrize(
    ("dialect", "ascii"), [("bibtex", False), ("bibtex", True), ("biblatex", False)]
)
def test_bibtex_round_trip(name, dialect, ascii):
    first = corpus(name)
    text = write_bibtex(first.works, dialect=dialect, ascii=ascii, preambles=first.preambles)
    second = read_bibtex(text)
    assert not second.errors
    assert_same_works(first.works, second.works)
    assert (
        write_bibtex(second.works, dialect=dialect, ascii=ascii, preambles=second.preambles) == text
    )


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_export_reparsed_by_bibtexparser_alone(name):
    first = corpus(name)
    library = bibtexparser.parse_string(write_bibtex(first.works, preambles=first.preambles))
    assert not library.failed_blocks
    assert [entry.key for entry in library.entries] == [work.key for work in first.works]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_csl_json_round_trip(name):
    first = corpus(name)
    text = write_csl_json(first.works)
    second = read_csl_json(text)
    assert not second.problems
    assert_same_works(first.works, second.works)
    assert write_csl_json(second.works) == text
    # And back to BibTeX: nothing lost on the way through CSL-JSON.
    assert_same_works(first.works, read_bibtex(write_bibtex(second.works)).works)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_csl_json_export_validates(name):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((FIXTURES / "csl-data.json").read_text("utf-8"))
    items = json.loads(write_csl_json(corpus(name).works))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(items))
    assert not errors, errors[:3]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_ris_round_trip(name):
    first = corpus(name)
    text = write_ris(first.works)
    second = read_ris(text)
    assert not second.problems
    assert_same_works(first.works, second.works)
    assert write_ris(second.works) == text
