"""A block that makes many long-lived objects without pausing to scan them for cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Turn the cyclic collector off for the block (reading or importing 100k entries).

    Such blocks allocate many small objects and free few: the collector would
    only scan them over and over (about a tenth of the time). Reference counting
    still frees what is dropped; the collector is restored afterwards.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
