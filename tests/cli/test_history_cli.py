"""History and undo as a user meets them: log, undo [N], undo --change, restore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sourcebox.db.engine import open_library
from sourcebox.errors import ConflictError
from sourcebox.services import history
from sourcebox.services.works import get_work, tag_work

XAMPL = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "xampl.bib"
KEY = "parsi2007treacherous"


def show(sb, key=KEY):
    return json.loads(sb("show", key, "--json").stdout)


def log(sb, *args):
    return json.loads(sb("log", "--json", *args).stdout)


@pytest.fixture
def demo(sb):
    sb("demo")
    return sb


def test_every_write_is_one_change_with_values_before_and_after(demo):
    demo("tag", KEY, "+checked")
    demo("set", KEY, "publisher=Yale UP")
    demo("quote", KEY, "--page", "12", "--text", "A passage.")
    demo("rekey", KEY, "parsi2007")
    demo("rm", "-y", "kahneman2011thinking")
    changes = log(demo)
    assert [c["command"] for c in changes] == ["rm", "rekey", "quote", "set", "tag", "demo"]
    assert [c["id"] for c in changes] == sorted((c["id"] for c in changes), reverse=True)
    set_change = changes[3]["works"][0]
    assert set_change["changed"]["publisher"] == ["Yale University Press", "Yale UP"]
    assert changes[4]["works"][0]["changed"]["tags"][1] == [
        "checked", "foreign-policy", "iran", "middle-east"
    ]  # fmt: skip
    rekey = changes[1]["works"][0]
    assert (rekey["key_before"], rekey["key_after"]) == (KEY, "parsi2007")
    removed = changes[0]["works"][0]
    assert removed["action"] == "removed" and removed["before"]["work"]["title"]
    assert len(changes[5]["works"]) == 23  # the demo added 23 works in one change
    # Reading commands record nothing.
    demo("list", "iran")
    demo("show", "parsi2007")
    assert len(log(demo)) == 6


def test_log_of_one_key_and_text_output(demo):
    demo("set", KEY, "publisher=Yale UP")
    demo("tag", "kahneman2011thinking", "+x")
    mine = log(demo, KEY)
    assert [c["command"] for c in mine] == ["set", "demo"]
    assert all(w["key_after"] == KEY for c in mine for w in c["works"])
    text = demo("log", "-n", "2").stdout
    assert "tag: changed kahneman2011thinking" in text
    assert f"{KEY} publisher: 'Yale University Press' -> 'Yale UP'" in text
    assert "demo" not in text  # -n 2


def test_undo_reverts_the_last_changes_newest_first(demo):
    before = show(demo)
    demo("set", KEY, "publisher=Yale UP")
    demo("tag", KEY, "+checked", "-iran")
    out = demo("undo").stdout
    assert "Undid change 3 (tag" in out
    assert "checked" not in show(demo)["tags"] and "iran" in show(demo)["tags"]
    assert show(demo)["publisher"] == "Yale UP"
    demo("undo")
    after = show(demo)
    assert after["publisher"] == before["publisher"] and after["tags"] == before["tags"]
    changes = log(demo)
    assert [c["command"] for c in changes[:2]] == ["undo", "undo"]
    assert changes[0]["undoes"] == 2 and changes[1]["undoes"] == 3
    assert {c["id"]: c["undone_by"] for c in changes}[2] == changes[0]["id"]


def test_an_import_is_one_change_and_undone_as_one(sb):
    sb("import", str(XAMPL))
    count = len(json.loads(sb("list", "--json").stdout))
    assert count == 23
    assert len(log(sb)) == 1 and len(log(sb)[0]["works"]) == 23
    sb("undo")
    assert json.loads(sb("list", "--json").stdout) == []
    assert "ok:" in sb("db", "check").stdout


def test_undo_refuses_when_a_later_change_depends_and_changes_nothing(demo):
    demo("set", KEY, "publisher=Yale UP")
    demo("set", KEY, "edition=2")
    first = log(demo)[1]["id"]
    refused = demo("undo", "--change", str(first), ok=False)
    assert refused.exit_code == 1
    assert f"Cannot undo change {first} (set: changed {KEY})" in refused.stderr
    assert "Undo change" in refused.stderr and "sourcebox undo 2" in refused.stderr
    assert "Traceback" not in refused.output
    assert show(demo)["publisher"] == "Yale UP" and show(demo)["edition"] == "2"
    assert log(demo)[0]["command"] == "set"  # nothing recorded for the refusal
    demo("undo", "2")
    assert show(demo)["publisher"] == "Yale University Press" and show(demo)["edition"] == ""


def test_undo_of_an_independent_older_change_by_number(demo):
    demo("set", KEY, "publisher=Yale UP")
    demo("tag", "kahneman2011thinking", "+x")
    first = log(demo)[1]["id"]
    demo("undo", "--change", str(first))
    assert show(demo)["publisher"] == "Yale University Press"
    assert "x" in show(demo, "kahneman2011thinking")["tags"]
    again = demo("undo", "--change", str(first), ok=False)
    assert "was undone already" in again.stderr


def test_removed_works_are_restored_with_quotes_and_snapshot_rows(demo):
    demo("quote", KEY, "--page", "102", "--text", "Kept words.")
    before = show(demo)
    demo("rm", "-y", KEY)
    demo("show", KEY, ok=False)
    demo("restore", KEY)
    after = show(demo)
    assert after["quotes"][-1]["text"] == "Kept words."
    for name in ("title", "creators", "tags", "publisher", "issued"):
        assert after[name] == before[name]
    assert json.loads(demo("list", "treacherous", "--json").stdout)[0]["key"] == KEY
    again = demo("restore", KEY, ok=False)
    assert "exists; there is nothing to restore" in again.stderr
    missing = demo("restore", "nosuchkey", ok=False)
    assert "No removed work with key 'nosuchkey'" in missing.stderr


def test_restore_refuses_a_key_taken_since(demo):
    demo("rm", "-y", KEY)
    demo("add", "--type", "book", "--key", KEY, "--title", "Another Book")
    removal = log(demo)[1]["id"]
    undo = demo("undo", "--change", str(removal), ok=False)
    assert undo.exit_code == 1 and "Error: Cannot " in undo.stderr
    assert show(demo)["title"] == "Another Book"
    assert "exists" in demo("restore", KEY, ok=False).stderr
    demo("undo", "2")  # the add, then the removal: the original is back
    assert show(demo)["title"].startswith("Treacherous Alliance")


def test_nothing_to_undo(sb):
    result = sb("undo", ok=False)
    assert result.exit_code == 1 and "Nothing to undo" in result.stderr


def test_the_services_record_under_the_command_the_caller_names(tmp_path):
    library = open_library(f"sqlite:///{tmp_path / 'lib.db'}", tmp_path / "b")
    try:
        with library.session(info={"command": "demo"}) as session:
            from sourcebox.services.demo import load_demo

            load_demo(session)
        with library.session(info={"command": "tui tag"}) as session:
            tag_work(session, KEY, ["from-tui"], [])
        with library.session() as session:  # no command: not recorded
            tag_work(session, KEY, ["silent"], [])
        with library.session() as session:
            changes = history.log(session)
            assert [c.command for c in changes] == ["tui tag", "demo"]
        # The unrecorded change means the work is not as "tui tag" left it: refused.
        refused = pytest.raises(ConflictError, match="no longer as that change left it")
        with refused, library.session(info={"command": "undo"}) as session:
            history.undo(session, 1)
        with library.session() as session:  # back as "tui tag" left it
            tag_work(session, KEY, [], ["silent"])
        with library.session(info={"command": "undo"}) as session:
            assert [u.change.command for u in history.undo(session, 1)] == ["tui tag"]
        with library.session() as session:
            work = get_work(session, KEY)
            assert "from-tui" not in work.tags and "silent" not in work.tags
    finally:
        library.close()
