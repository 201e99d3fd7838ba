"""Initial schema: works, creators, tags, quotes, snapshots, and the SQLite search index.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 17:33:31.026242
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "creators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family", sa.Text(), nullable=False),
        sa.Column("given", sa.Text(), nullable=False),
        sa.Column("particle", sa.Text(), nullable=False),
        sa.Column("suffix", sa.Text(), nullable=False),
        sa.Column("literal", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creators")),
        sa.UniqueConstraint(
            "family",
            "given",
            "particle",
            "suffix",
            "literal",
            name=op.f("uq_creators_family_given_particle_suffix_literal"),
        ),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_tags_name")),
    )
    op.create_table(
        "works",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("title_short", sa.Text(), nullable=False),
        sa.Column("container_title", sa.Text(), nullable=False),
        sa.Column("collection_title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("publisher_place", sa.Text(), nullable=False),
        sa.Column("edition", sa.Text(), nullable=False),
        sa.Column("volume", sa.Text(), nullable=False),
        sa.Column("issue", sa.Text(), nullable=False),
        sa.Column("page", sa.Text(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("genre", sa.Text(), nullable=False),
        sa.Column("medium", sa.Text(), nullable=False),
        sa.Column("issued", sa.String(length=20), nullable=False),
        sa.Column("issued_year", sa.Integer(), nullable=True),
        sa.Column("accessed", sa.String(length=20), nullable=False),
        sa.Column("doi", sa.Text(), nullable=False),
        sa.Column("isbn", sa.Text(), nullable=False),
        sa.Column("issn", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_works")),
        sa.UniqueConstraint("key", name=op.f("uq_works_key")),
    )
    with op.batch_alter_table("works", schema=None) as batch_op:
        batch_op.create_index("ix_works_created_at", ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_works_doi"), ["doi"], unique=False)
        batch_op.create_index(batch_op.f("ix_works_issued_year"), ["issued_year"], unique=False)
        batch_op.create_index(batch_op.f("ix_works_type"), ["type"], unique=False)

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("locator", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["work_id"], ["works.id"], name=op.f("fk_quotes_work_id_works"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_work_id"), ["work_id"], unique=False)

    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("archive_url", sa.Text(), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("job_id", sa.String(length=200), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["work_id"], ["works.id"], name=op.f("fk_snapshots_work_id_works"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
    )
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_snapshots_url"), ["url"], unique=False)
        batch_op.create_index(batch_op.f("ix_snapshots_work_id"), ["work_id"], unique=False)

    op.create_table(
        "work_creators",
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f("fk_work_creators_creator_id_creators"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["work_id"],
            ["works.id"],
            name=op.f("fk_work_creators_work_id_works"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("work_id", "position", name=op.f("pk_work_creators")),
    )
    with op.batch_alter_table("work_creators", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_work_creators_creator_id"), ["creator_id"], unique=False
        )

    op.create_table(
        "work_tags",
        sa.Column("work_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_work_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["work_id"], ["works.id"], name=op.f("fk_work_tags_work_id_works"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("work_id", "tag_id", name=op.f("pk_work_tags")),
    )
    with op.batch_alter_table("work_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_tags_tag_id"), ["tag_id"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        # Full-text index, one row per work (rowid = works.id), kept up to date by
        # sourcebox.db.search. Diacritics folded; prefix indexes make "word*" fast.
        op.execute(
            "CREATE VIRTUAL TABLE work_search USING fts5("
            "title, creators, container, abstract, note, quotes, tags, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
        )
        # Relevance: bm25 with a weight per column (same order as above), so a word in
        # the title or among the creators counts more than one in a note or a quote.
        op.execute(
            "INSERT INTO work_search(work_search, rank) "
            "VALUES ('rank', 'bm25(10.0, 10.0, 2.0, 1.0, 1.0, 1.0, 5.0)')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS work_search")

    with op.batch_alter_table("work_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_tags_tag_id"))

    op.drop_table("work_tags")
    with op.batch_alter_table("work_creators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_creators_creator_id"))

    op.drop_table("work_creators")
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_snapshots_work_id"))
        batch_op.drop_index(batch_op.f("ix_snapshots_url"))

    op.drop_table("snapshots")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_work_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("works", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_works_type"))
        batch_op.drop_index(batch_op.f("ix_works_issued_year"))
        batch_op.drop_index(batch_op.f("ix_works_doi"))
        batch_op.drop_index("ix_works_created_at")

    op.drop_table("works")
    op.drop_table("tags")
    op.drop_table("creators")
