"""Commands on quotes: quote (add one) and quotes (list them)."""

from __future__ import annotations

import sys

import click

from sourcebox.cli import render
from sourcebox.cli.context import AppContext, echo_json, json_option, pass_app
from sourcebox.domain.display import locator_text
from sourcebox.domain.model import LOCATOR_LABELS


@click.command()
@click.argument("key")
@click.option("--text", required=True, help="The quoted passage ('-' reads standard input).")
@click.option("--page", default=None, help="Page(s), e.g. 102 or 45-47 (sets --label page).")
@click.option("--locator", default=None, help="Locator of another kind, with --label.")
@click.option(
    "--label", type=click.Choice(LOCATOR_LABELS), default=None, metavar="LABEL",
    help="What the locator counts: page, chapter, section, paragraph, ...",
)  # fmt: skip
@click.option("--comment", default="", help="Your comment on the passage.")
@click.option("--json", "as_json", is_flag=True, help="Print the stored quote as JSON.")
@pass_app
def quote(app: AppContext, key: str, text: str, page: str | None, locator: str | None,
          label: str | None, comment: str, as_json: bool) -> None:  # fmt: skip
    """Add a quote to a work, at a page or another locator.

    \b
    Example:
      sourcebox quote parsi2007treacherous --page 102 --text "Iran's venomous rhetoric ..."
    """
    from sourcebox.domain.model import Quote
    from sourcebox.services.quotes import add_quote

    if page is not None and locator is not None:
        raise click.UsageError("Give either --page or --locator, not both.")
    if page is not None and label not in (None, "page"):
        raise click.UsageError("--page goes with --label page; use --locator for other labels.")
    if text == "-":
        text = sys.stdin.read()
    new = Quote(
        text=text,
        locator=page if page is not None else (locator or ""),
        label=label or "page",
        comment=comment,
    )
    with app.session() as session:
        stored = add_quote(session, key, new)
    if as_json:
        echo_json(stored.to_json())
    else:
        click.echo(f"Added quote #{stored.id} to {key}" + (
            f" ({locator_text(stored)})" if stored.locator else ""))  # fmt: skip


@click.command()
@click.argument("key", required=False)
@json_option
@pass_app
def quotes(app: AppContext, key: str | None, as_json: bool) -> None:
    """List the quotes of one work, or of the whole library.

    \b
    Examples:
      sourcebox quotes parsi2007treacherous
      sourcebox quotes --json
    """
    from sourcebox.services.quotes import list_quotes

    with app.session(readonly=True) as session:
        found = list_quotes(session, key)
    if as_json:
        echo_json([q.to_json() for q in found])
    else:
        for item in found:
            click.echo(render.quote_line(item))


COMMANDS = [quote, quotes]
