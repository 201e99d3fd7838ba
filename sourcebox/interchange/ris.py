"""RIS <-> works: the common tags both ways, everything else kept. Pure: no I/O.

Mapped both ways: TY, ID (key), AU/A1, ED/A2, A3 (series editor), A4 (translator),
TI/T1, T2 (also read from JO, JF, BT), T3, ST, PY, DA, Y2 (accessed), PB, CY, VL,
IS, M1 (number), SP/EP, ET, SN (ISSN for periodicals, else ISBN), DO, UR, LA, M3
(genre), KW, AB, N1 (note). Other tags are kept in ``extra`` under the tag
(repeated tags joined by newlines) and written back as tags.

What RIS cannot say (a type without a TY, a creator role without a tag, a
snapshot, ``extra`` entries that are not tags, a name RIS would split otherwise)
goes into one extra note: ``N1  - sourcebox: {JSON}``. The writer finds it by
reading its own output back, so the reader restores exactly what was written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sourcebox.domain.model import Work
from sourcebox.interchange.decoding import prepare
from sourcebox.interchange.result import ImportResult, Problem, Record, start_of
from sourcebox.interchange.ris_tags import (
    CARRIER,
    TAG_LINE,
    apply_carrier,
    build_carrier,
    work_from_tags,
    work_tags,
)


@dataclass
class _Raw:
    """One record as read: its tags and values in order, and where it starts."""

    line: int
    tags: list[tuple[str, str]]
    text: list[str]
    closed: bool = False


# --- reading ------------------------------------------------------------------------------


def read_ris(source: str | bytes, *, file: str = "") -> ImportResult:
    """Read RIS records (``TY`` ... ``ER``); ``source`` is text or UTF-8 bytes."""
    problems: list[Problem] = []
    decoded = prepare(source, file)
    text, bad_lines = decoded.text, decoded.bad_lines
    problems.extend(decoded.problems)
    records: list[Record] = []
    keys: dict[str, int] = {}
    for raw in _records(text, file, problems):
        last = raw.line + len(raw.text) - 1
        work, issues = _work(raw.tags)
        key = work.key

        def fail(kind: str, message: str, raw: _Raw = raw, key: str = key) -> None:
            problems.append(
                Problem(kind, message, file=file, line=raw.line, key=key,
                        raw=start_of("\n".join(raw.text)))
            )  # fmt: skip

        if any(raw.line <= bad <= last for bad in bad_lines):
            fail("encoding", "the record holds invalid bytes; it was not imported")
            continue
        if key and key in keys:
            fail("duplicate-key", f"the ID '{key}' is already used by the record on line "
                 f"{keys[key]}; this record was not imported")  # fmt: skip
            continue
        if not raw.closed:
            problems.append(
                Problem("unterminated", "the record has no ER line; it was read up to the "
                        "next TY or the end of the file", file=file, line=raw.line, key=key,
                        severity="warning")
            )  # fmt: skip
        keys[key] = raw.line
        for name, message in issues:
            problems.append(
                Problem("bad-field", message, file=file, line=raw.line, key=key,
                        severity="warning", field=name)
            )  # fmt: skip
        records.append(Record(work, line=raw.line, file=file))
    return ImportResult(tuple(records), tuple(problems))


def _records(text: str, file: str, problems: list[Problem]) -> list[_Raw]:
    records: list[_Raw] = []
    current: _Raw | None = None
    stray: int | None = None
    # Lines end at "\n" (and "\r\n") only, as the other readers and editors count them:
    # str.splitlines() would also break at U+2028, U+0085 and friends inside a value.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        match = TAG_LINE.match(line)
        tag = match.group(1) if match else None
        value = (match.group(2) or "") if match else line
        if tag == "TY":
            if current is not None:
                records.append(current)
            current = _Raw(number, [(tag, value.strip())], [line])
        elif current is None:
            if line.strip() and stray is None:
                stray = number
                problems.append(
                    Problem("stray-text", "text outside any record (before a TY line) was "
                            "not read", file=file, line=number, severity="warning",
                            raw=start_of(line))
                )  # fmt: skip
        elif tag == "ER":
            current.text.append(line)
            current.closed = True
            records.append(current)
            current = None
            stray = None
        elif tag is not None:
            current.tags.append((tag, value.rstrip()))
            current.text.append(line)
        else:
            # A line without a tag continues the value before it.
            previous_tag, previous = current.tags[-1]
            current.tags[-1] = (previous_tag, previous + "\n" + line.rstrip())
            current.text.append(line)
    if current is not None:
        records.append(current)
    return records


def _work(tags: list[tuple[str, str]]) -> tuple[Work, list[tuple[str, str]]]:
    """The work a record's tags describe, then corrected by its ``sourcebox:`` note."""
    carrier: dict[str, Any] | None = None
    plain: list[tuple[str, str]] = []
    issues: list[tuple[str, str]] = []
    for tag, value in tags:
        value = value.strip("\n")
        if tag == "N1" and value.startswith(CARRIER) and carrier is None:
            try:
                loaded = json.loads(value[len(CARRIER) :])
            except (ValueError, RecursionError):
                loaded = None
            if isinstance(loaded, dict):
                carrier = loaded
                continue
            issues.append(("N1", "a 'sourcebox:' note is not valid JSON; read as a note"))
        plain.append((tag, value))
    work = work_from_tags(plain, issues)
    if carrier is not None:
        work = apply_carrier(work, carrier, issues)
    return work, issues


# --- writing ------------------------------------------------------------------------------


def write_ris(works: Iterable[Work]) -> str:
    """The works as RIS records, each ending in ``ER`` and a blank line."""
    return "".join(format_record(work) for work in works)


def format_record(work: Work) -> str:
    """One work as a RIS record that ``read_ris`` reads back as the same work."""
    text = "".join(f"{tag}  - {value}\n" for tag, value in work_tags(work))
    # Read the tags back as the reader will, and note whatever they do not carry.
    [raw] = _records(text, "", [])
    written = work_from_tags([(tag, value.strip("\n")) for tag, value in raw.tags], [])
    carrier = build_carrier(work, written)
    if carrier:
        note = json.dumps(carrier, ensure_ascii=False, sort_keys=True)
        # One line: escape the characters str.splitlines() breaks at that JSON leaves as they are.
        note = (
            note.replace("\x85", "\\u0085")
            .replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029")
        )
        text += f"N1  - {CARRIER}{note}\n"
    return text + "ER  - \n\n"
