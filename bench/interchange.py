"""Interchange benchmark: import and export 1k/10k/100k BibTeX entries, whole process.

Builds BibTeX files of N entries from ``../shared/corpora`` (read with our reader,
each copy after the first given a varied title and no DOI/ISBN/URL, so none is a
duplicate of another; written with our writer), then, side by side in one run:

- bibtexparser 2 alone parsing the file (``bibtexparser.parse_string`` as the
  library documents it, default middlewares), best of three, in its own process;
- ``sourcebox import FILE --json`` into a fresh library, whole process;
- ``sourcebox export -o OUT.bib`` and ``export --format csl-json`` of that
  library, whole process;

with the peak resident memory of each process (``wait4``'s ru_maxrss). Files
are made and parsed in child processes so that this script stays small: Linux
carries a parent's peak RSS into a forked child's ru_maxrss.

    .venv/bin/python bench/interchange.py [--sizes 1000,10000,100000] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from sourcebox.interchange.formats import read, write

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
SOURCEBOX = Path(sys.executable).with_name("sourcebox")


def corpus_works() -> list:
    works: dict[str, object] = {}
    for path in sorted(CORPORA.glob("*.bib")):
        for work in read(path.read_bytes(), "bibtex", file=path.name).works:
            works.setdefault(work.key, work)  # the corpora share a few keys
    return list(works.values())


def replicate(works: list, n: int) -> list:
    out = []
    copy = 0
    while len(out) < n:
        for work in works:
            if len(out) == n:
                break
            if copy == 0:
                out.append(work)
                continue
            out.append(
                replace(
                    work,
                    key=f"{work.key}.c{copy}",  # "-N" endings exist in the corpora
                    title=f"{work.title or 'Untitled'} (part {copy})",
                    doi=None,
                    isbn=None,
                    url=None,
                )
            )
        copy += 1
    return out


def run(args: list[str]) -> tuple[float, float, float]:
    """Seconds, CPU seconds and peak MiB of one whole ``sourcebox`` process.

    CPU seconds (user + system) and the peak include the processes it waited for:
    a large BibTeX import forks a worker to split half the file on a second core.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(SOURCEBOX), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"sourcebox {' '.join(args)} failed: {proc.stderr.read().decode()[-2000:]}")
    proc.stderr.close()
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def parse_alone(path: Path) -> float:
    """Best of three ``bibtexparser.parse_string`` runs, in a fresh process."""
    code = (
        "import sys, time, bibtexparser\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "best = float('inf')\n"
        "for _ in range(3):\n"
        "    start = time.perf_counter(); bibtexparser.parse_string(text)\n"
        "    best = min(best, time.perf_counter() - start)\n"
        "print(best)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    return float(out.stdout)


def make_file(n: int, path: Path) -> None:
    """Write the N-entry file in a child process (see the module docstring)."""
    subprocess.run([sys.executable, __file__, "--make", str(n), str(path)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--markdown", action="store_true", help="Print a table row per size.")
    parser.add_argument("--make", nargs=2, metavar=("N", "PATH"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.make:
        n, path = int(options.make[0]), Path(options.make[1])
        path.write_text(write(replicate(corpus_works(), n), "bibtex"), encoding="utf-8")
        return
    print(f"corpus: {len(corpus_works())} distinct entries in {CORPORA}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env_home = Path(tmp) / "home"
        os.environ["SOURCEBOX_HOME"] = str(env_home)
        os.environ["SOURCEBOX_BACKUPS_DAILY"] = "0"  # time the work, not the daily backup
        for n in (int(s) for s in options.sizes.split(",")):
            bib = Path(tmp) / f"in-{n}.bib"
            make_file(n, bib)
            mb = bib.stat().st_size / 2**20
            parse_s = parse_alone(bib)
            db = Path(tmp) / f"lib-{n}.db"
            import_s, import_cpu, import_mb = run(
                ["--db", str(db), "import", str(bib), "--json", "--on-duplicate", "new"]
            )
            count = subprocess.run(
                [str(SOURCEBOX), "--db", str(db), "db", "info", "--json"],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            export_s, _cpu, export_mb = run(
                ["--db", str(db), "export", "-o", str(Path(tmp) / "o.bib")]
            )
            csl_s, _cpu, csl_mb = run(
                ["--db", str(db), "export", "--format", "csl-json", "-o", str(Path(tmp) / "o.json")]
            )
            ratio = import_s / parse_s
            works = _works_in(count)
            print(
                f"{n:>7} entries ({mb:.1f} MB, {works} works stored): "
                f"bibtexparser parse {parse_s:.2f} s | import {import_s:.2f} s "
                f"({ratio:.2f}x parse, CPU {import_cpu:.2f} s, {import_mb:.0f} MiB) | "
                f"export bibtex {export_s:.2f} s "
                f"({export_mb:.0f} MiB) | export csl-json {csl_s:.2f} s ({csl_mb:.0f} MiB)",
                flush=True,
            )
            rows.append(
                f"| {n:,} | {mb:.1f} | {parse_s:.2f} | {import_s:.2f} | {ratio:.2f}x "
                f"| {import_cpu:.2f} | {import_mb:.0f} | {export_s:.2f} | {export_mb:.0f} "
                f"| {csl_s:.2f} | {csl_mb:.0f} |"
            )
            db.unlink()
    if options.markdown:
        print(
            "| entries | file MB | bibtexparser parse s | import s | import / parse "
            "| import CPU s | import peak MiB | export .bib s | export peak MiB "
            "| export CSL-JSON s | CSL-JSON peak MiB |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        print("\n".join(rows))


def _works_in(info_json: str) -> str:
    import json

    data = json.loads(info_json)
    return str(data.get("works", data.get("counts", {}).get("works", "?")))


if __name__ == "__main__":
    main()
