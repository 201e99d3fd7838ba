"""The text a user edits in ``sourcebox edit``: a TOML rendition of a work. Pure: no I/O.

``render`` writes every field (empty ones too, so they can be filled in), the
creators one list per role and the tags; ``parse`` reads it back into a work
through the same field parsing as ``sourcebox set``. Quotes and snapshots are
not part of it: they have their own commands.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from typing import Any

from sourcebox.domain.fields import set_fields
from sourcebox.domain.model import FIELDS, ROLES, Work
from sourcebox.domain.names import format_name
from sourcebox.errors import FieldProblem, ValidationError

_BASIC_ROLES = ("author", "editor", "translator")
ERROR_PREFIX = "# ERROR: "


def _toml_string(value: str) -> str:
    multiline = "\n" in value and "'''" not in value and not value.endswith("'")
    if multiline and all(c in "\n\t" or (c >= " " and c != "\x7f") for c in value):
        return "'''\n" + value + "'''"
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_list(values: list[str]) -> str:
    if not values:
        return "[]"
    return "[\n" + "".join(f"    {_toml_string(v)},\n" for v in values) + "]"


def render(work: Work, errors: list[str] | None = None) -> str:
    """The editable text of a work, with any errors of a previous attempt on top."""
    lines = [ERROR_PREFIX + error for error in errors or []]
    lines += [
        f"# Editing '{work.key}'. Save and close to apply; delete everything to cancel.",
        "# Dates: 2007, 2007-09, 2007-09-14 or 'circa 2007'.",
        "# The key changes only with 'sourcebox rekey'.",
        "",
    ]
    for name in FIELDS:
        lines.append(f"{name} = {_toml_string(work.get(name))}")
    lines += ["", '# Creators in order, one per entry: "Family, Given" or "{Organisation}".']
    roles = list(_BASIC_ROLES) + [
        r for r in ROLES if r not in _BASIC_ROLES and work.creators_with(r)
    ]
    for role in roles:
        names = [format_name(c) for c in work.creators_with(role)]
        lines.append(f"{role} = {_toml_list(names)}")
    lines += ["", f"tags = {_toml_list(list(work.tags))}", ""]
    lines.append("# Fields read from files that sourcebox does not model, as JSON.")
    lines.append(f"extra = {_toml_string(json.dumps(dict(work.extra), ensure_ascii=False))}")
    return "\n".join(lines) + "\n"


def is_blank(text: str) -> bool:
    """True when the text holds nothing but comments and blank lines (a cancelled edit)."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def strip_errors(text: str) -> str:
    """The text without the error lines ``render`` put on top."""
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith(ERROR_PREFIX)) + "\n"


def parse(text: str, original: Work) -> Work:
    """Read an edited rendition back; raises ``ValidationError`` naming the field or line."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValidationError([FieldProblem("text", "", f"TOML syntax: {error}")]) from error
    changes: list[tuple[str, str]] = []
    problems: list[FieldProblem] = []
    creators_changed = False
    tags: tuple[str, ...] = original.tags
    extra: dict[str, Any] = dict(original.extra)
    for name, value in data.items():
        if name in FIELDS:
            if not isinstance(value, str):
                problems.append(FieldProblem(name, str(value), "expected text in quotes"))
            else:
                changes.append((name, value))
        elif name in ROLES:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(FieldProblem(name, str(value), "expected a list of names"))
                continue
            before = [format_name(c) for c in original.creators_with(name)]
            if value != before:
                creators_changed = True
        elif name == "tags":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(FieldProblem("tags", str(value), "expected a list of tags"))
            else:
                tags = tuple(value)
        elif name == "extra":
            try:
                parsed = json.loads(value) if isinstance(value, str) and value.strip() else {}
            except json.JSONDecodeError as error:
                problems.append(FieldProblem("extra", str(value), f"not JSON: {error}"))
                continue
            if not isinstance(parsed, dict):
                problems.append(FieldProblem("extra", str(value), "expected a JSON object"))
            else:
                extra = parsed
        else:
            problems.append(FieldProblem(name, "", "unknown field"))
    if creators_changed:
        # Creators are rebuilt role by role only when a list changed, so that an
        # untouched mixed order (author, editor, author) survives the edit.
        for role in [r for r in ROLES if r in data]:
            changes.append((role, "; ".join(data[role])))
    try:
        work = set_fields(replace(original, extra=extra, tags=tags), changes)
    except ValidationError as error:
        problems.extend(error.problems)
        work = original
    if problems:
        raise ValidationError(problems, f"work '{original.key}'")
    if not creators_changed:
        work = replace(work, creators=original.creators)
    return work
