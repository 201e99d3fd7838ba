"""CSL-JSON (CSL 1.0.2, ``csl-data.json``) <-> works, as pandoc --citeproc reads it. Pure: no I/O.

``id`` is the key. Variables we model map onto ``Work`` fields; every other
variable, and every ``custom`` entry, goes to ``extra`` under its own name (JSON
text for values that are not strings), and the writer puts ``extra`` back: known
variables at the top level, the rest under ``custom``. The newest confirmed
snapshot is written as ``custom["archive-url"]``/``custom["archive-date"]``.

Where our fields hold only part of a value (a date range or a literal date, a
name with a dropping particle or ``parse-names``), the item's own JSON is kept in
``extra["csl.<variable>"]`` and written again while it still reads as the work.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sourcebox.domain.model import Work
from sourcebox.interchange.csl_items import from_csl_item, item_key, to_csl_item
from sourcebox.interchange.decoding import prepare
from sourcebox.interchange.result import ImportResult, Problem, Record, start_of


class _Object(dict[str, Any]):
    """A JSON object that remembers the names it was given more than once."""

    duplicates: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    if len(result) != len(pairs):
        names = [name for name, _ in pairs]
        result.duplicates = tuple(sorted({n for n in names if names.count(n) > 1}))
    return result


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    index: int
    line: int
    last_line: int
    value: Any
    raw: str


def read_csl_json(source: str | bytes, *, file: str = "") -> ImportResult:
    """Read a CSL-JSON array of items (or one item); ``source`` is text or UTF-8 bytes."""
    problems: list[Problem] = []
    decoded = prepare(source, file)
    text, bad_lines = decoded.text, decoded.bad_lines
    problems.extend(decoded.problems)
    records: list[Record] = []
    keys: dict[str, int] = {}
    for item in _items(text, file, problems):

        def fail(kind: str, message: str, key: str = "", item: _Item = item) -> None:
            problems.append(
                Problem(kind, message, file=file, line=item.line, key=key, index=item.index,
                        raw=start_of(item.raw))
            )  # fmt: skip

        if any(item.line <= bad <= item.last_line for bad in bad_lines):
            key = item_key(item.value) if isinstance(item.value, dict) else ""
            fail("encoding", f"item {item.index} holds invalid bytes; it was not imported", key)
            continue
        if not isinstance(item.value, dict):
            kind = type(item.value).__name__
            fail("bad-item", f"item {item.index} is a JSON {kind}, not an object; not imported")
            continue
        key = item_key(item.value)
        if isinstance(item.value, _Object) and item.value.duplicates:
            names = ", ".join(f"'{n}'" for n in item.value.duplicates)
            fail("duplicate-field", f"item {item.index} gives {names} twice; not imported", key)
            continue
        if key and key in keys:
            fail(
                "duplicate-key",
                f"the id '{key}' is already used by item {keys[key]}; this item was not imported",
                key,
            )
            continue
        keys[key] = item.index
        work, issues = from_csl_item(item.value)
        for name, message in issues:
            problems.append(
                Problem("bad-field", message, file=file, line=item.line, key=key,
                        severity="warning", field=name, index=item.index)
            )  # fmt: skip
        records.append(Record(work, line=item.line, index=item.index, file=file))
    return ImportResult(tuple(records), tuple(problems))


def _items(text: str, file: str, problems: list[Problem]) -> Iterator[_Item]:
    """The top-level items, one at a time, so that a syntax error keeps the ones before it."""
    decoder = json.JSONDecoder(object_pairs_hook=_pairs)
    position = _skip(text, 0)
    line = 1 + text.count("\n", 0, position)
    if position >= len(text):
        return
    single = text[position] != "["
    if not single:
        position += 1
    index = 0
    while True:
        start = _skip(text, position)
        line += text.count("\n", position, start)
        if not single and start < len(text) and text[start] == "]":
            _trailing(text, start + 1, file, problems)
            return
        try:
            value, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError as error:
            what = "the file" if single else f"item {index}"
            problems.append(
                Problem(
                    "syntax",
                    f"{what} is not valid JSON: {error.msg} (line {error.lineno}, column "
                    f"{error.colno}); nothing from there on was read",
                    file=file,
                    line=error.lineno,
                    index=None if single else index,
                    raw=start_of(text[start : start + 240]),
                )
            )
            return
        except RecursionError:
            problems.append(
                Problem(
                    "syntax",
                    f"item {index} nests arrays or objects too deeply to read; "
                    "nothing from there on was read",
                    file=file,
                    line=line,
                    index=None if single else index,
                    raw=start_of(text[start : start + 240]),
                )
            )
            return
        last_line = line + text.count("\n", start, end)
        yield _Item(index, line, last_line, value, text[start:end])
        line = last_line
        index += 1
        if single:
            _trailing(text, end, file, problems)
            return
        position = _skip(text, end)
        line += text.count("\n", end, position)
        if position < len(text) and text[position] == ",":
            position += 1
        elif position >= len(text) or text[position] != "]":
            message = "expected ',' or ']' after an item; nothing from there on was read"
            raw = start_of(text[position : position + 240])
            problems.append(Problem("syntax", message, file=file, line=line, index=index, raw=raw))
            return


def _skip(text: str, position: int) -> int:
    size = len(text)
    while position < size and text[position] in " \t\r\n\ufeff":
        position += 1
    return position


def _trailing(text: str, position: int, file: str, problems: list[Problem]) -> None:
    rest = _skip(text, position)
    if rest < len(text):
        line = 1 + text.count("\n", 0, rest)
        problems.append(
            Problem("syntax", "text after the end of the JSON data was not read", file=file,
                    line=line, raw=start_of(text[rest : rest + 240]))
        )  # fmt: skip


# --- writing ------------------------------------------------------------------------------


def write_csl_json(works: Iterable[Work]) -> str:
    """The works as a CSL-JSON array (2-space indent, UTF-8 text, newline at the end)."""
    return json.dumps([to_csl_item(w) for w in works], ensure_ascii=False, indent=2) + "\n"
