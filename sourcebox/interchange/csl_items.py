"""One CSL-JSON item <-> one work: fields, names, dates, keywords, custom. Pure: no I/O.

Read by ``sourcebox.interchange.csljson``; see there for what goes where.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import ROLES, TEXT_FIELDS, WORK_TYPES, Creator, Snapshot, Work
from sourcebox.interchange.csl_dates import date_from_csl, date_to_csl
from sourcebox.interchange.csl_variables import (
    ARCHIVE_DATE,
    ARCHIVE_URL,
    DATE_VARIABLES,
    LIST_VARIABLES,
    MODELLED,
    NAME_VARIABLES,
    NUMBER_VARIABLES,
    SOURCE_PREFIX,
    STRING_VARIABLES,
    TAGS_KEY,
    TEXT_ATTRIBUTES,
    TEXT_VARIABLES,
)
from sourcebox.interchange.snapshots import (
    format_archive_date,
    newest_confirmed,
    parse_archive_date,
)

_NAME_PARTS = frozenset(
    {"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal",
     "comma-suffix", "static-ordering", "parse-names"}
)  # fmt: skip
_DATE_PARTS = frozenset({"date-parts", "season", "circa", "literal", "raw", "edtf"})
_ROLE_SET = frozenset(ROLES)


def item_key(item: Mapping[str, Any]) -> str:
    """The key an item gives: its ``id`` as text ('' if it has none)."""
    value = item.get("id")
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def from_csl_item(item: Mapping[str, Any]) -> tuple[Work, list[tuple[str, str]]]:
    """The work one CSL-JSON item describes, and (variable, message) for what was kept aside."""
    issues: list[tuple[str, str]] = []
    extra: dict[str, str] = {}
    texts: dict[str, Any] = {}
    creators: list[Creator] = []
    key = item_key(item)
    if "id" not in item or (not key and item.get("id") not in ("", None)):
        issues.append(("id", "the item has no usable 'id'; it has no key"))
        if "id" in item:
            extra["id"] = _json(item["id"])
    work_type = item.get("type")
    if not isinstance(work_type, str) or work_type not in WORK_TYPES:
        issues.append(("type", f"unknown type {work_type!r}; read as 'document'"))
        extra[SOURCE_PREFIX + "type"] = _json(work_type)
        work_type = "document"
    for name, value in item.items():
        if name in ("id", "type", "custom", "keyword", "issued", "accessed"):
            continue
        if name in TEXT_ATTRIBUTES:
            text = _text(value)
            if text is None:
                issues.append((name, f"{name} is not a string; kept as is"))
                extra[name] = _json(value)
            else:
                texts[TEXT_ATTRIBUTES[name]] = text
        elif name in _ROLE_SET and isinstance(value, list):
            creators.extend(_names(name, value, extra, issues))
        else:
            extra[name] = _text(value) if _text(value) is not None else _json(value)  # type: ignore[assignment]
    issued = _date(item, "issued", extra, issues)
    accessed = _date(item, "accessed", extra, issues)
    custom = item.get("custom")
    snapshot_fields: dict[str, str] = {}
    tags: tuple[str, ...] | None = None
    if isinstance(custom, dict):
        for name, value in custom.items():
            if name in (ARCHIVE_URL, ARCHIVE_DATE) and isinstance(value, str):
                snapshot_fields[name] = value
            elif (
                name == TAGS_KEY
                and isinstance(value, list)
                and all(isinstance(t, str) for t in value)
            ):
                tags = tuple(dict.fromkeys(value))
            elif name in _ROLE_SET and name not in NAME_VARIABLES and isinstance(value, list):
                creators.extend(_names(name, value, extra, issues))
            else:
                target = name if name not in extra else "custom." + name
                extra[target] = value if isinstance(value, str) else _json(value)
    elif custom is not None:
        issues.append(("custom", "custom is not an object; kept as is"))
        extra["custom"] = _json(custom)
    tags = _keyword(item, tags, extra, issues)
    url = texts.get("url", "")
    snapshots = _snapshot(snapshot_fields, url, extra, issues)
    work = Work(
        type=work_type,
        key=key,
        issued=issued,
        accessed=accessed,
        creators=tuple(creators),
        tags=tags,
        snapshots=snapshots,
        extra=extra,
        **texts,
    )
    return work, issues


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _names(
    role: str, value: list[Any], extra: dict[str, str], issues: list[tuple[str, str]]
) -> list[Creator]:
    creators = [name_from_csl(name, role) for name in value]
    if [name_to_csl(c) for c in creators] != [_plain_name(n) for n in value]:
        extra[SOURCE_PREFIX + role] = _json(value)
    return creators


def name_from_csl(name: Any, role: str) -> Creator:
    """A creator from a CSL name object (particles joined into one)."""
    if not isinstance(name, dict):
        return Creator(literal=str(name), role=role)

    def part(key: str) -> str:
        value = name.get(key, "")
        return value if isinstance(value, str) else str(value)

    particle = " ".join(p for p in (part("dropping-particle"), part("non-dropping-particle")) if p)
    return Creator(
        family=part("family"),
        given=part("given"),
        particle=particle,
        suffix=part("suffix"),
        literal=part("literal"),
        role=role,
    )


def name_to_csl(creator: Creator) -> dict[str, str]:
    """The CSL name object for a creator."""
    if creator.literal:
        return {"literal": creator.literal}
    parts = {
        "family": creator.family,
        "given": creator.given,
        "non-dropping-particle": creator.particle,
        "suffix": creator.suffix,
    }
    return {k: v for k, v in parts.items() if v}


def _plain_name(name: Any) -> Any:
    if isinstance(name, dict):
        return {k: v for k, v in name.items() if v != ""}
    return name


def _date(
    item: Mapping[str, Any], name: str, extra: dict[str, str], issues: list[tuple[str, str]]
) -> PartialDate | None:
    if name not in item:
        return None
    value = item[name]
    date, reason = date_from_csl(value)
    if reason:
        issues.append((name, f"{name} {_json(value)}: {reason}; kept as is"))
    if date is None or date_to_csl(date) != value:
        extra[SOURCE_PREFIX + name] = _json(value)
    return date


def split_keyword(text: str) -> tuple[str, ...]:
    """Tags from a CSL ``keyword`` string (comma-separated)."""
    return tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


def _keyword(
    item: Mapping[str, Any],
    tags: tuple[str, ...] | None,
    extra: dict[str, str],
    issues: list[tuple[str, str]],
) -> tuple[str, ...]:
    value = item.get("keyword")
    if tags is not None:
        return tags
    if value is None:
        return ()
    if not isinstance(value, str):
        issues.append(("keyword", "keyword is not a string; kept as is"))
        extra["keyword"] = _json(value)
        return ()
    found = split_keyword(value)
    if ", ".join(found) != value:
        extra[SOURCE_PREFIX + "keyword"] = value
    return found


def _snapshot(
    fields: dict[str, str], url: str, extra: dict[str, str], issues: list[tuple[str, str]]
) -> tuple[Snapshot, ...]:
    archive_url = fields.get(ARCHIVE_URL)
    raw_date = fields.get(ARCHIVE_DATE)
    if archive_url is None:
        if raw_date is not None:
            extra[ARCHIVE_DATE] = raw_date
        return ()
    captured = parse_archive_date(raw_date) if raw_date is not None else None
    if raw_date is not None and captured is None:
        issues.append((ARCHIVE_DATE, f"archive-date {raw_date!r} is not an ISO date; kept as is"))
        extra[ARCHIVE_DATE] = raw_date
    return (Snapshot(url=url, archive_url=archive_url, captured_at=captured, status="confirmed"),)


def to_csl_item(work: Work) -> dict[str, Any]:
    """One work as a CSL-JSON item that ``from_csl_item`` reads back as the same work."""
    kept = work.extra
    item: dict[str, Any] = {"id": work.key, "type": _kept_type(work)}
    custom: dict[str, Any] = {}
    roles: dict[str, list[Creator]] = {}
    for creator in work.creators:
        roles.setdefault(creator.role, []).append(creator)
    for role, creators in roles.items():

        def same_names(value: Any, role: str = role, creators: list[Creator] = creators) -> bool:
            return [name_from_csl(n, role) for n in value] == creators

        names = _kept(kept, role, same_names)
        value = names if names is not None else [name_to_csl(c) for c in creators]
        (item if role in NAME_VARIABLES else custom)[role] = value
    for attr in TEXT_FIELDS:
        value = getattr(work, attr)
        if value:
            item[TEXT_VARIABLES[attr]] = value
    for name in ("issued", "accessed"):
        date = getattr(work, name)

        def same_date(value: Any, date: PartialDate | None = date) -> bool:
            return date_from_csl(value)[0] == date

        stored = _kept(kept, name, same_date)
        if stored is not None:
            item[name] = stored
        elif date is not None:
            item[name] = date_to_csl(date)
    _write_keyword(work, item, custom)
    snapshot = newest_confirmed(work.snapshots)
    if snapshot is not None:
        custom[ARCHIVE_URL] = snapshot.archive_url
        if snapshot.captured_at is not None:
            custom[ARCHIVE_DATE] = format_archive_date(snapshot.captured_at)
    for name, value in kept.items():
        if name.startswith(SOURCE_PREFIX):
            continue
        placed = _top_level(name, value) if name not in item else None
        if placed is not None:
            item[name] = placed
        else:
            target = name[len("custom.") :] if name.startswith("custom.") else name
            while target in custom:
                target = "x-" + target
            custom[target] = value
    if custom:
        item["custom"] = custom
    return item


def _kept_type(work: Work) -> str:
    stored = work.extra.get(SOURCE_PREFIX + "type")
    if work.type == "document" and isinstance(stored, str):
        try:
            original = json.loads(stored)
        except (ValueError, RecursionError):
            return work.type
        if isinstance(original, str) and original:
            return original
    return work.type


def _kept(kept: Mapping[str, Any], name: str, still_true: Callable[[Any], bool]) -> Any:
    """The item's own JSON for ``name``, kept on import, if it still reads as the work."""
    stored = kept.get(SOURCE_PREFIX + name)
    if not isinstance(stored, str):
        return None
    try:
        value = json.loads(stored)
    except (ValueError, RecursionError):
        return None
    try:
        return value if still_true(value) else None
    except (TypeError, AttributeError, ValueError):
        return None


def _write_keyword(work: Work, item: dict[str, Any], custom: dict[str, Any]) -> None:
    tags = tuple(t for t in work.tags if t)
    stored = work.extra.get(SOURCE_PREFIX + "keyword")
    if isinstance(stored, str) and split_keyword(stored) == tags and tags:
        item["keyword"] = stored
        return
    if not tags:
        return
    item["keyword"] = ", ".join(tags)
    if split_keyword(item["keyword"]) != tags:
        custom[TAGS_KEY] = list(tags)


def _top_level(name: str, value: Any) -> Any:
    """``value`` as the schema wants it for top-level ``name``, or None if it belongs in custom."""
    if name in MODELLED or not isinstance(value, str):
        return None
    if name in STRING_VARIABLES or name in NUMBER_VARIABLES:
        return value
    if name in DATE_VARIABLES or name in NAME_VARIABLES or name in LIST_VARIABLES:
        try:
            parsed = json.loads(value)
        except (ValueError, RecursionError):
            return None
        return parsed if _valid(name, parsed) and _json(parsed) == value else None
    return None


def _valid(name: str, value: Any) -> bool:
    if name in LIST_VARIABLES:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if name in NAME_VARIABLES:
        return isinstance(value, list) and all(
            isinstance(n, dict) and set(n) <= _NAME_PARTS for n in value
        )
    return isinstance(value, dict) and bool(value) and set(value) <= _DATE_PARTS
