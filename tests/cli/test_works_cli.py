"""The works commands as a user runs them, on a fresh library under SOURCEBOX_HOME."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

PARSI = [
    "add", "--type", "book",
    "--title", "Treacherous Alliance: The Secret Dealings of Israel, Iran, and the United States",
    "--author", "Parsi, Trita", "--publisher", "Yale University Press",
    "--place", "New Haven", "--issued", "2007", "--tag", "iran",
]  # fmt: skip


def test_add_prints_the_new_key_and_show_gives_every_field(sb):
    result = sb(*PARSI)
    assert result.stdout.strip() == "parsi2007treacherous"
    data = json.loads(sb("show", "parsi2007treacherous", "--json").stdout)
    assert data["key"] == "parsi2007treacherous"
    assert data["type"] == "book"
    assert data["publisher_place"] == "New Haven"
    assert data["issued"] == "2007"
    assert data["creators"] == [{"role": "author", "family": "Parsi", "given": "Trita"}]
    assert data["tags"] == ["iran"]
    assert data["quotes"] == [] and data["snapshots"] == []
    assert set(data) >= {"title_short", "container_title", "doi", "url", "accessed", "extra"}
    text = sb("show", "parsi2007treacherous").stdout
    assert "Yale University Press" in text and "Parsi, Trita" in text


def test_organisation_author_and_report(sb):
    key = sb(
        "add", "--type", "report", "--title", "World Report 2015",
        "--author", "Human Rights Watch", "--issued", "2015-03-18",
        "--url", "https://www.hrw.org/world-report/2015",
    ).stdout.strip()  # fmt: skip
    assert key == "humanrightswatch2015world"
    data = json.loads(sb("show", key, "--json").stdout)
    assert data["creators"] == [{"role": "author", "literal": "Human Rights Watch"}]
    assert data["issued"] == "2015-03-18"


def test_colliding_keys_get_letter_suffixes(sb):
    keys = [sb(*PARSI).stdout.strip() for _ in range(3)]
    assert keys == ["parsi2007treacherous", "parsi2007treacherousa", "parsi2007treacherousb"]


def test_bad_date_names_the_field_and_value_and_writes_nothing(sb):
    result = sb("add", "--type", "book", "--title", "X", "--issued", "2007-13", ok=False)
    assert result.exit_code == 1
    assert "issued" in result.stderr and "2007-13" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(sb("list", "--json").stdout) == []


def test_missing_required_field_and_bad_shapes(sb):
    result = sb("add", "--type", "chapter", "--title", "A Chapter", ok=False)
    assert result.exit_code == 1 and "container_title" in result.stderr
    result = sb("add", "--type", "webpage", "--title", "W", "--url", "htp:/x", ok=False)
    assert "url" in result.stderr and "htp:/x" in result.stderr
    result = sb("add", "--type", "book", "--title", "B", "--isbn", "978-0-300-12057-9", ok=False)
    assert "isbn" in result.stderr


def test_unknown_key_suggests_the_closest(sb):
    sb(*PARSI, "--key", "parsi2007")
    result = sb("show", "parsi2008", ok=False)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: No work with key 'parsi2008'. Did you mean 'parsi2007'?"
    )


def test_taken_key_says_which_work_holds_it(sb):
    sb(*PARSI, "--key", "parsi2007")
    result = sb("add", "--type", "book", "--title", "Other", "--key", "parsi2007", ok=False)
    assert result.exit_code == 1
    assert "parsi2007" in result.stderr and "Treacherous Alliance" in result.stderr


def test_usage_errors_exit_2(sb):
    assert sb("add", "--title", "No type", ok=False).exit_code == 2
    assert sb("list", "--sort", "sideways", ok=False).exit_code == 2
    assert sb("frobnicate", ok=False).exit_code == 2


def test_set_changes_fields_and_reports_them(sb):
    sb(*PARSI)
    result = sb("set", "parsi2007treacherous", "title_short=Treacherous Alliance", "issued=2007-09")
    assert "issued: '2007' -> '2007-09'" in result.stdout
    data = json.loads(sb("show", "parsi2007treacherous", "--json").stdout)
    assert data["title_short"] == "Treacherous Alliance" and data["issued"] == "2007-09"
    result = sb("set", "parsi2007treacherous", "issued=2007-02-30", ok=False)
    assert "issued" in result.stderr and "2007-02-30" in result.stderr
    assert json.loads(sb("show", "parsi2007treacherous", "--json").stdout)["issued"] == "2007-09"


def test_set_never_changes_the_key(sb):
    sb(*PARSI)
    sb("set", "parsi2007treacherous", "title=Something Else Entirely")
    assert sb("show", "parsi2007treacherous").exit_code == 0
    result = sb("set", "parsi2007treacherous", "key=x", ok=False)
    assert "rekey" in result.stderr


def test_tag_adds_and_removes(sb):
    sb(*PARSI)
    assert sb("tag", "parsi2007treacherous", "+draft", "israel").stdout.strip() == (
        "parsi2007treacherous: draft, iran, israel"
    )
    assert sb("tag", "parsi2007treacherous", "-draft", "-iran").stdout.strip() == (
        "parsi2007treacherous: israel"
    )


def test_rekey_explicit_and_from_pattern(sb):
    sb(*PARSI)
    assert sb("rekey", "parsi2007treacherous", "parsi2007").stdout.strip() == (
        "parsi2007treacherous -> parsi2007"
    )
    assert sb("rekey", "parsi2007").stdout.strip() == "parsi2007 -> parsi2007treacherous"
    assert sb("rekey", "parsi2007treacherous", "bad key", ok=False).exit_code == 1


def test_rm_off_a_terminal_removes_without_asking(sb):
    sb(*PARSI)
    sb("quote", "parsi2007treacherous", "--page", "102", "--text", "A passage.")
    assert "Removed parsi2007treacherous" in sb("rm", "parsi2007treacherous").stdout
    assert sb("show", "parsi2007treacherous", ok=False).exit_code == 1
    assert json.loads(sb("quotes", "--json").stdout) == []


def test_rm_of_an_unknown_key_removes_nothing(sb):
    sb(*PARSI)
    result = sb("rm", "parsi2007treacherous", "nosuchkey", ok=False)
    assert result.exit_code == 1 and "nosuchkey" in result.stderr
    assert sb("show", "parsi2007treacherous").exit_code == 0


def test_quote_and_quotes(sb):
    sb(*PARSI)
    out = sb("quote", "parsi2007treacherous", "--page", "102",
             "--text", "Iran's venomous rhetoric", "--comment", "key claim").stdout  # fmt: skip
    assert "p. 102" in out
    sb("quote", "parsi2007treacherous", "--locator", "3", "--label", "chapter", "--text", "Ch.")
    listed = json.loads(sb("quotes", "parsi2007treacherous", "--json").stdout)
    assert [(q["locator"], q["label"]) for q in listed] == [("102", "page"), ("3", "chapter")]
    assert listed[0]["comment"] == "key claim"
    assert "“Iran's venomous rhetoric”" in sb("quotes").stdout
    assert sb("quote", "parsi2007treacherous", "--text", " ", ok=False).exit_code == 1


def test_list_queries_sorts_and_limits(sb):
    sb("demo")
    found = json.loads(sb("list", "author:orwell", "--json").stdout)
    assert [w["key"] for w in found] == ["orwell1946politics"]
    by_year = json.loads(sb("list", "--sort", "year", "--json").stdout)
    years = [w["issued"][:4] for w in by_year if w["issued"]]
    assert years == sorted(years)
    assert len(json.loads(sb("list", "--limit", "3", "--json").stdout)) == 3
    text = sb("list", "type:thesis", "--sort", "year").stdout.splitlines()
    assert [line.split()[0] for line in text] == ["shannon1940algebra", "nash1950non"]


def test_list_excludes_with_a_leading_dash(sb):
    sb("demo")
    everything = {w["key"] for w in json.loads(sb("list", "tag:iran", "--json").stdout)}
    without = {w["key"] for w in json.loads(sb("list", "tag:iran", "-parsi", "--json").stdout)}
    assert "parsi2007treacherous" in everything - without


def test_bad_query_points_at_the_term(sb):
    result = sb("list", "autor:parsi", ok=False)
    assert result.exit_code == 1
    assert "column 1" in result.stderr and "author" in result.stderr


def test_demo_twice_adds_nothing_the_second_time(sb):
    first = json.loads(sb("demo", "--json").stdout)
    assert 18 <= len(first["added"]) <= 24
    second = json.loads(sb("demo", "--json").stdout)
    assert second["added"] == [] and len(second["skipped"]) == len(first["added"])


def _editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR that runs ``body`` with ``text`` holding the file, then writes ``text`` back."""
    path = tmp_path / "editor.py"
    head = "import pathlib, sys\nfile = pathlib.Path(sys.argv[1])\ntext = file.read_text()\n"
    path.write_text(head + textwrap.dedent(body) + "\nfile.write_text(text)\n")
    return f"{sys.executable} {path}"


def test_edit_applies_a_valid_change(sb, tmp_path, monkeypatch):
    sb(*PARSI)
    editor = _editor(
        tmp_path,
        """
        text = text.replace('title_short = ""', 'title_short = "Treacherous Alliance"')
        text = text.replace('"Parsi, Trita",', '"Parsi, Trita",\\n    "{Human Rights Watch}",')
        """,
    )
    monkeypatch.setenv("EDITOR", editor)
    out = sb("edit", "parsi2007treacherous").stdout
    assert "title_short" in out
    data = json.loads(sb("show", "parsi2007treacherous", "--json").stdout)
    assert data["title_short"] == "Treacherous Alliance"
    assert data["creators"][1] == {"role": "author", "literal": "Human Rights Watch"}


def test_edit_reopens_on_error_then_applies_the_fix(sb, tmp_path, monkeypatch):
    sb(*PARSI)
    rounds = tmp_path / "rounds"
    monkeypatch.setenv("ROUNDS", str(rounds))
    editor = _editor(
        tmp_path,
        """
        import os
        log = pathlib.Path(os.environ["ROUNDS"])
        log.write_text(log.read_text() + "x" if log.exists() else "x")
        if '# ERROR: issued' in text:
            text = text.replace('issued = "2007-13"', 'issued = "2007-11"')
        else:
            text = text.replace('issued = "2007"', 'issued = "2007-13"')
        """,
    )
    monkeypatch.setenv("EDITOR", editor)
    result = sb("edit", "parsi2007treacherous")
    assert rounds.read_text() == "xx"
    assert "2007-13" in result.stderr
    assert json.loads(sb("show", "parsi2007treacherous", "--json").stdout)["issued"] == "2007-11"


def test_edit_gives_up_when_the_same_error_is_saved_twice_off_a_terminal(sb, tmp_path, monkeypatch):
    sb(*PARSI)
    editor = _editor(tmp_path, """text = text.replace('"2007"', '"2007-13"')""")
    monkeypatch.setenv("EDITOR", editor)
    result = sb("edit", "parsi2007treacherous", ok=False)
    assert result.exit_code == 1 and "unchanged" in result.stderr
    assert json.loads(sb("show", "parsi2007treacherous", "--json").stdout)["issued"] == "2007"


def test_edit_cancelled_by_emptying_the_file(sb, tmp_path, monkeypatch):
    sb(*PARSI)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "text = ''"))
    assert "cancelled" in sb("edit", "parsi2007treacherous").stdout


def test_unexpected_errors_have_no_traceback_unless_debug(sb, tmp_path):
    bad = tmp_path / "not-a-db.db"
    bad.write_text("hello, this is not sqlite " * 10)
    result = sb("--db", str(bad), "list", ok=False)
    assert result.exit_code == 1
    assert "not a SQLite database" in result.stderr and "Traceback" not in result.output
    with pytest.raises(Exception, match="not a SQLite database"):
        sb("--db", str(bad), "--debug", "list", ok=False)


def test_rm_asks_first_on_a_terminal(sb, monkeypatch):
    from sourcebox.cli import works

    sb(*PARSI)
    monkeypatch.setattr(works, "is_terminal", lambda: True)
    refused = sb("rm", "parsi2007treacherous", input="n\n", ok=False)
    assert refused.exit_code == 1 and "Remove 1 work(s)?" in refused.output
    assert sb("show", "parsi2007treacherous").exit_code == 0
    assert "Removed" in sb("rm", "parsi2007treacherous", input="y\n").stdout


def test_list_without_a_query_and_every_sort(sb):
    sb("demo")
    everything = json.loads(sb("list", "--json").stdout)
    assert len(everything) == 23
    for sort in ("relevance", "year", "title", "added"):
        assert len(json.loads(sb("list", "--sort", sort, "--json").stdout)) == 23
    titles = [
        w["title"].lower() for w in json.loads(sb("list", "--sort", "title", "--json").stdout)
    ]
    assert titles == sorted(titles)


def test_control_characters_are_shown_not_obeyed(sb):
    sb("add", "--type", "webpage", "--key", "evil", "--title", "Hi\x1b]0;pwned\x07 \x9b31m there",
       "--url", "https://example.org/")  # fmt: skip
    shown = sb("show", "evil").stdout
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "Hi^[]0;pwned^G <U+009B>31m there" in shown
    listed = sb("list", "--json").stdout
    assert json.loads(listed)[0]["title"] == "Hi\x1b]0;pwned\x07 \x9b31m there"  # JSON keeps data


def test_a_closed_pipe_ends_quietly(sb, tmp_path):
    import os
    import subprocess
    import sys

    sb("demo")
    exe = Path(sys.executable).with_name("sourcebox")
    proc = subprocess.Popen(
        [str(exe), "list", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ},
    )  # fmt: skip
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Unexpected" not in err and "Traceback" not in err and "BrokenPipe" not in err
