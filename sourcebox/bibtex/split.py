"""bibtexparser's splitter over a large text in two processes: the same blocks, in less time.

bibtexparser's splitter is pure Python and takes most of an import's time, and
turning an entry into a work takes most of the rest. On Linux with a second
core free, a text of ``PARALLEL_FROM`` characters or more is cut at a line that
starts a block; a forked worker splits the part after the cut and prepares its
entries while this process splits the part before it (and the reader reads it).
Preparing is only what depends on nothing else in the file: values that use no
macro but BibTeX's month macros (kept only if the file does not redefine them)
and, for an entry whose every value is such and that has no ``crossref``, its
work (``entry_to_work``). Everything that depends on file order stays with the
reader, which runs over all the blocks in order and takes what was prepared as
already done: macros, duplicate keys (the blocks are added to one ``Library``,
as the splitter adds them), crossref, the problems and their order. So the
reader's result is the same whichever way the text was split.

Why the cut is safe (bibtexparser 2.1's splitter): a block start ``@type{`` or
``@type(`` at the start of a line always starts a block, because a block still
open there is aborted by its error recovery ("Unexpected block start"). So the
blocks from the cut on are the same with or without the text before it; and the
text before it, split alone, gives its own blocks unless one of them was still
open at the cut. That one is then cut short by the end of the text instead, so
when the first part ends in such a block the whole text is split here after all.
The tests compare both ways over every corpus file and over generated input.

The worker sends its blocks back pickled, with offsets into the text instead of
their raw text. An entry it prepared is rebuilt without its ``Field`` objects:
the reader reads the prepared values, or, in the rare file that redefines a
month macro the entry uses, splits the entry's own text again (``unprepared``).
Any failure of the worker makes this process split the second part itself.
"""

from __future__ import annotations

import os
import pickle
import re
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    Field,
    ImplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)
from bibtexparser.splitter import Splitter

from sourcebox.bibtex.entry import FieldIssue, entry_to_work
from sourcebox.bibtex.values import evaluate, evaluate_simple
from sourcebox.domain.model import Work

#: Texts at least this long are split in two processes (about 1,000 entries).
PARALLEL_FROM = 1 << 20
#: Where to cut, as a share of the text: the worker takes the part after the cut.
#: It also prepares and pickles its entries, so it takes less than half.
CUT_AT = 0.55

# A block start at the start of a line, as the splitter's own pattern has it.
_CUT = re.compile(r"\n(?=@\w*[ \t]*[{(])")
_EOF = "Unexpectedly reached end of file."


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the worker did for one entry: its evaluated fields, and its work if it needs no other.

    Good only if the file defines none of ``macros`` before the entry (the names
    its values looked up, each found among the month macros).
    """

    fields: tuple[tuple[str, str], ...]
    converted: tuple[Work, list[FieldIssue]] | None
    macros: tuple[str, ...] = ()


#: One part of the text: its blocks, and what the worker prepared by ``id`` of the block.
Part = tuple[list[Block], Mapping[int, Prepared]]


def split(text: str) -> Iterator[Part]:
    """The blocks of ``text`` as ``parse_string(text, parse_stack=[])`` gives them, in parts.

    One part when the text is split here alone; else the first part, as soon as it
    is split, and then the worker's (which waits for the first to be used, so use
    it before asking for the next). Repeated keys across the parts are failed blocks,
    as in one library.
    """
    cut = _cut_point(text) if _may_fork(text) else None
    if cut is None:
        yield parse_string(text, parse_stack=[]).blocks, {}
    else:
        yield from _split_in_two(text, cut)


def _may_fork(text: str) -> bool:
    return (
        len(text) >= PARALLEL_FROM
        and sys.platform.startswith("linux")
        and len(os.sched_getaffinity(0)) > 1
        and threading.active_count() == 1  # a fork copies only the calling thread
    )


def _cut_point(text: str) -> int | None:
    """The start of a line that starts a block, near ``CUT_AT`` of the text."""
    match = _CUT.search(text, int(len(text) * CUT_AT))
    return match.end() if match else None


def _split_in_two(text: str, cut: int) -> Iterator[Part]:
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare (a limit reached): split it all here
        os.close(read_end)
        os.close(write_end)
        yield parse_string(text, parse_stack=[]).blocks, {}
        return
    if pid == 0:  # the worker
        os.close(read_end)
        _work(text[cut:], write_end)
    os.close(write_end)
    reaped = False
    try:
        library = Splitter(text[:cut]).split()
        if _open_at_cut(library.blocks):
            yield parse_string(text, parse_stack=[]).blocks, {}
            return
        first = list(library.blocks)
        yield first, {}
        handle, read_end = read_end, -1  # closed by _receive, whatever happens
        payload = _receive(handle)
        _pid, status = os.waitpid(pid, 0)
        reaped = True
        prepared: dict[int, Prepared] = {}
        if os.waitstatus_to_exitcode(status) == 0 and payload:
            second = _decode(pickle.loads(payload), text, cut, prepared)
        else:  # the worker failed: split the second part here
            second = list(_unwrapped(Splitter(text[cut:]).split().blocks))
        library.add(second, fail_on_duplicate_key=False)
        yield library.blocks[len(first) :], prepared
    finally:
        if read_end >= 0:
            os.close(read_end)
        if not reaped:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _receive(read_end: int) -> bytes:
    with os.fdopen(read_end, "rb") as pipe:
        return pipe.read()


def _open_at_cut(blocks: Sequence[Block]) -> bool:
    """Whether the first part ended in a block the end of the text cut short."""
    last = blocks[-1] if blocks else None
    return isinstance(last, ParsingFailedBlock) and getattr(last.error, "abort_reason", "") == _EOF


def _work(part: str, write_end: int) -> None:
    """The worker: split ``part``, prepare its entries, send them, and exit (never returns)."""
    code = 1
    try:
        data = pickle.dumps(_encode(part), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)  # no clean-up of the copied parent: its files and connections are not ours


def _unwrapped(blocks: Iterable[Block]) -> Iterable[Block]:
    """The blocks as split, before a library turned repeated keys into failed blocks."""
    for block in blocks:
        if isinstance(block, DuplicateBlockKeyBlock) and block.ignore_error_block is not None:
            yield block.ignore_error_block
        else:
            yield block


# --- the worker's blocks, to and fro ------------------------------------------------

_Encoded = tuple[Any, ...]


def _encode(part: str) -> list[_Encoded]:
    out: list[_Encoded] = []
    cursor = 0
    for block in _unwrapped(Splitter(part).split().blocks):
        raw = block.raw or ""
        offset = part.find(raw, cursor)
        if offset < 0:  # not expected: every raw is a slice of the text
            raise ValueError("a block's text is not in the part split")
        cursor = offset
        where = (offset, len(raw), block.start_line)
        if isinstance(block, DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            assert isinstance(entry, Entry)
            out.append(("D", *where, *_entry(entry), tuple(sorted(block.duplicate_keys))))
        elif isinstance(block, Entry):
            ready = _prepare(block)
            if ready is None:
                out.append(("E", *where, *_entry(block)))
            else:
                out.append(("R", *where, block.entry_type, block.key, ready))
        elif isinstance(block, String):
            out.append(("S", *where, block.key, block.value))
        elif isinstance(block, Preamble):
            out.append(("P", *where, block.value))
        elif isinstance(block, ExplicitComment):
            out.append(("C", *where, block.comment))
        elif isinstance(block, ImplicitComment):
            out.append(("I", *where, block.comment))
        elif isinstance(block, ParsingFailedBlock):
            error = block.error
            reason = getattr(error, "abort_reason", None) or str(error)
            out.append(("F", *where, reason, getattr(error, "end_index", None)))
        else:
            raise TypeError(f"unknown block {type(block).__name__}")
    return out


def _entry(entry: Entry) -> tuple[str, str, tuple[str, ...]]:
    flat = tuple(part for field in entry.fields for part in (field.key, field.value))
    return entry.entry_type, entry.key, flat


class _Asked(Mapping[str, str]):
    """No macros defined, and the names looked up (month macros are looked up here first)."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def __getitem__(self, name: str) -> str:
        self.names.add(name)
        raise KeyError(name)

    def get(self, name: str, default: Any = None) -> Any:
        self.names.add(name)
        return default

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _prepare(entry: Entry) -> Prepared | None:
    """An entry's values as the reader would find them, and its work when it needs no crossref.

    Only values that are good as they stand or with BibTeX's own month macros; a
    name looked up is kept, since the file may define it before this entry.
    """
    fields = []
    seen = set()
    asked = _Asked()
    for field in entry.fields:
        lower = field.key.lower()
        if lower in seen:
            return None
        seen.add(lower)
        text = evaluate_simple(field.value)
        if text is None:
            value = evaluate(field.value, asked)
            if value.error or value.undefined:
                return None
            text = value.text
        fields.append((field.key, text))
    converted = None
    if "crossref" not in seen:
        converted = entry_to_work(entry.entry_type.lower(), entry.key, fields)
    return Prepared(tuple(fields), converted, tuple(sorted(asked.names)))


def unprepared(entry: Entry) -> list[Field]:
    """The fields of an entry the worker prepared, split again from its text.

    Wanted only when the file redefines a month macro the entry uses. The entry
    splits alone as it did in the text: the splitter reads a block from its ``@``
    to its end and looks back no further than the ``@``.
    """
    blocks = Splitter(entry.raw or "").split().blocks
    if len(blocks) != 1 or not isinstance(blocks[0], Entry):
        raise ValueError(f"entry {entry.key!r} does not split alone as it did in the text")
    return list(blocks[0].fields)


def _fields(flat: Sequence[str]) -> list[Field]:
    return [Field(flat[n], flat[n + 1]) for n in range(0, len(flat), 2)]


def _decode(
    encoded: list[_Encoded], text: str, cut: int, prepared: dict[int, Prepared]
) -> list[Block]:
    """The worker's blocks rebuilt over ``text`` (lines counted from the cut)."""
    lines = text.count("\n", 0, cut)
    blocks: list[Block] = []
    for kind, offset, size, start_line, *rest in encoded:
        begin = cut + offset
        raw = text[begin : begin + size]
        line = start_line + lines if isinstance(start_line, int) else None
        block: Block
        if kind == "R":
            entry_type, key, ready = rest
            block = Entry(entry_type, key, [], start_line=line, raw=raw)
            prepared[id(block)] = ready
        elif kind in ("E", "D"):
            entry_type, key, flat = rest[:3]
            entry = Entry(entry_type, key, _fields(flat), start_line=line, raw=raw)
            block = entry if kind == "E" else DuplicateFieldKeyBlock(set(rest[3]), entry)
        elif kind == "S":
            block = String(rest[0], rest[1], start_line=line, raw=raw)
        elif kind == "P":
            block = Preamble(rest[0], start_line=line, raw=raw)
        elif kind == "C":
            block = ExplicitComment(rest[0], start_line=line, raw=raw)
        elif kind == "I":
            block = ImplicitComment(rest[0], start_line=line, raw=raw)
        else:
            reason, end = rest
            error = BlockAbortedException(abort_reason=reason, end_index=end)
            block = ParsingFailedBlock(error, start_line=line, raw=raw)
        blocks.append(block)
    return blocks
