"""Citation keys: made from a pattern, folded to ASCII, unique, valid. Pure: no I/O.

The pattern's fields: ``{author}`` (first creator's family name, or an
organisation's words run together), ``{authors}`` (up to three family names),
``{year}`` (``nd`` when undated), ``{title}`` (first significant title word),
``{shorttitle}`` (first three) and ``{type}``. Uniqueness is checked against a
set of taken keys passed in: this module never asks the database.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable, Container, Sequence

from sourcebox.domain.model import Creator, Work
from sourcebox.errors import ConfigError, FieldProblem, ValidationError

DEFAULT_PATTERN = "{author}{year}{title}"

# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans(
    {
        "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE",
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
        "Þ": "TH", "ı": "i", "ŋ": "ng",
    }
)  # fmt: skip

STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "without",
        "into",
        "onto",
        "upon",
        "as",
        "about",
        "over",
        "under",
        "between",
        "through",
        "toward",
        "towards",
        "via",
        "vs",
        "versus",
        "la",
        "le",
        "les",
        "l",
        "el",
        "los",
        "las",
        "lo",
        "un",
        "una",
        "une",
        "des",
        "du",
        "de",
        "del",
        "della",
        "der",
        "die",
        "das",
        "ein",
        "eine",
    ]
)

# Pandoc's rule: start with a letter, digit or _, then letters, digits, _ and
# internal punctuation; end with a letter, digit or _.
_KEY = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_:.#$%&+?<>~/-]*[A-Za-z0-9_])?$")
_FIELD = re.compile(r"\{(\w+)\}")


def fold(text: str) -> str:
    """Fold to lowercase ASCII letters and digits: ``Müller-Lüd`` -> ``mullerlud``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return "".join(c for c in ascii_text if c in string.ascii_lowercase + string.digits)


def _words(text: str) -> list[str]:
    return [w for w in (fold(part) for part in re.split(r"[\s\-–—/:]+", text)) if w]


def _author_part(creator: Creator) -> str:
    if creator.literal:
        return "".join(w for w in _words(creator.literal) if w not in STOP_WORDS)
    return fold(creator.particle + creator.family)


def _first_creators(work: Work) -> Sequence[Creator]:
    for role in ("author", "editor", "translator"):
        found = work.creators_with(role)
        if found:
            return found
    return work.creators


def _significant_title_words(work: Work) -> list[str]:
    return [w for w in _words(work.title) if w not in STOP_WORDS]


def _field_values(work: Work) -> dict[str, Callable[[], str]]:
    creators = _first_creators(work)
    return {
        "author": lambda: _author_part(creators[0]) if creators else "anon",
        "authors": lambda: "".join(_author_part(c) for c in creators[:3]) or "anon",
        "year": lambda: str(work.issued.year) if work.issued else "nd",
        "title": lambda: "".join(_significant_title_words(work)[:1]),
        "shorttitle": lambda: "".join(_significant_title_words(work)[:3]),
        "type": lambda: fold(work.type),
    }


def check_pattern(pattern: str) -> str:
    """Return ``pattern`` if every ``{field}`` in it is known, else raise ``ConfigError``."""
    known = _field_values(Work(type="book"))
    for name in _FIELD.findall(pattern):
        if name not in known:
            raise ConfigError(
                f"Unknown field {{{name}}} in the key pattern {pattern!r}.",
                f"Use {', '.join('{' + k + '}' for k in known)}.",
            )
    if not _FIELD.search(pattern):
        raise ConfigError(
            f"The key pattern {pattern!r} has no {{field}}.",
            f"Use a pattern such as {DEFAULT_PATTERN!r}.",
        )
    return pattern


def base_key(work: Work, pattern: str = DEFAULT_PATTERN) -> str:
    """The key a pattern gives for a work, before it is made unique."""
    values = _field_values(work)
    check_pattern(pattern)
    key = _FIELD.sub(lambda m: values[m.group(1)](), pattern)
    key = re.sub(r"[^A-Za-z0-9_:.#$%&+?<>~/-]", "", key).strip(":.#$%&+?<>~/-")
    return key or "work"


def suffix(index: int) -> str:
    """The index-th suffix: 0 -> ``a``, 25 -> ``z``, 26 -> ``aa``, 27 -> ``ab``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def uniquify(key: str, existing: Container[str]) -> str:
    """``key`` itself if free, else ``key`` + a, b, ..., z, aa, ab, ... whichever is free."""
    if key not in existing:
        return key
    index = 0
    while (candidate := key + suffix(index)) in existing:
        index += 1
    return candidate


def make_key(work: Work, existing: Container[str], pattern: str = DEFAULT_PATTERN) -> str:
    """A new unique key for ``work`` from ``pattern``."""
    return uniquify(base_key(work, pattern), existing)


def check_key(key: str) -> str:
    """Return ``key`` if it is a valid citation key, else raise ``ValidationError``."""
    if not _KEY.match(key):
        raise ValidationError(
            [
                FieldProblem(
                    "key",
                    key,
                    "a key starts with a letter, digit or _ and holds only letters, "
                    "digits, _ and :.#$%&-+?<>~/ inside (no spaces, commas or braces)",
                )
            ]
        )
    return key
