"""Named locks across processes for a library file: one byte of a ``-claims`` file per name.

PostgreSQL has advisory locks for work two users must not both do (submitting
one URL to the Wayback Machine); a SQLite library has its file, so a claim there
is a POSIX record lock (``fcntl.lockf``) on one byte of ``<library>-claims``, at
an offset hashed from the name. The kernel releases it if the holder dies, as
PostgreSQL ends a dead session's locks; two names that share an offset only
wait for each other, never both proceed.

Record locks belong to a process, not to a thread or a file handle, and closing
any handle on the file drops them all. So each process keeps one handle per
claims file open, and threads of one process queue on an in-process lock per
offset before taking the record lock.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no record locks; claims are then in-process only
    fcntl = None  # type: ignore[assignment]

_OFFSETS = 1 << 31
_guard = threading.Lock()
_handles: dict[Path, int] = {}
_in_process: dict[tuple[Path, int], threading.Lock] = {}


def claims_file(library: Path) -> Path:
    """The file whose bytes are claimed, beside the library (as SQLite's ``-wal``)."""
    return library.with_name(library.name + "-claims")


@contextmanager
def claim(library: Path, name: str) -> Iterator[None]:
    """Hold the lock called ``name`` for this library while the block runs; wait for it."""
    path = claims_file(library)
    offset = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest()) % _OFFSETS
    with _guard:
        local = _in_process.setdefault((path, offset), threading.Lock())
    with local:
        if fcntl is None:
            yield
            return
        handle = _handle(path)
        fcntl.lockf(handle, fcntl.LOCK_EX, 1, offset)
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN, 1, offset)


def _handle(path: Path) -> int:
    with _guard:
        handle = _handles.get(path)
        if handle is None:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            _handles[path] = handle
        return handle
