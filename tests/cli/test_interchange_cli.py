"""import, export and add --bibtex as a user runs them, on real corpora."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"
XAMPL = str(CORPORA / "xampl.bib")
TEXBOOK = str(CORPORA / "texbook1.bib")

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="shared/corpora is not beside")


def keys(sb):
    return {w["key"] for w in json.loads(sb("list", "--json").stdout)}


def test_import_keeps_keys_and_reports_with_lines(sb):
    report = json.loads(sb("import", XAMPL, "--json").stdout)
    assert report["imported"] == 23 and report["failed"] == 0
    assert {"article-minimal", "book-minimal", "book-crossref"} <= keys(sb)
    assert "article-full" not in keys(sb)  # a duplicate of article-minimal: skipped
    dup = report["duplicates"]["skipped"][0]
    assert set(dup) == {"key", "existing"}
    warning = next(p for p in report["problems"] if p["kind"] == "incomplete")
    assert warning["severity"] == "warning" and warning["line"] > 0 and warning["key"]


def test_broken_entries_are_reported_and_the_rest_imported(sb):
    result = sb("import", TEXBOOK, ok=False)
    assert result.exit_code == 1
    assert "texbook1.bib:4970 [Tschichold:NT91]: error:" in result.stderr
    assert "Traceback" not in result.output
    assert len(keys(sb)) > 300


def test_strict_and_dry_run_import_nothing(sb):
    strict = sb("import", TEXBOOK, "--strict", ok=False)
    assert strict.exit_code == 1 and "Nothing was imported" in strict.stderr
    dry = sb("import", XAMPL, "--dry-run")
    assert dry.stdout.strip().endswith("keys renamed 0.") and "Would import 23" in dry.stdout
    assert keys(sb) == set()


def test_taken_keys_get_a_suffix_and_duplicates_follow_the_option(sb, tmp_path):
    sb("add", "--type", "book", "--key", "article-minimal", "--title", "Something Else Entirely")
    out = sb("import", XAMPL).stdout
    assert "renamed article-minimal -> article-minimala" in out
    again = json.loads(sb("import", XAMPL, "--json").stdout)
    assert again["imported"] == 0 and len(again["duplicates"]["skipped"]) >= 23
    added = json.loads(sb("import", XAMPL, "--on-duplicate", "new", "--json").stdout)
    assert len(added["duplicates"]["added"]) == added["imported"] > 0
    entry = tmp_path / "one.bib"
    entry.write_text(
        "@book{fresh, title = {Treacherous Alliance}, year = 2007, isbn = {9780300120578}}"
    )
    sb("import", str(entry))
    richer = tmp_path / "two.bib"
    richer.write_text(
        "@book{dupe, title = {Treacherous Alliance}, year = 2007, isbn = {9780300120578},"
        " publisher = {Yale University Press}}"
    )
    merged = sb("import", str(richer), "--on-duplicate", "merge").stdout
    assert "merged into fresh: publisher" in merged
    assert json.loads(sb("show", "fresh", "--json").stdout)["publisher"] == "Yale University Press"


def test_export_import_export_is_byte_identical(sb, tmp_path):
    sb("import", XAMPL)
    first = tmp_path / "first.bib"
    sb("export", "-o", str(first))
    home2 = tmp_path / "second.db"
    sb("--db", str(home2), "import", str(first))
    second = tmp_path / "second.bib"
    sb("--db", str(home2), "export", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(("fmt", "suffix"), [("csl-json", ".json"), ("ris", ".ris")])
def test_other_formats_round_trip_through_files(sb, tmp_path, fmt, suffix):
    sb("import", XAMPL)
    out = tmp_path / f"lib{suffix}"
    sb("export", "-o", str(out))
    other = tmp_path / "other.db"
    report = json.loads(sb("--db", str(other), "import", str(out), "--json").stdout)
    assert report["failed"] == 0 and report["imported"] == 23
    back = tmp_path / f"back{suffix}"
    sb("--db", str(other), "export", "--format", fmt, "-o", str(back))
    assert back.read_text() == out.read_text()


def test_stdin_sniffing_bad_bytes_and_unknown_formats(sb, tmp_path):
    ris = "TY  - BOOK\nTI  - Piped In\nAU  - Doe, Jane\nPY  - 2001\nER  - \n"
    assert "Imported 1" in sb("import", "-", input=ris).stdout
    bad = tmp_path / "bad.bib"
    bad.write_bytes(b"@book{latin, title = {Caf\xe9}}\n")
    result = sb("import", str(bad), "--json", ok=False)
    problems = json.loads(result.stdout)["problems"]
    assert any(p.get("offset") == 25 for p in problems), problems
    odd = tmp_path / "refs.txt"
    odd.write_text("just words")
    assert sb("import", str(odd), ok=False).exit_code == 2


def test_add_bibtex(sb):
    entry = "@book{parsi2007, author = {Parsi, Trita}, title = {Treacherous Alliance}, year = 2007}"
    assert sb("add", "--bibtex", entry, "--tag", "iran").stdout.strip() == "parsi2007"
    shown = json.loads(sb("show", "parsi2007", "--json").stdout)
    assert shown["creators"][0]["family"] == "Parsi" and shown["tags"] == ["iran"]
    assert "Cannot read the --bibtex entry" in sb("add", "--bibtex", "@book{x,", ok=False).stderr
    two = entry + "\n" + entry.replace("parsi2007", "other")
    assert "exactly one entry" in sb("add", "--bibtex", two, ok=False).stderr


def test_a_renamed_parent_takes_its_crossref_children_along(sb, tmp_path):
    sb("add", "--type", "book", "--key", "volume", "--title", "Another Book Entirely")
    bib = tmp_path / "crossref.bib"
    bib.write_text(
        "@incollection{chapter, title = {A Chapter}, author = {Au, Bea}, crossref = {VOLUME},"
        " pages = {1--10}}\n"
        "@book{volume, title = {The Volume}, editor = {Ed, Al}, year = 2001,"
        " publisher = {Press}}\n"
    )
    report = json.loads(sb("import", str(bib), "--json").stdout)
    assert report["renamed"] == [{"old": "volume", "new": "volumea"}]
    child = json.loads(sb("show", "chapter", "--json").stdout)
    assert child["extra"]["crossref"] == "volumea"
    assert child["container_title"] == "The Volume"  # inherited before the rename
    exported = sb("export", "chapter").stdout
    assert "crossref = {volumea}" in exported


def test_one_bad_entry_counts_once_though_its_bad_byte_is_reported_too(sb, tmp_path):
    bib = tmp_path / "bytes.bib"
    bib.write_bytes(
        b"@book{good, title = {Fine}, year = 2001}\n"
        b"@book{bad, title = {Caf\xe9}, year = 2002}\n"
        b"@book{alsogood, title = {Also Fine}, year = 2003}\n"
    )
    result = sb("import", str(bib), "--json", ok=False)
    report = json.loads(result.stdout)
    kinds = [p["kind"] for p in report["problems"] if p["severity"] == "error"]
    assert len(kinds) == 2 and report["failed"] == 1 and report["imported"] == 2
    assert "1 entry could not be imported" in result.stderr


def test_long_tags_keys_and_locators_are_stored_on_either_engine(sb, tmp_path):
    tag = "a keyword list never split " * 12  # over 300 characters
    key = "k" * 240 + "2001"
    bib = tmp_path / "long.bib"
    bib.write_text(f"@book{{{key}, title = {{Long}}, year = 2001, keywords = {{{tag.strip()}}}}}\n")
    sb("import", str(bib))
    sb("quote", key, "--locator", "x" * 150, "--label", "section", "--text", "Long locator.")
    shown = json.loads(sb("show", key, "--json").stdout)
    assert shown["tags"] == [tag.strip()] and shown["quotes"][0]["locator"] == "x" * 150
