"""No network unless asked: only archive, links check and publish-check open connections.

Every other command runs in a subprocess whose sitecustomize (netblock/) records
and refuses any name lookup or internet connection. The commands are read from
the click group, so a command added later runs here too (with a generic
invocation until it gets a recipe below). A positive control proves the block
sees what ``links check`` does, so this test can fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import click
import pytest

from sourcebox.cli import cli

NETBLOCK = Path(__file__).parent / "netblock"

#: The commands that are meant to use the network.
NETWORK_COMMANDS = {("archive",), ("links", "check"), ("publish-check",)}
#: Commands that need a terminal: the TUI takes over the screen (its own tests use Pilot).
TERMINAL_COMMANDS = {("tui",)}

KEY = "parsi2007treacherous"
WEB_KEY = "graham2013do"

BIB = """@book{netless2020,
  author = {Doe, Jane},
  title = {A Book Imported Offline},
  publisher = {Press},
  address = {Place},
  year = {2020},
  url = {https://example.org/netless},
}
"""

MANUSCRIPT = f"""# Essay

A claim [@{KEY}, p. 102] and a web source [@{WEB_KEY}].
Again [@{KEY}, 7]. See <https://example.org/in-text>.
"""


def recipes(tmp: Path) -> dict[tuple[str, ...], list[list[str]]]:
    """How to exercise each command: argument lists (after --db), run in this order."""
    bib, manuscript = tmp / "in.bib", tmp / "essay.md"
    return {
        ("demo",): [["demo"], ["demo", "--json"]],
        ("list",): [
            ["list"],
            ["list", "iran", "--json"],
            ["list", "author:parsi", "year:2000..2010"],
        ],
        ("show",): [["show", KEY], ["show", KEY, "--json"]],
        ("add",): [
            [
                "add",
                "--type",
                "webpage",
                "--title",
                "Offline Page",
                "--author",
                "Roe, Richard",
                "--url",
                "https://example.org/offline",
                "--issued",
                "2021",
                "--key",
                "roe2021offline",
            ],
            ["add", "--bibtex", "@book{added2019, author = {A, B}, title = {T}, year = 2019}"],
        ],
        ("set",): [["set", KEY, "title_short=Treacherous Alliance", "issued=2007-09"]],
        ("edit",): [["edit", "roe2021offline"]],
        ("tag",): [["tag", KEY, "+offline", "-draft"]],
        ("rekey",): [["rekey", "added2019", "added2019b"]],
        ("rm",): [["rm", "added2019b", "--yes"]],
        ("restore",): [["restore", "added2019b"]],
        ("undo",): [["undo"]],
        ("log",): [["log"], ["log", KEY, "--json"]],
        ("quote",): [["quote", KEY, "--page", "102", "--text", "A quoted passage."]],
        ("quotes",): [["quotes"], ["quotes", KEY, "--json"]],
        ("import",): [["import", str(bib)], ["import", str(bib), "--dry-run", "--json"]],
        ("export",): [
            ["export", "-o", str(tmp / "out.bib")],
            ["export", "--format", "csl-json"],
            ["export", "--format", "ris"],
        ],
        ("cite",): [["cite", KEY, "102"], ["cite", WEB_KEY, "--format", "html"]],
        ("footnotes",): [
            ["footnotes", str(manuscript), "-o", str(tmp / "essay-out.md")],
            ["footnotes", str(manuscript), "--format", "html", "--archive-links", "dead"],
        ],
        ("bibliography",): [["bibliography"], ["bibliography", "--manuscript", str(manuscript)]],
        ("snapshots",): [["snapshots"], ["snapshots", WEB_KEY, "--json"]],
        ("config", "path"): [["config", "path"]],
        ("config", "show"): [["config", "show", "--json"]],
        ("db", "info"): [["db", "info", "--json"]],
        ("db", "check"): [["db", "check"]],
        ("db", "backup"): [["db", "backup", str(tmp / "backup.db")]],
        ("db", "backups"): [["db", "backups", "--json"]],
        ("db", "restore"): [["db", "restore", str(tmp / "backup.db"), "--yes"]],
        ("db", "copy"): [
            ["db", "copy", "--from", str(tmp / "lib.db"), "--to", str(tmp / "copy.db")]
        ],
        ("db", "upgrade"): [["db", "upgrade"]],
        ("db", "reindex"): [["db", "reindex"]],
    }


def leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found.extend(leaf_commands(command, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


def run_blocked(tmp: Path, steps: list[dict[str, object]], name: str) -> tuple[list, list]:
    """Run ``steps`` in one subprocess with the network blocked; return results and attempts."""
    plan, results, log = (
        tmp / f"{name}-plan.json",
        tmp / f"{name}-results.json",
        tmp / f"{name}.log",
    )
    plan.write_text(json.dumps(steps))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOURCEBOX_", "NETBLOCK_"))}
    env.update(
        PYTHONPATH=str(NETBLOCK),
        NETBLOCK_LOG=str(log),
        SOURCEBOX_HOME=str(tmp / "home"),
        # A non-interactive editor for `edit`: changes the title and saves.
        EDITOR="sed -i -e 's/^title = .*/title = \"Edited Offline\"/'",
        VISUAL="",
    )
    subprocess.run(
        [sys.executable, str(NETBLOCK / "run_cli.py"), str(plan), str(results)],
        env=env,
        check=True,
        timeout=120,
        cwd=tmp,
    )
    attempts = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return json.loads(results.read_text()), attempts


def test_no_command_but_archive_links_and_publish_check_touches_the_network(tmp_path):
    (tmp_path / "in.bib").write_text(BIB)
    (tmp_path / "essay.md").write_text(MANUSCRIPT)
    table = recipes(tmp_path)
    commands = [
        c for c in leaf_commands(cli) if c not in NETWORK_COMMANDS and c not in TERMINAL_COMMANDS
    ]
    db = ["--db", str(tmp_path / "lib.db")]
    steps: list[dict[str, object]] = [{"args": [*db, "demo"]}, {"args": ["--help"]}]
    generic = []
    for command in [c for c in table if c in commands] + [c for c in commands if c not in table]:
        if command in table:
            steps.extend({"args": [*db, *args], "command": command} for args in table[command])
        else:
            # No recipe yet: run it bare and with --help, so a new command is covered at once.
            generic.append(" ".join(command))
            for args in ([*command, "--help"], list(command)):
                steps.append({"args": [*db, *args], "command": command, "generic": True})
    steps.append({"args": [*db, "show", "roe2021offline", "--json"]})
    results, attempts = run_blocked(tmp_path, steps, "all")

    assert attempts == [], "network attempts by: " + ", ".join(
        sorted({a["command"] for a in attempts})
    )
    assert len(results) == len(steps)
    assert {tuple(s["command"]) for s in steps if "command" in s} == set(commands)
    for step, result in zip(steps, results, strict=True):
        assert "Traceback" not in result["stderr"], result
        if not step.get("generic"):
            assert result["exit_code"] == 0, result
    # The recipes did their work: the commands ran, not just parsed their arguments.
    assert (tmp_path / "out.bib").read_text().count("@") >= 20
    assert "[^1]" in (tmp_path / "essay-out.md").read_text()
    assert (tmp_path / "backup.db").stat().st_size > 0
    assert "Edited Offline" in results[-1]["stdout"]
    if generic:
        warnings.warn(
            f"no recipe in {Path(__file__).name} for: {', '.join(generic)}; ran them bare",
            stacklevel=1,
        )


@pytest.mark.parametrize(
    "args",
    [["links", "check", WEB_KEY, "--timeout", "1"], ["links", "check", "--all", "--timeout", "1"]],
)
def test_the_block_sees_links_check_try_to_connect(tmp_path, args):
    db = ["--db", str(tmp_path / "lib.db")]
    results, attempts = run_blocked(
        tmp_path, [{"args": [*db, "demo"]}, {"args": [*db, *args]}], "control"
    )
    assert results[0]["exit_code"] == 0
    assert attempts, "the harness saw no connection attempt from links check"
    assert {a["command"] for a in attempts} == {" ".join([*db, *args])}
    # Refused, not crashed: each link is reported unreachable, exit status 1.
    assert results[1]["exit_code"] == 1
    assert "unreachable" in results[1]["stdout"]
    assert "Traceback" not in results[1]["stderr"]
