"""The ``tui`` command: the full-screen terminal interface (also bare ``sourcebox`` on a terminal).

Textual and the database code are imported only when the command runs, so that
``sourcebox --help`` stays fast.
"""

from __future__ import annotations

import click

from sourcebox.cli.context import AppContext, CommandError, is_terminal, pass_app


@click.command()
@pass_app
def tui(app: AppContext) -> None:
    """Open the full-screen interface: search, edit, cite, archive and export.

    Bare 'sourcebox' opens it too when run on a terminal. Press ? inside for
    every key, ctrl+p for every action by name, ctrl+q to quit.

    \b
    Examples:
      sourcebox tui
      sourcebox --db team.db tui
    """
    if not is_terminal():
        raise CommandError(
            "The full-screen interface needs a terminal (standard input and output are not one). "
            "In scripts use the commands, e.g. 'sourcebox list --json'."
        )
    from sourcebox.tui.app import make_app

    make_app(app.settings).run()


COMMANDS = [tui]
