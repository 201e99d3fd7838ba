"""Store benchmark: build 1k/10k/100k-work libraries from ../shared/corpora and time them.

Prints: insert rate; in-process query latency p50/p95 for a free word, a fielded
query and a combined one (limit 50); whole-process time of
``sourcebox list WORD --limit 50 --json`` and of ``sourcebox --help``.

    .venv/bin/python bench/store.py [--sizes 1000,10000,100000] [--markdown]
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

import bibtexparser
from bibtexparser import middlewares

from sourcebox.db.engine import open_library
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator, Work
from sourcebox.domain.validate import check_doi, check_issn, check_url
from sourcebox.services.works import add_works, list_works

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
SOURCEBOX = Path(sys.executable).with_name("sourcebox")

TYPES = {
    "article": "article-journal", "book": "book", "inbook": "chapter",
    "incollection": "chapter", "inproceedings": "paper-conference",
    "proceedings": "book", "techreport": "report", "phdthesis": "thesis",
    "mastersthesis": "thesis", "manual": "report", "misc": "document",
    "unpublished": "manuscript", "booklet": "pamphlet", "periodical": "periodical",
}  # fmt: skip
FREE = ["typesetting", "font", "macro", "metafont", "graphics", "postscript", "unicode", "tex"]
FIELDED = ["author:knuth", "title:font", "tag:tex", "year:1990", "type:book", "author:beebe"]
COMBINED = [
    "font author:knuth year:1980..1995",
    "macro -tex type:article-journal",
    "graphics year:1985..2000 has:url",
    '"tex users" author:beebe',
]


def _creators(value: object, role: str) -> list[Creator]:
    out = []
    for name in value if isinstance(value, list) else []:
        if isinstance(name, middlewares.NameParts):
            family = " ".join(name.last).strip("{}")
            if not family:
                continue
            out.append(
                Creator(
                    family=family,
                    given=" ".join(name.first),
                    particle=" ".join(name.von),
                    suffix=" ".join(name.jr),
                    role=role,
                )
            )
    return out


def corpus_works() -> list[Work]:
    """Every entry of the corpora as a work (a quick mapping, enough for timing)."""
    stack = [middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors(),
             middlewares.SplitNameParts()]  # fmt: skip
    works = []
    for path in sorted(CORPORA.glob("*.bib")):
        library = bibtexparser.parse_file(str(path), append_middleware=stack)
        for entry in library.entries:
            f = {k.lower(): v for k, v in ((fl.key, fl.value) for fl in entry.fields)}
            title = str(f.get("title", "")).replace("{", "").replace("}", "")
            if not title:
                continue
            year = str(f.get("year", ""))[:4]
            kind = TYPES.get(entry.entry_type.lower(), "document")
            container = str(f.get("journal") or f.get("booktitle") or "")
            if kind in ("chapter", "article-journal") and not container:
                kind = "document"
            url = str(f.get("url", "")).split()[0] if f.get("url") else ""
            doi, issn = str(f.get("doi", "")), str(f.get("issn", ""))
            keywords = [k.strip().lower() for k in str(f.get("keywords", "")).split(",")]
            keywords = [k for k in keywords if k]
            works.append(
                Work(
                    type=kind,
                    title=title,
                    container_title=container,
                    publisher=str(
                        f.get("publisher") or f.get("institution") or f.get("school") or ""
                    ),
                    volume=str(f.get("volume", "")),
                    page=str(f.get("pages", "")),
                    issued=PartialDate(int(year)) if year.isdigit() else None,
                    url=url if url and not check_url(url) else "",
                    doi=doi if doi and not check_doi(doi) else "",
                    issn=issn if issn and not check_issn(issn) else "",
                    abstract=str(f.get("abstract", "")),
                    note=str(f.get("note", "")),
                    creators=(
                        *_creators(f.get("author"), "author"),
                        *_creators(f.get("editor"), "editor"),
                    ),
                    tags=(*keywords[:5], path.stem),
                )
            )
    return works


def replicate(base: list[Work], size: int, seed: int = 7) -> list[Work]:
    """``size`` works: the corpus repeated, each copy's title varied by a corpus word."""
    rng = random.Random(seed)
    vocabulary = sorted({w for work in base for w in work.title.split() if w.isalpha()})
    out = []
    for i in range(size):
        work = base[i % len(base)]
        if i >= len(base):
            extra = " ".join(rng.choice(vocabulary) for _ in range(2))
            work = Work(**{**work.__dict__, "title": f"{work.title}: {extra} {i}"})
        out.append(work)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_queries(lib, queries: list[str], rounds: int) -> tuple[float, float]:
    samples = []
    with lib.session() as session:
        for _ in range(rounds):
            for query in queries:
                start = time.perf_counter()
                list_works(session, query, limit=50)
                samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.95)


def time_process(args: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(SOURCEBOX), *args], check=True, capture_output=True, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples)


def run(size: int, base: list[Work], workdir: Path) -> dict[str, float]:
    path = workdir / f"lib{size}.db"
    lib = open_library(f"sqlite:///{path}", workdir / "backups")
    works = replicate(base, size)
    start = time.perf_counter()
    for i in range(0, size, 5000):
        with lib.session() as session:
            add_works(session, works[i : i + 5000])
    insert_s = time.perf_counter() - start
    result = {"size": size, "insert_per_s": size / insert_s, "insert_s": insert_s}
    for label, queries in (("free", FREE), ("fielded", FIELDED), ("combined", COMBINED)):
        time_queries(lib, queries, 1)  # warm the page cache
        p50, p95 = time_queries(lib, queries, 25)
        result[f"{label}_p50_ms"], result[f"{label}_p95_ms"] = p50, p95
    lib.close()
    env = {**os.environ, "SOURCEBOX_HOME": str(workdir / "home"), "SOURCEBOX_BACKUPS_DAILY": "0"}
    med, worst = time_process(
        ["--db", str(path), "list", "font", "--limit", "50", "--json"], 7, env
    )
    result["list_s"], result["list_max_s"] = med, worst
    med, worst = time_process(["--help"], 7, env)
    result["help_s"], result["help_max_s"] = med, worst
    result["db_mb"] = path.stat().st_size / 1e6
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    start = time.perf_counter()
    base = corpus_works()
    print(f"corpus: {len(base)} works read from {CORPORA} in {time.perf_counter() - start:.1f} s")
    header = (
        "| works | insert/s | free p50/p95 ms | fielded p50/p95 ms | combined p50/p95 ms "
        "| `list WORD --limit 50 --json` s (median/max) | `--help` s (median/max) | file MB |"
    )
    print(header)
    print("|" + "---|" * 8)
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            r = run(size, base, Path(tmp))
            print(
                f"| {size:,} | {r['insert_per_s']:,.0f} "
                f"| {r['free_p50_ms']:.1f} / {r['free_p95_ms']:.1f} "
                f"| {r['fielded_p50_ms']:.1f} / {r['fielded_p95_ms']:.1f} "
                f"| {r['combined_p50_ms']:.1f} / {r['combined_p95_ms']:.1f} "
                f"| {r['list_s']:.2f} / {r['list_max_s']:.2f} "
                f"| {r['help_s']:.2f} / {r['help_max_s']:.2f} | {r['db_mb']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
