"""Durations as people write them for --max-age: 30d, 12h, 90m, 2w, 1y. Pure: no I/O."""

from __future__ import annotations

import re
from datetime import timedelta

from sourcebox.errors import FieldProblem, ValidationError

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdwy])\s*$", re.IGNORECASE)


def parse_duration(text: str, field: str = "max-age") -> timedelta:
    """``30d`` -> 30 days; raises ``ValidationError`` naming the field on anything else."""
    match = _DURATION.match(text)
    if not match:
        raise ValidationError(
            [FieldProblem(field, text, "expected a number and a unit: 30d, 12h, 90m, 2w or 1y")]
        )
    return timedelta(seconds=float(match[1]) * _UNITS[match[2].lower()])
