"""Works -> BibTeX or BibLaTeX text, read back by ``read_bibtex`` as the same works. Pure: no I/O.

Unicode by default, LaTeX escapes everywhere with ``ascii=True`` (there, non-ASCII
characters in unmodelled fields become LaTeX commands too, and in URLs and DOIs
%-escapes: the same text and the same address, spelled differently). Keys are written
exactly as stored; fields come in one fixed order (creators, titles, container,
numbers, publisher, dates, identifiers, notes, then ``extra`` in its own order).
A value whose BibTeX source was kept on import (``extra["bibtex.title"]``) is
written in that form again while it still decodes to the work's value. The
newest confirmed snapshot becomes ``archiveurl``/``archivedate``; ``accessed``
becomes ``urldate``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote

from sourcebox.bibtex.entry import format_keywords, split_keywords
from sourcebox.bibtex.latex import ascii_latex, decode, encode, squeeze, writable_in_braces
from sourcebox.bibtex.mapping import (
    ENTRY_TYPE_KEY,
    GENRE_KEYS,
    JOURNAL_TYPES,
    PLACE_CANDIDATES,
    ROLE_FIELDS,
    SOURCE_PREFIX,
    TYPE_KEYS,
    Dialect,
    container_candidates,
    default_genre,
    issue_candidates,
    number_candidates,
    publisher_candidates,
    read_type,
    write_type,
)
from sourcebox.bibtex.names import format_names, parse_names
from sourcebox.bibtex.values import evaluate
from sourcebox.domain.model import Creator, Work
from sourcebox.interchange.snapshots import format_archive_date, newest_confirmed

_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_BAD_NAME_CHARS = frozenset(' \t\r\n,={}"#%()')
# Every printable ASCII character but the blank: only other characters get %-escaped.
_URL_SAFE = "".join(chr(c) for c in range(33, 127))


def write_bibtex(
    works: Iterable[Work],
    *,
    dialect: Dialect = "bibtex",
    ascii: bool = False,
    preambles: Sequence[str] = (),
) -> str:
    """The works as a .bib file (``dialect`` ``"bibtex"`` or ``"biblatex"``)."""
    parts = [f"@preamble{{{_delimit(p)}}}\n" for p in preambles]
    parts.extend(format_entry(work, dialect=dialect, ascii=ascii) for work in works)
    return "\n".join(parts)


def format_entry(work: Work, *, dialect: Dialect = "bibtex", ascii: bool = False) -> str:
    """One work as a BibTeX entry."""
    entry = _Entry(work, dialect, ascii)
    lines = [f"@{entry.entry_type}{{{work.key},"]
    lines.extend(f"  {name} = {value}," for name, value in entry.fields)
    lines.append("}\n")
    text = "\n".join(lines)
    return text.replace("\x00", "") if "\x00" in text else text


class _Entry:
    """The fields of one entry, built in output order."""

    def __init__(self, work: Work, dialect: Dialect, ascii: bool) -> None:
        self.work = work
        self.dialect = dialect
        self.ascii = ascii
        self.fields: list[tuple[str, str]] = []
        self.emitted: set[str] = set()
        self.extras = {k: v for k, v in work.extra.items() if not k.startswith(SOURCE_PREFIX)}
        self.extra_names = {k.lower() for k in self.extras}
        self.entry_type, subtype = self._type()
        self._creators()
        self._text("title", "title")
        self._text("title_short", "shorttitle")
        kind = work.type
        journal = "journal" if dialect == "bibtex" else "journaltitle"
        natural = journal if kind in JOURNAL_TYPES else "booktitle"
        self._text("container_title", self._pick(natural, container_candidates(kind)))
        self._text("collection_title", "series")
        self._text("edition", "edition")
        self._text("volume", "volume")
        self._text(
            "issue",
            self._pick("number" if kind in JOURNAL_TYPES else "issue", issue_candidates(kind)),
        )
        self._text(
            "number",
            self._pick("eid" if kind in JOURNAL_TYPES else "number", number_candidates(kind)),
        )
        self._text("page", "pages")
        publisher = {
            "report": "institution",
            "thesis": "school" if dialect == "bibtex" else "institution",
        }
        self._text(
            "publisher", self._pick(publisher.get(kind, "publisher"), publisher_candidates(kind))
        )
        place = "address" if dialect == "bibtex" else "location"
        self._text("publisher_place", self._pick(place, PLACE_CANDIDATES))
        self._dates()
        self._genre()
        self._text("medium", "howpublished")
        self._verbatim("doi", work.doi)
        self._text("isbn", "isbn")
        self._text("issn", "issn")
        self._verbatim("url", work.url)
        if work.accessed is not None:
            self._verbatim("urldate", str(work.accessed))
        self._text("language", "language")
        self._keywords()
        self._text("abstract", "abstract")
        self._text("note", "note")
        if subtype:
            self._verbatim("entrysubtype", subtype)
        self._snapshot()
        self._extras()

    # --- helpers ----------------------------------------------------------------------

    def _add(self, name: str, value: str) -> None:
        self.fields.append((name, value))
        self.emitted.add(name.lower())

    def _pick(self, natural: str, candidates: Sequence[str]) -> str:
        """The dialect's name, or the reader's first choice when ``extra`` holds a rival.

        A rival read from a file is never the first candidate (that one would have
        won); one that is (from elsewhere) gets renamed by ``_extras``.
        """
        return natural if self.extra_names.isdisjoint(candidates) else candidates[0]

    def _source(self, attr: str) -> str | None:
        """The kept BibTeX source of ``attr``, if it can be written as it is."""
        raw = self.work.extra.get(SOURCE_PREFIX + attr)
        if not isinstance(raw, str) or not writable_in_braces(raw):
            return None
        if self.ascii and not raw.isascii():
            return None
        return raw

    def _text(self, attr: str, name: str) -> None:
        value: str = getattr(self.work, attr)
        raw = self._source(attr)
        if raw is not None and decode(raw) == value:
            self._add(name, "{" + raw + "}")
        elif value:
            self._add(name, "{" + encode(value, self.ascii) + "}")

    def _verbatim(self, name: str, value: str) -> None:
        if value:
            if self.ascii and not value.isascii():
                value = quote(value, safe=_URL_SAFE)
            self._add(name, _delimit(value))

    # --- parts ------------------------------------------------------------------------

    def _type(self) -> tuple[str, str]:
        work = self.work
        has_url = bool(work.url)
        natural, subtype = write_type(work.type, work.genre, has_url, self.dialect)
        kept = work.extra.get(ENTRY_TYPE_KEY)
        if isinstance(kept, str) and kept and kept != natural:
            for sub in ("", subtype or work.type):
                if read_type(kept, sub, has_url)[0] == work.type:
                    return kept, sub
        return natural, subtype

    def _creators(self) -> None:
        roles: dict[str, list[Creator]] = {}
        for creator in self.work.creators:
            roles.setdefault(creator.role, []).append(creator)
        for role, creators in roles.items():
            natural = ROLE_FIELDS.get(role, role)
            name = natural if natural not in self.extra_names else role
            raw = self._source(role)
            if raw is not None and list(parse_names(raw, role)) == creators:
                self._add(name, "{" + raw + "}")
            else:
                self._add(name, "{" + format_names(creators, self.ascii) + "}")

    def _dates(self) -> None:
        issued = self.work.issued
        if issued is None:
            return
        year = f"{issued.year:04d}" if issued.year >= 0 else f"-{-issued.year:04d}"
        raw = self._source("year")
        raw_year = raw if raw is not None and decode(raw) == year else None
        blocked = bool(self.extra_names & {"year", "month"})
        year_form = (self.dialect == "bibtex" or raw_year is not None) and not blocked
        if year_form:
            self._add("year", "{" + (raw_year or year) + "}")
            if issued.month is not None:
                self._add("month", _MONTH_MACROS[issued.month - 1])
        needs_date = issued.day is not None or issued.circa or not year_form
        if needs_date and "date" not in self.extra_names:
            self._add("date", "{" + str(issued) + "}")

    def _genre(self) -> None:
        genre = self.work.genre
        raw = self._source("genre")
        if raw is not None and TYPE_KEYS.get(decode(raw), decode(raw)) == genre:
            self._add("type", "{" + raw + "}")
        elif genre and genre != default_genre(self.entry_type):
            key = GENRE_KEYS.get(genre) if self.dialect == "biblatex" else None
            self._add("type", "{" + (key or encode(genre, self.ascii)) + "}")

    def _keywords(self) -> None:
        tags = [tag for tag in self.work.tags if tag]
        raw = self._source("tags")
        if raw is not None and split_keywords(raw) == tags:
            self._add("keywords", "{" + raw + "}")
        elif tags:
            self._add("keywords", "{" + format_keywords(tags, self.ascii) + "}")

    def _snapshot(self) -> None:
        snapshot = newest_confirmed(self.work.snapshots)
        if snapshot is None or "archiveurl" in self.extra_names:
            return
        self._verbatim("archiveurl", snapshot.archive_url)
        if snapshot.captured_at is not None and "archivedate" not in self.extra_names:
            self._verbatim("archivedate", format_archive_date(snapshot.captured_at))

    def _extras(self) -> None:
        for name, value in self.extras.items():
            text = value if isinstance(value, str) else _json(value)
            field = _field_name(name)
            while field.lower() in self.emitted:
                field = "x-" + field
            if self.ascii and not text.isascii():
                text = ascii_latex(text)
            self._add(field, _delimit(squeeze(text)))


def _delimit(value: str) -> str:
    """``value`` enclosed so that the reader gets it back (braces, else quotes)."""
    value = value.replace("\x00", "")  # the one character no reader accepts
    if writable_in_braces(value):
        return "{" + value + "}"
    quoted = '"' + value + '"'
    result = evaluate(quoted, {})
    if not result.error and result.text == value:
        return quoted
    # Unpaired braces that neither form can carry: escape them (the one lossy case).
    return "{" + value.replace("{", "\\{").replace("}", "\\}").rstrip("\\") + "}"


def _field_name(name: str) -> str:
    if name and not any(c in _BAD_NAME_CHARS for c in name) and not name[0].isdigit():
        return name
    cleaned = "".join("-" if c in _BAD_NAME_CHARS else c for c in name).strip("-")
    return cleaned if cleaned and not cleaned[0].isdigit() else "x-" + cleaned


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True)
