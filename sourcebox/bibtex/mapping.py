"""BibTeX/BibLaTeX entry types and field names <-> our (CSL) types and fields. Pure: no I/O.

Reading and writing share these tables, so that what the writer emits is read
back as the same work: for every field of a work the reader looks through a list
of candidate BibTeX fields (``CANDIDATES``) and takes the first present; the
writer emits the first candidate (or the dialect's usual name when no other
candidate is in the way). Candidates that lose (a ``journaltitle`` next to a
``journal``) stay in ``extra`` under their own name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from sourcebox.domain.model import ROLES, WORK_TYPES

Dialect = Literal["bibtex", "biblatex"]

#: The key prefix in ``Work.extra`` for the BibTeX source of a value, kept when the
#: value's canonical LaTeX differs from what the file said (``bibtex.title``).
SOURCE_PREFIX = "bibtex."
#: ``Work.extra`` key of the original entry type, kept when ours maps back differently.
ENTRY_TYPE_KEY = SOURCE_PREFIX + "entrytype"

#: BibTeX/BibLaTeX entry type -> CSL type.
READ_TYPES: Mapping[str, str] = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "collection": "book",
    "mvcollection": "book",
    "reference": "book",
    "mvreference": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "manual": "book",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "inreference": "entry-encyclopedia",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "periodical": "periodical",
    "suppperiodical": "article-journal",
    "patent": "patent",
    "dataset": "dataset",
    "software": "software",
    "standard": "standard",
    "artwork": "graphic",
    "image": "graphic",
    "audio": "song",
    "music": "song",
    "video": "motion_picture",
    "movie": "motion_picture",
    "legislation": "legislation",
    "legal": "legislation",
    "jurisdiction": "legal_case",
    "letter": "personal_communication",
    "review": "review",
    "misc": "document",
}

#: CSL type -> entry type, where the two dialects agree.
WRITE_TYPES: Mapping[str, str] = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "entry-encyclopedia": "inreference",
    "pamphlet": "booklet",
    "manuscript": "unpublished",
    "periodical": "periodical",
    "patent": "patent",
    "dataset": "dataset",
    "software": "software",
    "standard": "standard",
    "graphic": "artwork",
    "song": "audio",
    "motion_picture": "video",
    "legislation": "legislation",
    "legal_case": "jurisdiction",
    "personal_communication": "letter",
    "review": "review",
    "document": "misc",
}

#: CSL types whose container is a journal (``journal``), not a book (``booktitle``).
JOURNAL_TYPES = frozenset(
    {"article-journal", "article-magazine", "article-newspaper", "article", "review", "review-book"}
)
_SUBTYPES = {"article-newspaper": "newspaper", "article-magazine": "magazine"}

#: Thesis entry types and the genre they imply.
THESIS_GENRES: Mapping[str, str] = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}

#: BibLaTeX's localisation keys in ``type`` fields -> the genre they stand for.
TYPE_KEYS: Mapping[str, str] = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "candthesis": "Candidate thesis",
    "techreport": "Technical report",
    "resreport": "Research report",
    "software": "Computer software",
    "datacd": "CD-ROM",
    "audiocd": "Audio CD",
}
GENRE_KEYS: Mapping[str, str] = {genre: key for key, genre in TYPE_KEYS.items()}

#: Name fields -> roles (every CSL role name is accepted as a field name too).
NAME_FIELDS: Mapping[str, str] = {
    "bookauthor": "container-author",
    **{role: role for role in ROLES},
}
#: Role -> the field the writer uses.
ROLE_FIELDS: Mapping[str, str] = {role: role for role in ROLES} | {"container-author": "bookauthor"}


def container_candidates(work_type: str) -> tuple[str, ...]:
    """Fields that may hold ``container_title``, in the order the reader prefers them."""
    if work_type in JOURNAL_TYPES:
        return ("journal", "journaltitle", "booktitle")
    return ("booktitle", "journal", "journaltitle")


def publisher_candidates(work_type: str) -> tuple[str, ...]:
    """Fields that may hold ``publisher``, in the order the reader prefers them."""
    if work_type == "thesis":
        return ("school", "institution", "publisher", "organization")
    if work_type == "report":
        return ("institution", "publisher", "organization", "school")
    return ("publisher", "organization", "institution", "school")


def issue_candidates(work_type: str) -> tuple[str, ...]:
    """Fields that may hold ``issue``: a journal's ``number`` is its issue."""
    return ("number", "issue") if work_type in JOURNAL_TYPES else ("issue",)


def number_candidates(work_type: str) -> tuple[str, ...]:
    """Fields that may hold ``number``: a journal article's number is its ``eid``."""
    return ("eid",) if work_type in JOURNAL_TYPES else ("number",)


PLACE_CANDIDATES = ("address", "location")

#: Plain one-to-one fields: attribute -> BibTeX field.
SIMPLE_FIELDS: Mapping[str, str] = {
    "title": "title",
    "title_short": "shorttitle",
    "collection_title": "series",
    "edition": "edition",
    "volume": "volume",
    "page": "pages",
    "isbn": "isbn",
    "issn": "issn",
    "language": "language",
    "abstract": "abstract",
    "note": "note",
}


def read_type(entry_type: str, subtype: str, has_url: bool) -> tuple[str, bool]:
    """The CSL type of an entry, and whether its ``entrysubtype`` said so."""
    sub = subtype.lower()
    if sub in WORK_TYPES:
        return sub, True
    if entry_type == "article" and sub in ("newspaper", "magazine"):
        return "article-" + sub, True
    if entry_type == "misc" and has_url:
        return "webpage", False
    return READ_TYPES.get(entry_type, "document"), False


def write_type(work_type: str, genre: str, has_url: bool, dialect: Dialect) -> tuple[str, str]:
    """The entry type for a work, and the ``entrysubtype`` needed to read it back ('' if none)."""
    if work_type in _SUBTYPES:
        return "article", _SUBTYPES[work_type]
    if work_type == "thesis":
        if dialect == "biblatex" or not genre:
            return "thesis", ""
        return ("mastersthesis" if genre == THESIS_GENRES["mastersthesis"] else "phdthesis"), ""
    if work_type == "report":
        return ("techreport" if dialect == "bibtex" else "report"), ""
    if work_type == "webpage":
        return ("misc" if has_url and dialect == "bibtex" else "online"), ""
    entry_type = WRITE_TYPES.get(work_type, "misc")
    if read_type(entry_type, "", has_url)[0] != work_type:
        return entry_type, work_type
    return entry_type, ""


def default_genre(entry_type: str) -> str:
    """The genre an entry type implies when it has no ``type`` field."""
    return THESIS_GENRES.get(entry_type, "")


#: Fields whose values are not LaTeX text: kept exactly as written.
VERBATIM_FIELDS = frozenset(
    {
        "url",
        "doi",
        "eprint",
        "date",
        "urldate",
        "archiveurl",
        "archivedate",
        "crossref",
    }
)

#: Crossref inheritance: groups of fields a child takes from its parent only when it
#: has none of the group (so a child's own ``location`` is not joined by the
#: parent's ``address``).
INHERITED_GROUPS: tuple[tuple[str, ...], ...] = (
    ("booktitle", "journal", "journaltitle"),
    ("editor",),
    ("publisher", "organization", "institution", "school"),
    ("address", "location"),
    ("series",),
    ("volume",),
    ("number", "issue"),
    ("edition",),
    ("year", "month", "date"),
    ("isbn",),
    ("issn",),
)
#: Parent entry types whose title is the child's ``booktitle``.
BOOK_LIKE = frozenset(
    {"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings",
     "reference", "mvreference", "periodical"}
)  # fmt: skip
#: Child entry types that also inherit the parent's author (a part of a book by one hand).
INHERITS_AUTHOR = frozenset({"inbook", "bookinbook", "suppbook"})
