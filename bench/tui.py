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
- scrolling: the cursor is moved through the first pages and to the end of what
  is loaded; the rows held by the table are printed, to show that pages are
  loaded as the cursor approaches the end and never all at once.

    .venv/bin/python bench/tui.py [--works 100000] [--rebuild]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from store import corpus_works, replicate

from sourcebox.config import load_settings
from sourcebox.db.engine import open_library
from sourcebox.services.works import add_works, count_works

WORDS = ["typesetting", "font", "metafont", "graphics", "knuth", "unicode"]
FIELDED = ["author:knuth ", "tag:tex ", "year:1990 "]
CACHE = Path(tempfile.gettempdir()) / "sourcebox-bench"


def library_path(works: int, rebuild: bool) -> Path:
    """A library of ``works`` works, built once and kept in the cache folder."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"tui-{works}.db"
    if path.exists() and not rebuild:
        return path
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


async def measure(path: Path) -> dict[str, float]:
    from sourcebox.tui.app import make_app

    settings = load_settings({"db": str(path)})
    start = time.perf_counter()
    app = make_app(settings)
    figures: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        while not main.table.row_count:
            await asyncio.sleep(0.002)
        await pilot.pause()  # the refresh that paints them
        figures["first_paint_s"] = time.perf_counter() - start
        figures["first_total"] = float(main.results.total or 0)

        samples: list[float] = []
        search = main.search_box
        for text in [*WORDS, *FIELDED]:
            search.value = ""
            await _settled(pilot, main, "")
            search.focus()
            for char in text:
                before = search.value + char
                t0 = time.perf_counter()
                await pilot.press(char if char != " " else "space")
                await _settled(pilot, main, before)
                samples.append((time.perf_counter() - t0) * 1000)
        figures["keys"] = len(samples)
        figures["key_p50_ms"] = statistics.median(samples)
        figures["key_p95_ms"] = percentile(samples, 0.95)
        figures["key_max_ms"] = max(samples)

        search.value = ""
        await _settled(pilot, main, "")
        main.table.focus()
        total = main.results.total or 0
        t0 = time.perf_counter()
        for _ in range(3):
            await pilot.press("end")
            await pilot.pause(0.05)
            while main.results.loading:
                await asyncio.sleep(0.002)
            await pilot.pause()
        figures["scroll_rows_loaded"] = float(main.table.row_count)
        figures["scroll_total"] = float(total)
        figures["scroll_s"] = time.perf_counter() - t0
        await pilot.press("ctrl+q")
    return figures


async def _settled(pilot: object, main: object, text: str) -> None:
    """Wait until the results on screen are those of ``text``, then for the repaint."""
    while getattr(main, "shown_query") != text:
        await asyncio.sleep(0.001)
    await pilot.pause()  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="Build the library again.")
    parser.add_argument("--build-only", action="store_true", help="Build it and stop.")
    args = parser.parse_args()
    path = library_path(args.works, args.rebuild)
    if args.build_only:
        return
    figures = asyncio.run(measure(path))
    print(f"library: {args.works:,} works ({path.stat().st_size / 1e6:.0f} MB)")
    print(
        f"start to first painted results: {figures['first_paint_s']:.2f} s "
        f"({figures['first_total']:,.0f} results)"
    )
    print(
        f"keystroke to repainted results ({figures['keys']:.0f} keys): "
        f"p50 {figures['key_p50_ms']:.0f} ms, p95 {figures['key_p95_ms']:.0f} ms, "
        f"max {figures['key_max_ms']:.0f} ms"
    )
    print(
        f"scrolling: End pressed 3 times: {figures['scroll_rows_loaded']:,.0f} of "
        f"{figures['scroll_total']:,.0f} rows loaded, {figures['scroll_s']:.2f} s"
    )


if __name__ == "__main__":
    main()
