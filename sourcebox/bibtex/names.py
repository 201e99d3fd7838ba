"""BibTeX name lists <-> creators: ``von Last, Jr, First`` and ``{Organisations}``. Pure: no I/O.

Reading splits a field on ``and`` outside braces, splits each name with
bibtexparser's ``parse_single_name_into_parts``, then turns the First/von/Last/Jr
parts into a ``Creator`` with Unicode text. A name that is one braced group
(``{Human Rights Watch}``) is kept whole as a literal. (bibtexparser's own
``split_multiple_persons_names`` is not used: it drops a backslash command that
starts any name after the first, turning ``A and \\"Ozt\\"urk`` into ``Ozt\\"urk``.)

Writing produces ``von Last, Jr, First`` and protects whatever BibTeX would
otherwise split or re-case, so that ``parse_names(format_names(c)) == c`` for
every tuple of normalised creators: commas and the word ``and`` in braces, a
family name with lower-case inner words braced whole, a particle that does not
start in lower case prefixed with ``\\lowercase{}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bibtexparser.middlewares.names import parse_single_name_into_parts

from sourcebox.bibtex.latex import decode, encode, squeeze
from sourcebox.domain.model import Creator

_BLANKS = " \t\r\n"
# Anything that makes a name need bibtexparser's full splitter.
_NEEDS_SPLITTER = re.compile(r"[{}\\~\t\r\n]|  ")
_SPLITTING_CHAR = re.compile(r"(?<!\\)([~,])")
_AND_WORD = re.compile(r"(?<![^ ])(and)(?![^ ])", re.IGNORECASE)
_BRACE = re.compile(r"(?<!\\)[{}]")
_AND_SEPARATOR = re.compile(r"[ \t\r\n]and[ \t\r\n]", re.IGNORECASE)
_SPLIT_TOKENS = re.compile(r"(?<!\\)[{}]|[ \t\r\n]+and(?=[ \t\r\n])", re.IGNORECASE)


def parse_names(raw: str, role: str) -> tuple[Creator, ...]:
    """The creators in a BibTeX name field (``A and B and {C}``)."""
    return tuple(parse_name(name, role) for name in split_names(raw))


def split_names(raw: str) -> list[str]:
    """The names of a name field: split on ``and`` between blanks, outside braces."""
    if not _AND_SEPARATOR.search(raw):
        return [raw] if raw.strip(_BLANKS) else []
    names = []
    level = 0
    start = 0
    for match in _SPLIT_TOKENS.finditer(raw):
        token = match.group()
        if token == "{":
            level += 1
        elif token == "}":
            level = max(level - 1, 0)
        elif level == 0:
            names.append(raw[start : match.start()])
            start = match.end()
    names.append(raw[start:])
    return [name.strip(_BLANKS) for name in names if name.strip(_BLANKS)]


def parse_name(text: str, role: str) -> Creator:
    """One BibTeX name as a creator with the given role."""
    text = text.strip(_BLANKS)
    if text.startswith("{") and _whole_group(text):
        return Creator(literal=decode(squeeze(text[1:-1])), role=role)
    if not _NEEDS_SPLITTER.search(text):
        simple = _simple_name(text, role)
        if simple is not None:
            return simple
    parts = parse_single_name_into_parts(text, strict=False)
    return Creator(
        family=decode(" ".join(parts.last)),
        given=decode(" ".join(parts.first)),
        particle=decode(" ".join(parts.von)),
        suffix=decode(" ".join(parts.jr)),
        role=role,
    )


def _simple_name(text: str, role: str) -> Creator | None:
    """``First Last`` or ``Last, First`` with no lower-case word, braces or commands.

    The common case, split here without bibtexparser's character loop; anything
    else (None) goes to ``parse_single_name_into_parts``.
    """
    head, comma, tail = text.partition(",")
    if "," in tail:
        return None
    words = head.split(" ")
    if not all(w and w[0].isupper() for w in words):
        return None
    if comma:
        given = tail.strip(" ")
        return Creator(family=decode(" ".join(words)), given=decode(given), role=role)
    return Creator(family=decode(words[-1]), given=decode(" ".join(words[:-1])), role=role)


def format_names(creators: Iterable[Creator], ascii: bool = False) -> str:
    """A BibTeX name field for ``creators``; ``parse_names`` reads it back unchanged."""
    return " and ".join(format_name(creator, ascii) for creator in creators)


def format_name(creator: Creator, ascii: bool = False) -> str:
    """``von Last, Jr, First`` (or ``{Literal}``) for one creator."""
    if creator.literal or not (
        creator.family or creator.given or creator.particle or creator.suffix
    ):
        return "{" + encode(creator.literal, ascii) + "}"
    family = _part(creator.family, ascii)
    family_words = family.split(" ")
    if len(family_words) > 1 and any(_word_case(w) == 0 for w in family_words[:-1]):
        family, family_words = "{" + family + "}", [family]
    if not family:
        family, family_words = "{}", ["{}"]
    head = family
    if creator.particle:
        particle = _part(creator.particle, ascii)
        words = particle.split(" ")
        if _word_case(words[-1]) != 0:
            words[-1] = "\\lowercase{}" + words[-1]
        head = " ".join(words) + " " + family
    if not creator.given and not creator.suffix:
        simple = not creator.particle and len(family_words) == 1
        if simple and not (family.startswith("{") and _whole_group(family)):
            return family
        return head + ", {}"
    given = _part(creator.given, ascii) or "{}"
    if creator.suffix:
        return f"{head}, {_part(creator.suffix, ascii)}, {given}"
    return f"{head}, {given}"


def natural_form(creators: Iterable[Creator], ascii: bool = False) -> str | None:
    """``First von Last`` for each creator, as people often write it (None if any has a Jr)."""
    names = []
    for creator in creators:
        if creator.suffix:
            return None
        if creator.literal:
            names.append("{" + encode(creator.literal, ascii) + "}")
            continue
        words = (creator.given, creator.particle, creator.family)
        names.append(" ".join(encode(w, ascii) for w in words if w))
    return " and ".join(names)


def _part(text: str, ascii: bool) -> str:
    """A name part as LaTeX that the name splitter keeps in one piece."""
    encoded = encode(text, ascii)
    if "~" in encoded or "," in encoded:
        encoded = _SPLITTING_CHAR.sub(r"{\1}", encoded)
    if "nd" in encoded or "ND" in encoded or "Nd" in encoded or "nD" in encoded:
        encoded = _AND_WORD.sub(r"{\1}", encoded)
    return encoded


def _whole_group(text: str) -> bool:
    """True if the brace opening ``text`` closes at its very end."""
    level = 0
    last = len(text) - 1
    for match in _BRACE.finditer(text):
        if match.group() == "{":
            level += 1
        else:
            level -= 1
            if level == 0:
                return match.start() == last
    return False


def _word_case(word: str) -> int:
    """1 upper, 0 lower, -1 caseless: the case bibtexparser's name splitter gives a word."""
    case = -1
    level = 0
    brace_start = False
    control = False
    special = False
    index = 0
    size = len(word)
    while index < size:
        char = word[index]
        if char == "\\" and index + 1 < size:
            escaped = word[index + 1]
            if escaped in " ~\r\n\t":
                # bibtexparser drops the backslash and reads the blank (or tie) as such.
                index += 1
                continue
            index += 2
            if brace_start:
                brace_start = False
                control = escaped.isalpha()
                special = True
            elif case == -1 and escaped.isalpha():
                case = 1 if escaped.isupper() else 0
            continue
        index += 1
        if char == "{":
            level += 1
            brace_start = True
            control = False
            special = False
            continue
        brace_start = False
        if char == "}":
            level = max(level - 1, 0)
            control = False
            special = False
            continue
        if level:
            if control:
                if not char.isalpha():
                    control = False
            elif special and case == -1 and char.isalpha():
                case = 1 if char.isupper() else 0
            continue
        if case == -1 and char.isalpha():
            case = 1 if char.isupper() else 0
    return case
