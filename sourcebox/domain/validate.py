"""Validation of works: per-type required fields and the shapes of DOI, ISBN, ISSN, URL.

Pure: no I/O. ``problems(work)`` returns every problem as data; ``check(work)``
raises them together as one ``ValidationError``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from urllib.parse import urlsplit

from sourcebox.domain.model import LOCATOR_LABELS, WORK_TYPES, Work
from sourcebox.errors import FieldProblem, ValidationError

#: Fields each fully supported type cannot do without.
REQUIRED: Mapping[str, tuple[str, ...]] = {
    "book": ("title",),
    "chapter": ("title", "container_title"),
    "report": ("title",),
    "article-journal": ("title", "container_title"),
    "article-magazine": ("title", "container_title"),
    "article-newspaper": ("title", "container_title"),
    "webpage": ("title",),
    "post-weblog": ("title",),
    "thesis": ("title",),
}

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")


def normalize_doi(value: str) -> str:
    """Strip a resolver prefix: ``https://doi.org/10.1/x`` -> ``10.1/x``."""
    return _DOI_PREFIX.sub("", value.strip())


def _isbn_ok(digits: str) -> bool:
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] in "Xx"):
        total = sum((10 - i) * int(d) for i, d in enumerate(digits[:9]))
        total += 10 if digits[9] in "Xx" else int(digits[9])
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
        return total % 10 == 0
    return False


def check_isbn(value: str) -> str | None:
    """Why ``value`` is not a list of valid ISBN-10/13 numbers, or None if it is."""
    for item in re.split(r"[,;]\s*|\s+(?=\d{3}[\d-])", value.strip()):
        digits = re.sub(r"[\s-]", "", item)
        if digits and not _isbn_ok(digits):
            return f"{item.strip()!r} is not a valid ISBN-10 or ISBN-13 (check digit or length)"
    return None


def check_issn(value: str) -> str | None:
    """Why ``value`` is not a valid ISSN (NNNN-NNNC), or None if it is."""
    for item in re.split(r"[,;]\s*|\s+", value.strip()):
        if not item:
            continue
        if not _ISSN.match(item):
            return f"{item!r} is not an ISSN of the form 1234-567X"
        digits = item.replace("-", "")
        total = sum((8 - i) * int(d) for i, d in enumerate(digits[:7]))
        check = (11 - total % 11) % 11
        if digits[7].upper() != ("X" if check == 10 else str(check)):
            return f"{item!r} has a wrong ISSN check digit"
    return None


def check_doi(value: str) -> str | None:
    """Why ``value`` is not a DOI, or None if it is."""
    if not _DOI.match(normalize_doi(value)):
        return "a DOI looks like 10.1234/abc (a 'https://doi.org/' prefix is allowed)"
    return None


def check_url(value: str) -> str | None:
    """Why ``value`` is not an absolute http(s) URL with a host, or None if it is."""
    if any(c.isspace() for c in value.strip()):
        return "a URL cannot contain spaces (write them as %20)"
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError as error:
        return f"not a URL ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        return "expected a URL starting with http:// or https://"
    if not parts.hostname or ("." not in parts.hostname and parts.hostname != "localhost"):
        return "the URL has no valid host name"
    if port == 0:
        return "the URL has an invalid port"
    return None


# Remembered: an import of a journal's articles checks the same ISSN thousands of times.
_SHAPES: Mapping[str, Callable[[str], str | None]] = {
    name: lru_cache(maxsize=4096)(shape)
    for name, shape in (
        ("doi", check_doi),
        ("isbn", check_isbn),
        ("issn", check_issn),
        ("url", check_url),
    )
}


def problems(work: Work) -> list[FieldProblem]:
    """Every problem with ``work``: unknown type, missing required fields, bad shapes."""
    found: list[FieldProblem] = []
    if work.type not in WORK_TYPES:
        found.append(
            FieldProblem("type", work.type, "unknown type; see 'sourcebox add --help' for types")
        )
    for name in REQUIRED.get(work.type, ()):
        if not work.get(name).strip():
            found.append(FieldProblem(name, "", f"a {work.type} needs a {name}"))
    for name, shape in _SHAPES.items():
        value = work.get(name)
        if value and (reason := shape(value)):
            found.append(FieldProblem(name, value, reason))
    for quote in work.quotes:
        if quote.label not in LOCATOR_LABELS:
            found.append(FieldProblem("label", quote.label, "unknown locator label"))
    return found


def check(work: Work) -> Work:
    """Return ``work`` if it is valid, else raise one ``ValidationError`` with every problem."""
    found = problems(work)
    if found:
        subject = f"work '{work.key}'" if work.key else f"{work.type}"
        raise ValidationError(found, subject)
    return work
