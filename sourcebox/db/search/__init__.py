"""Search: run a parsed query, keep the full-text index. The only dialect-specific search SQL.

On SQLite the FTS5 table ``work_search`` (migration 0001; rowid = works.id) holds
one row per work: title, creators, container, abstract, note, quotes and tags.
This module rewrites those rows when services say a work changed; it never
commits. Other dialects fall back to case-insensitive LIKE over the same
columns, with no index to keep and no relevance ranking.
"""

from sourcebox.db.search.common import SORTS
from sourcebox.db.search.index import check, rebuild, reindex, unindex
from sourcebox.db.search.run import count, search

__all__ = ["SORTS", "check", "count", "rebuild", "reindex", "search", "unindex"]
