"""Creator lists as notes and bibliographies print them (CMOS 14.72-14.76, 14.32). Pure: no I/O.

Notes use reading order ("Brian Grazer and Charles Fishman"), bibliographies
invert the first name ("Grazer, Brian, and Charles Fishman"), short notes use
surnames only, unless two different people cited in the same document share a
surname: then they get initials, or full given names if the initials clash too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sourcebox.cite.style import Style
from sourcebox.cite.text import smart_quotes
from sourcebox.domain.model import Creator, Work
from sourcebox.domain.names import display_name

#: Roles that can stand first in a note when a work has no author, in that order.
LEAD_ROLES: tuple[str, ...] = ("author", "editor", "translator", "compiler")
_ROLE_LABELS: dict[str, tuple[str, str]] = {
    "editor": ("ed.", "eds."),
    "translator": ("trans.", "trans."),
    "compiler": ("comp.", "comps."),
}

PersonKey = tuple[str, str, str, str]
#: Short names that differ from the bare surname, by person.
ShortNames = Mapping[PersonKey, str]


def lead(work: Work) -> tuple[tuple[Creator, ...], str]:
    """The creators a note starts with and their role (authors, else editors, ...)."""
    for role in LEAD_ROLES:
        found = work.creators_with(role)
        if found:
            return found, role
    return (), ""


def role_label(role: str, count: int) -> str:
    """The role after names that are not authors': "ed." / "eds.", "trans.", "comp."."""
    labels = _ROLE_LABELS.get(role)
    if labels is None:
        return ""
    return labels[0] if count == 1 else labels[1]


def person_key(creator: Creator) -> PersonKey:
    """What identifies a person for comparison: names without case."""
    return (
        creator.family.casefold(),
        creator.given.casefold(),
        creator.particle.casefold(),
        creator.literal.casefold(),
    )


def natural(creator: Creator) -> str:
    """A name in reading order, quotes curled: "John D’Agata", "John F. Nash Jr."."""
    return smart_quotes(display_name(creator))


def inverted(creator: Creator) -> str:
    """A name family first, for the head of a bibliography entry: "Nash, John F., Jr."."""
    if creator.literal:
        return smart_quotes(creator.literal)
    family = " ".join(p for p in (creator.particle, creator.family) if p)
    parts = [family] + [p for p in (creator.given, creator.suffix) if p]
    return smart_quotes(", ".join(p for p in parts if p))


def surname(creator: Creator) -> str:
    """The name a short note uses: the family name with its particle, or the literal."""
    if creator.literal:
        return smart_quotes(creator.literal)
    family = " ".join(p for p in (creator.particle, creator.family) if p)
    return smart_quotes(family or creator.given)


def note_names(creators: Sequence[Creator], style: Style) -> str:
    """Names for a full note: up to the style's limit, else the first ones and "et al."."""
    if len(creators) >= style.note_et_al_min:
        shown = [natural(c) for c in creators[: style.note_et_al_use_first]]
        return _join(shown) + " et al."
    return _join([natural(c) for c in creators])


def bib_names(creators: Sequence[Creator], style: Style) -> str:
    """Names for a bibliography entry: the first inverted, then reading order."""
    if not creators:
        return ""
    etal = len(creators) >= style.bib_et_al_min
    shown = creators[: style.bib_et_al_use_first] if etal else creators
    names = [inverted(shown[0]), *(natural(c) for c in shown[1:])]
    if etal:
        return ", ".join(names) + ", et al."
    if len(names) == 2:
        return f"{names[0]}, and {names[1]}"
    return _join(names)


def short_names(creators: Sequence[Creator], style: Style, table: ShortNames) -> str:
    """Names for a short note: surnames (disambiguated through ``table``), "et al." as notes."""

    def one(creator: Creator) -> str:
        return table.get(person_key(creator)) or surname(creator)

    if len(creators) >= style.note_et_al_min:
        return _join([one(c) for c in creators[: style.note_et_al_use_first]]) + " et al."
    return _join([one(c) for c in creators])


def short_name_table(works: Iterable[Work]) -> dict[PersonKey, str]:
    """Initials (or full given names) for different people who share a surname (CMOS 14.32)."""
    by_surname: dict[str, dict[PersonKey, Creator]] = {}
    for work in works:
        creators, _ = lead(work)
        for creator in creators:
            if creator.literal:
                continue
            name = surname(creator).casefold()
            by_surname.setdefault(name, {})[person_key(creator)] = creator
    table: dict[PersonKey, str] = {}
    for people in by_surname.values():
        if len(people) < 2:
            continue
        initials = {key: _initials(c.given) for key, c in people.items()}
        for key, creator in people.items():
            clash = sum(1 for v in initials.values() if v == initials[key]) > 1
            given = creator.given if clash or not initials[key] else initials[key]
            table[key] = smart_quotes(f"{given} {surname(creator)}".strip())
    return table


def _initials(given: str) -> str:
    """Initials of given names: "Peter F." -> "P. F.", "Shao-Hsun" -> "S.-H."."""
    words = []
    for word in given.split():
        parts = [p[0].upper() + "." for p in word.split("-") if p and p[0].isalpha()]
        if parts:
            words.append("-".join(parts))
    return " ".join(words)


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]
