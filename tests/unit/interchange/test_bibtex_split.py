"""Splitting a BibTeX text in two processes gives exactly what splitting it here alone gives.

``sourcebox.bibtex.split`` cuts a large text at a line that starts a block and
has a forked worker split and prepare the second part. Every test here reads the
same text both ways (``PARALLEL_FROM`` set out of reach, then to 0) and wants the
same ``ImportResult``: records, problems in their order, preambles. The cases are
the ones that cross the cut: macros, a redefined month macro, repeated keys,
crossref both ways, a block left open at the cut, a worker that fails.
"""

from __future__ import annotations

import os
import sys

import pytest
from bibtexparser.model import Entry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_helpers import CORPORA, CORPUS_FILES, needs_corpora

from sourcebox.bibtex import read_bibtex, split
from sourcebox.interchange.result import ImportResult

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="the worker is forked only on Linux with a second core",
)


def both_ways(
    monkeypatch: pytest.MonkeyPatch, text: str, cut_at: float = 0.5
) -> tuple[ImportResult, ImportResult]:
    """The text read here alone, and read with a worker cutting near ``cut_at``."""
    monkeypatch.setattr(split, "CUT_AT", cut_at)
    monkeypatch.setattr(split, "PARALLEL_FROM", 1 << 62)
    alone = read_bibtex(text, file="in.bib")
    monkeypatch.setattr(split, "PARALLEL_FROM", 0)
    shared = read_bibtex(text, file="in.bib")
    return alone, shared


def parts(monkeypatch: pytest.MonkeyPatch, text: str, cut_at: float = 0.5) -> list[int]:
    """How many blocks each part held (one part: no worker)."""
    monkeypatch.setattr(split, "CUT_AT", cut_at)
    monkeypatch.setattr(split, "PARALLEL_FROM", 0)
    return [len(blocks) for blocks, _prepared in split.split(text)]


def entries(n: int, start: int = 0, extra: str = "") -> str:
    return "".join(
        f"@article{{k{i},\n  author = {{Last{i}, First}},\n  title = {{Title {{NASA}} {i}}},\n"
        f"  journal = {{J}},\n  year = 2000,\n  month = jan{extra}\n}}\n\n"
        for i in range(start, start + n)
    )


def assert_same(alone: ImportResult, shared: ImportResult) -> None:
    assert shared.records == alone.records
    assert shared.problems == alone.problems
    assert shared.preambles == alone.preambles


@needs_corpora
@pytest.mark.parametrize("name", CORPUS_FILES)
def test_every_corpus_file_reads_the_same_split_in_two(monkeypatch, name):
    text = (CORPORA / name).read_text(encoding="utf-8", errors="surrogateescape")
    assert len(parts(monkeypatch, text)) == 2
    assert_same(*both_ways(monkeypatch, text))


def test_the_worker_prepares_entries_and_the_reader_uses_them(monkeypatch):
    text = entries(40)
    monkeypatch.setattr(split, "PARALLEL_FROM", 0)
    got = list(split.split(text))
    assert len(got) == 2
    (first, none_prepared), (second, prepared) = got
    assert not none_prepared
    assert first and second
    assert all(id(block) in prepared for block in second if isinstance(block, Entry))
    assert_same(*both_ways(monkeypatch, text))


def test_a_string_defined_before_the_cut_expands_after_it(monkeypatch):
    text = '@string{jn = "Journal of Names"}\n\n' + entries(20).replace("{J}", "jn")
    alone, shared = both_ways(monkeypatch, text)
    assert_same(alone, shared)
    assert {r.work.container_title for r in shared.records} == {"Journal of Names"}


def test_a_month_macro_redefined_before_the_cut_is_used_after_it(monkeypatch):
    text = '@string{jan = "3"}\n\n' + entries(20)
    alone, shared = both_ways(monkeypatch, text)
    assert_same(alone, shared)
    assert {r.work.issued.month for r in shared.records if r.work.issued} == {3}


def test_a_key_repeated_across_the_cut_fails_once_with_the_first_line(monkeypatch):
    text = entries(10) + entries(10)  # k0..k9 twice
    alone, shared = both_ways(monkeypatch, text)
    assert_same(alone, shared)
    failed = [p for p in shared.problems if p.kind == "duplicate-key"]
    assert len(failed) == 10 and failed[0].key == "k0" and "line 1" in failed[0].message


def test_crossref_reaches_across_the_cut_both_ways(monkeypatch):
    def child(n: int) -> str:
        return f"@inproceedings{{c{n},\n  title = {{Paper {n}}},\n  crossref = {{p{n}}}\n}}\n\n"

    def parent(n: int) -> str:
        return (
            f"@proceedings{{p{n},\n  title = {{Proceedings {n}}},\n  publisher = {{P{n}}}\n}}\n\n"
        )

    text = (
        "".join(map(child, range(5)))
        + entries(10)
        + "".join(map(parent, range(5)))  # after the cut: children before it inherit
        + "".join(map(child, range(5, 10)))
        + "".join(map(parent, range(5, 10)))
    )
    alone, shared = both_ways(monkeypatch, text, cut_at=0.3)
    assert_same(alone, shared)
    assert not shared.problems
    by_key = {r.work.key: r for r in shared.records}
    for n in (0, 7):
        assert by_key[f"c{n}"].crossref == f"p{n}" and by_key[f"c{n}"].work.publisher == f"P{n}"


def test_a_block_open_at_the_cut_is_split_whole_here(monkeypatch):
    text = entries(10) + "@article{open,\n  title = {never closed\n\n" + entries(10, 10)
    cut_at = (text.index("@article{open") + 5) / len(text)
    assert parts(monkeypatch, text, cut_at) == [len(read_blocks_alone(text))]
    alone, shared = both_ways(monkeypatch, text, cut_at)
    assert_same(alone, shared)
    assert [p.key for p in shared.problems if p.kind == "syntax"] == ["open"]


def read_blocks_alone(text: str) -> list[object]:
    from bibtexparser import parse_string

    return parse_string(text, parse_stack=[]).blocks


def test_a_failing_worker_leaves_the_second_part_to_this_process(monkeypatch):
    def broken(_part: str) -> list[object]:
        raise RuntimeError("worker down")

    text = entries(30)
    monkeypatch.setattr(split, "_encode", broken)
    alone, shared = both_ways(monkeypatch, text)
    assert_same(alone, shared)
    assert len(shared.records) == 30


def test_a_part_left_unread_stops_the_worker(monkeypatch):
    monkeypatch.setattr(split, "PARALLEL_FROM", 0)
    parts_left = split.split(entries(2000))
    next(parts_left)
    parts_left.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no worker left, not even a zombie


_PIECES = st.sampled_from(
    [
        "@book{a,\n", "@book{b,\n", "@article(c,\n", "@string{s = {S}}\n", "@string{jan = {7}}\n",
        "@preamble{{P}}\n", "@comment{x}\n", "title = {T},\n", "title = s # {x},\n",
        "month = jan,\n", "crossref = {a},\n", "}\n", ")\n", "{", "}", '"', "\n", "x = ", "%\n",
        "author = {A and B},\n", "year = 2001,\n", "@misc{d, url = {http://x.org}}\n",
    ]
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_PIECES, max_size=60).map("".join), st.floats(0.05, 0.95))
def test_any_text_reads_the_same_split_in_two(monkeypatch, text, cut_at):
    assert_same(*both_ways(monkeypatch, text, cut_at))


def test_no_process_to_spare_splits_it_all_here(monkeypatch):
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    text = entries(30)
    monkeypatch.setattr(split.os, "fork", refused)
    assert parts(monkeypatch, text) == [len(read_blocks_alone(text))]
    alone, shared = both_ways(monkeypatch, text)
    assert_same(alone, shared)
