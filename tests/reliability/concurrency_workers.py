"""One of the four processes of the concurrency test; run as a script. Test code only.

    python tests/reliability/concurrency_workers.py ROLE --db LIB --seconds N --out RESULT.json

Roles:
  cli-writer   runs ``sourcebox add`` and ``sourcebox tag`` (the CLI, in this process)
  tui-writer   opens the library once and writes through the services, as the TUI
               does: quotes added, notes edited, tags set, one action per session
  cli-reader   runs ``sourcebox list``, ``list WORDS --json``, ``show``, ``export``
  tui-reader   reads through the services in read-only sessions (search, count, show)

Every write is logged only once the command or session reported success. Every
failure is logged with its message. The result holds both, and the lock waits
the process counted.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from sourcebox.cli import cli
from sourcebox.config import load_settings
from sourcebox.db.engine import PROCESS_LOCK_STATS
from sourcebox.domain.model import Quote
from sourcebox.services.interchange import export
from sourcebox.services.library import open_from
from sourcebox.services.quotes import add_quote, list_quotes
from sourcebox.services.works import count_works, get_work, list_works, replace_work, tag_work

#: Works the set-up adds; the TUI writer and the readers work on these.
SEEDED = [f"seed{i:02d}" for i in range(12)]


class Log:
    """What a worker did: operations, writes believed committed, failures, slowest operation."""

    def __init__(self, role: str) -> None:
        self.role = role
        self.operations = 0
        self.writes: list[list[str]] = []
        self.errors: list[str] = []
        self.slowest = 0.0

    def run(self, name: str, operation: Callable[[], list[list[str]]]) -> None:
        started = time.monotonic()
        try:
            written = operation()
        except Exception as error:  # every failure is a finding; keep its message
            self.errors.append(f"{name}: {type(error).__name__}: {error}")
            if len(self.errors) <= 3:
                traceback.print_exc()
            return
        finally:
            self.operations += 1
            self.slowest = max(self.slowest, time.monotonic() - started)
        self.writes.extend(written)

    def result(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "operations": self.operations,
            "writes": self.writes,
            "errors": self.errors,
            "slowest_s": round(self.slowest, 3),
            "lock": PROCESS_LOCK_STATS.to_json(),
        }


def _cli(db: str) -> Callable[..., str]:
    runner = CliRunner()

    def invoke(*args: str) -> str:
        result = runner.invoke(cli, ["--db", db, *args], catch_exceptions=False)
        if result.exit_code != 0:
            raise RuntimeError(f"sourcebox {' '.join(args)} -> {result.exit_code}: {result.output}")
        return result.stdout

    return invoke


def cli_writer(db: str, until: float, rng: random.Random, log: Log) -> None:
    sourcebox = _cli(db)
    n = 0
    while time.monotonic() < until:
        n += 1
        title = f"Concurrent Writing Number {n} {rng.randrange(10**6)}"

        added: list[str] = []

        def add(title: str = title, added: list[str] = added) -> list[list[str]]:
            key = sourcebox("add", "--type", "book", "--title", title, "--author", "Writer, Cli")
            added.append(key.strip())
            return [["add", key.strip(), title]]

        log.run("add", add)
        if added:
            tag = f"batch{n % 5}"

            def tag_it(key: str = added[0], tag: str = tag) -> list[list[str]]:
                sourcebox("tag", key, f"+{tag}")
                return [["tag", key, tag]]

            log.run("tag", tag_it)


def tui_writer(db: str, until: float, rng: random.Random, log: Log) -> None:
    library = open_from(load_settings({"db": db}))
    n = 0
    try:
        while time.monotonic() < until:
            n += 1
            key = rng.choice(SEEDED)
            kind = n % 3
            if kind == 0:
                text = f"Quoted passage {n} from {key}"

                def quote(key: str = key, text: str = text, page: int = n) -> list[list[str]]:
                    with library.session(info={"command": "quote"}) as session:
                        add_quote(session, key, Quote(text=text, locator=str(page)))
                    return [["quote", key, text]]

                log.run("quote", quote)
            elif kind == 1:
                note = f"edited {n}"

                def edit(key: str = key, note: str = note) -> list[list[str]]:
                    with library.session(info={"command": "edit"}) as session:
                        work = get_work(session, key)
                        replace_work(session, key, replace(work, note=note))
                    return [["note", key, note]]

                log.run("edit", edit)
            else:
                tag = f"tui{n % 7}"

                def retag(key: str = key, tag: str = tag) -> list[list[str]]:
                    with library.session(info={"command": "tag"}) as session:
                        tag_work(session, key, [tag], [])
                    return [["tag", key, tag]]

                log.run("tag", retag)
    finally:
        library.close()


def cli_reader(db: str, until: float, rng: random.Random, log: Log) -> None:
    sourcebox = _cli(db)
    commands = [
        ("list",),
        ("list", "concurrent writing", "--json"),
        ("list", "tag:batch1", "--limit", "20"),
        ("export", "--format", "csl-json"),
        ("quotes", "--json"),
    ]
    while time.monotonic() < until:
        args = rng.choice([*commands, ("show", rng.choice(SEEDED), "--json")])

        def read(args: tuple[str, ...] = args) -> list[list[str]]:
            sourcebox(*args)
            return []

        log.run(" ".join(args[:2]), read)


def tui_reader(db: str, until: float, rng: random.Random, log: Log) -> None:
    library = open_from(load_settings({"db": db}))
    try:
        while time.monotonic() < until:

            def browse() -> list[list[str]]:
                with library.session(readonly=True) as session:
                    list_works(session, rng.choice(["writing", "tag:tui1", "seed", ""]), limit=50)
                    count_works(session, "concurrent")
                    get_work(session, rng.choice(SEEDED))
                    list_quotes(session, rng.choice(SEEDED))
                    export(session, "tag:batch2", "bibtex")
                return []

            log.run("browse", browse)
    finally:
        library.close()


ROLES = {
    "cli-writer": cli_writer,
    "tui-writer": tui_writer,
    "cli-reader": cli_reader,
    "tui-reader": tui_reader,
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=sorted(ROLES))
    parser.add_argument("--db", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    log = Log(args.role)
    started = time.monotonic()
    ROLES[args.role](args.db, started + args.seconds, random.Random(args.seed), log)
    data = log.result()
    data["seconds"] = round(time.monotonic() - started, 2)
    Path(args.out).write_text(json.dumps(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
