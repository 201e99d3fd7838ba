"""Changing a work's fields from text, as ``set`` and ``edit`` receive it. Pure: no I/O.

Field names are accepted in our form (``title_short``), CSL form (``title-short``,
``DOI``) or a few aliases (``place``, ``date``). Values are parsed by field:
dates become ``PartialDate``, creators are parsed by role, DOIs lose their
resolver prefix; an empty value clears the field.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from sourcebox.domain.dates import parse_optional_date
from sourcebox.domain.model import DATE_FIELDS, FIELDS, ROLES, TEXT_FIELDS, WORK_TYPES, Work
from sourcebox.domain.names import parse_names
from sourcebox.domain.validate import normalize_doi
from sourcebox.errors import FieldProblem, ValidationError

ALIASES: Mapping[str, str] = {
    "place": "publisher_place",
    "location": "publisher_place",
    "address": "publisher_place",
    "date": "issued",
    "journal": "container_title",
    "urldate": "accessed",
    "pages": "page",
    "abstract_note": "abstract",
}


def field_name(name: str) -> str:
    """Canonical name of a field, a role, or ``extra.NAME``; raises on unknown names."""
    if name.startswith("extra.") and len(name) > len("extra."):
        return name
    canonical = name.strip().lower().replace("-", "_")
    canonical = ALIASES.get(canonical, canonical)
    if canonical in FIELDS or canonical.replace("_", "-") in ROLES:
        return canonical
    if canonical == "key":
        raise ValidationError(
            [FieldProblem("key", name, "a key changes only with 'sourcebox rekey KEY NEWKEY'")]
        )
    if canonical in ("tag", "tags"):
        raise ValidationError(
            [FieldProblem(name, "", "tags change with 'sourcebox tag KEY +tag -tag'")]
        )
    known = [*FIELDS, "author", "editor", "translator"]
    close = difflib.get_close_matches(canonical, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(FIELDS)}"
    raise ValidationError([FieldProblem("field", name, "unknown field" + hint)])


def parse_assignment(text: str) -> tuple[str, str]:
    """Split ``field=value`` (as typed after ``sourcebox set KEY``)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValidationError(
            [FieldProblem("assignment", text, "expected FIELD=VALUE, e.g. issued=2007-09")]
        )
    return name.strip(), value


def set_fields(work: Work, changes: Iterable[tuple[str, str]]) -> Work:
    """Apply ``(field, text)`` changes; every bad value is reported in one error."""
    updates: dict[str, Any] = {}
    extra = dict(work.extra)
    creators = list(work.creators)
    problems: list[FieldProblem] = []
    for raw_name, raw_value in changes:
        value = raw_value.strip()
        try:
            name = field_name(raw_name)
            if name.startswith("extra."):
                if value:
                    extra[name[len("extra.") :]] = value
                else:
                    extra.pop(name[len("extra.") :], None)
            elif name in DATE_FIELDS:
                updates[name] = parse_optional_date(value, name)
            elif name == "type":
                if value not in WORK_TYPES:
                    close = difflib.get_close_matches(value, WORK_TYPES, n=1)
                    hint = f"did you mean {close[0]!r}?" if close else "see 'sourcebox add --help'"
                    raise ValidationError([FieldProblem("type", value, f"unknown type; {hint}")])
                updates["type"] = value
            elif name in TEXT_FIELDS:
                updates[name] = normalize_doi(value) if name == "doi" else value
            else:
                role = name.replace("_", "-")
                creators = replace_role(creators, role, parse_names(value, role) if value else ())
        except ValidationError as error:
            problems.extend(error.problems)
    if problems:
        raise ValidationError(problems, f"work '{work.key}'" if work.key else "")
    return replace(work, **updates, extra=extra, creators=tuple(creators))


def replace_role(creators: Iterable[Any], role: str, new: Iterable[Any]) -> list[Any]:
    """Replace the creators of one role, keeping the others and the role's first position."""
    current = list(creators)
    positions = [i for i, c in enumerate(current) if c.role == role]
    kept = [c for c in current if c.role != role]
    at = positions[0] if positions else len(kept)
    return kept[:at] + list(new) + kept[at:]
