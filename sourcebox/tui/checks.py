"""Checks of what is typed into the TUI's one-line prompts (tags, keys). Pure: no I/O."""

from __future__ import annotations

import shlex

from sourcebox.domain import keys as keymod
from sourcebox.errors import ValidationError


def tag_changes(text: str) -> tuple[list[str], list[str]]:
    """Tags to add and to remove: ``+a -b c`` (quotes keep spaces: ``+"foreign policy"``)."""
    words = shlex.split(text)
    add = [w[1:] if w.startswith("+") else w for w in words if not w.startswith("-")]
    remove = [w[1:] for w in words if w.startswith("-")]
    return add, remove


def tag_problem(text: str) -> str | None:
    """What is wrong with a tag change as typed, or None."""
    try:
        words = shlex.split(text)
    except ValueError as error:
        return f"{error}; close the quote"
    if not words:
        return "type +tag to add or -tag to remove"
    if any(not w.lstrip("+-").strip() or w[:2] in ("++", "--", "+-", "-+") for w in words):
        return "a tag after + or - cannot be empty"
    return None


def key_problem(text: str) -> str | None:
    """What is wrong with a key as typed (empty is fine: one is made), or None."""
    if not text.strip():
        return None
    try:
        keymod.check_key(text.strip())
    except ValidationError as error:
        return error.problems[0].reason
    return None
