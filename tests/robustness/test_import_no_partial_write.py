"""Never a partial write: a bad import leaves the library as it was, or adds only the good.

Files mixing good entries with broken ones (invalid UTF-8, NUL bytes, a field or
key given twice, a syntax error, a JSON item that is not an object) go through
the real readers and the import service into a real SQLite library: with
``--strict`` every row (and, through the CLI, every byte) is as before; without
it exactly the good entries went in. The CLI says so in one line per problem,
exits 1, and never shows a traceback.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcebox.bibtex.writer import format_entry
from sourcebox.db.engine import open_library
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator, Work
from sourcebox.interchange.csl_items import to_csl_item
from sourcebox.interchange.formats import read
from sourcebox.interchange.ris import format_record
from sourcebox.services.demo import load_demo
from sourcebox.services.interchange import import_results
from sourcebox.services.works import iter_works

BAD_KINDS = {
    "bibtex": ["bytes", "nul", "duplicate-field", "duplicate-key", "syntax"],
    "csl-json": ["bytes", "nul", "duplicate-field", "duplicate-key", "not-an-object"],
    "ris": ["bytes", "nul", "duplicate-key"],
}
_serial = itertools.count()


def good_work(tag: str) -> Work:
    """A work unlike any other (its title, key and author carry ``tag``)."""
    return Work(
        type="book",
        key=f"good{tag}",
        title=f"A Good Book Number {tag}",
        creators=(Creator(family=f"Writer{tag}", given="Ann"),),
        publisher="Press",
        publisher_place="Place",
        issued=PartialDate(2001),
    )


def entry(work: Work, fmt: str) -> bytes:
    if fmt == "bibtex":
        return format_entry(work).encode()
    if fmt == "csl-json":
        return json.dumps(to_csl_item(work), ensure_ascii=False).encode()
    return format_record(work).encode()


def broken(kind: str, fmt: str, tag: str, earlier: list[Work]) -> tuple[bytes, str]:
    """A broken entry of ``kind``, and the key it is reported under."""
    work = good_work(tag)
    text = entry(work, fmt)
    if kind == "duplicate-key" and not earlier:
        kind = "bytes"  # nothing before it to repeat
    if kind == "bytes":
        return text.replace(b"Number", b"Caf\xe9 Number", 1), work.key
    if kind == "nul":
        return text.replace(b"Number", b"Nu\x00mber", 1), work.key
    if kind == "duplicate-key":
        return entry(earlier[0], fmt), earlier[0].key
    if kind == "syntax":
        return text.replace(b"title = {A", b"title = junk {A", 1), work.key
    if kind == "not-an-object":
        return b'["' + work.key.encode() + b'"]', ""
    assert kind == "duplicate-field"
    if fmt == "bibtex":
        return text.replace(b"  title =", b"  title = {Again},\n  title =", 1), work.key
    return text.replace(b'"title":', b'"title": "Again", "title":', 1), work.key


def build_file(fmt: str, plan: list[str | None]) -> tuple[bytes, list[Work], list[str]]:
    """The file for ``plan`` (None: a good entry; else a broken one), its good works, bad keys."""
    goods: list[Work] = []
    bad_keys: list[str] = []
    pieces: list[bytes] = []
    for kind in plan:
        tag = str(next(_serial))
        if kind is None:
            goods.append(good_work(tag))
            pieces.append(entry(goods[-1], fmt))
        else:
            piece, key = broken(kind, fmt, tag, goods)
            pieces.append(piece)
            bad_keys.append(key)
    if fmt == "csl-json":
        return b"[\n" + b",\n".join(pieces) + b"\n]\n", goods, bad_keys
    return b"\n".join(pieces), goods, bad_keys


def rows(path: Path) -> list[str]:
    """Every row of every table, search index included, as SQL."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def works(library) -> dict[str, dict]:
    with library.session() as session:
        return {
            w.key: {k: v for k, v in w.to_json().items() if k not in ("created_at", "updated_at")}
            for w in iter_works(session, "")
        }


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    folder = tmp_path_factory.mktemp("partial")
    lib = open_library(f"sqlite:///{folder / 'lib.db'}", folder / "backups")
    with lib.session() as session:
        load_demo(session)
    yield lib
    lib.close()


@st.composite
def plans(draw: st.DrawFn) -> tuple[str, list[str | None]]:
    fmt = draw(st.sampled_from(sorted(BAD_KINDS)))
    kinds = st.one_of(st.none(), st.sampled_from(BAD_KINDS[fmt]))
    plan = draw(st.lists(kinds, min_size=1, max_size=6).filter(lambda p: any(p)))
    return fmt, plan


@settings(max_examples=40, deadline=None)
@given(plans(), st.booleans(), st.sampled_from(["skip", "merge", "new"]))
def test_only_the_good_entries_go_in_and_strict_writes_nothing(library, plan, strict, on_dup):
    fmt, kinds = plan
    data, goods, bad_keys = build_file(fmt, kinds)
    before, before_rows = works(library), rows(library.path)

    result = read(data, fmt, file=f"in.{fmt}")
    with library.session() as session:
        report = import_results(session, [result], on_duplicate=on_dup, strict=strict)

    failed_keys = {p.key for p in report.failed if p.key}
    assert {k for k in bad_keys if k} <= failed_keys | {w.key for w in goods}
    assert report.failed, "a broken entry went unreported"
    after = works(library)
    if strict:
        assert report.strict_abort and report.imported == []
        assert rows(library.path) == before_rows
        return
    assert sorted(report.imported) == sorted(w.key for w in goods)
    assert {k: v for k, v in after.items() if k in before} == before
    assert set(after) - set(before) == {w.key for w in goods}
    for work in goods:
        assert after[work.key]["title"] == work.title


# --- the command line --------------------------------------------------------------------------

CLI_CASES = {
    "bytes.bib": b"@book{good1, title = {Good}, year = 2001}\n@book{bad, title = {Caf\xe9}}\n",
    "dupfield.bib": b"@book{good1, title = {Good}}\n@book{bad,\n title = {A},\n title = {B}}\n",
    "nul.json": b'[{"id": "good1", "title": "Good"},\n {"id": "bad", "title": "N\x00L"}]',
    "syntax.json": b'[{"id": "good1", "title": "Good"},\n {"id": "bad", "title": }]',
    "dupkey.ris": b"TY  - BOOK\nID  - good1\nTI  - Good\nER  - \n\n"
    b"TY  - BOOK\nID  - good1\nTI  - Again\nER  - \n",
}
_PROBLEM_LINE = (
    r"^(?P<file>[^:\n]+):(?P<line>\d+)(?: item \d+)?(?: \[(?P<key>[^\]]*)\])?: (error|warning): \S"
)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(CLI_CASES))
def test_cli_reports_each_problem_on_one_line_and_strict_changes_no_byte(sb, tmp_path, name):
    import re

    db = tmp_path / "lib.db"
    sb("--db", str(db), "demo")
    source = tmp_path / name
    source.write_bytes(CLI_CASES[name])
    before = _sha(db)

    strict = sb("--db", str(db), "import", str(source), "--strict", ok=False)
    assert strict.exit_code == 1
    assert _sha(db) == before, "a strict import that failed changed the library file"
    lines = strict.stderr.splitlines()
    assert lines[-1].startswith("Error: ") and "Nothing was imported" in lines[-1]
    for line in lines[:-1]:
        match = re.match(_PROBLEM_LINE, line)
        assert match and match["file"] == str(source), line
    errors = [m for m in (re.match(_PROBLEM_LINE, line) for line in lines[:-1]) if m]
    assert any(m["key"] in ("bad", "good1") or "item 1" in m.group() for m in errors), lines
    assert "Traceback" not in strict.output and "Unexpected" not in strict.stderr

    loose = sb("--db", str(db), "import", str(source), "--json", ok=False)
    assert loose.exit_code == 1
    report = json.loads(loose.stdout)
    assert report["keys"] == ["good1"]
    assert loose.stderr.count("\n") == 1 and loose.stderr.startswith("Error: ")


def test_add_bibtex_with_a_broken_entry_adds_nothing(sb, tmp_path):
    db = tmp_path / "lib.db"
    sb("--db", str(db), "demo")
    before = _sha(db)
    result = sb("--db", str(db), "add", "--bibtex", "@book{x, title = {Open", ok=False)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert _sha(db) == before


def test_a_real_process_shows_no_traceback(tmp_path):
    """Outside CliRunner: the installed entry point on a file of invalid bytes."""
    bad = tmp_path / "bad.ris"
    bad.write_bytes(b"TY  - BOOK\nID  - k\nTI  - \xff\xfe\x00\nER  - \n")
    done = subprocess.run(
        [sys.executable, "-m", "sourcebox", "--db", str(tmp_path / "lib.db"), "import",
         str(bad), "--strict"],
        capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "SOURCEBOX_HOME": str(tmp_path / "home")},
    )  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[-1].startswith("Error: ") and all(line.startswith(str(bad)) for line in lines[:-1])
    assert "byte offset 25, line 3" in done.stderr
