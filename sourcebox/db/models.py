"""Typed ORM models: works, creators (ordered, with roles), tags, quotes, snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sourcebox.db.base import Base, Timestamped


def _text(length: int) -> String:
    """Text a user or a file writes, with no length limit on either engine.

    VARCHAR(length) on SQLite, which ignores the length; TEXT on PostgreSQL,
    which would refuse a longer value (revision 0006).
    """
    return String(length).with_variant(Text(), "postgresql")


work_tags = Table(
    "work_tags",
    Base.metadata,
    Column("work_id", ForeignKey("works.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class WorkRow(Timestamped, Base):
    """A work: CSL-JSON-shaped fields; empty text is ``""``, never NULL."""

    __tablename__ = "works"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(_text(250), unique=True)
    type: Mapped[str] = mapped_column(_text(40), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    title_short: Mapped[str] = mapped_column(Text, default="")
    container_title: Mapped[str] = mapped_column(Text, default="")
    collection_title: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    publisher_place: Mapped[str] = mapped_column(Text, default="")
    edition: Mapped[str] = mapped_column(Text, default="")
    volume: Mapped[str] = mapped_column(Text, default="")
    issue: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[str] = mapped_column(Text, default="")
    number: Mapped[str] = mapped_column(Text, default="")
    genre: Mapped[str] = mapped_column(Text, default="")
    medium: Mapped[str] = mapped_column(Text, default="")
    # Partial dates in canonical text (2007, 2007-09, 2007-09-14, 2007~); the year
    # is kept apart so that year: queries and sorting use an index.
    issued: Mapped[str] = mapped_column(String(20), default="")
    issued_year: Mapped[int | None] = mapped_column(index=True)
    accessed: Mapped[str] = mapped_column(String(20), default="")
    doi: Mapped[str] = mapped_column(Text, default="", index=True)
    isbn: Mapped[str] = mapped_column(Text, default="")
    issn: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(Text, default="")
    abstract: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    creators: Mapped[list[WorkCreatorRow]] = relationship(
        back_populates="work",
        order_by="WorkCreatorRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    tags: Mapped[list[TagRow]] = relationship(
        secondary=work_tags, back_populates="works", order_by="TagRow.name"
    )
    quotes: Mapped[list[QuoteRow]] = relationship(
        back_populates="work",
        order_by="QuoteRow.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    snapshots: Mapped[list[SnapshotRow]] = relationship(
        back_populates="work",
        order_by="SnapshotRow.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (Index("ix_works_created_at", "created_at"),)


class CreatorRow(Timestamped, Base):
    """A person or an organisation, shared by every work that names it."""

    __tablename__ = "creators"

    id: Mapped[int] = mapped_column(primary_key=True)
    family: Mapped[str] = mapped_column(Text, default="")
    given: Mapped[str] = mapped_column(Text, default="")
    particle: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    literal: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("family", "given", "particle", "suffix", "literal"),)


class WorkCreatorRow(Base):
    """A creator's place on a work: position (0-based) and role."""

    __tablename__ = "work_creators"

    work_id: Mapped[int] = mapped_column(
        ForeignKey("works.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(_text(40), default="author")
    creator_id: Mapped[int] = mapped_column(
        ForeignKey("creators.id", ondelete="RESTRICT"), index=True
    )

    work: Mapped[WorkRow] = relationship(back_populates="creators")
    creator: Mapped[CreatorRow] = relationship(lazy="joined")


class TagRow(Timestamped, Base):
    """A tag name, unique across the library."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(_text(200), unique=True)

    works: Mapped[list[WorkRow]] = relationship(secondary=work_tags, back_populates="tags")


class QuoteRow(Timestamped, Base):
    """A quoted passage with its locator."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("works.id", ondelete="CASCADE"), index=True)
    locator: Mapped[str] = mapped_column(_text(100), default="")
    label: Mapped[str] = mapped_column(String(40), default="page")
    text: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")

    work: Mapped[WorkRow] = relationship(back_populates="quotes")


class SnapshotRow(Timestamped, Base):
    """An archived copy of a work's URL and the state of getting it."""

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int | None] = mapped_column(
        ForeignKey("works.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(Text, index=True)
    archive_url: Mapped[str] = mapped_column(Text, default="")
    captured_at: Mapped[datetime | None] = mapped_column()
    service: Mapped[str] = mapped_column(String(40), default="wayback")
    status: Mapped[str] = mapped_column(String(20), default="requested")
    job_id: Mapped[str] = mapped_column(_text(200), default="")
    http_status: Mapped[int | None] = mapped_column()
    error: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime | None] = mapped_column()
    attempts: Mapped[int] = mapped_column(default=0)
    # Not before this time will a run try the URL again (after a failure or a daily cap).
    next_try_at: Mapped[datetime | None] = mapped_column()

    work: Mapped[WorkRow | None] = relationship(back_populates="snapshots")


class LinkCheckRow(Timestamped, Base):
    """The last check of a URL: reachable, redirected, dead (with status) or unreachable."""

    __tablename__ = "link_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    status: Mapped[str] = mapped_column(String(20))  # ok | redirected | dead | unreachable
    http_status: Mapped[int | None] = mapped_column()
    final_url: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    checked_at: Mapped[datetime] = mapped_column()


class ChangeRow(Base):
    """One change to the library (a command's transaction), for ``log`` and ``undo``."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column()
    command: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text, default="")
    # An undo (or restore) names the change it reverted; that change names its undo.
    undoes: Mapped[int | None] = mapped_column()
    undone_by: Mapped[int | None] = mapped_column()


class ChangeWorkRow(Base):
    """One work's state before and after a change (None: it did not exist)."""

    __tablename__ = "change_works"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id", ondelete="CASCADE"), index=True)
    work_id: Mapped[int] = mapped_column(index=True)
    key_before: Mapped[str] = mapped_column(_text(250), default="", index=True)
    key_after: Mapped[str] = mapped_column(_text(250), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
