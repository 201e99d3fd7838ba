"""The process-wide save rate limiter: paced starts, a global pause after a 429, an in-flight cap.

Must not send requests or know which service it paces. Time comes from an injected
``Clock`` (tests pass a fake one), never from ``time`` directly.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sourcebox.archive.transport import Clock, SystemClock
from sourcebox.errors import ConfigError

RATE_WITH_KEYS = 4.0  # saves a minute with S3 keys (SPN2 allows ~7)
RATE_ANONYMOUS = 2.0  # saves a minute without (SPN allows ~3)
RATE_LOOKUPS = 20.0  # CDX lookups a minute (the hard limit is 30)
MIN_PAUSE = 60.0  # after a 429; the service sends no Retry-After
PAUSE_JITTER = 30.0

#: ``on_wait(seconds, reason)``: called before each wait, for a progress display.
WaitHook = Callable[[float, str], None]


@dataclass(frozen=True)
class LimiterState:
    """What a progress display shows: saves in flight, and how long until the next may start."""

    in_flight: int
    capacity: int
    per_minute: float
    next_start_in: float
    paused_for: float


def parse_rate(text: str) -> float:
    """``"4"``, ``"4/min"``, ``"30/h"`` or ``"1/s"`` as saves a minute (ConfigError if not)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:/\s*(s|sec|m|min|h|hour))?\s*", text)
    if match is None or float(match.group(1)) <= 0:
        raise ConfigError(
            f"The rate {text!r} is not understood.", "Write it as N/min, e.g. --rate 4/min."
        )
    per = {"s": 1 / 60, "sec": 1 / 60, "h": 60.0, "hour": 60.0}.get(match.group(2) or "m", 1.0)
    return float(match.group(1)) / per


class RateLimiter:
    """Starts at most ``per_minute`` saves a minute, ``capacity`` at a time, shared by threads.

    A 429 anywhere calls ``pause()``: every caller of ``acquire()`` then waits until the
    pause is over, at least a minute plus jitter.
    """

    def __init__(
        self,
        per_minute: float,
        *,
        clock: Clock | None = None,
        capacity: int = 1,
        jitter: float = PAUSE_JITTER,
        rng: random.Random | None = None,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.clock = clock or SystemClock()
        self._per_minute = per_minute
        self._capacity = max(1, capacity)
        self._jitter = jitter
        self._rng = rng or random.Random()
        self._cond = threading.Condition()
        self._in_flight = 0
        self._next_start = self.clock.monotonic()
        self._paused_until = self._next_start
        self.waited = 0.0  # total seconds callers spent waiting on the clock
        self.pauses = 0

    @property
    def per_minute(self) -> float:
        """Saves a minute."""
        return self._per_minute

    @property
    def interval(self) -> float:
        """Seconds between two starts."""
        return 60.0 / self._per_minute

    def set_rate(self, per_minute: float) -> None:
        """Change the pace (e.g. ``--rate``); the next start is not moved earlier."""
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        with self._cond:
            self._per_minute = per_minute

    def set_capacity(self, available: int) -> None:
        """Allow ``available`` saves in flight (from the user status), never fewer than one."""
        with self._cond:
            self._capacity = max(1, available)
            self._cond.notify_all()

    def pause(self, seconds: float = MIN_PAUSE) -> float:
        """Stop every start for at least ``max(seconds, 60)`` plus jitter; the seconds paused."""
        with self._cond:
            length = max(MIN_PAUSE, seconds) + self._rng.uniform(0.0, self._jitter)
            until = self.clock.monotonic() + length
            self._paused_until = max(self._paused_until, until)
            self.pauses += 1
            return length

    def state(self) -> LimiterState:
        """A consistent view for a progress display."""
        with self._cond:
            now = self.clock.monotonic()
            return LimiterState(
                in_flight=self._in_flight,
                capacity=self._capacity,
                per_minute=self._per_minute,
                next_start_in=max(0.0, self._next_start - now),
                paused_for=max(0.0, self._paused_until - now),
            )

    def acquire(self, on_wait: WaitHook | None = None) -> float:
        """Wait for a free slot and the pace; the seconds waited on the clock."""
        with self._cond:
            while self._in_flight >= self._capacity:
                self._cond.wait()
            self._in_flight += 1
        waited = 0.0
        try:
            while True:
                with self._cond:
                    now = self.clock.monotonic()
                    ready = max(self._next_start, self._paused_until)
                    if now >= ready:
                        self._next_start = now + self.interval
                        self.waited += waited
                        return waited
                    reason = "paused after a 429" if self._paused_until > now else "rate limit"
                delay = ready - now
                if on_wait is not None:
                    on_wait(delay, reason)
                self.clock.sleep(delay)
                waited += delay
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        """Free the slot taken by ``acquire()``."""
        with self._cond:
            self._in_flight = max(0, self._in_flight - 1)
            self._cond.notify()

    @contextmanager
    def slot(self, on_wait: WaitHook | None = None) -> Iterator[float]:
        """``acquire()`` ... ``release()``; yields the seconds waited."""
        waited = self.acquire(on_wait)
        try:
            yield waited
        finally:
            self.release()


_shared: dict[str, RateLimiter] = {}
_shared_lock = threading.Lock()


def process_limiter(kind: str = "saves", per_minute: float | None = None) -> RateLimiter:
    """The one limiter of ``kind`` ("saves" or "lookups") in this process, made on first use.

    A given ``per_minute`` re-sets the pace of the existing limiter.
    """
    with _shared_lock:
        limiter = _shared.get(kind)
        if limiter is None:
            default = RATE_LOOKUPS if kind == "lookups" else RATE_WITH_KEYS
            capacity = 4 if kind == "lookups" else 1
            limiter = RateLimiter(per_minute or default, capacity=capacity)
            _shared[kind] = limiter
        elif per_minute is not None:
            limiter.set_rate(per_minute)
        return limiter
