"""The TUI's handle on the library and the network clients. Used from thread workers only.

Opening the library, every query and every write block, so screens call these
from ``@work(thread=True)`` workers. There is no SQL here: sessions are handed to
service functions. A write session carries ``session.info["command"]``, the name
of the action, for the library's history; a reading session never waits for a
writer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sourcebox.errors import SourceboxError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sourcebox.archive.client import Archiver
    from sourcebox.archive.linkcheck import LinkChecker
    from sourcebox.archive.ratelimit import RateLimiter
    from sourcebox.config import Settings
    from sourcebox.db.engine import Library

#: Makes an archiver whose waits go through the given clock (so Cancel cuts them short).
ArchiverFactory = Callable[["CancellableClock"], AbstractContextManager["Archiver"]]
#: Makes a link checker.
CheckerFactory = Callable[[], AbstractContextManager["LinkChecker"]]


class Cancelled(SourceboxError):
    """The user cancelled a running job; what was done so far is kept."""

    def __init__(self) -> None:
        super().__init__("Cancelled.", "What was done so far is kept; run it again to resume.")


class CancellableClock:
    """The real clock, whose ``sleep`` ends early, raising ``Cancelled``, once cancelled.

    Rate-limit and back-off waits of the archive clients go through their clock;
    with this one the Cancel key stops a run at once, even in a minute-long pause.
    """

    def __init__(self) -> None:
        self._cancel = threading.Event()

    def now(self) -> datetime:
        """The current time, UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back."""
        import time

        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``, or raise ``Cancelled`` as soon as ``cancel()`` is called."""
        if self._cancel.wait(max(0.0, seconds)):
            raise Cancelled()

    def cancel(self) -> None:
        """Stop the waits of the running job (and every wait until ``reset``)."""
        self._cancel.set()

    def reset(self) -> None:
        """Let waits run again (a new job starts)."""
        self._cancel.clear()

    @property
    def cancelled(self) -> bool:
        """True once ``cancel`` was called (until ``reset``)."""
        return self._cancel.is_set()


class Backend:
    """Settings, the library (opened on first use, in a worker) and the network clients."""

    def __init__(
        self,
        settings: Settings,
        *,
        archiver: ArchiverFactory | None = None,
        link_checker: CheckerFactory | None = None,
    ) -> None:
        self.settings = settings
        self.clock = CancellableClock()
        self._archiver = archiver or self._wayback_archiver
        self._link_checker = link_checker or _default_checker
        self._library: Library | None = None
        self._lock = threading.Lock()
        self._limiters: tuple[RateLimiter, RateLimiter] | None = None
        self.opened_message = ""

    @property
    def library(self) -> Library:
        """The library, opened (created, migrated) on first use."""
        with self._lock:
            if self._library is None:
                from sourcebox.services.library import open_from

                self._library = open_from(self.settings)
                if self._library.migrated_from:
                    self.opened_message = (
                        f"Upgraded the library schema from {self._library.migrated_from}; "
                        f"backup at {self._library.backup_path}."
                    )
            return self._library

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session that only reads: it never waits for a writer (another process, say)."""
        with self.library.session(readonly=True) as session:
            yield session

    @contextmanager
    def writing(self, command: str) -> Iterator[Session]:
        """One action's transaction, recorded in the library's history as ``command``."""
        with self.library.session(info={"command": command}) as session:
            yield session

    def archiver(self) -> AbstractContextManager[Archiver]:
        """An archiver for one run; its waits end when ``clock.cancel()`` is called."""
        return self._archiver(self.clock)

    def link_checker(self) -> AbstractContextManager[LinkChecker]:
        """A link checker for one run."""
        return self._link_checker()

    def close(self) -> None:
        """Release the library."""
        with self._lock:
            if self._library is not None:
                self._library.close()
                self._library = None

    def _wayback_archiver(self, clock: CancellableClock) -> AbstractContextManager[Archiver]:
        """The configured Wayback Machine; one pace for every run of this app."""
        from sourcebox.archive.client import WaybackArchiver
        from sourcebox.archive.credentials import load_credentials
        from sourcebox.archive.ratelimit import (
            RATE_ANONYMOUS,
            RATE_LOOKUPS,
            RATE_WITH_KEYS,
            RateLimiter,
        )

        credentials = load_credentials()
        if self._limiters is None:
            per_minute = RATE_WITH_KEYS if credentials else RATE_ANONYMOUS
            self._limiters = (
                RateLimiter(per_minute, clock=clock),
                RateLimiter(RATE_LOOKUPS, clock=clock, capacity=4),
            )
        saves, lookups = self._limiters
        return WaybackArchiver(
            self.settings.wayback_url,
            credentials=credentials,
            limiter=saves,
            lookup_limiter=lookups,
            clock=clock,
        )


def _default_checker() -> AbstractContextManager[LinkChecker]:
    from sourcebox.archive.linkcheck import LinkChecker

    return LinkChecker()
