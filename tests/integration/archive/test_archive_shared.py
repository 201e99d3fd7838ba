"""Two archivers at once on one library: each URL is submitted once, not twice.

The two archivers are two engines, as two people's processes would be. On a
PostgreSQL team library (the run with SOURCEBOX_TEST_PG_URL) they claim each URL
with an advisory lock; on a SQLite file, with a record lock beside it
(``sourcebox.db.claims``, where two processes are also tested).
"""

from __future__ import annotations

import random
import threading
from datetime import timedelta

from sourcebox.archive.ratelimit import RateLimiter
from sourcebox.db.engine import open_library
from sourcebox.domain.model import Work
from sourcebox.services import archiving
from sourcebox.services.works import add_works, get_work

MONTH = timedelta(days=30)
URLS = [f"https://site{n % 7}.example/page/{n}" for n in range(100)]


def test_two_archivers_at_once_save_each_url_once(
    library, library_url, wayback, make_archiver, clock, tmp_path
):
    with library.session() as session:
        add_works(
            session,
            [
                Work(type="webpage", key=f"w{n}", title=f"Page {n}", url=u)
                for n, u in enumerate(URLS)
            ],
        )
    targets = [archiving.Target(u, (f"w{n}",)) for n, u in enumerate(URLS)]
    libraries = [library, open_library(library_url, tmp_path / "backups")]
    summaries: list[archiving.Summary] = []
    errors: list[BaseException] = []

    def archive(n: int) -> None:
        fast = RateLimiter(100_000.0, clock=clock, rng=random.Random(n))
        try:
            summaries.append(
                archiving.run(libraries[n], make_archiver(limiter=fast), targets, max_age=MONTH)
            )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=archive, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    libraries[1].close()
    assert not errors, errors
    assert all(wayback.saves(u) == 1 for u in URLS), {
        u: wayback.saves(u) for u in URLS if wayback.saves(u) != 1
    }
    saved = [u for s in summaries for u in s.saved]
    assert sorted(saved) == sorted(URLS)  # between them, every URL saved once
    with library.session() as session:
        for n in range(len(URLS)):
            states = [s.status for s in get_work(session, f"w{n}").snapshots]
            assert states == ["confirmed"], (n, states)
