"""Property tests: generated works survive every format; readers never raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_helpers import any_works, bibtex_works, differences

from sourcebox.bibtex import read_bibtex, write_bibtex
from sourcebox.interchange.csljson import read_csl_json, write_csl_json
from sourcebox.interchange.result import ImportResult
from sourcebox.interchange.ris import read_ris, write_ris

_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.data(), st.sampled_from(["bibtex", "biblatex"]), st.booleans())
def test_bibtex_round_trip(data, dialect, ascii):
    works = data.draw(st.lists(bibtex_works(ascii=ascii), max_size=3))
    works = [w for i, w in enumerate(works) if w.key not in {v.key for v in works[:i]}]
    text = write_bibtex(works, dialect=dialect, ascii=ascii)
    if ascii:
        assert text.isascii()
    result = read_bibtex(text)
    assert not result.errors, result.errors
    assert len(result.works) == len(works)
    for original, read in zip(works, result.works, strict=True):
        assert read == original, differences(original, read)
    assert write_bibtex(result.works, dialect=dialect, ascii=ascii) == text


@_SETTINGS
@given(st.lists(any_works(csl=True), max_size=3))
def test_csl_json_round_trip(works):
    works = [w for i, w in enumerate(works) if w.key not in {v.key for v in works[:i]}]
    text = write_csl_json(works)
    result = read_csl_json(text)
    assert not result.errors, result.errors
    for original, read in zip(works, result.works, strict=True):
        assert read == original, differences(original, read)
    assert write_csl_json(result.works) == text


@_SETTINGS
@given(st.lists(any_works(), max_size=3))
def test_ris_round_trip(works):
    works = [w for i, w in enumerate(works) if w.key not in {v.key for v in works[:i]}]
    text = write_ris(works)
    result = read_ris(text)
    assert not result.errors, result.errors
    assert len(result.works) == len(works)
    for original, read in zip(works, result.works, strict=True):
        assert read == original, differences(original, read)
    assert write_ris(result.works) == text


_BIB_PIECES = st.sampled_from(
    [
        "@article{", "@string{", "@preamble{", "@comment{", "key,", " title = ", "{", "}",
        '"', " # ", "jan", ",", "\n", "=", "author = {A and B}", "\\", "\\\"o", "crossref = {k}",
        "@", "(", ")", "year = 1990", "month = nov", "\x00", "{{{{{{", "}}}}}}", "%",
    ]
)  # fmt: skip
_TEXT = st.one_of(st.text(), st.lists(_BIB_PIECES, max_size=40).map("".join))


def _never_raises(result: ImportResult) -> None:
    assert isinstance(result, ImportResult)
    for problem in result.problems:
        assert problem.kind and problem.message
        assert problem.line is None or problem.line >= 1


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXT, st.binary(), _TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_readers_never_raise(source):
    _never_raises(read_bibtex(source))
    _never_raises(read_csl_json(source))
    _never_raises(read_ris(source))
