"""BibTeX ``crossref``: what a child entry takes from its parent. Pure: no I/O.

BibTeX copies every field the child lacks; here whole groups of fields that make
one fact (the container, the publisher, the place, the date...) are copied only
when the child has none of the group, so a child's own ``location`` is never
joined by its parent's ``address``. A book-like parent's title becomes the
child's ``booktitle``; an ``@inbook`` also takes the parent's author.
"""

from __future__ import annotations

from collections.abc import Sequence

from sourcebox.bibtex.mapping import BOOK_LIKE, INHERITED_GROUPS, INHERITS_AUTHOR

_CONTAINER_GROUP = INHERITED_GROUPS[0]


def inherit(
    child_type: str,
    child: Sequence[tuple[str, str]],
    parent_type: str,
    parent: Sequence[tuple[str, str]],
) -> list[tuple[str, str]]:
    """The fields a child entry takes from its crossref parent (whole groups it lacks)."""
    have = {name.lower() for name, _ in child}
    given: dict[str, str] = {}
    for name, value in parent:
        given.setdefault(name.lower(), value)
    added: list[tuple[str, str]] = []
    for group in INHERITED_GROUPS:
        if have.intersection(group):
            continue
        added.extend((name, given[name]) for name in group if name in given)
    if (
        not have.intersection(_CONTAINER_GROUP)
        and not any(name in given for name in _CONTAINER_GROUP)
        and parent_type in BOOK_LIKE
        and "title" in given
    ):
        added.append(("booktitle", given["title"]))
    if child_type in INHERITS_AUTHOR and "author" not in have and "author" in given:
        added.append(("author", given["author"]))
    return added
