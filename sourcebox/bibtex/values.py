"""BibTeX value expressions: ``{...}``, ``"..."``, numbers, @string macros and ``#``. Pure: no I/O.

``evaluate`` turns the text bibtexparser's splitter leaves after ``=`` into the
value BibTeX would see: delimiters removed, macros expanded (case-insensitively,
with the month macros ``jan`` ... ``dec`` predefined), parts joined, blanks
squeezed. An undefined macro or a malformed expression is reported back, never
raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sourcebox.bibtex.latex import squeeze

#: BibTeX's predefined month macros.
MONTH_MACROS: Mapping[str, str] = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}

_BLANKS = re.compile(r"[ \t\r\n]+")
_NAME = re.compile(r"[^\s#{}\"]+")
_BRACE = re.compile(r"(?<!\\)[{}]")
_BRACE_OR_QUOTE = re.compile(r"(?<!\\)[{}\"]")


@dataclass(frozen=True)
class Value:
    """An evaluated value and what went wrong on the way (``""`` if nothing)."""

    text: str
    error: str = ""
    #: The undefined macro names met (their names are kept as the text).
    undefined: tuple[str, ...] = ()


def evaluate_simple(expression: str) -> str | None:
    """The value of a lone ``{...}``, ``"..."`` or number without nested delimiters, else None.

    This is most values; ``evaluate`` handles the rest.
    """
    size = len(expression)
    if size >= 2:
        first = expression[0]
        if first == "{":
            if expression.find("{", 1) < 0 and expression.find("}") == size - 1:
                return squeeze(expression[1:-1])
        elif first == '"' and expression[-1] == '"':
            if expression.find("{") < 0 and expression.find("}") < 0:
                if expression.find('"', 1) == size - 1 and expression[-2] != "\\":
                    return squeeze(expression[1:-1])
            elif _quote_end(expression, 0) == size - 1 and _balanced(expression):
                return squeeze(expression[1:-1])
    if expression.isdigit():
        return expression
    return None


def evaluate(expression: str, macros: Mapping[str, str], *, keep_ends: bool = False) -> Value:
    """Evaluate one field value; ``macros`` maps lower-case names to expanded text.

    Blanks are squeezed and the ends trimmed, as BibTeX reads a field; with
    ``keep_ends`` (an ``@string`` definition) a leading or trailing blank stays,
    since it counts wherever the macro is used.
    """
    finish = _collapse if keep_ends else squeeze
    expression = expression.strip()
    if not expression:
        return Value("")
    first = expression[0]
    # Fast path: one braced or quoted string, the overwhelmingly common case.
    if first == "{" and expression[-1] == "}" and _group_end(expression, 0) == len(expression) - 1:
        return Value(finish(expression[1:-1]))
    if first == '"' and expression[-1] == '"' and _quote_end(expression, 0) == len(expression) - 1:
        return Value(finish(expression[1:-1]))
    if expression.isdigit():
        return Value(expression)
    return _concatenation(expression, macros, finish)


def _concatenation(
    expression: str, macros: Mapping[str, str], finish: Callable[[str], str]
) -> Value:
    parts: list[str] = []
    undefined: list[str] = []
    index = 0
    size = len(expression)
    while True:
        index = _skip_blanks(expression, index)
        if index >= size:
            return Value(finish("".join(parts)), "the value ends with '#'", tuple(undefined))
        char = expression[index]
        if char == "{":
            end = _group_end(expression, index)
            if end < 0:
                return _broken(finish, expression, "a '{' is never closed", undefined)
            parts.append(expression[index + 1 : end])
            index = end + 1
        elif char == '"':
            end = _quote_end(expression, index)
            if end < 0:
                return _broken(finish, expression, "a '\"' is never closed", undefined)
            parts.append(expression[index + 1 : end])
            index = end + 1
        else:
            match = _NAME.match(expression, index)
            if match is None:
                return _broken(finish, expression, f"unexpected {char!r}", undefined)
            name = match.group()
            index = match.end()
            if name.isdigit():
                parts.append(name)
            else:
                found = macros.get(name.lower())
                if found is None:
                    found = MONTH_MACROS.get(name.lower())
                if found is None:
                    undefined.append(name)
                    found = name
                parts.append(found)
        index = _skip_blanks(expression, index)
        if index >= size:
            return Value(finish("".join(parts)), "", tuple(undefined))
        if expression[index] != "#":
            unexpected = f"expected '#' before {expression[index:][:20]!r}"
            return _broken(finish, expression, unexpected, undefined)
        index += 1


def _broken(
    finish: Callable[[str], str], expression: str, reason: str, undefined: list[str]
) -> Value:
    return Value(finish(expression), reason, tuple(undefined))


def _collapse(text: str) -> str:
    return _BLANKS.sub(" ", text)


def _skip_blanks(text: str, index: int) -> int:
    size = len(text)
    while index < size and text[index] in " \t\r\n":
        index += 1
    return index


def _group_end(text: str, index: int) -> int:
    """Index of the brace closing the group opened at ``index``, or -1."""
    # As bibtexparser's splitter: a brace right after a backslash does not count.
    level = 0
    for match in _BRACE.finditer(text, index):
        if match.group() == "{":
            level += 1
        else:
            level -= 1
            if level == 0:
                return match.start()
    return -1


def _balanced(text: str) -> bool:
    """True if the unescaped braces of ``text`` pair up."""
    level = 0
    for match in _BRACE.finditer(text):
        level += 1 if match.group() == "{" else -1
        if level < 0:
            return False
    return level == 0


def _quote_end(text: str, index: int) -> int:
    """Index of the quote closing the string opened at ``index`` (braces nest), or -1."""
    level = 0
    for match in _BRACE_OR_QUOTE.finditer(text, index + 1):
        char = match.group()
        if char == "{":
            level += 1
        elif char == "}":
            level = max(level - 1, 0)
        elif level == 0:
            return match.start()
    return -1
