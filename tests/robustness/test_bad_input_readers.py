"""Bad input to the BibTeX, CSL-JSON and RIS readers: problems reported, never raised.

Properties: any bytes give an ``ImportResult`` whose problems each carry a kind,
a one-line message and a place inside the input; a bad byte put into a good file
is reported at exactly its byte offset and line, and costs only the entry it is
in. The named nasty inputs (a 50 MB field, 10,000 authors, braces and JSON
nested 10,000 deep) are read, written and read back.
"""

from __future__ import annotations

import sys
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from robust_helpers import plain_works

from sourcebox.bibtex import read_bibtex, write_bibtex
from sourcebox.bibtex.latex import decode, encode
from sourcebox.domain.model import Creator, Work
from sourcebox.interchange.csljson import read_csl_json, write_csl_json
from sourcebox.interchange.formats import read, write
from sourcebox.interchange.result import ImportResult
from sourcebox.interchange.ris import read_ris, write_ris

READERS = {"bibtex": read_bibtex, "csl-json": read_csl_json, "ris": read_ris}
WRITERS = {"bibtex": write_bibtex, "csl-json": write_csl_json, "ris": write_ris}
FORMATS = list(READERS)


def check_problems(result: ImportResult, source: bytes | str) -> None:
    """Every problem is ours: a kind, a one-line message, a place inside the input."""
    assert isinstance(result, ImportResult)
    data = source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass")
    lines = data.count(b"\n") + 1
    for problem in result.problems:
        assert problem.kind and problem.message.strip(), problem
        assert problem.severity in ("error", "warning")
        assert "\n" not in str(problem) and "\r" not in str(problem), str(problem)
        assert problem.line is None or 1 <= problem.line <= lines, (problem, lines)
        assert problem.offset is None or 0 <= problem.offset < len(data), problem
    for record in result.records:
        assert record.line is None or 1 <= record.line <= lines


# Fragments that make the readers' lives hard, mixed with anything at all.
_FRAGMENTS = st.sampled_from(
    [
        "@book{", "@article(", "@string{s = ", "@preamble{", "@comment{", "k,", "title = ",
        "author = {A and B and {C D}}", "{", "}", '"', " # ", "jan", "crossref = {k}", "\\",
        "{\\\"o}", "\\emph{", "%", "\x00", "\ufeff", "\r\n", "\n", "[", "]", "{\"id\": ",
        '"title": "', '"author": [{"family": ', '"issued": {"date-parts": [[', "1e999", "null",
        "TY  - BOOK\n", "ER  - \n", "AU  - ", "PY  - 20071\n", "N1  - sourcebox: {", "\udcff",
        "\u2028", "\x85", "é", "𝔘",
    ]
)  # fmt: skip
_HOSTILE = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=4)), max_size=40).map("".join)
_SOURCES = st.one_of(
    st.binary(max_size=300),
    _HOSTILE,
    _HOSTILE.map(lambda text: text.encode("utf-8", "surrogateescape")),
)


@settings(max_examples=150, deadline=None)
@given(_SOURCES, st.sampled_from(FORMATS))
@example(b"\xff\xfe@\x00b\x00o\x00o\x00k\x00", "bibtex")  # UTF-16, read as UTF-8
@example("[" * 100_000, "csl-json")
@example("@book{k, title = " + "{" * 10_000, "bibtex")
@example("TY  - BOOK\n" * 2000, "ris")
def test_any_input_gives_a_result_and_our_problems(source, fmt):
    check_problems(READERS[fmt](source, file="in"), source)


# --- a bad byte in a good file ----------------------------------------------------------------

_BAD_BYTES = st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\x80\x80", b"\x00"])


@settings(max_examples=150, deadline=None)
@given(plain_works(), st.sampled_from(FORMATS), _BAD_BYTES, st.data())
def test_a_bad_byte_is_reported_at_its_offset_and_costs_one_entry(works, fmt, bad, data):
    text = WRITERS[fmt](works)
    position = data.draw(st.integers(0, len(text)), label="position")
    before = text[:position].encode()
    source = before + bad + text[position:].encode()
    line = before.count(b"\n") + 1

    result = READERS[fmt](source, file="in.x")

    check_problems(result, source)
    spot = next(p for p in result.problems if p.offset is not None)
    assert (spot.offset, spot.line, spot.file) == (len(before), line, "in.x")
    assert spot.kind == ("nul-byte" if bad == b"\x00" else "encoding")
    assert f"byte offset {len(before)}, line {line}" in spot.message
    assert spot.severity == "error"
    # Whatever was read is read right, and only the entry holding the byte is lost
    # (RIS: a byte before a tag can join two records; JSON: the rest of the array).
    original = {w.key: w for w in works}
    for work in result.works:
        assert original[work.key] == work
    lost = len(works) - len(result.works)
    if fmt == "bibtex":
        assert lost <= 1
    elif fmt == "ris":
        assert lost <= 2
    else:
        intact = [w for w in works if f'"id": "{w.key}"' in text[:position]]
        assert all(work in result.works for work in intact[:-1])


# --- the named nasty inputs --------------------------------------------------------------------

MB = 1024 * 1024


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_50_mb_field_is_read_and_written_back(fmt, figures):
    big = "Lorem ipsum dolor sit amet " * (50 * MB // 27 + 1)
    work = Work(type="book", key="big", title="Big", note=big[: 50 * MB].strip())
    started = time.perf_counter()
    text = write([work], fmt)
    result = read(text.encode(), fmt, file="big")
    seconds = time.perf_counter() - started
    assert result.problems == ()
    assert result.works == (work,)
    figures.record(f"50 MB note field, {fmt}: write + read", f"{seconds:.2f} s")


def _many_authors(count: int) -> Work:
    people = tuple(Creator(family=f"Family{i}", given=f"Given{i}") for i in range(count))
    return Work(type="book", key="many", title="Many Hands", publisher="P", creators=people)


def _calls(function, *args) -> int:
    """How many Python function calls ``function(*args)`` makes: work done, not time taken."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("fmt", FORMATS)
def test_ten_thousand_authors_round_trip_in_linear_work(fmt, figures):
    work = _many_authors(10_000)
    started = time.perf_counter()
    text = write([work], fmt)
    back = read(text, fmt)
    seconds = time.perf_counter() - started
    assert back.problems == ()
    assert back.works == (work,)
    assert write(back.works, fmt) == text

    def round_trip(w: Work) -> None:
        read(write([w], fmt), fmt)

    small, large = (
        _calls(round_trip, _many_authors(1_000)),
        _calls(round_trip, _many_authors(4_000)),
    )
    # Linear work grows 4 times for 4 times the authors; quadratic would grow 16 times.
    assert large < 5 * small, (small, large)
    figures.record(
        f"10,000 authors, {fmt}: write + read",
        f"{seconds:.2f} s; calls 1k->4k x{large / small:.2f}",
    )


def test_braces_nested_ten_thousand_deep(figures):
    depth = 10_000
    title = "{" * depth + "Deep" + "}" * depth
    started = time.perf_counter()
    result = read_bibtex(f"@book{{deep, title = {{{title}}}, year = 2000}}\n")
    assert result.problems == ()
    [work] = result.works
    assert work.title == "Deep"
    assert read_bibtex(write_bibtex(result.works)).works == result.works
    # Commands nested as deep: decoded without a RecursionError, letters kept.
    nested = "\\emph{" * depth + "x" + "}" * depth
    assert decode(nested) == "x"
    assert decode(encode("{" * depth)) == "{" * depth
    unclosed = read_bibtex("@book{deep, title = {" + "{" * depth + "x}\n@book{next, title={T}}\n")
    assert unclosed.errors and all(p.message for p in unclosed.problems)
    figures.record("braces 10,000 deep, BibTeX", f"{time.perf_counter() - started:.2f} s")


def test_json_nested_ten_thousand_deep_is_one_problem():
    value = "[" * 10_000 + "]" * 10_000
    source = f'[{{"id": "a", "type": "book", "title": "T"}}, {{"id": "b", "note": {value}}}]'
    result = read_csl_json(source)
    assert [w.key for w in result.works] == ["a"]
    [problem] = result.errors
    assert problem.index == 1 and "too deeply" in problem.message


def test_invalid_utf8_and_nul_in_every_reader_name_offset_and_line():
    cases = {
        "bibtex": (b"@book{ok, title = {Fine}}\n@book{bad, title = {Caf", b"}}\n"),
        "csl-json": (b'[{"id": "ok", "title": "Fine"},\n {"id": "bad", "title": "Caf', b'"}]'),
        "ris": (b"TY  - BOOK\nID  - ok\nER  - \nTY  - BOOK\nID  - bad\nTI  - Caf", b"\nER  - \n"),
    }
    for fmt, (head, tail) in cases.items():
        for bad, kind in ((b"\xe9", "encoding"), (b"\x00\x00", "nul-byte")):
            result = READERS[fmt](head + bad + tail, file=f"f.{fmt}")
            [spot] = [p for p in result.problems if p.offset is not None]
            assert (spot.kind, spot.offset, spot.line) == (kind, len(head), head.count(b"\n") + 1)
            assert [w.key for w in result.works] == ["ok"], (fmt, result.problems)
            assert any(p.key == "bad" or p.index == 1 for p in result.errors), result.problems


def test_ris_lines_end_where_editors_end_them():
    """U+2028 and U+0085 inside a value are text, not line breaks (lines end at \\n)."""
    head = "TY  - BOOK\r\nID  - a\r\nTI  - One\u2028Two\x85Three\r\nER  - \r\n"
    source = (head + "TY  - BOOK\nID  - b\nTI  - Caf").encode() + b"\xe9\nER  - \n"
    result = read_ris(source, file="x.ris")
    assert [(w.key, w.title) for w in result.works] == [("a", "One\u2028Two\x85Three")]
    [spot] = [p for p in result.problems if p.offset is not None]
    assert spot.line == 7
    assert [(p.key, p.line) for p in result.errors if p.offset is None] == [("b", 5)]


def test_a_problem_is_one_line_even_when_the_key_is_not():
    # The bad byte turns the TI line into a continuation of the ID (the key).
    result = read_ris(b"TY  - BOOK\nID  - k0\n\xffTI  - t\nER  - \n", file="r.ris")
    assert [p.key for p in result.errors if p.offset is None] == ["k0\n\ufffdTI  - t"]
    assert all("\n" not in str(p) for p in result.problems)
    assert "r.ris:1 [k0 \ufffdTI  - t]: error:" in str(result.errors[-1])
