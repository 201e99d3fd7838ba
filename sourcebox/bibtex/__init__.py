"""BibTeX and BibLaTeX <-> works, on top of bibtexparser 2. Pure: no I/O.

``read_bibtex(text_or_bytes, file=...)`` returns an ``ImportResult``;
``write_bibtex(works, dialect=..., ascii=...)`` returns the text.
"""

from sourcebox.bibtex.reader import read_bibtex
from sourcebox.bibtex.writer import write_bibtex

__all__ = ["read_bibtex", "write_bibtex"]
