"""Which fields the add/edit form shows for each work type. Pure: no I/O.

A form shows the fields a type uses (the required ones first, marked), every
field that holds a value whatever the type, and all fields on request; a field
never disappears while it holds something.
"""

from __future__ import annotations

from collections.abc import Mapping

from sourcebox.domain.model import FIELDS
from sourcebox.domain.validate import REQUIRED

_TAIL = ("language", "abstract", "note")
_WEB = ("url", "accessed")

#: The fields each fully supported type uses, in form order.
BY_TYPE: Mapping[str, tuple[str, ...]] = {
    "book": ("title", "title_short", "edition", "volume", "collection_title", "publisher",
             "publisher_place", "issued", "isbn", "doi", *_WEB),
    "chapter": ("title", "title_short", "container_title", "page", "edition", "volume",
                "collection_title", "publisher", "publisher_place", "issued", "isbn", "doi",
                *_WEB),
    "report": ("title", "title_short", "number", "genre", "collection_title", "publisher",
               "publisher_place", "issued", "doi", *_WEB),
    "article-journal": ("title", "title_short", "container_title", "volume", "issue", "page",
                        "issued", "doi", "issn", *_WEB),
    "article-magazine": ("title", "title_short", "container_title", "volume", "issue", "page",
                         "issued", "issn", *_WEB),
    "article-newspaper": ("title", "title_short", "container_title", "publisher_place", "page",
                          "issued", *_WEB),
    "webpage": ("title", "title_short", "container_title", "publisher", "issued", *_WEB),
    "post-weblog": ("title", "title_short", "container_title", "issued", *_WEB),
    "thesis": ("title", "title_short", "genre", "publisher", "publisher_place", "issued", "doi",
               *_WEB),
}  # fmt: skip


def fields_for(work_type: str) -> tuple[str, ...]:
    """The fields a form shows for ``work_type`` (every field for a type not listed)."""
    chosen = BY_TYPE.get(work_type)
    if chosen is None:
        return tuple(f for f in FIELDS if f != "type")
    return (*chosen, *_TAIL)


def required(work_type: str) -> tuple[str, ...]:
    """The fields a work of ``work_type`` cannot do without."""
    return tuple(REQUIRED.get(work_type, ()))
