"""Footnotes benchmark: a 1,000-citation manuscript over a 100k-work library.

Prints the whole-process time of ``sourcebox footnotes MS -o OUT`` (Markdown and
HTML) and, in-process, the time of formatting alone (notes and bibliography
from works already loaded).

    .venv/bin/python bench/footnotes.py [--works 100000] [--citations 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from store import SOURCEBOX, corpus_works, replicate

from sourcebox.cite import get_style
from sourcebox.cite.document import render_document
from sourcebox.cite.manuscript import parse_manuscript
from sourcebox.db.engine import open_library
from sourcebox.services.citing import cited_works
from sourcebox.services.works import add_works, keys


def manuscript(all_keys: list[str], citations: int, seed: int = 11) -> str:
    """Paragraphs of prose with ``citations`` citations: repeats, groups, locators."""
    rng = random.Random(seed)
    pool = rng.sample(all_keys, min(len(all_keys), citations // 3))
    lines = ["# A long essay", ""]
    for i in range(citations):
        key = rng.choice(pool) if rng.random() < 0.7 else pool[i % len(pool)]
        form = rng.random()
        if form < 0.5:
            cite = f"[@{key}, p. {rng.randint(1, 400)}]"
        elif form < 0.8:
            cite = f"[@{key}]"
        else:
            other = rng.choice(pool)
            cite = f"[see @{key}, pp. {rng.randint(1, 90)}-{rng.randint(91, 99)}; also @{other}]"
        lines.append(f"Sentence {i} makes a claim that needs a source.{cite}")
        if i % 10 == 9:
            lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--citations", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        path = workdir / "lib.db"
        lib = open_library(f"sqlite:///{path}", workdir / "backups")
        works = replicate(corpus_works(), args.works)
        for i in range(0, len(works), 5000):
            with lib.session() as session:
                add_works(session, works[i : i + 5000])
        with lib.session() as session:
            text = manuscript(keys(session), args.citations)
        source = workdir / "essay.md"
        source.write_text(text)
        parsed = parse_manuscript(text)
        with lib.session() as session:
            loaded = cited_works(session, parsed, "bench")
        style = get_style("chicago-notes")
        samples = []
        for _ in range(10):
            start = time.perf_counter()
            render_document(parsed, loaded, fmt="markdown", style=style)
            samples.append((time.perf_counter() - start) * 1000)
        lib.close()
        env = {
            **os.environ,
            "SOURCEBOX_HOME": str(workdir / "home"),
            "SOURCEBOX_BACKUPS_DAILY": "0",
        }
        whole = {}
        for fmt, out in (("markdown", "out.md"), ("html", "out.html")):
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                subprocess.run(
                    [str(SOURCEBOX), "--db", str(path), "footnotes", str(source), "-o",
                     str(workdir / out)],
                    check=True, capture_output=True, env=env,
                )  # fmt: skip
                runs.append(time.perf_counter() - start)
            whole[fmt] = (statistics.median(runs), max(runs))
        groups = len(parsed.groups)
        print(
            f"| {args.works:,} | {sum(len(g.refs) for g in parsed.groups):,} ({groups:,} notes, "
            f"{len(parsed.keys):,} works) | {statistics.median(samples):.1f} / {max(samples):.1f} "
            f"| {whole['markdown'][0]:.2f} / {whole['markdown'][1]:.2f} "
            f"| {whole['html'][0]:.2f} / {whole['html'][1]:.2f} |"
        )


if __name__ == "__main__":
    main()
