"""Bad input at the command line: one line on stderr saying what and where, exit 1, no traceback.

Queries, dates, locators, manuscripts and names as a user might mistype them,
run through the real CLI on a real library (in-process, like the other CLI
tests). Whatever the input, the result is either success or our one-line error.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sourcebox.cli import cli

KEY = "parsi2007treacherous"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("clibad") / "lib.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "demo"])
    assert result.exit_code == 0, result.output
    return str(path)


def run(db: str, *args: str):
    return CliRunner().invoke(cli, ["--db", db, *args])


def assert_our_error(result, *, names: str = "") -> None:
    """Exit 1 with one ``Error:`` line on stderr (naming ``names``), or exit 2 for usage."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output, result.output
    assert not re.search(r"Error: Unexpected [A-Z]\w+:", result.stderr), result.stderr
    if result.exit_code == 2:  # click's usage errors: "Usage: ..." then one "Error:" line
        assert result.stderr.rstrip().splitlines()[-1].startswith("Error: ")
        return
    assert result.exit_code == 1, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    assert names in lines[0]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["list", '"unclosed phrase'], "column 1"),
        (["list", "year:2010..2000"], "column 6"),
        (["list", "colour:red"], "unknown field 'colour'"),
        (["add", "--type", "book", "--title", "T", "--issued", "2007-02-30"], "issued"),
        (["add", "--type", "book", "--title", "T", "--url", "javascript:alert(1)"], "url"),
        (["add", "--type", "book", "--title", "T", "--isbn", "978-0-00-000000-1"], "isbn"),
        (["set", KEY, "issued=Smarch 2007"], "issued"),
        (["set", KEY, "author={Unbalanced"], ""),
        (["cite", KEY, "pp. forty-five"], "locator"),
        (["cite", "nosuchkey", "3"], "nosuchkey"),
        (["show", "no such key"], "no such key"),
        (["add", "--bibtex", "@book{x, title = {Open"], ""),
    ],
)
def test_a_mistake_is_one_line(db, args, names):
    result = run(db, *args)
    if result.exit_code == 0:  # accepted: then it must really be there
        pytest.fail(f"accepted bad input {args}: {result.output}")
    assert_our_error(result, names=names)


def test_a_manuscript_with_unknown_keys_lists_them_all_on_one_line(db, tmp_path):
    essay = tmp_path / "essay.md"
    essay.write_text(f"A [@{KEY}, 3].\nB [@parsi2007treacherus] and [@nobody, 4].\n")
    out = tmp_path / "out.md"
    result = run(db, "footnotes", str(essay), "-o", str(out))
    assert_our_error(
        result, names="2:4 'parsi2007treacherus' (did you mean 'parsi2007treacherous'?)"
    )
    assert "2:31 'nobody'" in result.stderr
    assert not out.exists()  # nothing written


def test_undecodable_argv_is_one_line_naming_the_byte(db):
    # What Python makes of a Latin-1 byte in argv on a UTF-8 system: a lone surrogate.
    result = run(db, "add", "--bibtex", "@book{cafe, title = {Caf\udce9}}")
    assert_our_error(result, names="invalid UTF-8 (bytes e9) at byte offset 24, line 1")
    assert run(db, "show", "cafe").exit_code == 1  # nothing was added


def test_a_manuscript_that_is_not_utf8_is_one_line(db, tmp_path):
    essay = tmp_path / "essay.md"
    essay.write_bytes(b"Caf\xe9 [@" + KEY.encode() + b"].\n")
    result = run(db, "footnotes", str(essay))
    if result.exit_code == 0:
        assert "Caf\ufffd" in result.stdout  # read with the bad byte shown, not dropped
    else:
        assert_our_error(result, names=str(essay))


_WORDS = st.sampled_from(
    ['"', "-", ":", "..", "author:", "year:", "tag:", "type:", "has:", "key:", "archived:", "iran",
     "*", "2007", "book", "yes", " ", "(", ")", "NEAR", "é", "\x00", "\t", "'", "^", "{"]
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=3)), max_size=8).map("".join))
def test_any_query_on_the_command_line_lists_or_says_where_it_is_wrong(db, query):
    result = run(db, "list", query, "--json")
    if result.exit_code != 0:
        assert_our_error(result, names="column")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*"0123456789-/~ ,.", "circa ", "Sept", "May"]),
                max_size=12).map("".join))  # fmt: skip
def test_any_date_on_the_command_line_is_set_or_named(db, text):
    result = run(db, "set", KEY, f"accessed={text}")
    if result.exit_code != 0:
        assert_our_error(result, names="accessed")
