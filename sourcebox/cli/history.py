"""Commands on the history: log, undo, restore."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sourcebox.cli.context import AppContext, echo_json, json_option, pass_app

if TYPE_CHECKING:
    from sourcebox.db.history import Change

_SHOWN_WORKS = 5


@click.command()
@click.argument("key", required=False)
@click.option("-n", "--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many changes to show, newest first.")  # fmt: skip
@json_option
@pass_app
def log(app: AppContext, key: str | None, limit: int, as_json: bool) -> None:
    """Show the changes made to the library (or to one work), newest first.

    Each change is one command: when, which command, and what it did to each
    work, with the values before and after.

    \b
    Examples:
      sourcebox log
      sourcebox log parsi2007treacherous --json
    """
    from sourcebox.services import history

    with app.session(readonly=True) as session:
        changes = history.log(session, key, limit)
    if as_json:
        echo_json([history.to_json(change) for change in changes])
        return
    if not changes:
        click.echo("No changes recorded" + (f" for {key}." if key else "."))
        return
    for change in changes:
        click.echo(_headline(change))
        for line in _details(change):
            click.echo(f"    {line}")


def _headline(change: Change) -> str:
    when = change.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    state = f"  [undone by {change.undone_by}]" if change.undone_by else ""
    return f"{change.id:>5}  {when}  {change.command}: {change.summary}{state}"


def _details(change: Change) -> list[str]:
    from sourcebox.services.history import action, diff

    lines = []
    for part in change.works[:_SHOWN_WORKS]:
        what = action(part)
        if what != "changed":
            lines.append(f"{what} {part.key_after or part.key_before}")
            continue
        for name, (old, new) in diff(part.before, part.after).items():
            lines.append(f"{part.key_after} {name}: {_short(old)} -> {_short(new)}")
    if len(change.works) > _SHOWN_WORKS:
        lines.append(f"... and {len(change.works) - _SHOWN_WORKS:,} more works")
    return lines


def _short(value: object, width: int = 60) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= width else text[: width - 3] + "..."


@click.command()
@click.argument("count", type=click.IntRange(min=1), default=1, required=False)
@click.option("--change", "change_id", type=int, default=None,
              help="Undo this change (by its number in 'sourcebox log') instead.")  # fmt: skip
@pass_app
def undo(app: AppContext, count: int, change_id: int | None) -> None:
    """Undo the last COUNT changes (an import counts as one), newest first.

    Refused, with nothing changed, when a later change depends on one to undo.
    An undo is itself recorded in the log.

    \b
    Examples:
      sourcebox undo
      sourcebox undo 3
      sourcebox undo --change 12
    """
    from sourcebox.services import history

    with app.session() as session:
        undone = history.undo(session, count, change_id)
    for item in undone:
        change = item.change
        click.echo(f"Undid change {change.id} ({change.command}: {change.summary}).")


@click.command()
@click.argument("key")
@pass_app
def restore(app: AppContext, key: str) -> None:
    """Bring back a removed work as it was, with its quotes, tags and snapshots.

    \b
    Example:
      sourcebox restore parsi2007treacherous
    """
    from sourcebox.services import history

    with app.session() as session:
        change = history.restore(session, key)
    click.echo(f"Restored {key} (removed by change {change.id}).")


COMMANDS = [log, undo, restore]
