"""Partial dates: a year, a year and month, or a full date, possibly circa. Pure: no I/O.

The canonical text form is ISO 8601 / EDTF level 0-1: ``2007``, ``2007-09``,
``2007-09-14``, with a trailing ``~`` for circa (``2007~``). Parsing also accepts
what people type: ``circa 2007``, ``c. 2007``, ``September 2007``, ``14 Sep 2007``,
``Sep 14, 2007`` and ``2007/09/14``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sourcebox.errors import FieldProblem, ValidationError

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_CIRCA_PREFIX = re.compile(r"^(?:circa|ca\.?|c\.|c|~)\s*", re.IGNORECASE)
_ISO = re.compile(r"^(-?\d{1,4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(-?\d{1,4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(-?\d{1,4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(-?\d{1,4})$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; ``circa`` marks it approximate."""

    year: int
    month: int | None = None
    day: int | None = None
    circa: bool = False

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")

    def __str__(self) -> str:
        text = f"{self.year:04d}" if self.year >= 0 else f"-{-self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + ("~" if self.circa else "")

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON date object: ``{"date-parts": [[2007, 9]]}``, plus circa."""
        parts = [p for p in (self.year, self.month, self.day) if p is not None]
        data: dict[str, Any] = {"date-parts": [parts]}
        if self.circa:
            data["circa"] = True
        return data

    def as_date(self) -> date:
        """The first day the partial date covers (years before 1 become 1)."""
        return date(max(self.year, 1), self.month or 1, self.day or 1)

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        """A full partial date from a calendar date."""
        return cls(value.year, value.month, value.day)


def parse_date(text: str, field: str = "date") -> PartialDate:
    """Parse a partial date, or raise ``ValidationError`` naming ``field`` and the value."""
    raw = text
    value = text.strip()
    circa = False
    if value.endswith("~"):
        circa, value = True, value[:-1].strip()
    match = _CIRCA_PREFIX.match(value)
    if match and match.end() < len(value):
        circa, value = True, value[match.end() :].strip()
    year, month, day = _split(value, raw, field)
    if month is not None and not 1 <= month <= 12:
        _fail(field, raw, f"month {month} is not between 1 and 12")
    if day is not None and month is not None:
        last = calendar.monthrange(year if year > 0 else 2000, month)[1]
        if not 1 <= day <= last:
            _fail(field, raw, f"day {day} is not between 1 and {last} for that month")
    return PartialDate(year, month, day, circa)


def parse_optional_date(text: str, field: str = "date") -> PartialDate | None:
    """Like ``parse_date``, but empty text means no date."""
    return parse_date(text, field) if text.strip() else None


def _split(value: str, raw: str, field: str) -> tuple[int, int | None, int | None]:
    if match := _ISO.match(value):
        year, month, day = match.groups()
        return _year(year, raw, field), _int(month), _int(day)
    if match := _DAY_MONTH_YEAR.match(value):
        day, month_name, year = match.groups()
        return _year(year, raw, field), _month(month_name, raw, field), int(day)
    if match := _MONTH_DAY_YEAR.match(value):
        month_name, day, year = match.groups()
        return _year(year, raw, field), _month(month_name, raw, field), int(day)
    if match := _MONTH_YEAR.match(value):
        month_name, year = match.groups()
        return _year(year, raw, field), _month(month_name, raw, field), None
    _fail(field, raw, "expected a date like 2007, 2007-09, 2007-09-14 or circa 2007")
    raise AssertionError("unreachable")


def _year(text: str, raw: str, field: str) -> int:
    if len(text.lstrip("-")) != 4:
        _fail(field, raw, "the year must have four digits, e.g. 2007")
    return int(text)


def _month(name: str, raw: str, field: str) -> int:
    number = _MONTHS.get(name.lower().rstrip("."))
    if number is None:
        _fail(field, raw, f"{name!r} is not a month name")
        raise AssertionError("unreachable")
    return number


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None


def _fail(field: str, value: str, reason: str) -> None:
    raise ValidationError([FieldProblem(field, value, reason)])
