"""The process-wide rate limiter, on a fake clock (no real sleeping)."""

from __future__ import annotations

import random
import threading

import pytest
from wayback_fixtures import FakeClock, wait_until

from sourcebox.archive.ratelimit import (
    MIN_PAUSE,
    RateLimiter,
    parse_rate,
    process_limiter,
)
from sourcebox.errors import ConfigError


def test_first_start_is_immediate_then_paced(clock: FakeClock) -> None:
    limiter = RateLimiter(4.0, clock=clock)
    starts = []
    for _ in range(3):
        with limiter.slot():
            starts.append(clock.monotonic())
    assert starts == [0.0, 15.0, 30.0]
    assert limiter.waited == 30.0


def test_time_spent_in_a_save_counts_toward_the_interval(clock: FakeClock) -> None:
    limiter = RateLimiter(2.0, clock=clock)
    with limiter.slot():
        clock.advance(20.0)  # a slow save
    with limiter.slot() as waited:
        assert waited == 10.0


def test_pause_blocks_the_next_start_for_a_minute_plus_jitter(clock: FakeClock) -> None:
    limiter = RateLimiter(60.0, clock=clock, rng=random.Random(3), jitter=30.0)
    with limiter.slot():
        pass
    length = limiter.pause()
    assert MIN_PAUSE <= length <= MIN_PAUSE + 30.0
    reasons: list[str] = []
    waited = limiter.acquire(on_wait=lambda seconds, reason: reasons.append(reason))
    limiter.release()
    assert waited == pytest.approx(length)
    assert reasons == ["paused after a 429"]
    assert limiter.pauses == 1


def test_pause_is_never_shorter_than_a_minute_and_honours_longer(clock: FakeClock) -> None:
    limiter = RateLimiter(4.0, clock=clock, jitter=0.0)
    assert limiter.pause(5.0) == 60.0
    assert limiter.pause(300.0) == 300.0
    assert limiter.state().paused_for == 300.0


def test_one_limiter_paces_every_thread(clock: FakeClock) -> None:
    limiter = RateLimiter(4.0, clock=clock, jitter=0.0)
    limiter.pause()  # one saver saw a 429 ...
    done = threading.Event()

    def other_saver() -> None:
        with limiter.slot():
            done.set()

    thread = threading.Thread(target=other_saver)
    thread.start()
    thread.join(2.0)
    assert done.is_set()
    assert clock.sleeps == [60.0]  # ... and another saver waited it out


def test_one_save_in_flight_unless_capacity_says_more(clock: FakeClock) -> None:
    limiter = RateLimiter(6000.0, clock=clock)
    limiter.acquire()
    second = threading.Event()

    def saver() -> None:
        with limiter.slot():
            second.set()

    thread = threading.Thread(target=saver)
    thread.start()
    assert not wait_until(second.is_set, timeout=0.05)
    assert limiter.state().in_flight == 1
    limiter.release()
    assert wait_until(second.is_set)
    thread.join(1.0)

    limiter.set_capacity(3)
    for _ in range(3):
        limiter.acquire()
    assert limiter.state().in_flight == 3
    for _ in range(3):
        limiter.release()


def test_a_failed_wait_frees_the_slot(clock: FakeClock) -> None:
    limiter = RateLimiter(1.0, clock=clock)
    with limiter.slot():
        pass

    def interrupt(seconds: float, reason: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        limiter.acquire(on_wait=interrupt)
    assert limiter.state().in_flight == 0


@pytest.mark.parametrize(
    ("text", "per_minute"),
    [("4", 4.0), ("4/min", 4.0), ("2 / m", 2.0), ("30/h", 0.5), ("1/s", 60.0), ("0.5/min", 0.5)],
)
def test_parse_rate(text: str, per_minute: float) -> None:
    assert parse_rate(text) == per_minute


@pytest.mark.parametrize("text", ["", "fast", "0/min", "-1", "4/day"])
def test_parse_rate_rejects(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_rate(text)


def test_process_limiter_is_one_object_per_kind() -> None:
    saves = process_limiter("saves")
    assert process_limiter("saves") is saves
    assert process_limiter("lookups") is not saves
    rate = saves.per_minute
    try:
        assert process_limiter("saves", 2.0).per_minute == 2.0
    finally:
        saves.set_rate(rate)
