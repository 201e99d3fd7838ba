"""BibTeX/BibLaTeX text -> records and problems, via bibtexparser 2's splitter. Pure: no I/O.

bibtexparser splits the file into blocks and reports the blocks it could not
split (syntax errors, duplicate keys, a field given twice); this module expands
``@string`` macros and ``#`` in file order, resolves ``crossref``, turns each
entry into a ``Work`` (``sourcebox.bibtex.entry``) and reports every failed block
with file, line, key, kind and the start of the block. It never raises on input.

Two things bibtexparser 2.1 gets wrong are handled here: its line numbers drift
after any newline that follows a backslash (so lines are counted here), and a
value it cuts short (a ``"`` inside braces inside a quoted value) is reported as
a failed entry instead of being read as two half-entries.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ImplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)

from sourcebox.bibtex.crossref import inherit
from sourcebox.bibtex.entry import FieldIssue, entry_to_work
from sourcebox.bibtex.split import Prepared, split, unprepared
from sourcebox.bibtex.values import Value, evaluate, evaluate_simple
from sourcebox.domain.keys import check_key
from sourcebox.domain.model import Work
from sourcebox.errors import ValidationError
from sourcebox.gcpause import paused_gc
from sourcebox.interchange.decoding import prepare
from sourcebox.interchange.result import ImportResult, Problem, Record, start_of

# bibtexparser logs every failed block as a warning; we report them as problems.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_KEY_IN_RAW = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()=\"]*)")
# A line outside any entry that looks like a field: the rest of a broken entry.
_STRAY_FIELD = re.compile(r"^[ \t]*[A-Za-z][\w:.+-]*[ \t]*=[ \t]*\S", re.MULTILINE)


@dataclass
class _Entry:
    """An entry with its fields evaluated, before it becomes a work."""

    entry_type: str
    key: str
    line: int
    fields: list[tuple[str, str]]
    block: Entry
    parent: str = ""
    #: The value of its ``crossref`` field, if it has one.
    crossref: str | None = None
    #: Its work, read ahead (only when it has no crossref): see ``convert_ahead``.
    converted: tuple[Work, list[FieldIssue]] | None = None


def read_bibtex(source: str | bytes, *, file: str = "") -> ImportResult:
    """Read BibTeX or BibLaTeX; ``source`` is the text, or the bytes of a UTF-8 file."""
    problems: list[Problem] = []
    decoded = prepare(source, file)
    text, bad_lines = decoded.text, decoded.bad_lines
    problems.extend(decoded.problems)
    with paused_gc():
        return _read(text, file, bad_lines, problems)


def _read(text: str, file: str, bad_lines: frozenset[int], problems: list[Problem]) -> ImportResult:
    before = len(problems)
    reader = _Reader(text, file, bad_lines, problems)
    try:
        for blocks, prepared in split(text):
            reader.read_blocks(blocks, prepared)
            reader.convert_ahead()  # while the worker, if any, splits the rest
    except Exception as error:  # bibtexparser raises on its own bugs, not on bad input
        del problems[before:]
        problems.append(
            Problem("parser", f"bibtexparser failed on this file: {error!r}", file=file)
        )
        return ImportResult((), tuple(problems))
    records = reader.records()
    return ImportResult(tuple(records), tuple(problems), tuple(reader.preambles))


class _Reader:
    def __init__(
        self,
        text: str,
        file: str,
        bad_lines: frozenset[int],
        problems: list[Problem],
    ) -> None:
        self.text = text
        self.prepared: Mapping[int, Prepared] = {}
        self._converted = 0  # entries before this one were converted ahead
        self.file = file
        self.bad_lines = bad_lines
        self.problems = problems
        self.macros: dict[str, str] = {}
        self.entries: list[_Entry] = []
        self.preambles: list[str] = []
        # Lines are counted here: bibtexparser's splitter skips a newline that follows
        # a backslash, so its start_line drifts after any value with "\\" at a line end.
        self.line = 1
        self._cursor = 0
        self._lines: dict[int, int] = {}

    # --- blocks ---------------------------------------------------------------------

    def _locate(self, block: Block) -> int:
        """The 1-based line where ``block`` starts (blocks come in file order)."""
        raw = block.raw or ""
        position = self.text.find(raw, self._cursor) if raw else -1
        if position < 0:
            return (block.start_line or 0) + 1
        self.line += self.text.count("\n", self._cursor, position)
        self._cursor = position
        self._lines[id(block)] = self.line
        return self.line

    def _line_of(self, block: Block) -> int:
        return self._lines.get(id(block), (block.start_line or 0) + 1)

    def _field_line(self, block: Block, name: str, occurrence: int = 1) -> int:
        """The line of the ``occurrence``-th field called ``name`` in ``block``."""
        raw = block.raw or ""
        pattern = r"(?<![\w:.+-])" + re.escape(name) + r"\s*="
        matches = list(re.finditer(pattern, raw, re.IGNORECASE))
        line = self._line_of(block)
        if len(matches) < occurrence:
            return line
        return line + raw.count("\n", 0, matches[occurrence - 1].start())

    def read_blocks(self, blocks: Iterable[Block], prepared: Mapping[int, Prepared]) -> None:
        self.prepared = prepared
        for block in blocks:
            line = self._locate(block)
            raw = block.raw or ""
            if self._touches_bad_line(line, raw):
                self._fail("encoding", block, "the block holds invalid bytes (see above)")
                continue
            if isinstance(block, Entry):
                self._entry(block)
            elif isinstance(block, String):
                self._string(block)
            elif isinstance(block, Preamble):
                value = self._evaluate(block.value, line, "", "@preamble")
                self.preambles.append(value)
            elif isinstance(block, DuplicateBlockKeyBlock):
                self._duplicate(block)
            elif isinstance(block, DuplicateFieldKeyBlock):
                self._duplicate_fields(block)
            elif isinstance(block, ImplicitComment):
                self._stray(block)
            elif isinstance(block, ParsingFailedBlock):
                reason = getattr(block.error, "abort_reason", None) or str(block.error)
                self._fail("syntax", block, f"syntax error: {reason.strip()}")

    def _stray(self, block: ImplicitComment) -> None:
        match = _STRAY_FIELD.search(block.comment)
        if match is None:
            return
        line = self._line_of(block) + block.comment.count("\n", 0, match.start())
        self.problems.append(
            Problem(
                "stray-text",
                "text outside any entry looks like fields (the rest of a broken entry?); "
                "it was not imported",
                file=self.file,
                line=line,
                raw=start_of(block.comment[match.start() :]),
            )
        )

    def _touches_bad_line(self, line: int, raw: str) -> bool:
        if not self.bad_lines:
            return False
        last = line + raw.count("\n")
        return any(line <= bad <= last for bad in self.bad_lines)

    def _entry(self, block: Entry) -> None:
        ready = self.prepared.get(id(block))
        if ready is not None:
            if not any(name in self.macros for name in ready.macros):
                # The worker's values hold: no macro it looked up is defined in the file.
                fields = list(ready.fields)
                crossref = None  # the worker converts every entry without one
                if ready.converted is None:
                    crossref = next((v for n, v in fields if n.lower() == "crossref"), None)
                self.entries.append(
                    _Entry(
                        block.entry_type.lower(),
                        block.key,
                        self._line_of(block),
                        fields,
                        block,
                        crossref=crossref,
                        converted=ready.converted,
                    )
                )
                return
            block.fields = unprepared(block)  # read it here, with the file's macros
        fields = []
        seen: dict[str, str] = {}  # lower-case name -> name as written
        for item in block.fields:
            name = item.key
            lower = name.lower()
            if lower in seen:
                first = self._field_line(block, seen[lower])
                second = self._field_line(block, name, 2)
                self._fail(
                    "duplicate-field",
                    block,
                    f"field '{name}' is given twice (lines {first} and {second}); "
                    "BibTeX would ignore the second; this entry was not imported",
                    key=block.key,
                    field=name,
                )
                return
            seen[lower] = name
            text = evaluate_simple(item.value)
            if text is None:
                value = evaluate(item.value, self.macros)
                if value.error:
                    self._fail(
                        "syntax",
                        block,
                        f"field '{name}' (line {self._field_line(block, name)}) cannot be "
                        f"read: {value.error}; this entry was not imported",
                        key=block.key,
                        field=name,
                    )
                    return
                if value.undefined:
                    self._undefined(value, self._field_line(block, name), block.key, name)
                text = value.text
            fields.append((name, text))
        line = self._line_of(block)
        crossref = None
        if "crossref" in seen:
            crossref = next(v for n, v in fields if n == seen["crossref"])
        self.entries.append(
            _Entry(block.entry_type.lower(), block.key, line, fields, block, crossref=crossref)
        )

    def _string(self, block: String) -> None:
        line = self._line_of(block)
        self.macros[block.key.lower()] = self._evaluate(
            block.value, line, "", f"@string {block.key}", keep_ends=True
        )

    def _evaluate(
        self, expression: str, line: int, key: str, name: str, *, keep_ends: bool = False
    ) -> str:
        value = evaluate(expression, self.macros, keep_ends=keep_ends)
        if value.error:
            self._warn(
                "bad-value", f"{name}: {value.error}; the value is kept as written", line, key, name
            )
        self._undefined(value, line, key, name)
        return value.text

    def _undefined(self, value: Value, line: int, key: str, name: str) -> None:
        for macro in value.undefined:
            self._warn(
                "undefined-string",
                f"{name}: @string '{macro}' is not defined; its name is kept as the text",
                line,
                key,
                name,
            )

    def _duplicate(self, block: DuplicateBlockKeyBlock) -> None:
        duplicate = block.ignore_error_block
        previous = block.previous_block
        before = self._line_of(previous)
        if isinstance(duplicate, String):
            line = self._line_of(block)
            self._warn(
                "duplicate-string",
                f"@string '{block.key}' is defined again (first on line {before}); "
                "the new value is used from here on",
                line,
                "",
                block.key,
            )
            self._lines[id(duplicate)] = line
            self._string(duplicate)
            return
        self._fail(
            "duplicate-key",
            block,
            f"the key '{block.key}' is already used by the entry on line {before}; "
            "this entry was not imported",
            key=block.key,
        )

    def _duplicate_fields(self, block: DuplicateFieldKeyBlock) -> None:
        entry = block.ignore_error_block
        key = entry.key if isinstance(entry, Entry) else ""
        details = []
        if isinstance(entry, Entry):
            for name in sorted(block.duplicate_keys):
                count = sum(1 for f in entry.fields if f.key == name)
                lines = [str(self._field_line(block, name, n)) for n in range(1, count + 1)]
                details.append(f"'{name}' (lines {' and '.join(lines)})")
        self._fail(
            "duplicate-field",
            block,
            f"field {', '.join(details)} given twice; BibTeX would ignore the second; "
            "this entry was not imported",
            key=key,
            field=",".join(sorted(block.duplicate_keys)),
        )

    def _fail(self, kind: str, block: Block, message: str, key: str = "", field: str = "") -> None:
        raw = block.raw or ""
        if not key:
            match = _KEY_IN_RAW.match(raw.lstrip())
            key = match.group(1) if match else ""
        self.problems.append(
            Problem(
                kind,
                message,
                file=self.file,
                line=self._line_of(block),
                key=key,
                raw=start_of(raw),
                field=field,
            )
        )

    def _warn(self, kind: str, message: str, line: int | None, key: str, name: str) -> None:
        self.problems.append(
            Problem(
                kind, message, file=self.file, line=line, key=key, severity="warning", field=name
            )
        )

    # --- entries -> records -----------------------------------------------------------

    def convert_ahead(self) -> None:
        """Read the works of the entries read so far that inherit nothing; ``records`` uses them."""
        for entry in self.entries[self._converted :]:
            if entry.converted is None and entry.crossref is None:
                entry.converted = entry_to_work(entry.entry_type, entry.key, entry.fields)
        self._converted = len(self.entries)

    def records(self) -> list[Record]:
        by_key = {entry.key.lower(): entry for entry in self.entries}
        resolved: dict[int, list[tuple[str, str]]] = {}
        out = []
        for entry in self.entries:
            fields = self._resolve(entry, by_key, resolved, ())
            if entry.converted is not None and fields is entry.fields:
                work, issues = entry.converted
            else:
                work, issues = entry_to_work(entry.entry_type, entry.key, fields)
            for issue in issues:
                self._warn(
                    "bad-date"
                    if "date" in issue.field or issue.field in ("year", "month")
                    else "bad-field",
                    f"{issue.field} {issue.value!r}: {issue.reason}",
                    self._field_line(entry.block, issue.field),
                    entry.key,
                    issue.field,
                )
            self._check_key(entry)
            out.append(Record(work, line=entry.line, crossref=entry.parent, file=self.file))
        return out

    def _check_key(self, entry: _Entry) -> None:
        try:
            check_key(entry.key)
        except ValidationError as error:
            reason = error.problems[0].reason
            self._warn(
                "invalid-key",
                f"the key {entry.key!r} is not valid: {reason}",
                entry.line,
                entry.key,
                "key",
            )

    def _resolve(
        self,
        entry: _Entry,
        by_key: dict[str, _Entry],
        resolved: dict[int, list[tuple[str, str]]],
        chain: tuple[str, ...],
    ) -> list[tuple[str, str]]:
        """The entry's fields plus what it inherits through ``crossref``."""
        if id(entry) in resolved:
            return resolved[id(entry)]
        fields = entry.fields
        target = entry.crossref
        if target is not None:
            parent = by_key.get(target.lower())
            if parent is None:
                entry.parent = target
                self._warn(
                    "missing-crossref",
                    f"crossref '{target}' is not in this file; the link is kept",
                    self._field_line(entry.block, "crossref"),
                    entry.key,
                    "crossref",
                )
            elif parent is entry or parent.key.lower() in chain:
                self._warn(
                    "crossref-loop",
                    f"crossref '{target}' leads back to this entry; nothing inherited",
                    self._field_line(entry.block, "crossref"),
                    entry.key,
                    "crossref",
                )
            else:
                entry.parent = parent.key
                parent_fields = self._resolve(parent, by_key, resolved, (*chain, entry.key.lower()))
                fields = fields + inherit(
                    entry.entry_type, fields, parent.entry_type, parent_fields
                )
        resolved[id(entry)] = fields
        return fields
