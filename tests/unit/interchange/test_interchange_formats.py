"""Choosing a format by file name or content, and the one read/write entry point."""

from __future__ import annotations

import pytest

from sourcebox.domain.model import Work
from sourcebox.interchange.formats import FORMATS, format_for_path, read, sniff_format, write


@pytest.mark.parametrize(
    ("path", "format"),
    [
        ("refs.bib", "bibtex"),
        ("A.BIB", "bibtex"),
        ("x.json", "csl-json"),
        ("x.ris", "ris"),
        ("x.txt", None),
    ],
)
def test_format_for_path(path, format):
    assert format_for_path(path) == format


@pytest.mark.parametrize(
    ("text", "format"),
    [
        ("  [\n{}", "csl-json"),
        ("\ufeff{", "csl-json"),
        ("TY  - BOOK\n", "ris"),
        ("% comment\n@book{k,}", "bibtex"),
        ("hello", None),
    ],
)
def test_sniff(text, format):
    assert sniff_format(text) == format
    assert sniff_format(text.encode()) == format


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_round_trips_through_the_entry_point(format):
    works = (Work(type="book", key="k", title="Title"),)
    assert read(write(works, format), format).works == works
