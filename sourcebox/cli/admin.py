"""Commands on the library and settings: db, config, demo."""

from __future__ import annotations

from pathlib import Path

import click

from sourcebox.cli import render
from sourcebox.cli.context import (
    AppContext,
    CommandError,
    echo_json,
    is_terminal,
    json_option,
    pass_app,
)


@click.group()
def db() -> None:
    """Inspect, upgrade, back up, restore and check the library.

    \b
    Examples:
      sourcebox db info
      sourcebox db backup ~/library-copy.db
      sourcebox db restore ~/library-copy.db
    """


@db.command()
@json_option
@pass_app
def info(app: AppContext, as_json: bool) -> None:
    """Where the library is, its schema revision, size and counts.

    \b
    Example:
      sourcebox db info --json
    """
    from sourcebox.services.library import info as library_info

    data = library_info(app.library)
    if as_json:
        echo_json(data)
    else:
        click.echo("\n".join(render.mapping_lines(data)))


@db.command()
@pass_app
def upgrade(app: AppContext) -> None:
    """Migrate the library to the newest schema (opening it does this too, after a backup).

    \b
    Example:
      sourcebox --db old-library.db db upgrade
    """
    from sourcebox.db.schema import HEAD

    library = app.library
    if library.migrated_from:
        click.echo(f"Upgraded from revision {library.migrated_from} to {HEAD}.")
    elif library.migrated_from is None and library.backup_path is None:
        click.echo(f"The library is at revision {HEAD}, the newest; nothing to do.")


@db.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@pass_app
def backup(app: AppContext, path: Path | None) -> None:
    """Copy the library safely, even while it is in use (to PATH or the backup folder).

    \b
    Example:
      sourcebox db backup ~/Dropbox/library-2026-11-24.db
    """
    from sourcebox.services.library import backup as library_backup

    target = library_backup(app.library, path, app.settings.backup_dir)
    click.echo(f"Backed up to {target}")


@db.command(name="backups")
@json_option
@pass_app
def list_backups(app: AppContext, as_json: bool) -> None:
    """List the library's backups in the backup folder, oldest first.

    Kinds: daily (first open of a day), pre-migrate (before a schema upgrade),
    before-restore (the library a restore replaced) and manual ('db backup').

    \b
    Example:
      sourcebox db backups --json
    """
    from sourcebox.services.library import list_backups as backups_of

    found = backups_of(app.settings)
    if as_json:
        echo_json([b.to_json() for b in found])
        return
    if not found:
        click.echo(f"No backups in {app.settings.backup_dir} yet.", err=True)
    for item in found:
        when = item.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        size = f"{item.size / 1_000_000:.1f} MB"
        click.echo(f"{when}  {item.reason:<14} {size:>9}  {item.path}")


@db.command()
@click.argument("file")
@click.option("--yes", is_flag=True, help="Do not ask first (the replaced library is kept).")
@json_option
@pass_app
def restore(app: AppContext, file: str, yes: bool, as_json: bool) -> None:
    """Replace the library with a backup (FILE: a path, or a name from 'db backups').

    FILE is checked first (a whole SQLite file holding a sourcebox library); if it
    is not, nothing changes. The library it replaces is kept as a before-restore
    backup. Safe while the TUI has the library open; an older backup is upgraded.

    \b
    Example:
      sourcebox db restore library-5e2c1a-20261124T101500123456Z-daily.db
    """
    from sourcebox.db.backups import inspect_library_file
    from sourcebox.services.library import find_backup
    from sourcebox.services.library import restore as restore_library

    source = find_backup(app.settings, file)
    if is_terminal() and not yes and not as_json:
        facts = inspect_library_file(source)
        where = app.settings.library_path or app.settings.db_url
        click.confirm(
            f"Replace {where} with {source} ({facts.works} works, revision {facts.revision})?",
            abort=True,
        )
    result = restore_library(app.settings, source)
    if as_json:
        echo_json(result.to_json())
        return
    click.echo(
        f"Restored {result.library} from {result.source} ({result.works} works"
        + (f", upgraded to revision {result.migrated_to}" if result.migrated_to else "")
        + ")."
    )
    if result.replaced_backup is not None:
        state = "unreadable library" if result.replaced_broken else "replaced library"
        click.echo(f"The {state} was kept as {result.replaced_backup}")


@db.command(name="copy")
@click.option("--from", "source", required=True, help="The library to copy: a path or a URL.")
@click.option("--to", "target", required=True, help="Where to copy it: a path or a URL.")
@click.option("--force", is_flag=True, help="Replace everything a non-empty target holds.")
@json_option
@pass_app
def copy_command(app: AppContext, source: str, target: str, force: bool, as_json: bool) -> None:
    """Copy a whole library to another database (SQLite <-> PostgreSQL), checked at the end.

    Every table is copied with its ids, the search index rebuilt, and each
    table's row count and checksum compared on both sides.

    \b
    Example:
      sourcebox db copy --from library.db --to postgresql+psycopg://me@db.example/team
    """
    from sourcebox.services.library import copy_library

    shown_from, shown_to, checks = copy_library(source, target, app.settings, force=force)
    if as_json:
        echo_json({"from": shown_from, "to": shown_to, "tables": [c.to_json() for c in checks]})
        return
    for c in checks:
        click.echo(f"{c.table:<14} {c.target_rows:>9} rows  sha256 {c.target_checksum[:16]}  ok")
    total = sum(c.target_rows for c in checks)
    click.echo(f"Copied {total} rows from {shown_from} to {shown_to}; counts and checksums agree.")


@db.command()
@json_option
@pass_app
def check(app: AppContext, as_json: bool) -> None:
    """Check integrity, foreign keys, schema revision and the search index; exit 1 on problems.

    \b
    Example:
      sourcebox db check
    """
    from sourcebox.services.library import check as library_check

    result = library_check(app.library)
    if as_json:
        echo_json({"ok": result.ok, "checks": result.checks, "problems": result.problems})
    else:
        for problem in result.problems:
            click.echo(problem)
        if result.ok:
            click.echo(f"ok: {', '.join(result.checks)}")
    if not result.ok:
        raise CommandError(
            f"The library check found {len(result.problems)} problem(s). "
            "Run 'sourcebox db reindex' for search index problems; for others, restore a "
            "backup from the backups folder."
        )


@db.command()
@pass_app
def reindex(app: AppContext) -> None:
    """Rebuild the search index from the library (when 'db check' says it is out of date).

    \b
    Example:
      sourcebox db reindex
    """
    from sourcebox.services.library import reindex as library_reindex

    count = library_reindex(app.library)
    click.echo(f"Rebuilt the search index: {count} works.")


@click.group()
def config() -> None:
    """Show the settings and where they come from.

    Settings come from a flag, else a SOURCEBOX_* variable, else config.toml, else
    the default. Keys of config.toml: db, key_pattern, [cite] style,
    [archive] wayback_url and max_age, [backup] keep and daily.

    \b
    Example:
      sourcebox config show
    """


@config.command()
@pass_app
def path(app: AppContext) -> None:
    """Print the path of config.toml (which may not exist yet).

    \b
    Example:
      $EDITOR "$(sourcebox config path)"
    """
    click.echo(str(app.settings.config_file))


@config.command(name="show")
@json_option
@pass_app
def show_config(app: AppContext, as_json: bool) -> None:
    """Print every setting and its source.

    \b
    Example:
      sourcebox config show --json
    """
    data = app.settings.to_json()
    sources = data.pop("sources")
    if as_json:
        echo_json({**data, "sources": sources})
        return
    for name, value in data.items():
        source = sources.get(name if name != "db" else "db")
        click.echo(f"{name + ':':<14}{value}" + (f"  ({source})" if source else ""))


@click.command()
@json_option
@pass_app
def demo(app: AppContext, as_json: bool) -> None:
    """Load a sample library of about twenty real sources of mixed types.

    Running it again adds only what is missing.

    \b
    Example:
      sourcebox demo && sourcebox list
    """
    from sourcebox.services.demo import load_demo

    with app.session() as session:
        result = load_demo(session)
    where = app.library.where
    if as_json:
        echo_json({"library": str(where), "added": result.added, "skipped": result.skipped})
        return
    click.echo(f"Added {len(result.added)} sample works to {where}", nl=False)
    click.echo(f" ({len(result.skipped)} were already there)." if result.skipped else ".")
    click.echo("Try: sourcebox list iran   sourcebox show orwell1946politics   sourcebox quotes")


COMMANDS = [db, config, demo]
