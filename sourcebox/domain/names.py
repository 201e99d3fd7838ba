"""Creator names: parse what people type, render it back. Pure: no I/O.

Accepted forms, as BibTeX and Zotero users write them:

- ``Family, Given`` and ``von Family, Jr., Given`` (BibTeX order);
- ``Given Family``, ``Given von Family``, ``Given Family Jr.``;
- an organisation, recognised by its words (``Human Rights Watch``) or forced
  with braces (``{Human Rights Watch}``); a single word is kept whole too.
"""

from __future__ import annotations

import re

from sourcebox.domain.model import ROLES, Creator
from sourcebox.errors import FieldProblem, ValidationError

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "2nd", "3rd"})
_PARTICLES = frozenset(
    {"von", "van", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "ter"}
    | {"ten", "vom", "zu", "zum", "zur", "dos", "das", "do", "des", "van't", "y", "st.", "bin"}
    | {"ibn", "al", "el", "op", "af", "av"}
)
# Words that mark a name as an organisation's (compared case-insensitively).
_ORG_WORDS = frozenset(
    [
        "academy",
        "agency",
        "alliance",
        "amnesty",
        "archive",
        "archives",
        "assembly",
        "association",
        "authority",
        "bank",
        "board",
        "bureau",
        "center",
        "centre",
        "church",
        "coalition",
        "college",
        "commission",
        "committee",
        "company",
        "congress",
        "corporation",
        "council",
        "court",
        "department",
        "division",
        "federation",
        "forum",
        "foundation",
        "fund",
        "government",
        "group",
        "guardian",
        "herald",
        "inc",
        "inc.",
        "institute",
        "institution",
        "international",
        "journal",
        "league",
        "library",
        "limited",
        "ltd",
        "ltd.",
        "magazine",
        "ministry",
        "movement",
        "museum",
        "nations",
        "network",
        "news",
        "office",
        "organisation",
        "organization",
        "parliament",
        "party",
        "post",
        "press",
        "program",
        "programme",
        "project",
        "republic",
        "review",
        "school",
        "senate",
        "service",
        "services",
        "society",
        "staff",
        "survey",
        "team",
        "times",
        "trust",
        "union",
        "university",
        "watch",
        "wikipedia",
    ]
)
_LOWER_ORG_WORDS = frozenset({"of", "for", "and", "on", "the", "&", "in", "at", "to", "against"})


def parse_name(text: str, role: str = "author") -> Creator:
    """Parse one creator name; raise ``ValidationError`` on an empty or malformed one."""
    if role not in ROLES:
        _fail(role, text, f"unknown role {role!r}; use one of {', '.join(ROLES[:4])}, ...")
    value = " ".join(text.split())
    if not value:
        _fail(role, text, "a name cannot be empty")
    if value.startswith("{") and value.endswith("}"):
        inner = value[1:-1].strip()
        if not inner:
            _fail(role, text, "a name cannot be empty")
        return Creator(literal=inner, role=role)
    if value.count("{") != value.count("}"):
        _fail(role, text, "unbalanced braces")
    if "," in value:
        return _parse_inverted(value, text, role)
    if is_organisation(value):
        return Creator(literal=value, role=role)
    return _parse_natural(value, role)


def parse_names(text: str, role: str = "author") -> tuple[Creator, ...]:
    """Parse several names separated by ``;`` or by `` and `` (BibTeX style)."""
    parts = re.split(r"\s*;\s*|\s+and\s+(?![^{]*\})", text.strip())
    return tuple(parse_name(part, role) for part in parts if part.strip())


def is_organisation(name: str) -> bool:
    """Guess whether a comma-free name is an organisation's rather than a person's."""
    words = name.split()
    if len(words) == 1:
        return True
    lowered = [w.lower().strip(",.") for w in words]
    if any(w in _ORG_WORDS for w in lowered):
        return True
    if any(w in _LOWER_ORG_WORDS for w in lowered[1:-1]) or "&" in words:
        return True
    # Acronyms (NASA, IAEA) or digits point at an organisation.
    return any(
        (len(w) >= 3 and w.isupper() and w.isalpha()) or any(c.isdigit() for c in w) for w in words
    )


def format_name(creator: Creator) -> str:
    """Render a creator so that ``parse_name`` reads it back unchanged."""
    if creator.literal:
        return "{" + creator.literal + "}" if not _roundtrips_literal(creator) else creator.literal
    family = " ".join(p for p in (creator.particle, creator.family) if p)
    parts = [family]
    if creator.suffix:
        parts.append(creator.suffix)
    if creator.given or creator.suffix:
        parts.append(creator.given)
    # A family name alone keeps its comma: "Homer," is a person, "Homer" a literal.
    return ", ".join(parts) if len(parts) > 1 else family + ","


def display_name(creator: Creator) -> str:
    """The name in reading order: ``Trita Parsi``, ``Ludwig van Beethoven``."""
    if creator.literal:
        return creator.literal
    words = [creator.given, creator.particle, creator.family]
    text = " ".join(w for w in words if w)
    return f"{text} {creator.suffix}".strip() if creator.suffix else text


def _roundtrips_literal(creator: Creator) -> bool:
    value = creator.literal
    separators = " and " in f" {value.lower()} " or ";" in value
    return "," not in value and "{" not in value and not separators and is_organisation(value)


def _parse_inverted(value: str, raw: str, role: str) -> Creator:
    parts = [p.strip() for p in value.split(",")]
    if len(parts) > 3 or not parts[0]:
        _fail(role, raw, "expected 'Family, Given' or 'Family, Jr., Given'")
    last = parts[0]
    suffix = parts[1] if len(parts) == 3 else ""
    given = parts[-1] if len(parts) >= 2 else ""
    particle, family = _split_particle(last.split())
    if not family:
        _fail(role, raw, "the family name is missing")
    return Creator(family=family, given=given, particle=particle, suffix=suffix, role=role)


def _parse_natural(value: str, role: str) -> Creator:
    words = value.split()
    suffix = ""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    # The particle starts at the first lowercase particle word after the given names.
    for index in range(1, len(words) - 1):
        if words[index].lower() in _PARTICLES and words[index][0].islower():
            given = " ".join(words[:index])
            particle, family = _split_particle(words[index:])
            return Creator(family=family, given=given, particle=particle, suffix=suffix, role=role)
    return Creator(family=words[-1], given=" ".join(words[:-1]), suffix=suffix, role=role)


def _split_particle(words: list[str]) -> tuple[str, str]:
    """Split ``["van", "der", "Berg"]`` into ``("van der", "Berg")``."""
    index = 0
    while index < len(words) - 1 and words[index][:1].islower():
        index += 1
    return " ".join(words[:index]), " ".join(words[index:])


def _fail(field: str, value: str, reason: str) -> None:
    raise ValidationError([FieldProblem(field, value, reason)])
