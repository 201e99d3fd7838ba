"""The search query language, parsed to a frozen value. Pure: no I/O.

The same language serves ``list``, ``export``, ``archive`` and the TUI.

A query is a list of terms, all of which must hold::

    iran "treacherous alliance" -draft author:parsi year:2000..2010 tag:ira* has:url

Free words match by prefix against every indexed text; a quoted phrase matches
exactly; ``-`` excludes; ``field:value`` narrows to one field or property. Words
are split the way SQLite's FTS5 ``unicode61`` tokenizer splits them (runs of
letters and digits), so ``C++``, ``O'Brien`` or ``e-mail`` are plain words and
never a syntax error. What cannot be understood raises ``QueryError`` with the
column of the bad term and what is allowed there.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from sourcebox.domain.model import DATE_FIELDS, TEXT_FIELDS, WORK_TYPES
from sourcebox.errors import QueryError

#: Fields matched in the full-text index (``author`` searches the creators).
TEXT_TERM_FIELDS: tuple[str, ...] = ("author", "title", "container", "abstract", "note", "quote")

#: Every field name a query may use, in the order help lists them.
QUERY_FIELDS: tuple[str, ...] = (
    *TEXT_TERM_FIELDS,
    "tag",
    "type",
    "year",
    "key",
    "has",
    "archived",
)

#: What ``has:`` accepts besides the text and date fields of a work.
HAS_RELATIONS: tuple[str, ...] = ("quotes", "tags", "creators", "snapshot")

#: Every ``has:`` value, canonical names only.
HAS_NAMES: tuple[str, ...] = (*TEXT_FIELDS, *DATE_FIELDS, *HAS_RELATIONS)

# Friendly spellings people type for has: (singular/plural, the short field names).
_HAS_ALIASES: dict[str, str] = {
    "quote": "quotes",
    "tag": "tags",
    "creator": "creators",
    "author": "creators",
    "authors": "creators",
    "snapshots": "snapshot",
    "container": "container_title",
    "collection": "collection_title",
    "year": "issued",
    "date": "issued",
}

_YES = ("yes", "y", "true", "1")
_NO = ("no", "n", "false", "0")

# A field is letters (then letters, digits, _ or -) followed by a colon.
_FIELD = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):")
_YEAR = r"-?\d{1,4}"
_YEAR_RANGE = re.compile(rf"^(?:({_YEAR})|({_YEAR})?\.\.({_YEAR})?)$")


@dataclass(frozen=True)
class TextTerm:
    """Words looked up in the full-text index.

    ``field`` is ``None`` for every indexed text, else one of ``TEXT_TERM_FIELDS``.
    The tokens form a phrase (one token is the common case); with ``prefix`` the
    last token matches any word it begins ("alli" finds "Alliance").
    """

    tokens: tuple[str, ...]
    field: str | None = None
    prefix: bool = True
    negated: bool = False
    position: int = 0


@dataclass(frozen=True)
class TagTerm:
    """A tag name, compared case-insensitively; ``*`` in it matches any text."""

    pattern: str
    negated: bool = False
    position: int = 0

    @property
    def is_glob(self) -> bool:
        """True when the pattern holds a ``*``."""
        return "*" in self.pattern


@dataclass(frozen=True)
class TypeTerm:
    """A work type, one of ``WORK_TYPES``."""

    type: str
    negated: bool = False
    position: int = 0


@dataclass(frozen=True)
class YearTerm:
    """Year of issue within ``start``..``end`` (inclusive; ``None`` is open)."""

    start: int | None
    end: int | None
    negated: bool = False
    position: int = 0


@dataclass(frozen=True)
class KeyTerm:
    """A citation key: exact, or a pattern where ``*`` matches any text."""

    pattern: str
    negated: bool = False
    position: int = 0

    @property
    def is_glob(self) -> bool:
        """True when the pattern holds a ``*``."""
        return "*" in self.pattern

    @property
    def prefix(self) -> str | None:
        """For ``parsi*`` (one trailing star), the prefix ``parsi``; else None."""
        if self.pattern.endswith("*") and "*" not in self.pattern[:-1] and len(self.pattern) > 1:
            return self.pattern[:-1]
        return None


@dataclass(frozen=True)
class HasTerm:
    """A work that has a non-empty field, or some quotes, tags, creators or a snapshot."""

    name: str
    negated: bool = False
    position: int = 0


@dataclass(frozen=True)
class ArchivedTerm:
    """A work with a confirmed snapshot that has an archive URL (``archived:yes``)."""

    archived: bool = True
    negated: bool = False
    position: int = 0


Term = TextTerm | TagTerm | TypeTerm | YearTerm | KeyTerm | HasTerm | ArchivedTerm


@dataclass(frozen=True)
class Query:
    """A parsed query: its text and its terms, all of which must hold."""

    text: str = ""
    terms: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the query matches every work."""
        return not self.terms

    @property
    def text_terms(self) -> tuple[TextTerm, ...]:
        """The full-text terms, included and excluded."""
        return tuple(t for t in self.terms if isinstance(t, TextTerm))

    @property
    def has_text(self) -> bool:
        """True when some full-text term must match (so results can be ranked)."""
        return any(not t.negated for t in self.text_terms)


def is_token_char(char: str) -> bool:
    """True for what FTS5 ``unicode61`` keeps in a word: letters, digits, private use."""
    return char.isalnum() or unicodedata.category(char) == "Co"


def tokenize(text: str) -> tuple[str, ...]:
    """The words of ``text`` as FTS5 ``unicode61`` sees them; punctuation separates."""
    tokens: list[str] = []
    current: list[str] = []
    for char in text:
        if is_token_char(char):
            current.append(char)
        elif current:
            tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    return tuple(tokens)


def parse_query(text: str) -> Query:
    """Parse ``text`` into a ``Query``; an empty or blank text matches everything.

    Raises:
        QueryError: for an unknown field, a bad value, an unbalanced quote or
            undecodable input, at the column of the offending term.
    """
    for position, char in enumerate(text):
        if 0xD800 <= ord(char) <= 0xDFFF:
            # What Python makes of undecodable bytes in argv; no database takes it.
            raise QueryError(
                text, position, "this character is not valid text; check the terminal's encoding"
            )
    return Query(text=text, terms=tuple(_Parser(text).terms()))


class _Parser:
    """A hand-written scanner: the language has no nesting, so one pass suffices."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, position: int, reason: str) -> QueryError:
        return QueryError(self.text, position, reason)

    def terms(self) -> list[Term]:
        terms: list[Term] = []
        text = self.text
        while True:
            while self.pos < len(text) and text[self.pos].isspace():
                self.pos += 1
            if self.pos >= len(text):
                return terms
            start = self.pos
            negated = False
            if text[self.pos] == "-" and self.pos + 1 < len(text):
                following = text[self.pos + 1]
                if not following.isspace():
                    negated = True
                    self.pos += 1
            term = self.term(negated, start)
            if term is not None:
                terms.append(term)

    def term(self, negated: bool, start: int) -> Term | None:
        text = self.text
        begin = self.pos
        if text[begin] == '"':
            phrase = self.quoted()
            tokens = tokenize(phrase)
            if not tokens:
                return None
            return TextTerm(tokens, None, prefix=False, negated=negated, position=start)
        field = _FIELD.match(text, begin)
        if field is not None:
            value_at = field.end()
            at_end = value_at >= len(text) or text[value_at].isspace()
            name = field.group(1).lower()
            if not (at_end and name not in QUERY_FIELDS) and not text.startswith("//", value_at):
                # "Iran: a history" pasted from a title, or a URL, stays plain words.
                self.pos = value_at
                return self.fielded(name, begin, negated, start)
        word = self.bare()
        tokens = tokenize(word)
        if not tokens:
            return None
        return TextTerm(tokens, None, prefix=True, negated=negated, position=start)

    def bare(self) -> str:
        """A word: everything up to white space or a double quote."""
        text = self.text
        begin = self.pos
        while self.pos < len(text) and not text[self.pos].isspace() and text[self.pos] != '"':
            self.pos += 1
        return text[begin : self.pos]

    def quoted(self) -> str:
        """A double-quoted string; ``self.pos`` is at the opening quote."""
        opening = self.pos
        closing = self.text.find('"', opening + 1)
        if closing < 0:
            raise self.error(opening, 'this quote is not closed; add a closing "')
        self.pos = closing + 1
        return self.text[opening + 1 : closing]

    def fielded(self, name: str, name_at: int, negated: bool, start: int) -> Term | None:
        text = self.text
        if name not in QUERY_FIELDS:
            close = difflib.get_close_matches(name, QUERY_FIELDS, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"use {_listing(QUERY_FIELDS)}"
            raise self.error(name_at, f"unknown field '{name}'; {hint}")
        value_at = self.pos
        quoted = value_at < len(text) and text[value_at] == '"'
        value = self.quoted() if quoted else self.bare()
        value = " ".join(value.split())
        if not value:
            raise self.error(name_at, f"'{name}:' needs a value, as in {_EXAMPLES[name]}")
        if name in TEXT_TERM_FIELDS:
            tokens = tokenize(value)
            if not tokens:
                return None
            return TextTerm(tokens, name, prefix=not quoted, negated=negated, position=start)
        if name == "tag":
            return TagTerm(value, negated, start)
        if name == "type":
            return TypeTerm(self.work_type(value, value_at), negated, start)
        if name == "year":
            first, last = self.years(value, value_at)
            return YearTerm(first, last, negated, start)
        if name == "key":
            return KeyTerm(value, negated, start)
        if name == "has":
            return HasTerm(self.has_name(value, value_at), negated, start)
        return ArchivedTerm(self.yes_no(value, value_at), negated, start)

    def work_type(self, value: str, at: int) -> str:
        kind = value.lower()
        if kind in WORK_TYPES:
            return kind
        close = difflib.get_close_matches(kind, WORK_TYPES, n=3, cutoff=0.6)
        shown = close or list(WORK_TYPES[:6])
        raise self.error(at, f"unknown type '{value}'; use a CSL type such as {_listing(shown)}")

    def years(self, value: str, at: int) -> tuple[int | None, int | None]:
        match = _YEAR_RANGE.match(value)
        reason = "a year is written 2007, 2000..2010, 2000.. or ..2010"
        if match is None or value == "..":
            raise self.error(at, f"bad year '{value}'; {reason}")
        single, first, last = match.groups()
        if single is not None:
            return int(single), int(single)
        start = int(first) if first is not None else None
        end = int(last) if last is not None else None
        if start is not None and end is not None and start > end:
            raise self.error(at, f"bad year range '{value}': {start} comes after {end}")
        return start, end

    def has_name(self, value: str, at: int) -> str:
        name = value.lower().replace("-", "_")
        name = _HAS_ALIASES.get(name, name)
        if name in HAS_NAMES:
            return name
        close = difflib.get_close_matches(name, HAS_NAMES, n=1, cutoff=0.6)
        hint = f"did you mean 'has:{close[0]}'?" if close else f"use {_listing(HAS_NAMES)}"
        raise self.error(at, f"unknown has: value '{value}'; {hint}")

    def yes_no(self, value: str, at: int) -> bool:
        answer = value.lower()
        if answer in _YES:
            return True
        if answer in _NO:
            return False
        raise self.error(at, f"bad archived: value '{value}'; use archived:yes or archived:no")


_EXAMPLES: dict[str, str] = {
    "author": "author:parsi",
    "title": 'title:"treacherous alliance"',
    "container": "container:times",
    "abstract": "abstract:nuclear",
    "note": "note:draft",
    "quote": "quote:alliance",
    "tag": "tag:iran or tag:ira*",
    "type": "type:book",
    "year": "year:2007 or year:2000..2010",
    "key": "key:parsi2007 or key:parsi*",
    "has": "has:url or has:quotes",
    "archived": "archived:yes or archived:no",
}


def _listing(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


#: The query language in brief, as ``list --help`` and the TUI's help show it.
HELP = """\
Query language:
  words            match title, creators, container, abstract, note, quotes, tags
                   (prefix matching: 'alli' finds 'Alliance')
  "a phrase"       exact words, in order
  -word            exclude (also -"a phrase" and -field:value)
  author:parsi  title:alliance  container:times  abstract:  note:  quote:
  tag:iran  type:book  key:parsi*  year:2007  year:2000..2010  year:..1990
  has:url  has:doi  has:quotes  has:tags  archived:yes  archived:no
  field values may be quoted: author:"van gogh"
"""
