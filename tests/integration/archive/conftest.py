"""Archive tests: an archiver wired to the loopback Wayback Machine and the fake clock.

waybackpy 3.0.6 installs a top-level ``tests`` package into site-packages, which shadows
this repository's ``tests`` folder (it has no __init__.py): ``tests.wayback_fixtures``
resolves to waybackpy's package. So the helpers are imported as top-level modules,
with the tests folder made importable here.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS = str(Path(__file__).resolve().parents[2])
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)

import wayback_fixtures  # noqa: E402
from wayback_fixtures import FakeClock  # noqa: E402
from wayback_server import WaybackServer  # noqa: E402

from sourcebox.archive.client import RetryPolicy, WaybackArchiver  # noqa: E402
from sourcebox.archive.credentials import Credentials  # noqa: E402
from sourcebox.archive.ratelimit import RateLimiter  # noqa: E402
from sourcebox.archive.spn2 import PollPolicy  # noqa: E402

# The loopback servers and the fake clock, for every test in this folder.
clock = wayback_fixtures.clock
wayback = wayback_fixtures.wayback
website = wayback_fixtures.website

KEYS = Credentials("test-access", "test-secret", "test")
FAST_POLL = PollPolicy(first=2.0, factor=1.5, longest=10.0, give_up_after=60.0)


@pytest.fixture
def limiter(clock: FakeClock) -> RateLimiter:
    return RateLimiter(4.0, clock=clock, rng=random.Random(7))


@pytest.fixture
def make_archiver(
    wayback: WaybackServer, clock: FakeClock, limiter: RateLimiter
) -> Iterator[Callable[..., WaybackArchiver]]:
    made: list[WaybackArchiver] = []

    def make(*, keys: bool = True, **kwargs: Any) -> WaybackArchiver:
        options: dict[str, Any] = {
            "credentials": KEYS if keys else None,
            "limiter": limiter,
            "clock": clock,
            "timeout": 2.0,
            "poll": FAST_POLL,
            "retry": RetryPolicy(max_attempts=3, backoff=10.0),
        }
        options.update(kwargs)
        archiver = WaybackArchiver(wayback.base_url, **options)
        made.append(archiver)
        return archiver

    yield make
    for archiver in made:
        archiver.close()
