"""SQLite and PostgreSQL side by side: the store benchmark's works and queries on both engines.

Builds the same library (bench/store.py's corpus, replicated) in a SQLite file
and in a fresh schema of a PostgreSQL database, then times the store
benchmark's free, fielded and combined queries (limit 50) in-process on each.
Prints insert rate and query p50/p95 in ms per engine, and the PG/SQLite p95 ratio;
then where the time goes: the search alone (``search.search``, limit 50) and the
loading of its works alone (``repository.load_works``), p50/p95 of each.

    SOURCEBOX_BENCH_PG_URL=postgresql+psycopg://user:pw@127.0.0.1/db \\
        .venv/bin/python bench/postgres.py [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store import COMBINED, FIELDED, FREE, corpus_works, percentile, replicate, time_queries

from sourcebox.db import repository, search
from sourcebox.db.engine import open_library
from sourcebox.domain.query import parse_query
from sourcebox.services.works import add_works

QUERIES = (("free", FREE), ("fielded", FIELDED), ("combined", COMBINED))


def time_split(lib, queries: list[str], rounds: int) -> tuple[float, ...]:
    """Search and load timed apart: p50/p95 ms of each."""
    found, loaded = [], []
    with lib.session() as session:
        for _ in range(rounds):
            for query in queries:
                start = time.perf_counter()
                ids = search.search(session, parse_query(query), limit=50)
                middle = time.perf_counter()
                repository.load_works(session, ids)
                found.append((middle - start) * 1000)
                loaded.append((time.perf_counter() - middle) * 1000)
    return (
        statistics.median(found), percentile(found, 0.95),
        statistics.median(loaded), percentile(loaded, 0.95),
    )  # fmt: skip


def build_and_time(url: str, works: list, workdir: Path) -> dict[str, float]:
    lib = open_library(url, workdir / "backups")
    start = time.perf_counter()
    for i in range(0, len(works), 5000):
        with lib.session() as session:
            add_works(session, works[i : i + 5000])
    insert_s = time.perf_counter() - start
    if lib.dialect == "postgresql":
        with lib.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    result = {"insert_per_s": len(works) / insert_s}
    for label, queries in QUERIES:
        time_queries(lib, queries, 1)  # warm the caches
        p50, p95 = time_queries(lib, queries, 25)
        result[f"{label}_p50"], result[f"{label}_p95"] = p50, p95
    for label, queries in QUERIES:
        split = time_split(lib, queries, 25)
        names = ("search_p50", "search_p95", "load_p50", "load_p95")
        for name, value in zip(names, split, strict=True):
            result[f"{label}_{name}"] = value
    lib.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    args = parser.parse_args()
    pg = os.environ.get("SOURCEBOX_BENCH_PG_URL")
    if not pg:
        sys.exit("Set SOURCEBOX_BENCH_PG_URL to a PostgreSQL database (a schema is made there).")
    base = corpus_works()
    print(
        "| works | engine | insert/s | free p50/p95 ms | fielded p50/p95 ms | combined p50/p95 ms |"
    )
    print("|" + "---|" * 6)
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            works = replicate(base, size)
            schema = "bench_" + uuid.uuid4().hex[:8]
            with admin.connect() as c:
                c.execute(text(f'CREATE SCHEMA "{schema}"'))
            pg_url = make_url(pg).update_query_dict({"options": f"-csearch_path={schema}"})
            try:
                rows = {
                    "sqlite": build_and_time(f"sqlite:///{tmp}/lib{size}.db", works, Path(tmp)),
                    "postgresql": build_and_time(
                        pg_url.render_as_string(hide_password=False), works, Path(tmp)
                    ),
                }
            finally:
                with admin.connect() as c:
                    c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            for engine, r in rows.items():
                print(
                    f"| {size:,} | {engine} | {r['insert_per_s']:,.0f} "
                    f"| {r['free_p50']:.1f} / {r['free_p95']:.1f} "
                    f"| {r['fielded_p50']:.1f} / {r['fielded_p95']:.1f} "
                    f"| {r['combined_p50']:.1f} / {r['combined_p95']:.1f} |",
                    flush=True,
                )
            pg_row, lite = rows["postgresql"], rows["sqlite"]
            ratios = ", ".join(
                f"{label} x{pg_row[f'{label}_p95'] / lite[f'{label}_p95']:.2f}"
                for label in ("free", "fielded", "combined")
            )
            print(f"PostgreSQL p95 / SQLite p95 at {size:,}: {ratios}", flush=True)
            print("\n| works | engine | queries | search p50/p95 ms | load 50 works p50/p95 ms |")
            print("|" + "---|" * 5)
            for engine, r in rows.items():
                for label, _ in QUERIES:
                    print(
                        f"| {size:,} | {engine} | {label} "
                        f"| {r[f'{label}_search_p50']:.1f} / {r[f'{label}_search_p95']:.1f} "
                        f"| {r[f'{label}_load_p50']:.1f} / {r[f'{label}_load_p95']:.1f} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
