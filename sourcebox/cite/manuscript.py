"""Pandoc citations and footnotes in a Markdown manuscript, found with positions. Pure: no I/O.

Recognised, as pandoc writes them: ``[@key]``, ``[@key, p. 102]``,
``[@key, pp. 45-47]``, ``[@key, chap. 3]``, ``[see @key, 12; also @other, 4]``,
``[-@key, 7]`` (author suppressed), ``@{key}`` braced keys; the author's own
footnotes ``[^label]`` with their ``[^label]: ...`` definitions, and inline
notes ``^[...]``. Citations inside code spans and fenced code are left alone,
and so is anything escaped with a backslash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcebox.cite.locator import Locator, normalise_label

_KEY = r"(?:\{(?P<braced>[^{}]+)\}|(?P<plain>[A-Za-z0-9_](?:[\w:.#$%&\-+?<>~/]*[A-Za-z0-9_])?))"
_ITEM = re.compile(r"^(?P<prefix>.*?)(?P<minus>-)?@" + _KEY + r"(?P<rest>.*)$", re.S)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_NOTE_DEF = re.compile(r"^ {0,3}\[\^(?P<label>[^\]\s]+)\]:[ \t]?")
_NOTE_REF = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
# Locator terms pandoc understands (English), longest first so "pp." wins over "p.".
_TERMS = sorted(
    """
    pages page pp. pp p. p chapters chapter chaps. chap. ch. sections section secs. sec.
    paragraphs paragraph paras. para. ¶¶ ¶ §§ § notes note nn. n. figures figure figs. fig.
    columns column cols. col. folios folio fols. fol. numbers number nos. no. parts part pts.
    pt. verses verse vv. v. volumes volume vols. vol. books book bks. bk. lines line ll. l.
    sub\u00a0verbo s.vv. s.v. opus op. appendix app. equation eq. table
    """.split(),
    key=len,
    reverse=True,
)
# A bare roman page number (xii, xii-xiv), not a word or an abbreviation such as "c.".
_ROMAN = re.compile(r"(?i:[ivxlcdm]+)(?:\s*(?:-{1,2}|–)\s*(?i:[ivxlcdm]+))?(?=$|[,;\s])")
_SYMBOLS = {"¶": "paragraph", "¶¶": "paragraph", "§": "section", "§§": "section"}
# One page number: 102, 45a, or a roman numeral that is a whole word (not the "m" of "more").
_NUMBER = r"(?:\d+[a-z]?(?![A-Za-z])|(?i:[ivxlcdm]+)(?![A-Za-z]))"
_VALUE = re.compile(
    r"\{[^{}]*\}|" + _NUMBER + r"(?:\s*(?:-{1,2}|–|—|,|&|\band\b)\s*" + _NUMBER + r")*"
)


@dataclass(frozen=True)
class CitationRef:
    """One cited work inside a group, with where its key stands (1-based line and column)."""

    key: str
    locator: Locator | None
    prefix: str
    suffix: str
    suppress_author: bool
    line: int
    column: int


@dataclass(frozen=True)
class CitationGroup:
    """A bracketed citation: its works, its span in the text, and the note it sits in."""

    refs: tuple[CitationRef, ...]
    start: int
    end: int
    in_note: str | None = None


@dataclass(frozen=True)
class NoteRef:
    """A reference to the author's footnote ``[^label]``, or an inline note ``^[...]``.

    Inline notes are labelled ``^1``, ``^2``, ... and also listed as definitions.
    """

    label: str
    start: int
    end: int
    inline_text: str | None = None


@dataclass(frozen=True)
class NoteDef:
    """An author's footnote definition: its label, its whole span, and its text."""

    label: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Manuscript:
    """A parsed manuscript: the text, citation groups and notes, in reading order."""

    text: str
    groups: tuple[CitationGroup, ...]
    note_refs: tuple[NoteRef, ...]
    note_defs: tuple[NoteDef, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Every cited key, once, in order of first citation."""
        return tuple(dict.fromkeys(ref.key for group in self.groups for ref in group.refs))


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_manuscript(text: str) -> Manuscript:
    """Find every citation group and author's note of a Markdown manuscript."""
    skipped = _code_regions(text)
    defs = _note_definitions(text, skipped)
    groups: list[CitationGroup] = []
    refs: list[NoteRef] = []
    position = 0
    while position < len(text):
        if (region := _region_at(skipped, position)) is not None:
            position = region
            continue
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "^" and text.startswith("^[", position):
            end = _closing_bracket(text, position + 1)
            if end is not None:
                label = f"^{sum(1 for r in refs if r.inline_text is not None) + 1}"
                refs.append(NoteRef(label, position, end + 1, text[position + 2 : end]))
                # Citations inside an inline note are still found, as part of that note.
                defs.append(NoteDef(label, position, end + 1, text[position + 2 : end]))
                position += 2
                continue
        if char == "[":
            if (match := _NOTE_REF.match(text, position)) and not _is_definition(defs, position):
                refs.append(NoteRef(match["label"], position, match.end()))
                position = match.end()
                continue
            end = _closing_bracket(text, position)
            if end is not None and (group := _group(text, position, end, defs)) is not None:
                groups.append(group)
                position = end + 1
                continue
        position += 1
    return Manuscript(text, tuple(groups), tuple(refs), tuple(defs))


def _code_regions(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks and inline code spans, sorted."""
    regions: list[tuple[int, int]] = []
    offset = 0
    fence: str | None = None
    fence_start = 0
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            fence, fence_start = match.group(1), offset
        elif (
            fence is not None
            and match
            and match.group(1)[0] == fence[0]
            and len(match.group(1)) >= len(fence)
            and not line.strip().strip(fence[0])
        ):
            regions.append((fence_start, offset + len(line)))
            fence = None
        offset += len(line)
    if fence is not None:
        regions.append((fence_start, len(text)))
    regions.extend(_code_spans(text, regions))
    return sorted(regions)


def _code_spans(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = 0
    runs = re.compile(r"`+")
    while (match := runs.search(text, position)) is not None:
        if any(start <= match.start() < end for start, end in blocks):
            position = match.end()
            continue
        if match.start() > 0 and text[match.start() - 1] == "\\":
            position = match.end()
            continue
        ticks = match.group()
        closing = re.compile(r"(?<!`)" + ticks + r"(?!`)")
        close = closing.search(text, match.end())
        if close is None:
            position = match.end()
            continue
        spans.append((match.start(), close.end()))
        position = close.end()
    return spans


def _region_at(regions: list[tuple[int, int]], position: int) -> int | None:
    for start, end in regions:
        if start <= position < end:
            return end
        if start > position:
            break
    return None


def _note_definitions(text: str, skipped: list[tuple[int, int]]) -> list[NoteDef]:
    """Footnote definitions: the first line, then indented or lazy continuation lines."""
    defs: list[NoteDef] = []
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    index = 0
    while index < len(lines):
        match = _NOTE_DEF.match(lines[index])
        if not match or _region_at(skipped, offsets[index]) is not None:
            index += 1
            continue
        body = [lines[index][match.end() :]]
        end = index + 1
        while end < len(lines):
            line = lines[end]
            if not line.strip():
                following = lines[end + 1] if end + 1 < len(lines) else ""
                if following.startswith(("    ", "\t")):
                    body.append(line)
                    end += 1
                    continue
                break
            if _NOTE_DEF.match(line) or _FENCE.match(line):
                break
            body.append(line[4:] if line.startswith("    ") else line.lstrip("\t"))
            end += 1
        defs.append(NoteDef(match["label"], offsets[index], offsets[end], "".join(body).rstrip()))
        index = end
    return defs


def _is_definition(defs: list[NoteDef], position: int) -> bool:
    return any(d.start <= position < d.start + len(d.label) + 5 for d in defs)


def _closing_bracket(text: str, start: int) -> int | None:
    """The index of the ``]`` matching ``text[start] == '['``, on the same paragraph."""
    depth = 0
    position = start
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "\n" and text.startswith("\n\n", position):
            return None
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return None


def _group(text: str, start: int, end: int, defs: list[NoteDef]) -> CitationGroup | None:
    """The citation group ``text[start:end + 1]``, or None if the brackets are not one."""
    following = text[end + 1 : end + 2]
    if following in ("(", "[", ":") or (start > 0 and text[start - 1] in "!]"):
        return None  # a link, an image, a reference definition
    inner = text[start + 1 : end]
    if "@" not in inner:
        return None
    refs: list[CitationRef] = []
    offset = start + 1
    for part in _split_items(inner):
        match = _ITEM.match(part)
        if match is None:
            return None
        prefix = match["prefix"]
        if prefix and not (prefix[-1].isspace() or prefix[-1] in "[;"):
            return None  # "foo@bar.com" is no citation
        key = match["braced"] or match["plain"]
        locator, suffix = _locator_and_suffix(match["rest"])
        # Report the position of "-@" or "@", where the user typed the citation.
        at = offset + part.index("@", len(prefix)) - (1 if match["minus"] else 0)
        line, column = line_column(text, at)
        refs.append(
            CitationRef(
                key=key,
                locator=locator,
                prefix=" ".join(prefix.split()),
                suffix=suffix,
                suppress_author=bool(match["minus"]),
                line=line,
                column=column,
            )
        )
        offset += len(part) + 1
    in_note = next((d.label for d in defs if d.start <= start < d.end), None)
    return CitationGroup(tuple(refs), start, end + 1, in_note)


def _split_items(inner: str) -> list[str]:
    """Split a group's inside at top-level semicolons."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in inner:
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        if char == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _locator_and_suffix(rest: str) -> tuple[Locator | None, str]:
    """``", pp. 45-47, emphasis added"`` -> (Locator("45-47", "page"), ", emphasis added")."""
    stripped = rest.strip()
    if not stripped.startswith(","):
        return None, " ".join(stripped.split())
    body = stripped[1:].lstrip()
    label = "page"
    for term in _TERMS:
        if body.lower().startswith(term.lower()) and (
            len(body) == len(term) or not body[len(term)].isalpha()
        ):
            label = _SYMBOLS.get(term) or normalise_label(term.replace("\u00a0", " "))
            if term in ("sub\u00a0verbo", "s.v.", "s.vv."):
                label = "sub-verbo"
            body = body[len(term) :].lstrip()
            break
    else:
        roman = _ROMAN.match(body)
        if not body[:1].isdigit() and not body.startswith("{") and roman is None:
            return None, " ".join(stripped.split())
    match = _VALUE.match(body)
    if match is None:
        return None, " ".join(stripped.split())
    value = match.group().strip("{}")
    suffix = " ".join(body[match.end() :].split())
    return Locator(value, label), suffix


def parse_locator(text: str) -> Locator | None:
    """A locator as typed after a key: ``102``, ``pp. 45-47``, ``chap. 3`` (None if empty).

    Raises ``ValueError`` when the text is not a locator.
    """
    if not text.strip():
        return None
    locator, suffix = _locator_and_suffix(", " + text.strip())
    if locator is None or suffix:
        raise ValueError(f"{text!r} is not a locator such as 102, pp. 45-47 or chap. 3")
    return locator


_LINK = re.compile(r"\]\(\s*<?(https?://[^\s<>)]+)")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
# Not the target of a Markdown link or an autolink (the two patterns above find those).
_BARE = re.compile(r"(?<!\]\()(?<!\]\(<)(?<!<)\bhttps?://[^\s<>()\[\]\"']+")


def inline_links(text: str) -> tuple[str, ...]:
    """Every http(s) link a reader can click: Markdown links, <autolinks>, bare URLs.

    Links inside code spans and fenced code are left out; trailing sentence
    punctuation is not part of a bare URL.
    """
    found: list[tuple[int, str]] = []
    skipped = _code_regions(text)
    for pattern in (_LINK, _AUTOLINK, _BARE):
        group = 1 if pattern.groups else 0
        for match in pattern.finditer(text):
            if _region_at(skipped, match.start()) is None:
                found.append((match.start(group), match[group]))
    links = [url.rstrip(".,;:!?") for _, url in sorted(found)]
    return tuple(dict.fromkeys(links))
