"""PostgreSQL full-text search: the ``work_search`` table (migration 0005) and tsquery text.

FTS5 and PostgreSQL's parser cut text into words differently ("e-mail", "AT&T",
URLs), and PostgreSQL folds no diacritics. So that a query finds the same works
on both engines, the documents are tokenized here, in Python, exactly as the
query language tokenizes (``sourcebox.domain.query.tokenize``, FTS5's
``unicode61``), folded (case, diacritics), and stored as a ``tsvector`` literal
with positions and weights; queries are written as ``tsquery`` literals of the
same folded words. PostgreSQL's parser never sees either.

Weights: title A, creators B, container C, everything else D (ranking weights
title and creators most, as bm25 does on SQLite). Abstract, note and quotes
share D, so their words are also stored once more behind a field marker
(``#a``, ``#n``, ``#q``) that ``abstract:``, ``note:`` and ``quote:`` look up;
no query word can begin with ``#``, so free words never match those copies.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import BindParameter, Integer, bindparam, text
from sqlalchemy.orm import Session

from sourcebox.db.search.common import chunks
from sourcebox.domain.query import TextTerm, tokenize

#: The indexed texts, in document order.
COLUMNS = ("title", "creators", "container", "abstract", "note", "quotes", "tags")
_WEIGHTS = {"title": "A", "creators": "B", "container": "C"}
_MARKERS = {"abstract": "#a", "note": "#n", "quotes": "#q"}
# Query field -> (weight restriction, marker).
_FIELDS: dict[str, tuple[str, str]] = {
    "title": ("A", ""),
    "author": ("B", ""),
    "container": ("C", ""),
    "abstract": ("", "#a"),
    "note": ("", "#n"),
    "quote": ("", "#q"),
}
#: ts_rank's weights for D, C, B, A: title and creators count most.
RANK_WEIGHTS = "{0.1, 0.2, 1.0, 1.0}"
# tsvector's limits: positions up to 16383, at most 256 positions per word.
_MAX_POSITION = 16383
_MAX_POSITIONS = 256

_IDS: BindParameter[int] = bindparam("ids", expanding=True, type_=Integer)


def fold(word: str) -> str:
    """A word as the index keeps it: lower case, diacritics removed (FTS5's ``unicode61``)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept) or word.lower()


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def document(values: Mapping[str, str]) -> str:
    """The ``tsvector`` literal of one work's indexed texts."""
    positions: dict[str, list[str]] = {}
    position = 1
    for name in COLUMNS:
        weight = _WEIGHTS.get(name, "D")
        marker = _MARKERS.get(name)
        for token in tokenize(values[name] or ""):
            word = fold(token)
            at = f"{min(position, _MAX_POSITION)}{weight}"
            positions.setdefault(word, []).append(at)
            if marker:
                positions.setdefault(marker + word, []).append(at[:-1] + "D")
            position += 1
        position += 1  # a gap: no phrase runs from one text into the next
    return " ".join(
        f"{_quoted(word)}:{','.join(list(dict.fromkeys(at))[:_MAX_POSITIONS])}"
        for word, at in positions.items()
    )


def term_query(term: TextTerm) -> str:
    """The ``tsquery`` text of one term: its words as a phrase, the last a prefix if asked."""
    weight, marker = _FIELDS[term.field] if term.field is not None else ("", "")
    words = [marker + fold(token) for token in term.tokens]
    parts = []
    for n, word in enumerate(words):
        star = "*" if term.prefix and n == len(words) - 1 else ""
        parts.append(_quoted(word) + (f":{star}{weight}" if star or weight else ""))
    return "(" + " <-> ".join(parts) + ")"


def combine(include: Sequence[TextTerm], exclude: Sequence[TextTerm]) -> tuple[str, str]:
    """The tsquery texts that must match (all of ``include``) and must not (any of ``exclude``)."""
    must = " & ".join(term_query(t) for t in include)
    must_not = " | ".join(term_query(t) for t in exclude)
    return must, must_not


# ---------------------------------------------------------------------------
# Keeping the index


def _agg(expression: str, order: str, separator: str) -> str:
    return f"string_agg({expression}, '{separator}' ORDER BY {order})"


def index_select(joined: Any) -> str:
    """One row per work, its indexed texts, as PostgreSQL writes them (``joined`` from index)."""
    creator = joined(
        ["c.given", "c.particle", "c.family", "c.suffix"],
        " ",
    )
    body = joined(["q.text", "q.comment"], " ")
    return f"""
SELECT w.id AS id, w.title AS title,
  coalesce((SELECT {
        _agg(f"CASE WHEN c.literal != '' THEN c.literal ELSE {creator} END", "wc.position", "; ")
    }
      FROM work_creators wc JOIN creators c ON c.id = wc.creator_id
      WHERE wc.work_id = w.id), '') AS creators,
  w.container_title AS container, w.abstract AS abstract, w.note AS note,
  coalesce((SELECT {_agg(body, "q.id", " / ")} FROM quotes q
      WHERE q.work_id = w.id), '') AS quotes,
  coalesce((SELECT {_agg("t.name", "t.name", "; ")}
      FROM work_tags wt JOIN tags t ON t.id = wt.tag_id
      WHERE wt.work_id = w.id), '') AS tags
FROM works w
"""


_INSERT = text(
    "INSERT INTO work_search (rowid, title, creators, container, abstract, note, quotes, tags, "
    "document) VALUES (:id, :title, :creators, :container, :abstract, :note, :quotes, :tags, "
    "CAST(:document AS tsvector))"
)


def write(session: Session, select_sql: str, work_ids: Collection[int] | None) -> int:
    """Write the index rows of these works (all when None), built from the tables."""
    written = 0
    if work_ids is None:
        ids: list[int] = list(session.scalars(text("SELECT id FROM works ORDER BY id")))
    else:
        ids = list(work_ids)
    rows_sql = text(select_sql + " WHERE w.id IN :ids").bindparams(_IDS)
    for chunk in chunks(ids):
        rows = [dict(row._mapping) for row in session.execute(rows_sql, {"ids": chunk})]
        for row in rows:
            row["document"] = document(row)
        if rows:
            session.execute(_INSERT, rows)
            written += len(rows)
    return written


def delete(session: Session, work_ids: Collection[int]) -> None:
    """Drop the index rows of these works."""
    statement = text("DELETE FROM work_search WHERE rowid IN :ids").bindparams(_IDS)
    for chunk in chunks(work_ids):
        session.execute(statement, {"ids": chunk})
