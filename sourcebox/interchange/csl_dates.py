"""CSL-JSON date values <-> partial dates. Pure: no I/O.

We write ``{"date-parts": [[2007, 9, 14]]}`` (plus ``"circa": true``). We read that,
numbers given as strings, ``raw`` and EDTF strings (``2007-09``, ``2007~``), and
the first date of a range; a ``literal`` or ``season`` has no partial date.
"""

from __future__ import annotations

from typing import Any

from sourcebox.domain.dates import PartialDate, parse_date
from sourcebox.errors import ValidationError


def date_to_csl(date: PartialDate) -> dict[str, Any]:
    """The CSL date object for a partial date."""
    return date.to_csl()


def date_from_csl(value: Any) -> tuple[PartialDate | None, str]:
    """The partial date a CSL date value gives, and why not (``""`` when there is no fault)."""
    if isinstance(value, str):
        return _parse(value.split("/")[0])
    if not isinstance(value, dict):
        return None, "not a date object"
    parts = value.get("date-parts")
    if parts is not None:
        return _from_parts(parts, value.get("circa"))
    for name in ("raw", "edtf"):
        text = value.get(name)
        if isinstance(text, str):
            return _parse(text.split("/")[0])
    if isinstance(value.get("literal"), str) or "season" in value:
        return None, ""
    return None, "no date-parts"


def _from_parts(parts: Any, circa: Any) -> tuple[PartialDate | None, str]:
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return None, "date-parts is not a list of lists"
    numbers: list[int] = []
    for part in parts[0][:3]:
        if isinstance(part, bool):
            return None, "a date part is not a number"
        try:
            numbers.append(int(part))
        except (TypeError, ValueError):
            return None, "a date part is not a number"
    if not numbers:
        return None, "date-parts is empty"
    year = numbers[0]
    text = f"{year:04d}" if year >= 0 else f"-{-year:04d}"
    text += "".join(f"-{n:02d}" for n in numbers[1:])
    date, reason = _parse(text)
    if date is not None and circa in (True, 1, "true", "1"):
        date = PartialDate(date.year, date.month, date.day, circa=True)
    return date, reason


def _parse(text: str) -> tuple[PartialDate | None, str]:
    try:
        return parse_date(text), ""
    except ValidationError as error:
        return None, error.problems[0].reason
