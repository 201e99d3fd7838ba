"""Archived snapshots in export files: which one to write, and its date as text. Pure: no I/O.

Every format carries one snapshot: the newest confirmed one. Its capture time is
written as ``2021-03-04`` when it is midnight UTC (a date was all the file said),
else as an ISO time in UTC (``2021-03-04T10:20:30Z``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sourcebox.domain.model import Snapshot


def newest_confirmed(snapshots: Iterable[Snapshot]) -> Snapshot | None:
    """The confirmed snapshot with an archive URL captured last (undated ones count as oldest)."""
    confirmed = [s for s in snapshots if s.status == "confirmed" and s.archive_url]
    if not confirmed:
        return None
    return max(confirmed, key=_capture_order)


def _capture_order(snapshot: Snapshot) -> float:
    return snapshot.captured_at.timestamp() if snapshot.captured_at else float("-inf")


def format_archive_date(moment: datetime) -> str:
    """``2021-03-04`` for midnight UTC, else ``2021-03-04T10:20:30Z`` (naive times count as UTC)."""
    moment = moment.astimezone(UTC) if moment.tzinfo else moment
    if (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0):
        return moment.date().isoformat()
    return moment.replace(tzinfo=None).isoformat() + "Z"


def parse_archive_date(text: str) -> datetime | None:
    """A capture time from ``2021-03-04`` or an ISO time (UTC when no zone is given)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
