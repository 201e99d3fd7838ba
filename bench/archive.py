"""Archive benchmark: 200 URLs against the loopback Wayback Machine, a quarter archived already.

Runs the real queue (``services.archiving.run``, library writes included) with
answer latency injected, for SPN2 (keys) and SPN v1 (anonymous), and prints the
wall time next to the floor the rate limit imposes ((saves - 1) x interval),
and the requests per endpoint (no redundant CDX or save calls).

    .venv/bin/python bench/archive.py [--urls 200] [--rate 300] [--latency 0.02]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from wayback_server import WaybackServer

from sourcebox.archive.client import WaybackArchiver
from sourcebox.archive.credentials import Credentials
from sourcebox.archive.ratelimit import RateLimiter
from sourcebox.archive.spn2 import PollPolicy
from sourcebox.db.engine import open_library
from sourcebox.domain.model import Work
from sourcebox.services import archiving
from sourcebox.services.works import add_works


def run(mode: str, urls: int, rate: float, latency: float) -> str:
    server = WaybackServer(latency=latency).start()
    try:
        pages = [f"https://site{i % 17}.example/page/{i}" for i in range(urls)]
        archived = set(random.Random(3).sample(pages, urls // 4))
        for page in archived:
            server.seed(page, timedelta(days=3))
        with tempfile.TemporaryDirectory() as tmp:
            lib = open_library(f"sqlite:///{Path(tmp) / 'lib.db'}", Path(tmp) / "b")
            with lib.session() as session:
                works = [
                    Work(type="webpage", key=f"page{i}", title=f"Page {i}", url=url)
                    for i, url in enumerate(pages)
                ]
                add_works(session, works)
            keys = Credentials("test-access", "test-secret", "bench") if mode == "spn2" else None
            archiver = WaybackArchiver(
                server.base_url,
                credentials=keys,
                limiter=RateLimiter(rate),
                poll=PollPolicy(first=0.02, factor=1.5, longest=0.2, give_up_after=30.0),
                timeout=10.0,
            )
            targets = [archiving.Target(url, (f"page{i}",)) for i, url in enumerate(pages)]
            start = time.perf_counter()
            summary = archiving.run(lib, archiver, targets, max_age=timedelta(days=30))
            wall = time.perf_counter() - start
            archiver.close()
            lib.close()
        saves = len(summary.saved)
        floor = max(saves - 1, 0) * 60.0 / rate
        counts = ", ".join(f"{name} {n}" for name, n in sorted(server.counts.items()))
        over = (wall / floor - 1) * 100 if floor else 0.0
        return (
            f"| {mode} | {urls} | {len(summary.reused)} | {saves} | {len(summary.failed)} "
            f"| {rate:g}/min | {latency * 1000:.0f} ms | {floor:.1f} | {wall:.1f} | {over:+.1f}% "
            f"| {counts} |" + (f" stopped: {summary.stopped}" if summary.stopped else "")
        )
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=200)
    parser.add_argument("--rate", type=float, default=300.0, help="saves per minute")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per answer")
    args = parser.parse_args()
    print(
        "| API | URLs | reused | saved | failed | rate | latency | floor s | wall s | over floor "
        "| requests |"
    )
    print("|" + "---|" * 11)
    for mode in ("spn2", "v1"):
        print(run(mode, args.urls, args.rate, args.latency), flush=True)


if __name__ == "__main__":
    main()
