"""Bytes -> text as UTF-8 (BOM or not); bad bytes and NULs reported, not raised. Pure: no I/O.

Invalid UTF-8 becomes U+FFFD and NUL bytes are removed, so that the rest of a file
can still be read; each spot is reported with its byte offset and line, and the
readers refuse the blocks that contain those lines (``Decoded.bad_lines``).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from sourcebox.interchange.result import Problem

_BOM = codecs.BOM_UTF8
_BAD = re.compile(r"[\udc80-\udcff]+|\x00+")
#: Report at most this many bad spots per file (a Latin-1 file has thousands).
MAX_REPORTED = 20


@dataclass(frozen=True)
class Decoded:
    """The text of a file, the problems met decoding it, and the lines they are on."""

    text: str
    problems: tuple[Problem, ...] = ()
    bad_lines: frozenset[int] = field(default_factory=frozenset)


def decode(data: bytes, file: str = "") -> Decoded:
    """Decode ``data`` as UTF-8; report invalid sequences and NUL bytes by offset and line."""
    start = len(_BOM) if data.startswith(_BOM) else 0
    text = data[start:].decode("utf-8", "surrogateescape")
    if "\x00" not in text and not _has_surrogates(text):
        return Decoded(text)
    problems: list[Problem] = []
    lines: set[int] = set()
    line = 1
    previous = 0
    for count, match in enumerate(_BAD.finditer(text)):
        line += text.count("\n", previous, match.start())
        previous = match.start()
        lines.add(line)
        if count < MAX_REPORTED:
            problems.append(_problem(text, match, start, line, file))
        elif count == MAX_REPORTED:
            problems.append(
                Problem(
                    "encoding",
                    f"more invalid bytes follow (only the first {MAX_REPORTED} are listed)",
                    file=file,
                    line=line,
                )
            )
    clean = _BAD.sub(lambda m: "" if m.group().startswith("\x00") else "\ufffd", text)
    return Decoded(clean, tuple(problems), frozenset(lines))


def prepare(source: str | bytes, file: str = "") -> Decoded:
    """The text of ``source`` (bytes as UTF-8), cleaned of NULs and of unpaired surrogates.

    Text that has neither is returned as it is (less a leading BOM); otherwise it
    is checked like bytes, so problems carry byte offsets in its UTF-8 form. Lone
    surrogates U+DC80-U+DCFF are the bytes Python could not decode (in argv, say)
    and become those bytes again, so a problem names the byte the user has.
    """
    if isinstance(source, bytes):
        return decode(source, file)
    if "\x00" in source or _has_surrogates(source):
        try:
            data = source.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # other surrogates: no byte they stand for
            data = source.encode("utf-8", "surrogatepass")
        return decode(data, file)
    return Decoded(source[1:] if source.startswith("\ufeff") else source)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _problem(text: str, match: re.Match[str], start: int, line: int, file: str) -> Problem:
    offset = start + len(text[: match.start()].encode("utf-8", "surrogateescape"))
    bad = match.group()
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.start())
    raw = text[line_start : line_end if line_end >= 0 else len(text)]
    raw = _BAD.sub(lambda m: "\ufffd" if not m.group().startswith("\x00") else "", raw)
    if bad.startswith("\x00"):
        kind, what = "nul-byte", f"{len(bad)} NUL byte{'s' if len(bad) > 1 else ''}"
    else:
        shown = bad.encode("utf-8", "surrogateescape").hex(" ")
        kind, what = "encoding", f"invalid UTF-8 (bytes {shown})"
    return Problem(
        kind=kind,
        message=f"{what} at byte offset {offset}, line {line}; the file is read as UTF-8",
        file=file,
        line=line,
        offset=offset,
        raw=raw[:240],
    )
