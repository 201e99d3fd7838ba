"""The big inputs all the way through: import into a real library, export, read back the same.

10,000 authors on one work and a 50 MB field go through ``sourcebox import`` and
``sourcebox export``; the work done for many authors grows linearly (counted in
function calls, not timed), and the figures are recorded for bench/README.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from sourcebox.db.engine import open_library
from sourcebox.domain.model import Creator, Work
from sourcebox.interchange.formats import read, write
from sourcebox.services.interchange import export, import_results

MB = 1024 * 1024


def _many(count: int) -> Work:
    people = tuple(Creator(family=f"Family{i}", given=f"Given{i}") for i in range(count))
    return Work(type="book", key="many", title="Many Hands", publisher="Press",
                publisher_place="Place", creators=people)  # fmt: skip


@pytest.mark.parametrize("fmt,suffix", [("bibtex", ".bib"), ("ris", ".ris")])
def test_ten_thousand_authors_import_export_and_round_trip(sb, tmp_path, figures, fmt, suffix):
    work = _many(10_000)
    source, out = tmp_path / f"many{suffix}", tmp_path / f"out{suffix}"
    source.write_text(write([work], fmt))
    db = str(tmp_path / "lib.db")
    started = time.perf_counter()
    sb("--db", db, "import", str(source))
    imported = time.perf_counter()
    sb("--db", db, "export", "--format", fmt, "-o", str(out))
    exported = time.perf_counter()
    assert read(out.read_bytes(), fmt).works == (work,)
    assert out.read_text() == source.read_text()  # export, import, export: the same bytes
    figures.record(
        f"10,000 authors via CLI ({fmt})",
        f"import {imported - started:.2f} s, export {exported - imported:.2f} s",
    )


def _calls_to_store_and_export(folder: Path, count: int) -> int:
    library = open_library(f"sqlite:///{folder / f'lib{count}.db'}", folder / "backups")
    result = read(write([_many(count)], "bibtex"), "bibtex")
    calls = 0

    def profile(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(profile)
    try:
        with library.session() as session:
            report = import_results(session, [result])
        with library.session() as session:
            text = export(session, "", "bibtex")
    finally:
        sys.setprofile(None)
        library.close()
    assert report.imported == ["many"] and text.count(" and ") == count - 1
    return calls


def test_storing_many_authors_is_linear_work(tmp_path, figures):
    small = _calls_to_store_and_export(tmp_path, 500)
    large = _calls_to_store_and_export(tmp_path, 2_000)
    # Four times the authors: about four times the calls if linear, sixteen if quadratic.
    assert large < 5 * small, (small, large)
    figures.record("library import+export, calls 500 -> 2,000 authors", f"x{large / small:.2f}")


def test_a_50_mb_field_goes_into_the_library_and_out_again(sb, tmp_path, figures):
    note = ("Lorem ipsum dolor sit amet " * (50 * MB // 27 + 1))[: 50 * MB].strip()
    work = Work(type="book", key="big", title="Big", note=note)
    source, out = tmp_path / "big.json", tmp_path / "out.json"
    source.write_text(write([work], "csl-json"))
    db = str(tmp_path / "lib.db")
    started = time.perf_counter()
    sb("--db", db, "import", str(source))
    sb("--db", db, "export", "-o", str(out))
    seconds = time.perf_counter() - started
    assert read(out.read_bytes(), "csl-json").works == (work,)
    assert "big" in sb("--db", db, "list", "ipsum", "--json").stdout  # and it is searchable
    figures.record("50 MB field via CLI (csl-json): import + export", f"{seconds:.2f} s")
