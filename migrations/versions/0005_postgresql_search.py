"""PostgreSQL search: the work_search table with a tsvector and its GIN index.

SQLite keeps its full-text index in FTS5 (0001); on PostgreSQL the same table
name holds each work's indexed texts and their tsvector, written by
sourcebox.db.search (never by triggers: the documents are tokenized in Python
so that both engines cut words alike). Nothing changes on SQLite.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 10:00:00.000000
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy.orm import Session

from sourcebox.db import search

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE work_search ("
        "rowid integer NOT NULL, "
        "title text NOT NULL, creators text NOT NULL, container text NOT NULL, "
        "abstract text NOT NULL, note text NOT NULL, quotes text NOT NULL, tags text NOT NULL, "
        "document tsvector NOT NULL, "
        "CONSTRAINT pk_work_search PRIMARY KEY (rowid), "
        "CONSTRAINT fk_work_search_rowid_works FOREIGN KEY (rowid) "
        "REFERENCES works (id) ON DELETE CASCADE)"
    )
    op.execute("CREATE INDEX ix_work_search_document ON work_search USING gin (document)")
    # A library made before this revision: index the works it holds (none in a new one).
    with Session(bind=op.get_bind()) as session:
        search.rebuild(session)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS work_search")
