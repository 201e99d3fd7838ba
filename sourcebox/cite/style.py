"""Citation styles as data: what differs between Chicago editions, and a registry. Pure: no I/O.

A style is a ``Style`` value, not code: the formatter in ``notes`` reads its
parameters. A third style is a small module that builds one ``Style`` (usually
with ``dataclasses.replace`` on a Chicago style) and is listed in ``_MODULES``
below, or is passed straight to the formatting functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sourcebox.cite.errors import UnknownStyleError


@dataclass(frozen=True)
class Style:
    """The parameters of a notes-and-bibliography style.

    Attributes:
        name: The name users type (``--style``).
        description: One line for help texts.
        edition: The CMOS edition the style follows.
        publisher_place: Whether books show the place of publication (17th: yes).
        note_et_al_min: From this many authors a note names the first and "et al.".
        note_et_al_use_first: How many authors such a note names.
        bib_et_al_min: From this many authors a bibliography entry shortens the list.
        bib_et_al_use_first: How many authors such an entry names before "et al.".
        repeat_dash: What replaces a repeated author in the bibliography ("" repeats).
        drop_initial_article: Derived short titles lose an initial A, An or The (14.33).
    """

    name: str
    description: str
    edition: int
    publisher_place: bool
    note_et_al_min: int
    note_et_al_use_first: int
    bib_et_al_min: int
    bib_et_al_use_first: int
    repeat_dash: str = "———"
    drop_initial_article: bool = True


#: Chicago Manual of Style, 18th edition (2024), notes and bibliography: the default.
CHICAGO_18 = Style(
    name="chicago-notes",
    description="Chicago Manual of Style, 18th edition, notes and bibliography",
    edition=18,
    publisher_place=False,  # 18th ed.: the place of publication is no longer required
    note_et_al_min=3,  # 13.78 (18th): three or more authors, first author et al.
    note_et_al_use_first=1,
    bib_et_al_min=7,  # 13.78 (18th): up to six in the bibliography, else first three et al.
    bib_et_al_use_first=3,
)

#: Chicago Manual of Style, 17th edition (2017), notes and bibliography.
CHICAGO_17 = Style(
    name="chicago-notes-17",
    description="Chicago Manual of Style, 17th edition, notes and bibliography",
    edition=17,
    publisher_place=True,  # 14.127
    note_et_al_min=4,  # 14.76: four or more authors, first author et al.
    note_et_al_use_first=1,
    bib_et_al_min=11,  # 14.76: up to ten in the bibliography, else first seven et al.
    bib_et_al_use_first=7,
)

#: The default style's name.
DEFAULT_STYLE = CHICAGO_18.name

# Modules that define more styles would be imported here and added to this tuple.
_MODULES: tuple[Style, ...] = (CHICAGO_18, CHICAGO_17)

#: Every known style by name, the default first.
STYLES: Mapping[str, Style] = {style.name: style for style in _MODULES}


def style_names() -> tuple[str, ...]:
    """The names of the known styles, the default first."""
    return tuple(STYLES)


def get_style(name: str | None = None) -> Style:
    """The style called ``name`` (the default when ``None``); raise ``UnknownStyleError``."""
    if name is None:
        return CHICAGO_18
    style = STYLES.get(name.strip().lower())
    if style is None:
        raise UnknownStyleError(name, style_names())
    return style
