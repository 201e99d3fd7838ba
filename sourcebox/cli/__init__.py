"""The command line: one click group; each command parses, calls a service, renders.

Imports only click and the pure core at start-up; database code is imported by
the commands that need it, so ``sourcebox --help`` stays fast.
"""

from __future__ import annotations

import click

from sourcebox import __version__
from sourcebox.cli import admin, cite, history, interchange, links, quotes, tui, works
from sourcebox.cli.context import AppContext, SourceboxGroup, is_terminal


@click.group(
    cls=SourceboxGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
@click.option(
    "--db", metavar="PATH|URL", default=None,
    help="Library file or database URL (else SOURCEBOX_DB, else library.db in the data dir).",
)  # fmt: skip
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, prog_name="sourcebox")
@click.pass_context
def cli(ctx: click.Context, db: str | None, debug: bool) -> None:
    """sourcebox: a library of sources, Chicago footnotes, and links that cannot rot.

    \b
    Examples:
      sourcebox demo                      # load a sample library
      sourcebox list iran                 # search it
      sourcebox show parsi2007treacherous
      sourcebox                           # on a terminal: the full-screen interface
    """
    app = AppContext(db=db, debug=debug)
    ctx.obj = app
    ctx.call_on_close(app.close)
    if ctx.invoked_subcommand is None:
        if not is_terminal():
            raise click.exceptions.NoArgsIsHelpError(ctx)
        ctx.invoke(tui.tui)


for _command in (
    *works.COMMANDS,
    *quotes.COMMANDS,
    *cite.COMMANDS,
    *interchange.COMMANDS,
    *links.COMMANDS,
    *history.COMMANDS,
    *admin.COMMANDS,
    *tui.COMMANDS,
):
    cli.add_command(_command)


def main() -> None:
    """Console entry point."""
    cli(prog_name="sourcebox")
