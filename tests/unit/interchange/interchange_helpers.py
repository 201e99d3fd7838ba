"""Shared paths, corpus readers and hypothesis strategies for the interchange tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
from hypothesis import strategies as st

from sourcebox.bibtex import read_bibtex
from sourcebox.bibtex.latex import normalize_text, squeeze, writable_in_braces
from sourcebox.bibtex.mapping import NAME_FIELDS
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import ROLES, WORK_TYPES, Creator, Snapshot, Work
from sourcebox.interchange.csl_variables import ALL_VARIABLES, MODELLED
from sourcebox.interchange.result import ImportResult

CORPORA = Path(__file__).parents[3] / ".." / "shared" / "corpora"
FIXTURES = Path(__file__).parents[2] / "fixtures" / "interchange"
CORPUS_FILES = sorted(p.name for p in CORPORA.glob("*.bib")) if CORPORA.is_dir() else []

needs_corpora = pytest.mark.skipif(not CORPUS_FILES, reason="../shared/corpora is not here")


@cache
def corpus(name: str) -> ImportResult:
    """A corpus file read once per test session."""
    return read_bibtex((CORPORA / name).read_bytes(), file=name)


def differences(first: Work, second: Work) -> dict[str, tuple[object, object]]:
    """The fields where two works differ (for readable failures)."""
    return {
        name: (getattr(first, name), getattr(second, name))
        for name in first.__dataclass_fields__
        if getattr(first, name) != getattr(second, name)
    }


def assert_same_works(first: tuple[Work, ...], second: tuple[Work, ...]) -> None:
    assert len(first) == len(second)
    for a, b in zip(first, second, strict=True):
        assert a == b, (a.key, differences(a, b))


# --- strategies ---------------------------------------------------------------------------

#: Characters worth mixing into generated text: LaTeX specials, ligatures, accents.
_SPECIALS = [
    *"\\{}$&%#_~^`-'\",;@=()[]|<>\u00a0–—“”‘’éüñßøıçÖĎ\u0301\u0308ǖ·…",
    "--",
    "''",
    "``",
    " and ",
    "\n\n",
    "{NASA}",
    "\\emph{x}",
    '{\\"o}',
]
_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_RAW = st.lists(st.one_of(_CHARS, st.sampled_from(_SPECIALS)), max_size=12).map("".join)

#: Text as BibTeX can hold it: blanks squeezed, paragraphs as one blank line.
bib_text = _RAW.map(normalize_text)
#: One line of such text (names, tags).
bib_line = _RAW.map(lambda s: squeeze(s.replace("\n", " ")))
#: Any text at all (CSL-JSON and RIS carry it as it is).
any_text = st.one_of(_RAW, st.text(max_size=12))

_URL_CHARS = st.sampled_from(list("abcXYZ019-._~:/?#[]@!$&'()*+,;=%"))
url_text = st.lists(_URL_CHARS, min_size=1, max_size=20).map(lambda c: "https://" + "".join(c))
_URL_LIKE = re.compile(r"(?:https?|ftp)://\S+|\\url\s*\{[^{}]*\}")

_BIB_FIELD_NAMES = frozenset(
    """title shorttitle journal journaltitle booktitle series edition volume number issue eid
    pages publisher organization institution school address location year month date type
    howpublished doi eprint eprinttype archiveprefix isbn issn url urldate language keywords
    abstract note entrysubtype archiveurl archivedate crossref""".split()
) | frozenset(NAME_FIELDS)


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(-2000, 2999))
    month = draw(st.none() | st.integers(1, 12))
    day = draw(st.none() | st.integers(1, 28)) if month else None
    return PartialDate(year, month, day, draw(st.booleans()))


def creators(text: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[Creator, ...]]:
    """Creators grouped by role (roles in any order), persons or organisations."""

    def person(role: str) -> st.SearchStrategy[Creator]:
        return st.one_of(
            st.builds(
                Creator, family=text, given=text, particle=text, suffix=text, role=st.just(role)
            ),
            st.builds(Creator, literal=text.filter(bool), role=st.just(role)),
        )

    def group(role: str) -> st.SearchStrategy[list[Creator]]:
        return st.lists(person(role), min_size=1, max_size=3)

    roles = st.lists(st.sampled_from(ROLES), unique=True, max_size=3)
    return roles.flatmap(
        lambda rs: st.tuples(*(group(r) for r in rs)).map(
            lambda gs: tuple(c for g in gs for c in g)
        )
    )


@st.composite
def snapshots(draw: st.DrawFn, url: str) -> tuple[Snapshot, ...]:
    if not draw(st.booleans()):
        return ()
    captured = draw(
        st.none()
        | st.datetimes(datetime(1996, 1, 1), datetime(2100, 1, 1)).map(
            lambda d: d.replace(tzinfo=UTC)
        )
    )
    archive = draw(url_text)
    return (Snapshot(url=url, archive_url=archive, captured_at=captured, status="confirmed"),)


@st.composite
def bibtex_works(draw: st.DrawFn, *, ascii: bool = False) -> Work:
    """Works whose every value BibTeX can hold (with ``ascii``: unmodelled values in ASCII)."""
    url = draw(st.just("") | url_text)
    medium = draw(bib_text.filter(lambda m: not _URL_LIKE.fullmatch(m)))
    extra_names = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True).filter(
        lambda n: n not in _BIB_FIELD_NAMES
    )
    extra_chars = st.characters(codec="ascii" if ascii else "utf-8", exclude_characters="\x00")
    extra_values = st.text(extra_chars, max_size=12).map(squeeze).filter(writable_in_braces)
    return Work(
        type=draw(st.sampled_from(WORK_TYPES)),
        key=draw(st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_:./+-]{0,12}", fullmatch=True)),
        title=draw(bib_text),
        title_short=draw(bib_text),
        container_title=draw(bib_text),
        collection_title=draw(bib_text),
        publisher=draw(bib_text),
        publisher_place=draw(bib_text),
        edition=draw(bib_text),
        volume=draw(bib_text),
        issue=draw(bib_text),
        page=draw(bib_text),
        number=draw(bib_text),
        genre=draw(bib_text | st.sampled_from(["PhD thesis", "Master's thesis"])),
        medium=medium,
        issued=draw(st.none() | partial_dates()),
        accessed=draw(st.none() | partial_dates()),
        doi=draw(st.just("") | url_text.map(lambda u: "10.1000/" + u[8:])),
        isbn=draw(bib_text),
        issn=draw(bib_text),
        url=url,
        language=draw(bib_text),
        abstract=draw(bib_text),
        note=draw(bib_text),
        extra=draw(st.dictionaries(extra_names, extra_values, max_size=3)),
        creators=draw(creators(bib_line)),
        tags=tuple(draw(st.lists(bib_line.filter(bool), unique=True, max_size=4))),
        snapshots=draw(snapshots(url)),
    )


_CSL_ROLES = [r for r in ROLES if r not in ("host", "narrator")]


@st.composite
def any_works(draw: st.DrawFn, *, csl: bool = False) -> Work:
    """Works with any text at all (CSL-JSON and RIS carry every value)."""
    url = draw(any_text)
    names = st.one_of(st.text(min_size=1, max_size=10), st.sampled_from(sorted(ALL_VARIABLES)))
    names = names.filter(
        lambda n: (
            n not in MODELLED
            and n not in ("archive-url", "archive-date", "sourcebox-tags")
            and not n.startswith(("csl.", "custom.", "x-"))
        )
    )
    text_fields = {
        name: draw(any_text)
        for name in (
            "title title_short container_title collection_title publisher publisher_place "
            "edition volume issue page number genre medium doi isbn issn language abstract note"
        ).split()
    }
    people = draw(creators(any_text))
    if csl:
        # Roles kept under "custom" (host, narrator) are read after the others.
        people = tuple(c for c in people if c.role in _CSL_ROLES) + tuple(
            c for c in people if c.role not in _CSL_ROLES
        )
    return Work(
        type=draw(st.sampled_from(WORK_TYPES)),
        key=draw(st.text(max_size=12)),
        issued=draw(st.none() | partial_dates()),
        accessed=draw(st.none() | partial_dates()),
        url=url,
        extra=draw(st.dictionaries(names, st.text(max_size=12), max_size=3)),
        creators=people,
        tags=tuple(draw(st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=4))),
        snapshots=draw(snapshots(url)),
        **text_fields,
    )
