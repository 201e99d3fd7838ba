"""LaTeX field text <-> Unicode: decode what .bib files say, encode it back. Pure: no I/O.

``decode`` turns a BibTeX field value (macros already expanded, whitespace already
squeezed) into plain Unicode: accents and symbols become letters (``{\\"o}`` -> ö),
ligatures become punctuation (``--`` -> –, ``````/``''`` -> “/”, ``~`` -> no-break
space), protective braces and formatting commands disappear, ``\\par`` becomes a
paragraph break. ``encode`` is its inverse on normalised text: for every ``text``
that ``normalize_text`` leaves unchanged, ``decode(encode(text, ascii=a)) == text``
for both values of ``a``. With ``ascii=True`` every character outside ASCII is
written as a LaTeX command (``{\\"o}``, ``{\\ss}``, or ``{\\char"XXXX}`` as a last
resort); without it only LaTeX's special characters are escaped.

What decoding drops (case protection, ``\\emph``, logos, math) is not lost: the
BibTeX reader keeps the source form of any value whose canonical encoding differs
from what the file said.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sourcebox.bibtex.latex_tables import (
    ACCENTS,
    CONTROL_SYMBOLS,
    DIMENSION_COMMANDS,
    DROP_ARGUMENT,
    IGNORED,
    LETTERS,
    LOGOS,
    LOWER_CASE_COMMANDS,
    MARK_COMMANDS,
    MATH_SYMBOLS,
    TEXT_SYMBOLS,
    UPPER_CASE_COMMANDS,
    VERBATIM_COMMANDS,
)

# Spacing: BibTeX treats every run of blanks as one space.
_BLANKS = re.compile(r"[ \t\r\n]+")
_PARAGRAPH = re.compile(r"\n[ \t\r]*\n")

# Anything in a value that decoding may change.
_DECODE_TRIGGER = re.compile(r"[\\{}$~`]|--|''")
_DECODE_SPECIAL = re.compile(r"[\\{}$~`'\-]")
_CONTROL_WORD = re.compile(r"[A-Za-z@]+")
_SPACES = re.compile(r"[ \t\r\n]*")
_DIMENSION = re.compile(
    r"\s*[-+]?\s*(?:\d+\.?\d*|\.\d+)\s*(?:em|ex|pt|mu|bp|cm|mm|in|pc|sp|dd|cc|true\s*pt)?"
)
_CHAR_CODE = re.compile(r"\s*(?:\"([0-9A-Fa-f]+)|'([0-7]+)|`\\?(.)|(\d+))")

_MAX_DEPTH = 64
_COMMANDS_AND_BRACES = re.compile(r"\\(?:[A-Za-z@]+|.)|[{}]")


def squeeze(raw: str) -> str:
    """Collapse runs of blanks to one space and trim, as BibTeX reads a value."""
    if "\n" in raw or "\t" in raw or "\r" in raw or "  " in raw:
        raw = _BLANKS.sub(" ", raw)
    return raw.strip(" ")


def normalize_text(text: str) -> str:
    """The canonical plain form: blanks squeezed, blank lines kept as one paragraph break."""
    if "\n" not in text:
        return squeeze(text)
    paragraphs = (squeeze(p) for p in _PARAGRAPH.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def decode(raw: str) -> str:
    """Plain Unicode for a LaTeX field value; never raises."""
    if not _DECODE_TRIGGER.search(raw):
        return raw
    return normalize_text(_decode(raw, 0))


def _decode(text: str, depth: int) -> str:
    out: list[str] = []
    append = out.append
    index = 0
    size = len(text)
    search = _DECODE_SPECIAL.search
    while index < size:
        match = search(text, index)
        if match is None:
            append(text[index:])
            break
        start = match.start()
        if start > index:
            append(text[index:start])
        char = text[start]
        if char in "{}$":
            index = start + 1
        elif char == "~":
            append("\u00a0")
            index = start + 1
        elif char == "-":
            if text.startswith("---", start):
                append("—")
                index = start + 3
            elif text.startswith("--", start):
                append("–")
                index = start + 2
            else:
                append("-")
                index = start + 1
        elif char == "`":
            double = text.startswith("``", start)
            append("“" if double else "‘")
            index = start + (2 if double else 1)
        elif char == "'":
            double = text.startswith("''", start)
            append("”" if double else "'")
            index = start + (2 if double else 1)
        else:
            index = _command(text, start, out, depth)
    return "".join(out)


def _command(text: str, start: int, out: list[str], depth: int) -> int:
    """Decode the command at ``text[start] == "\\"``; return the index after it."""
    index = start + 1
    if index >= len(text):
        out.append("\\")
        return index
    match = _CONTROL_WORD.match(text, index)
    if match is None:
        name = text[index]
        index += 1
        if name in ACCENTS:
            return _accent(text, index, ACCENTS[name], out, depth)
        out.append(CONTROL_SYMBOLS.get(name, name))
        return index
    name = match.group()
    index = _SPACES.match(text, match.end()).end()  # type: ignore[union-attr]
    if name in ACCENTS:
        return _accent(text, index, ACCENTS[name], out, depth)
    found = LETTERS.get(name) or TEXT_SYMBOLS.get(name) or LOGOS.get(name)
    if found is None:
        found = MATH_SYMBOLS.get(name)
    if found is not None:
        out.append(found)
        return index
    if name in IGNORED:
        return index
    return _command_with_argument(text, name, index, out, depth)


def _command_with_argument(text: str, name: str, index: int, out: list[str], depth: int) -> int:
    if name in DIMENSION_COMMANDS:
        if index < len(text) and text[index] == "{":
            return _argument(text, index, depth)[1]
        match = _DIMENSION.match(text, index)
        return match.end() if match else index
    if name in DROP_ARGUMENT:
        return _argument(text, index, depth)[1]
    if name in VERBATIM_COMMANDS:
        return _verbatim(text, index, out)
    if name == "char":
        return _char(text, index, out)
    if name in UPPER_CASE_COMMANDS or name in LOWER_CASE_COMMANDS:
        argument, index = _argument(text, index, depth)
        change = UPPER_CASE_COMMANDS.get(name) or LOWER_CASE_COMMANDS[name]
        out.append(change(argument))
        return index
    if name in ("href", "enquote", "cs"):
        first, index = _argument(text, index, depth)
        if name == "href":
            first, index = _argument(text, index, depth)
        out.append(
            "“" + first + "”" if name == "enquote" else "\\" + first if name == "cs" else first
        )
        return index
    # An unknown command: a switch or a wrapper keeps its argument (the braces go by
    # themselves); a lone word such as \VAX is most likely an abbreviation.
    if index >= len(text) or text[index] != "{":
        out.append(name)
    return index


def _argument(text: str, index: int, depth: int) -> tuple[str, int]:
    """The decoded macro argument at ``index`` (a group, a command or one character)."""
    index = _SPACES.match(text, index).end()  # type: ignore[union-attr]
    if index >= len(text):
        return "", index
    char = text[index]
    if char == "{":
        end = _closing_brace(text, index)
        inner = text[index + 1 : end]
        if depth >= _MAX_DEPTH:
            # Past any sensible nesting: keep the letters, drop commands and braces.
            return _COMMANDS_AND_BRACES.sub("", inner), end + 1
        return _decode(inner, depth + 1), end + 1
    if char == "\\":
        parts: list[str] = []
        end = _command(text, index, parts, depth + 1)
        return "".join(parts), end
    if char == "}":
        return "", index
    return char, index + 1


def _closing_brace(text: str, index: int) -> int:
    """Index of the brace closing the group opened at ``index`` (end of text if none)."""
    level = 0
    position = index
    size = len(text)
    while position < size:
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "{":
            level += 1
        elif char == "}":
            level -= 1
            if level == 0:
                return position
        position += 1
    return size


def _accent(text: str, index: int, mark: str, out: list[str], depth: int) -> int:
    argument, index = _argument(text, index, depth)
    if not argument:
        out.append(mark)
        return index
    base = argument[0]
    if base == "ı":
        base = "i"
    elif base == "ȷ":
        base = "j"
    out.append(unicodedata.normalize("NFC", base + mark) + argument[1:])
    return index


def _verbatim(text: str, index: int, out: list[str]) -> int:
    if index >= len(text):
        return index
    opener = text[index]
    if opener == "{":
        end = _closing_brace(text, index)
        out.append(text[index + 1 : end])
        return end + 1
    end = text.find(opener, index + 1)
    if end < 0:
        end = len(text)
    out.append(text[index + 1 : end])
    return end + 1


def _char(text: str, index: int, out: list[str]) -> int:
    match = _CHAR_CODE.match(text, index)
    if match is None:
        out.append("char")
        return index
    hexa, octal, literal, decimal = match.groups()
    if literal is not None:
        out.append(literal)
        return match.end()
    code = int(hexa, 16) if hexa else int(octal, 8) if octal else int(decimal)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        out.append(match.group().strip())
    else:
        out.append(chr(code))
    return match.end()


# --- encoding -------------------------------------------------------------------------

_ENCODE_COMMON = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "$": "\\$",
    "&": "\\&",
    "%": "\\%",
    "#": "\\#",
    "_": "\\_",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
    "`": "\\textasciigrave{}",
    "-": "-",
    "'": "'",
    "\u00a0": "~",
    "–": "--",
    "—": "---",
    "“": "``",
    "”": "''",
    "‘": "`",
}
_ENCODE_UNICODE = re.compile(r"[\\{}$&%#_~^`\-'\n\u00a0–—“”‘]")
_ENCODE_ASCII = re.compile(r"[\\{}$&%#_~^`\-'\n\x80-\U0010ffff]")
_ASCII_SYMBOLS: dict[str, str] = {
    **{letter: "{\\" + name + "}" for name, letter in LETTERS.items() if len(letter) == 1},
    **{
        symbol: "{\\" + name + "}"
        for name, symbol in TEXT_SYMBOLS.items()
        if len(symbol) == 1 and symbol not in "\\~^`–—“”‘/{}$|<>_"
        and name not in ("copyright", "euro", "textsterling", "textsection", "textparagraph",
                         "textdagger", "textdaggerdbl", "dots", "textellipsis", "emdash",
                         "endash", "Dash", "bs")
    },
    "\u2009": "\\,",
}  # fmt: skip
# Ligature characters: a second one right after the first must not fuse with it.
_LIGATURE_STARTS = frozenset("-`'")
_SPLITTER_BRACE = re.compile(r"(?<!\\)[{}]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def encode(text: str, ascii: bool = False) -> str:
    """LaTeX for plain ``text``; ``decode`` reads it back unchanged (if it is normalised)."""
    pattern = _ENCODE_ASCII if ascii else _ENCODE_UNICODE
    if not pattern.search(text):
        return text
    out: list[str] = []
    last = ""
    index = 0
    for match in pattern.finditer(text):
        start = match.start()
        if start < index:
            continue
        if start > index:
            out.append(text[index:start])
            last = text[start - 1]
        char = text[start]
        index = start + 1
        if char == "\n":
            if text.startswith("\n\n", start):
                piece = "\\par "
                index = start + 2
            else:
                piece = " "
        else:
            piece = _ENCODE_COMMON.get(char) or _ascii_piece(char)
        if piece[0] in _LIGATURE_STARTS and last == piece[0]:
            out.append("{}")
        out.append(piece)
        last = piece[-1]
    out.append(text[index:])
    return "".join(out)


@lru_cache(maxsize=4096)
def _ascii_piece(char: str) -> str:
    """The ASCII LaTeX for one non-ASCII character."""
    found = _ASCII_SYMBOLS.get(char)
    if found:
        return found
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if (
        marks
        and base.isascii()
        and base.isalpha()
        and all(m in MARK_COMMANDS for m in marks)
        and unicodedata.normalize("NFC", decomposed) == char
    ):
        inner = base
        for mark in marks:
            command = MARK_COMMANDS[mark]
            if command.isalpha() or len(inner) > 1:
                inner = f"\\{command}{{{inner}}}"
            else:
                inner = f"\\{command}{inner}"
        return "{" + inner + "}"
    return f'{{\\char"{ord(char):04X}}}'


def ascii_latex(raw: str) -> str:
    """LaTeX source with its non-ASCII characters (only) written as LaTeX commands."""
    return _NON_ASCII.sub(lambda m: "".join(_ascii_piece(c) for c in m.group()), raw)


def writable_in_braces(text: str) -> bool:
    """True if ``{text}`` reads back as ``text``: unescaped braces pair up, no final backslash.

    Escaped means what bibtexparser's splitter takes it to mean: a brace right
    after a backslash.
    """
    if text.endswith("\\"):
        return False
    level = 0
    for match in _SPLITTER_BRACE.finditer(text):
        if match.group() == "{":
            level += 1
        else:
            level -= 1
            if level < 0:
                return False
    return level == 0
