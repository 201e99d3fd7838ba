"""The README and the CLI's help say what users need, and CI runs what the README says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click

from sourcebox.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, prefix + name + " "))
    return found


def test_every_command_has_help_with_an_example():
    missing = [
        name
        for name, command in _commands(cli)
        if not command.help or "example" not in command.help.lower()
    ]
    assert missing == []


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", quick, re.S)
    assert len(blocks) == 2, "the quick start has two commands"
    install, test_command = blocks
    assert "pip install" in install and "demo" in install
    assert test_command in ci.splitlines()


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for name, _ in _commands(cli):
        assert f"sourcebox {name}" in readme, name


def test_python_dash_m_runs_the_cli():
    done = subprocess.run(
        [sys.executable, "-m", "sourcebox", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("sourcebox, version")


def test_help_does_not_import_the_database_layer():
    code = (
        "import sys\nfrom sourcebox.cli import cli\n"
        "assert 'sqlalchemy' not in sys.modules and 'alembic' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_pure_core_imports_no_database_network_or_ui_code():
    code = (
        "import sys\n"
        "import sourcebox.domain.model, sourcebox.domain.names, sourcebox.domain.dates\n"
        "import sourcebox.domain.keys, sourcebox.domain.validate, sourcebox.domain.fields\n"
        "import sourcebox.domain.editform, sourcebox.domain.query\n"
        "heavy = {'sqlalchemy', 'alembic', 'click', 'textual', 'httpx', 'waybackpy'}\n"
        "bad = heavy & set(sys.modules)\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
