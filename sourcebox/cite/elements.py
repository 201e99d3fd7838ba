"""The elements of a citation: titles, containers, creators that lead, dates. Pure: no I/O.

Notes (``notes``) and bibliography entries (``bibliography``) are built from
these; they decide how a work's type is laid out (``kind``) and how its title,
container, owner and dates read, so that a note and an entry never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sourcebox.cite import parts
from sourcebox.cite.creators import (
    ShortNames,
    lead,
)
from sourcebox.cite.locator import Locator, format_locator, format_numbers
from sourcebox.cite.markup import Builder
from sourcebox.cite.parts import ArchivePolicy
from sourcebox.cite.style import CHICAGO_18, Style
from sourcebox.cite.text import (
    drop_article,
    is_english,
    main_title,
    nest_quotes,
    smart_quotes,
    title_text,
)
from sourcebox.domain.model import Creator, Work

#: How a work's type is laid out; unknown types fall back on "book" or "magazine".
KINDS: dict[str, str] = {
    "book": "book",
    "report": "book",
    "classic": "book",
    "collection": "book",
    "pamphlet": "book",
    "standard": "book",
    "chapter": "chapter",
    "paper-conference": "chapter",
    "entry": "chapter",
    "entry-dictionary": "chapter",
    "entry-encyclopedia": "chapter",
    "article-journal": "journal",
    "review": "journal",
    "review-book": "journal",
    "article-magazine": "magazine",
    "article": "magazine",
    "article-newspaper": "newspaper",
    "webpage": "web",
    "post": "web",
    "post-weblog": "blog",
    "thesis": "thesis",
}
_ITALIC_KINDS = frozenset({"book"})
_PERIODICAL_KINDS = frozenset({"journal", "magazine", "newspaper"})
_THESIS_GENRES = {
    "phd dissertation": "PhD diss.",
    "ph.d. dissertation": "PhD diss.",
    "ph.d. diss.": "PhD diss.",
    "phd thesis": "PhD diss.",
    "doctoral dissertation": "PhD diss.",
    "dissertation": "PhD diss.",
}

LocatorLike = Locator | str | None


@dataclass(frozen=True)
class Context:
    """What every formatting function needs besides the work."""

    style: Style = CHICAGO_18
    archive: ArchivePolicy = field(default_factory=ArchivePolicy)
    short_names: ShortNames = field(default_factory=dict)


def kind(work: Work) -> str:
    """The layout family: book, chapter, journal, magazine, newspaper, web, blog or thesis."""
    found = KINDS.get(work.type)
    if found is None:
        return "magazine" if work.container_title else "book"
    return found


def lead_of(work: Work) -> tuple[tuple[Creator, ...], str]:
    """The creators that head a note: a part of a larger work is led by its authors only."""
    creators, role = lead(work)
    if role != "author" and kind(work) not in ("book", "thesis"):
        return (), ""
    return creators, role


def owner_is_author(work: Work, creators: tuple[Creator, ...]) -> bool:
    """A web page by the organisation that owns the site (Google's privacy policy)."""
    return (
        kind(work) in ("web", "blog")
        and len(creators) == 1
        and bool(creators[0].literal)
        and creators[0].literal.casefold() == work.publisher.strip().casefold()
    )


def title(work: Work) -> str:
    """The work's title as printed: headline style in English, quotes curled."""
    return title_text(work.title or "Untitled", english=is_english(work.language))


def short_title(work: Work, style: Style) -> str:
    """The stored short title, else the title before its colon, less an initial article."""
    if work.title_short.strip():
        return title_text(work.title_short, english=is_english(work.language))
    head = main_title(title(work))
    if style.drop_initial_article and is_english(work.language):
        return drop_article(head)
    return head


def container(work: Work) -> str:
    """The container's title; a periodical loses an initial "The" (CMOS 14.172, 14.191)."""
    text = title_text(work.container_title, english=is_english(work.language))
    if kind(work) in _PERIODICAL_KINDS and text.startswith("The ") and len(text) > 4:
        return text[4:]
    return text


def add_title(builder: Builder, work: Work, text: str) -> None:
    """A title in italics (books) or in quotation marks (parts, articles, pages)."""
    if kind(work) in _ITALIC_KINDS:
        builder.italic(text)
    else:
        builder.text(f"“{nest_quotes(text)}”")


def access_date(work: Work) -> str:
    """The access date, only for an online work with no publication or revision date (14.12)."""
    if work.issued or parts.revised(work) or not work.accessed or not (work.url or work.doi):
        return ""
    return parts.format_date(work.accessed)


def thesis_genre(work: Work) -> str:
    """The thesis genre as CMOS abbreviates it: "PhD diss.", "MA thesis"."""
    genre = " ".join(work.genre.split())
    if not genre:
        return "thesis"
    return smart_quotes(_THESIS_GENRES.get(genre.lower(), genre))


def journal_issue(builder: Builder, work: Work) -> None:
    """*Journal* 11, no. 1 (Spring 2017)."""
    builder.italic(container(work))
    if work.volume:
        builder.text(f" {work.volume}")
        if work.issue:
            builder.text(f", no. {work.issue}")
    elif work.issue:
        builder.sep(",").text(f"no. {work.issue}")
    date = parts.format_date(work.issued, day=False, season=parts.season(work))
    if date and (work.volume or work.issue):
        builder.text(f" ({date})")
    elif date:
        builder.sep(",").text(date)


def web_date(work: Work, *, capital: bool) -> str:
    """The date of a web page: "last modified April 17, 2017", "June 5, 2018", "accessed ..."."""
    changed = parts.revised(work)
    if changed is not None:
        text = f"last modified {parts.format_date(changed)}"
    elif work.issued is not None:
        return parts.format_date(work.issued)
    elif access_date(work):
        text = f"accessed {access_date(work)}"
    else:
        return ""
    return text[0].upper() + text[1:] if capital else text


def site_owner(work: Work) -> str:
    """The owner of a site when it is worth naming (not the site's own title)."""
    owner = smart_quotes(work.publisher.strip())
    if owner and owner.casefold() != container(work).casefold():
        return owner
    return ""


def blog_name(builder: Builder, work: Work) -> None:
    """*Lingua Franca* (blog): a blog's title, italic, labelled unless it says so (14.208)."""
    name = container(work)
    builder.italic(name)
    if "blog" not in name.casefold():
        builder.text(" (blog)")


def locator_text(locator: LocatorLike) -> str:
    """A locator as printed; a bare string is a page ("45-47" -> "45–47")."""
    if locator is None:
        return ""
    if isinstance(locator, str):
        return format_numbers(" ".join(locator.split()))
    return format_locator(locator)
