"""Helpers shared by the formatter's tests: works from plain data, golden rendering."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sourcebox.cite.markup import Rich
from sourcebox.domain.dates import parse_date
from sourcebox.domain.model import Creator, Snapshot, Work

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "cite"


def make_work(data: dict[str, Any], key: str = "") -> Work:
    """A Work from JSON-like data: creators as dicts, dates as ISO strings."""
    fields = dict(data)
    fields.setdefault("key", key)
    creators = tuple(Creator(**c) for c in fields.pop("creators", ()))
    snapshots = tuple(
        Snapshot(**{**s, "captured_at": datetime.fromisoformat(s["captured_at"])})
        if s.get("captured_at")
        else Snapshot(**s)
        for s in fields.pop("snapshots", ())
    )
    for name in ("issued", "accessed"):
        if name in fields:
            fields[name] = parse_date(fields[name]) if fields[name] else None
    return Work(creators=creators, snapshots=snapshots, **fields)


def golden_works() -> dict[str, Work]:
    data = json.loads((GOLDEN / "works.json").read_text(encoding="utf-8"))
    return {key: make_work(value, key) for key, value in data.items() if not key.startswith("_")}


def marked(text: Rich) -> str:
    """Plain text with italics as *...*: how the golden files write expectations."""
    return "".join(f"*{s.text}*" if s.italic else s.text for s in text)


def book(**fields: Any) -> Work:
    """A one-author book with overridable fields."""
    base: dict[str, Any] = {
        "type": "book",
        "title": "Swing Time",
        "publisher": "Penguin Press",
        "publisher_place": "New York",
        "issued": "2016",
        "creators": [{"family": "Smith", "given": "Zadie"}],
    }
    base.update(fields)
    return make_work(base, base.pop("key", "smith2016swing"))
