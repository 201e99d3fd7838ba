"""Every action has a key in the footer, a command in the palette and a line on the help screen;
the CLI opens the TUI (``sourcebox tui``, or bare ``sourcebox`` on a terminal)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from textual.command import CommandInput, CommandPalette
from tui_support import flat, press, screen_text, shows, wait_for

from sourcebox.cli import cli
from sourcebox.tui.keys import ACTIONS, display_key
from sourcebox.tui.screens.help import HelpScreen
from sourcebox.tui.screens.jobs import ScopeDialog


def test_the_footer_shows_a_key_for_every_action_at_120_columns(tui):
    async def scenario(pilot, app):
        footer = flat(screen_text(app).splitlines()[-1])
        for label in ("? Help", "/ Find", "a Add", "e Edit", "q Quote", "t Tag", "d Delete",
                      "r Rekey", "uh Undo/Log", "csbk Copy", "AL Links", "ixf Files",
                      "␣oS Mark/Sort/Style"):  # fmt: skip
            assert label in footer, label

    tui.run(scenario, size=(120, 40))


def test_the_help_screen_lists_every_action_and_the_query_language(tui):
    async def scenario(pilot, app):
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = await shows(pilot, app, "sourcebox keys", "Copy the BibTeX entry")
        for action in ACTIONS:
            assert f"{display_key(action.key)} {action.title}:" in text, action.title
        assert "year:2000..2010" in text and "archived:no" in text
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)

    tui.run(scenario, size=(120, 80))


def test_every_action_is_in_the_command_palette(tui):
    async def scenario(pilot, app):
        commands = {c.title for c in app.get_system_commands(app.main_screen)}
        assert {a.title for a in ACTIONS} <= commands
        for typed, shown in (("copy the key", "Copy the key"), ("archive li", "Archive links")):
            await press(pilot, "ctrl+p")
            await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
            app.screen.query_one(CommandInput).value = typed
            await shows(pilot, app, shown, "The citation key." if "key" in typed else "Wayback")
            await press(pilot, "enter")
            if "key" in typed:
                await wait_for(pilot, lambda: app.clipboard == "parsi2007treacherous", "copy")
        await wait_for(pilot, lambda: isinstance(app.screen, ScopeDialog), "the archive dialog")

    tui.run(scenario, size=(120, 40))


def test_at_80_by_24_the_results_details_and_footer_fit(tui):
    async def scenario(pilot, app):
        lines = screen_text(app).splitlines()
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        text = flat("\n".join(lines))
        assert "5 works in the library" in text and "parsi2007treacherous" in text
        assert "Title Treacherous Alliance" in text
        assert lines[-1].startswith("? Help / Find a Add e Edit")

    tui.run(scenario, size=(80, 24))


def test_bare_sourcebox_off_a_terminal_prints_help_as_before(sb):
    result = sb(ok=False)
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage:") and "tui" in result.stderr


def test_the_tui_command_off_a_terminal_says_what_to_use_instead(sb):
    result = sb("tui", ok=False)
    assert result.exit_code == 1
    assert "needs a terminal" in result.stderr and "sourcebox list --json" in result.stderr


def test_the_tui_command_has_help_and_imports_nothing_until_it_runs():
    assert "tui" in cli.commands and "Example" in (cli.commands["tui"].help or "")
    code = (
        "import sys\nfrom sourcebox.cli import cli\n"
        "assert not {'textual', 'sqlalchemy'} & set(sys.modules), sys.modules.keys()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_bare_sourcebox_on_a_terminal_opens_the_tui_on_the_library(lib_path: Path, tmp_path):
    """A real terminal (a pseudo-terminal): the app paints the library; ctrl+q quits."""
    sourcebox = Path(sys.executable).with_name("sourcebox")
    env = {**os.environ, "SOURCEBOX_HOME": str(tmp_path / "home"), "TERM": "xterm-256color",
           "COLUMNS": "100", "LINES": "30"}  # fmt: skip
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [str(sourcebox), "--db", str(lib_path)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        close_fds=True,
    )
    os.close(terminal)
    seen = b""
    try:
        deadline = time.monotonic() + 20
        while b"parsi2007" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.2)
            if ready:
                seen += os.read(controller, 65536)
        assert b"parsi2007" in seen, seen[-2000:]
        os.write(controller, b"\x11")  # ctrl+q
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
