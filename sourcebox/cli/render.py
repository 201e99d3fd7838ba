"""Text renditions of works, quotes and reports for the terminal. Pure: returns strings."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from typing import Any

from sourcebox.domain.display import creators_short, locator_text
from sourcebox.domain.model import Quote, Work
from sourcebox.domain.names import display_name, format_name

_FIELD_TITLES = {
    "title_short": "Short title",
    "container_title": "In",
    "collection_title": "Series",
    "publisher_place": "Place",
    "doi": "DOI",
    "isbn": "ISBN",
    "issn": "ISSN",
    "url": "URL",
}


def visible(text: str) -> str:
    """``text`` with control characters shown, not obeyed (``^[`` for ESC, as ``cat -v``).

    Imported data may hold terminal escapes (a window title, a cleared screen);
    printed as they are, the terminal would act on them. Tabs stay.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        if char == "\t" or code >= 0xA0 or 0x20 <= code < 0x7F:
            out.append(char)
        elif code < 0x20:
            out.append("^" + chr(code + 64))
        elif code == 0x7F:
            out.append("^?")
        else:
            out.append(f"<U+{code:04X}>")
    return "".join(out)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def work_table(works: Iterable[Work], width: int | None = None) -> list[str]:
    """One aligned line per work: key, year, creators, title [type]."""
    rows = [
        (w.key, str(w.year) if w.year is not None else "n.d.", creators_short(w), w.title, w.type)
        for w in works
    ]
    if not rows:
        return []
    key_w = max(len(r[0]) for r in rows)
    who_w = min(max(len(r[2]) for r in rows), 24)
    lines = []
    for key, year, who, title, kind in rows:
        line = visible(f"{key:<{key_w}}  {year:<4}  {_cut(who, who_w):<{who_w}}  {title} [{kind}]")
        lines.append(_cut(line, width) if width else line)
    return lines


def terminal_width() -> int:
    """Columns of the terminal (80 when unknown)."""
    return shutil.get_terminal_size((80, 24)).columns


def work_details(work: Work) -> list[str]:
    """Every non-empty field of a work, its creators, tags, quotes and snapshots."""
    lines = [f"{work.key}  ({work.type})"]
    for name in ("title", "title_short", "container_title", "collection_title"):
        if value := work.get(name):
            lines.append(_row(name, value))
    for creator in work.creators:
        lines.append(_row(creator.role.capitalize(), format_name(creator)))
    for name in (
        "publisher", "publisher_place", "edition", "volume", "issue", "page", "number",
        "genre", "medium", "issued", "accessed", "doi", "isbn", "issn", "url", "language",
    ):  # fmt: skip
        if value := work.get(name):
            lines.append(_row(name, value))
    if work.tags:
        lines.append(_row("tags", ", ".join(work.tags)))
    for name in ("abstract", "note"):
        if value := work.get(name):
            lines.append(_row(name, value.replace("\n", " ")))
    for name, value in work.extra.items():
        lines.append(_row(f"extra.{name}", str(value)))
    if work.created_at:
        lines.append(_row("added", work.created_at.strftime("%Y-%m-%d %H:%M UTC")))
    if work.updated_at:
        lines.append(_row("updated", work.updated_at.strftime("%Y-%m-%d %H:%M UTC")))
    if work.quotes:
        lines.append(f"Quotes ({len(work.quotes)}):")
        lines.extend("  " + quote_line(q, with_key=False) for q in work.quotes)
    if work.snapshots:
        lines.append(f"Snapshots ({len(work.snapshots)}):")
        for snap in work.snapshots:
            when = snap.captured_at.strftime("%Y-%m-%d") if snap.captured_at else "-"
            lines.append(f"  {snap.status:<9} {when}  {snap.archive_url or snap.url}")
    return [visible(line) for line in lines]


def _row(name: str, value: str) -> str:
    title = _FIELD_TITLES.get(name, name.replace("_", " ").capitalize())
    return f"{title + ':':<14}{value}"


def quote_line(quote: Quote, with_key: bool = True) -> str:
    """One quote: [key] locator, “text”, — comment."""
    parts = []
    if with_key:
        parts.append(quote.work_key)
    if where := locator_text(quote):
        parts.append(where)
    parts.append(f"“{quote.text}”")
    line = "  ".join(parts)
    if quote.comment:
        line += f"  — {quote.comment}"
    return visible(f"#{quote.id} {line}")


def mapping_lines(data: Mapping[str, Any]) -> list[str]:
    """``name: value`` lines for a flat mapping."""
    width = max((len(k) for k in data), default=0) + 2
    return [f"{k + ':':<{width}}{v}" for k, v in data.items()]


def author_list(work: Work) -> str:
    """Creators in reading order, for messages."""
    return ", ".join(display_name(c) for c in work.creators)
