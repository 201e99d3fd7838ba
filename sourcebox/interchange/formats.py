"""All formats behind one entry point; pick by file name or content, read, write. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Literal, get_args

from sourcebox.bibtex.reader import read_bibtex
from sourcebox.bibtex.writer import write_bibtex
from sourcebox.domain.model import Work
from sourcebox.interchange.csljson import read_csl_json, write_csl_json
from sourcebox.interchange.result import ImportResult
from sourcebox.interchange.ris import read_ris, write_ris

Format = Literal["bibtex", "biblatex", "csl-json", "ris"]
#: Every format name, as ``--format`` takes it.
FORMATS: tuple[str, ...] = get_args(Format)
#: File extension -> format.
EXTENSIONS = {".bib": "bibtex", ".bibtex": "bibtex", ".json": "csl-json", ".ris": "ris"}


def format_for_path(path: str) -> Format | None:
    """The format a file name's extension implies (``.bib``, ``.json``, ``.ris``), or None."""
    found = EXTENSIONS.get(PurePath(path).suffix.lower())
    return found if found is None else _as_format(found)


def sniff_format(source: str | bytes) -> Format | None:
    """Guess the format of text with no file name (standard input), or None."""
    head = source[:4096].decode("utf-8", "replace") if isinstance(source, bytes) else source[:4096]
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("[", "{")):
        return "csl-json"
    for line in stripped.splitlines():
        if line.startswith("TY  -") or line.startswith("TY -"):
            return "ris"
        if line.lstrip().startswith("@"):
            return "bibtex"
    return None


def read(source: str | bytes, format: Format, *, file: str = "") -> ImportResult:
    """Read ``source`` (text or UTF-8 bytes) in ``format``."""
    if format in ("bibtex", "biblatex"):
        return read_bibtex(source, file=file)
    if format == "csl-json":
        return read_csl_json(source, file=file)
    return read_ris(source, file=file)


def write(
    works: Iterable[Work], format: Format, *, ascii: bool = False, preambles: Sequence[str] = ()
) -> str:
    """``works`` as text in ``format`` (``ascii`` and ``preambles`` apply to BibTeX only)."""
    if format in ("bibtex", "biblatex"):
        return write_bibtex(works, dialect=format, ascii=ascii, preambles=preambles)
    if format == "csl-json":
        return write_csl_json(works)
    return write_ris(works)


def _as_format(name: str) -> Format:
    if name == "bibtex":
        return "bibtex"
    if name == "csl-json":
        return "csl-json"
    if name == "biblatex":
        return "biblatex"
    return "ris"
