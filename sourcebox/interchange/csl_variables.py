"""The variables of CSL-JSON 1.0.2 (csl-data.json) by kind, and ours. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Mapping

from sourcebox.domain.model import CSL_NAMES, TEXT_FIELDS

#: Variables holding a string.
STRING_VARIABLES = frozenset(
    """abstract annote archive archive_collection archive_location archive-place authority
    call-number citation-label collection-title container-title container-title-short
    dimensions division DOI event event-place genre ISAN ISBN ISCI ISMN ISRC ISSN ISWC
    jurisdiction keyword language medium note original-publisher original-publisher-place
    original-title part-title PMCID PMID publisher publisher-place references reviewed-title
    scale section source status title title-short translated-title translated-title-short
    URL version year-suffix journalAbbreviation shortTitle""".split()
)
#: Variables holding a string or a number.
NUMBER_VARIABLES = frozenset(
    """chapter-number citation-number collection-number edition first-reference-note-number
    issue locator number number-of-pages number-of-volumes page page-first part printing
    supplement volume""".split()
)
#: Variables holding a date object (or an EDTF string).
DATE_VARIABLES = frozenset(
    "accessed available-date container event-date issued original-date submitted".split()
)
#: Variables holding a list of names.
NAME_VARIABLES = frozenset(
    """author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director executive-producer interviewer illustrator organizer
    original-author performer producer recipient reviewed-author translator""".split()
)
#: Variables holding a list of strings.
LIST_VARIABLES = frozenset({"categories"})
#: Every top-level property the schema allows.
ALL_VARIABLES = (
    STRING_VARIABLES
    | NUMBER_VARIABLES
    | DATE_VARIABLES
    | NAME_VARIABLES
    | LIST_VARIABLES
    | {"id", "type", "custom"}
)

#: Our text field -> CSL variable.
TEXT_VARIABLES: Mapping[str, str] = {name: CSL_NAMES.get(name, name) for name in TEXT_FIELDS}
#: CSL variable -> our text field.
TEXT_ATTRIBUTES: Mapping[str, str] = {csl: name for name, csl in TEXT_VARIABLES.items()}
#: Variables the reader maps onto ``Work`` fields (everything else goes to ``extra``).
MODELLED = frozenset(TEXT_ATTRIBUTES) | {"id", "type", "custom", "keyword", "issued", "accessed"}

#: ``custom`` keys for a snapshot and for tags that a ``keyword`` string cannot carry.
ARCHIVE_URL = "archive-url"
ARCHIVE_DATE = "archive-date"
TAGS_KEY = "sourcebox-tags"
#: The ``Work.extra`` key prefix for a CSL value kept as written (JSON) because our
#: fields carry only part of it (a date range, a dropping particle).
SOURCE_PREFIX = "csl."
