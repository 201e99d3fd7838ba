"""Short labels for works and quotes, shared by the CLI and the TUI. Pure: returns strings."""

from __future__ import annotations

from sourcebox.domain.model import Quote, Work

_LABELS = {"page": "p.", "chapter": "chap.", "section": "sec.", "paragraph": "para."}


def creators_short(work: Work) -> str:
    """``Parsi``, ``Parsi and Smith``, ``Parsi et al.`` or an organisation's name."""
    names = [c for c in work.creators if c.role == "author"] or list(work.creators)
    families = [c.literal or f"{c.particle} {c.family}".strip() for c in names]
    if not families:
        return ""
    if len(families) == 1:
        return families[0]
    if len(families) == 2:
        return f"{families[0]} and {families[1]}"
    return f"{families[0]} et al."


def locator_text(quote: Quote) -> str:
    """``p. 102`` or ``chap. 3``; empty when the quote has no locator."""
    if not quote.locator:
        return ""
    label = _LABELS.get(quote.label, quote.label)
    if quote.label == "page" and any(c in quote.locator for c in "-–,"):
        label = "pp."
    return f"{label} {quote.locator}"
