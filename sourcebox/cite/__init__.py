"""Chicago notes and bibliographies from library works. Pure given a style: no I/O.

The public API a service or CLI layer calls:

- ``format_notes(groups, style=..., ibid=..., archive=...)``: numbered notes for a
  manuscript's citation groups (``Citation``), author's own notes (``AuthorNote``)
  interleaved;
- ``full_note``, ``short_note``: one note for one work (``sourcebox cite``);
- ``bibliography_entry`` and ``bibliography``: entries, sorted and dashed;
- ``render(rich, "text" | "markdown" | "html")``: every result is ``Rich`` text;
- ``get_style(name)`` and ``ArchivePolicy(mode, dead_urls)``.
"""

from __future__ import annotations

from sourcebox.cite.bibliography import bibliography, bibliography_entry
from sourcebox.cite.errors import CiteError, UnknownOptionError, UnknownStyleError
from sourcebox.cite.locator import Locator, format_locator, inclusive_range
from sourcebox.cite.markup import FORMATS, Rich, Span, render, to_html, to_markdown, to_text
from sourcebox.cite.notes import full_note, short_note
from sourcebox.cite.parts import ARCHIVE_MODES, ArchivePolicy
from sourcebox.cite.sequence import AuthorNote, Citation, Note, Position, format_notes
from sourcebox.cite.style import (
    CHICAGO_17,
    CHICAGO_18,
    DEFAULT_STYLE,
    STYLES,
    Style,
    get_style,
    style_names,
)

__all__ = [
    "ARCHIVE_MODES",
    "CHICAGO_17",
    "CHICAGO_18",
    "DEFAULT_STYLE",
    "FORMATS",
    "STYLES",
    "ArchivePolicy",
    "AuthorNote",
    "Citation",
    "CiteError",
    "Locator",
    "Note",
    "Position",
    "Rich",
    "Span",
    "Style",
    "UnknownOptionError",
    "UnknownStyleError",
    "bibliography",
    "bibliography_entry",
    "format_locator",
    "format_notes",
    "full_note",
    "get_style",
    "inclusive_range",
    "render",
    "short_note",
    "style_names",
    "to_html",
    "to_markdown",
    "to_text",
]
