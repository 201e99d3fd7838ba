"""Quotes: passages of works with their locators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sourcebox.db import repository as repo
from sourcebox.db import search
from sourcebox.db.base import utcnow
from sourcebox.db.models import QuoteRow
from sourcebox.domain.model import LOCATOR_LABELS, Quote
from sourcebox.errors import FieldProblem, ValidationError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def add_quote(session: Session, key: str, quote: Quote) -> Quote:
    """Store a quote on the work with ``key``."""
    problems = []
    if not quote.text.strip():
        problems.append(FieldProblem("text", quote.text, "a quote needs its text"))
    if quote.label not in LOCATOR_LABELS:
        problems.append(
            FieldProblem("label", quote.label, f"use one of {', '.join(LOCATOR_LABELS[:8])}, ...")
        )
    if problems:
        raise ValidationError(problems, "quote")
    row = repo.require_row(session, key)
    quote_row = QuoteRow(
        locator=quote.locator.strip(),
        label=quote.label,
        text=quote.text.strip(),
        comment=quote.comment.strip(),
    )
    row.quotes.append(quote_row)
    row.updated_at = utcnow()
    repo.flush(session)
    search.reindex(session, [row.id])
    return repo.quote_value(quote_row, row.key)


def list_quotes(session: Session, key: str | None = None) -> list[Quote]:
    """Every quote, or those of one work, in the order they were added."""
    work_id = repo.require_row(session, key).id if key is not None else None
    return repo.quotes(session, work_id)
