"""TUI benchmark: start-up and search-as-you-type on a 100k-work library, with Pilot.

Builds (once, then reuses from a cache folder) a library of ``--works`` works
from ../shared/corpora with the generator of ``store.py``, then, in this one
process:

- start to first painted results: from creating the app to the first screen
  refresh that shows result rows (the library is opened and searched in a thread
  worker while the screen paints);
- keystroke to repainted results: a key typed into the search box, to the screen
  refresh that shows the results of the new text; p50/p95/max over several
  typed words (every prefix of each word is one sample);
- scrolling: PgDn five times, End (the last of 100,000 works), PgUp, Home; the
  most works held in memory at any point is printed (only the pages on screen
  and a few around them are loaded, never the whole result set).

    .venv/bin/python bench/tui.py [--works 100000] [--rebuild]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Only what the app itself needs is imported at the top: the measuring process
# times its own start-up, imports included.
from sourcebox.config import load_settings
from sourcebox.domain.query import parse_query
from sourcebox.errors import QueryError

WORDS = ["typesetting", "font", "metafont", "graphics", "knuth", "unicode"]
FIELDED = ["author:knuth ", "tag:tex ", "year:1990 "]
CACHE = Path(tempfile.gettempdir()) / "sourcebox-bench"


def library_path(works: int, rebuild: bool) -> Path:
    """A library of ``works`` works, built once and kept in the cache folder."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"tui-{works}.db"
    if path.exists() and not rebuild:
        return path
    sys.path.insert(0, str(Path(__file__).parent))
    from store import corpus_works, replicate

    from sourcebox.db.engine import open_library
    from sourcebox.services.works import add_works, count_works

    partial = CACHE / f"tui-{works}.partial.db"
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"), path):
        stale.unlink(missing_ok=True)
    print(f"building a {works:,}-work library in {path} (once) ...", flush=True)
    start = time.perf_counter()
    lib = open_library(f"sqlite:///{partial}", CACHE / "backups")
    generated = replicate(corpus_works(), works)
    for i in range(0, works, 5000):
        with lib.session() as session:
            add_works(session, generated[i : i + 5000])
    with lib.session() as session:
        assert count_works(session) == works
    lib.close()
    partial.replace(path)
    print(f"built in {time.perf_counter() - start:.0f} s", flush=True)
    return path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Clock:
    """When results were last put on screen, and when the screen was last painted."""

    def __init__(self) -> None:
        self.applied = 0.0
        self.paints: list[float] = []

    async def painted_after(self, moment: float) -> float:
        """The time of the first paint after ``moment`` (waiting for it)."""
        while True:
            later = [p for p in self.paints if p > moment]
            if later:
                return later[0]
            await asyncio.sleep(0.0005)


def instrument(app: object, clock: Clock) -> None:
    """Record every paint of the app, and every time results are shown."""
    from sourcebox.tui.screens.browse import BrowseScreen

    display = app._display  # type: ignore[attr-defined]

    def painted(screen: object, update: object) -> None:
        display(screen, update)
        clock.paints.append(time.perf_counter())

    app._display = painted  # type: ignore[attr-defined]
    loaded = BrowseScreen.on_results_loaded

    def shown(self: BrowseScreen, message: object) -> None:
        loaded(self, message)  # type: ignore[arg-type]
        clock.applied = time.perf_counter()

    BrowseScreen.on_results_loaded = shown  # type: ignore[method-assign]


async def measure(path: Path, started: float) -> dict[str, Any]:
    from textual import events

    from sourcebox.tui.app import make_app

    settings = load_settings({"db": str(path)})
    clock = Clock()
    made = time.perf_counter()
    app = make_app(settings)
    instrument(app, clock)
    figures: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        while not clock.applied:
            await asyncio.sleep(0.0005)
        painted = await clock.painted_after(clock.applied)
        # Wall clock from the parent's spawn; perf_counter from make_app.
        figures["first_paint_process_s"] = time.time() - (time.perf_counter() - painted) - started
        figures["first_paint_app_s"] = painted - made
        await pilot.pause()
        figures["first_total"] = float(main.results.total or 0)

        samples: list[float] = []
        slowest: list[tuple[float, str]] = []
        search = main.search_box
        for text in [*WORDS, *FIELDED]:
            search.value = ""
            await _settled(pilot, main, "")
            search.focus()
            await pilot.pause()
            for char in text:
                typed = search.value + char
                key = "space" if char == " " else char
                before = clock.applied
                t0 = time.perf_counter()
                # What Pilot.press does, without its wait for the app to go idle:
                # the time is taken at the first paint after the new results.
                app._driver.send_message(events.Key(key, char))  # type: ignore[union-attr]
                if not _valid(typed):  # "author:" is not a query yet: the box says so
                    await pilot.pause()
                    continue
                while clock.applied == before or main.shown_query != typed:
                    await asyncio.sleep(0.0005)
                samples.append((await clock.painted_after(clock.applied) - t0) * 1000)
                slowest.append((samples[-1], typed))
                await pilot.pause()  # let the count and details finish: one key at a time
        figures["keys"] = len(samples)
        figures["key_p50_ms"] = statistics.median(samples)
        figures["key_p95_ms"] = percentile(samples, 0.95)
        figures["key_max_ms"] = max(samples)
        figures["slowest"] = ", ".join(f"{t!r} {ms:.0f}" for ms, t in sorted(slowest)[-6:])

        search.value = ""
        await _settled(pilot, main, "")
        main.table.focus()
        total = main.results.total or 0
        t0 = time.perf_counter()
        for key in ["pagedown"] * 5 + ["end", "pageup", "home"]:
            await pilot.press(key)
            while main.table.wanted:
                await asyncio.sleep(0.002)
            await pilot.pause()
            figures["scroll_most_loaded"] = max(
                figures.get("scroll_most_loaded", 0.0), float(main.results.loaded)
            )
        figures["scroll_total"] = float(total)
        figures["scroll_s"] = time.perf_counter() - t0
        figures["scroll_end_ok"] = float(
            main.table.cursor == 0 and main.table.current_key is not None
        )
        await pilot.press("ctrl+q")
    return figures


def _valid(text: str) -> bool:
    try:
        parse_query(text)
    except QueryError:
        return False
    return True


async def _settled(pilot: Any, main: Any, text: str) -> None:
    """Wait until the results on screen are those of ``text``, then for the repaint."""
    deadline = time.perf_counter() + 10
    while main.shown_query != text:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"no results for {text!r}; shown: {main.shown_query!r}")
        await asyncio.sleep(0.001)
    await pilot.pause()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="Build the library again.")
    parser.add_argument("--build-only", action="store_true", help="Build it and stop.")
    parser.add_argument("--measure", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # the child: a fresh process, like a user starting sourcebox tui
        print(json.dumps(asyncio.run(measure(Path(args.measure), args.started))))
        return
    path = library_path(args.works, args.rebuild)
    if args.build_only:
        return
    started = time.time()
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(path), "--started", str(started)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"library: {args.works:,} works ({path.stat().st_size / 1e6:.0f} MB), 120x40")
    print(
        f"start to first painted results: {figures['first_paint_process_s']:.2f} s from process "
        "start (Python, imports, opening the library included); "
        f"{figures['first_paint_app_s']:.2f} s from make_app "
        f"({figures['first_total']:,.0f} results)"
    )
    print(
        f"keystroke to repainted results ({figures['keys']:.0f} keys): "
        f"p50 {figures['key_p50_ms']:.0f} ms, p95 {figures['key_p95_ms']:.0f} ms, "
        f"max {figures['key_max_ms']:.0f} ms"
    )
    print(f"  slowest keys (ms): {figures['slowest']}")
    print(
        f"scrolling (5 x PgDn, End, PgUp, Home): at most {figures['scroll_most_loaded']:,.0f} "
        f"of {figures['scroll_total']:,.0f} works in memory, {figures['scroll_s']:.2f} s"
    )


if __name__ == "__main__":
    main()
