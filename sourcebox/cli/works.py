"""Commands on works: add, list, show, set, edit, rm, tag, rekey."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

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
from sourcebox.domain.model import FIELDS, MAIN_TYPES, WORK_TYPES, Work
from sourcebox.domain.query import HELP as query_help

# Options of `add`, one per field: (option names, field, help).
_FIELD_OPTIONS: list[tuple[tuple[str, ...], str, str]] = [
    (("--title",), "title", "Full title, subtitle after a colon."),
    (("--title-short",), "title_short", "Short title for short notes."),
    (("--container-title",), "container_title", "Journal, newspaper, book or site it is in."),
    (("--collection-title",), "collection_title", "Series title."),
    (("--publisher",), "publisher", "Publisher, institution or university."),
    (("--publisher-place", "--place"), "publisher_place", "Place of publication."),
    (("--edition",), "edition", "Edition."),
    (("--volume",), "volume", "Volume."),
    (("--issue",), "issue", "Issue."),
    (("--page",), "page", "Page range in the container, e.g. 45-67."),
    (("--number",), "number", "Report or other number."),
    (("--genre",), "genre", "Genre, e.g. 'PhD diss.'."),
    (("--medium",), "medium", "Medium, e.g. 'Podcast'."),
    (("--issued",), "issued", "Date issued: 2007, 2007-09, 2007-09-14, 'circa 2007'."),
    (("--accessed",), "accessed", "Date accessed (web sources)."),
    (("--doi",), "doi", "DOI, e.g. 10.1038/171737a0."),
    (("--isbn",), "isbn", "ISBN-10 or ISBN-13."),
    (("--issn",), "issn", "ISSN."),
    (("--url",), "url", "URL (http or https)."),
    (("--language",), "language", "Language, e.g. en."),
    (("--abstract",), "abstract", "Abstract."),
    (("--note",), "note", "Note."),
]


def _field_options(function: Callable[..., Any]) -> Callable[..., Any]:
    for names, dest, help_text in reversed(_FIELD_OPTIONS):
        function = click.option(*names, dest, default=None, help=help_text)(function)
    return function


@click.command(context_settings={"max_content_width": 100})
@click.option(
    "--type", "work_type", type=click.Choice(WORK_TYPES), metavar="TYPE", default=None,
    help=f"Work type: {', '.join(MAIN_TYPES)}, or another CSL type (required without --bibtex).",
)  # fmt: skip
@click.option(
    "--bibtex", default=None, help="One BibTeX entry, pasted; options override its fields."
)
@click.option("--key", default=None, help="Citation key (made from the key pattern if left out).")
@click.option(
    "--author", multiple=True, help='"Family, Given", "Given Family" or "{Organisation}".'
)
@click.option("--editor", multiple=True, help="Editor (same forms as --author).")
@click.option("--translator", multiple=True, help="Translator (same forms as --author).")
@click.option(
    "--creator", multiple=True, metavar="ROLE=NAME", help="Any other role, e.g. illustrator=Doe, J."
)
@_field_options
@click.option("--tag", "tags", multiple=True, help="Tag (repeat for several).")
@click.option(
    "--extra", multiple=True, metavar="NAME=VALUE", help="A field sourcebox does not model."
)
@json_option
@pass_app
def add(
    app: AppContext,
    /,
    work_type: str | None,
    bibtex: str | None,
    key: str | None,
    author: tuple[str, ...],
    editor: tuple[str, ...],
    translator: tuple[str, ...],
    creator: tuple[str, ...],
    tags: tuple[str, ...],
    extra: tuple[str, ...],
    as_json: bool,
    **fields: str | None,
) -> None:
    """Add a work to the library and print its key.

    \b
    Example:
      sourcebox add --type book --title "Treacherous Alliance" \\
          --author "Parsi, Trita" --publisher "Yale University Press" \\
          --place "New Haven" --issued 2007 --tag iran
    """
    from sourcebox.domain.fields import parse_assignment, set_fields
    from sourcebox.services.works import add_work

    base = _pasted_entry(bibtex) if bibtex is not None else None
    if base is None and work_type is None:
        raise click.UsageError("Missing option '--type' (or give a --bibtex entry).")
    changes = [(name, value) for name, value in fields.items() if value is not None]
    for role, names in (("author", author), ("editor", editor), ("translator", translator)):
        if names:
            changes.append((role, "; ".join(names)))
    for item in creator:
        role, value = parse_assignment(item)
        changes.append((role, value))
    changes += [(f"extra.{n}", v) for n, v in map(parse_assignment, extra)]
    if base is None:
        work = Work(type=str(work_type), key=key or "", tags=tags)
    else:
        work = replace(base, key=key or base.key, tags=(*base.tags, *tags))
        if work_type is not None:
            changes.insert(0, ("type", work_type))
    work = set_fields(work, changes)
    with app.session() as session:
        stored = add_work(session, work, app.settings.key_pattern)
    if as_json:
        with app.session(readonly=True) as session:
            from sourcebox.services.works import get_work

            echo_json(get_work(session, stored.key).to_json())
    else:
        click.echo(stored.key)


def _pasted_entry(text: str) -> Work:
    """The one entry of a pasted BibTeX text, or a one-line error naming what is wrong."""
    from sourcebox.bibtex import read_bibtex
    from sourcebox.errors import SourceboxError

    result = read_bibtex(text, file="--bibtex")
    if result.errors:
        raise SourceboxError(f"Cannot read the --bibtex entry: {result.errors[0]}")
    if len(result.records) != 1:
        raise SourceboxError(
            f"--bibtex takes exactly one entry; this text holds {len(result.records)}.",
            "Use 'sourcebox import FILE' for several.",
        )
    return result.records[0].work


@click.command(
    name="list",
    context_settings={"ignore_unknown_options": True, "max_content_width": 100},
    epilog="\b\n" + query_help,
)
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option(
    "--sort", type=click.Choice(["relevance", "year", "title", "added", "key"]),
    default="relevance", show_default=True,
    help="Order of the results (relevance falls back to newest added).",
)  # fmt: skip
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most N works.")
@json_option
@pass_app
def list_command(app: AppContext, query: tuple[str, ...], sort: str, limit: int | None,
                 as_json: bool) -> None:  # fmt: skip
    """List the works matching QUERY (all works without one).

    \b
    Examples:
      sourcebox list iran
      sourcebox list author:parsi year:2000..2010 --sort year
      sourcebox list tag:iran -draft --json
    """
    from sourcebox.services.works import iter_works

    text = " ".join(query)
    width = render.terminal_width() if is_terminal() else None
    with app.session(readonly=True) as session:
        works = iter_works(session, text, sort=sort, limit=limit)
        if as_json:
            _stream_json(works)
        else:
            # Aligned a page at a time, so that a huge listing streams.
            page: list[Work] = []
            for work in works:
                page.append(work)
                if len(page) == 500:
                    click.echo("\n".join(render.work_table(page, width)))
                    page = []
            if page:
                click.echo("\n".join(render.work_table(page, width)))


def _stream_json(works: Any) -> None:
    import json

    click.echo("[")
    first = True
    for work in works:
        text = json.dumps(work.to_json(), indent=2, ensure_ascii=False)
        click.echo(
            ("" if first else ",\n") + "\n".join("  " + ln for ln in text.splitlines()), nl=False
        )
        first = False
    click.echo("\n]" if not first else "]")


@click.command()
@click.argument("key")
@json_option
@pass_app
def show(app: AppContext, key: str, as_json: bool) -> None:
    """Show every field of a work, its creators, tags, quotes and snapshots.

    \b
    Example:
      sourcebox show parsi2007treacherous
    """
    from sourcebox.services.works import get_work

    with app.session(readonly=True) as session:
        work = get_work(session, key)
    if as_json:
        echo_json(work.to_json())
    else:
        click.echo("\n".join(render.work_details(work)))


@click.command(name="set")
@click.argument("key")
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@json_option
@pass_app
def set_command(app: AppContext, key: str, assignments: tuple[str, ...], as_json: bool) -> None:
    """Set fields of a work; an empty value clears a field.

    FIELD is any field (title, title_short, issued, url, ...), a role (author,
    editor, translator: names separated by ';'), or extra.NAME.

    \b
    Example:
      sourcebox set parsi2007treacherous title_short="Treacherous Alliance" issued=2007-09
    """
    from sourcebox.domain.fields import parse_assignment, set_fields
    from sourcebox.services.works import get_work, replace_work

    changes = [parse_assignment(item) for item in assignments]
    with app.session() as session:
        before = get_work(session, key)
        after = replace_work(session, key, set_fields(before, changes))
    if as_json:
        echo_json(after.to_json())
        return
    changed = _differences(before, after)
    for line in changed or [f"{key}: nothing changed"]:
        click.echo(line)


def _differences(before: Work, after: Work) -> list[str]:
    lines = [
        f"{name}: {before.get(name)!r} -> {after.get(name)!r}"
        for name in FIELDS
        if before.get(name) != after.get(name)
    ]
    if before.creators != after.creators:
        lines.append(f"creators: {render.author_list(before)!r} -> {render.author_list(after)!r}")
    if dict(before.extra) != dict(after.extra):
        lines.append(f"extra: {dict(before.extra)} -> {dict(after.extra)}")
    if before.tags != after.tags:
        lines.append(f"tags: {', '.join(before.tags)!r} -> {', '.join(after.tags)!r}")
    return lines


@click.command()
@click.argument("key")
@pass_app
def edit(app: AppContext, key: str) -> None:
    """Edit a work in $EDITOR; it is checked on save and reopened on error.

    Save and close to apply; delete everything (or quit without saving) to cancel.

    \b
    Example:
      EDITOR=nano sourcebox edit parsi2007treacherous
    """
    from sourcebox.domain import editform
    from sourcebox.errors import ValidationError
    from sourcebox.services.works import get_work, replace_work

    with app.session(readonly=True) as session:
        original = get_work(session, key)
    text = editform.render(original)
    while True:
        edited = click.edit(text, extension=".toml", require_save=True)
        if edited is None or editform.is_blank(edited):
            click.echo(f"Edit cancelled; {key} is unchanged.")
            return
        edited = editform.strip_errors(edited)
        try:
            work = editform.parse(edited, original)
            with app.session() as session:
                after = replace_work(session, key, work)
        except ValidationError as error:
            if not is_terminal() and edited == editform.strip_errors(text):
                raise CommandError(f"{error} {key} is unchanged.") from error
            click.echo(f"{error} Reopening the editor.", err=True)
            text = "\n".join(editform.ERROR_PREFIX + str(p) for p in error.problems) + "\n" + edited
            continue
        changed = _differences(original, after)
        for line in changed or [f"{key}: nothing changed"]:
            click.echo(line)
        return


@click.command()
@click.argument("keys", nargs=-1, required=True)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@json_option
@pass_app
def rm(app: AppContext, keys: tuple[str, ...], yes: bool, as_json: bool) -> None:
    """Remove works with their quotes and snapshots (asks first on a terminal).

    \b
    Example:
      sourcebox rm parsi2007treacherous --yes
    """
    from sourcebox.services.works import get_work, remove_works

    if not yes and is_terminal():
        with app.session(readonly=True) as session:
            works = [get_work(session, key) for key in keys]
        for work in works:
            click.echo(f"  {work.key}: {work.title} [{work.type}]")
        click.confirm(f"Remove {len(works)} work(s)?", abort=True)
    with app.session() as session:
        removed = remove_works(session, keys)
    if as_json:
        echo_json([w.key for w in removed])
    else:
        for work in removed:
            click.echo(f"Removed {work.key} ({work.type} '{work.title}')")


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("key")
@click.argument("changes", nargs=-1, required=True, type=click.UNPROCESSED, metavar="+TAG|-TAG...")
@json_option
@pass_app
def tag(app: AppContext, key: str, changes: tuple[str, ...], as_json: bool) -> None:
    """Add (+tag, or a bare tag) and remove (-tag) tags on a work.

    \b
    Example:
      sourcebox tag parsi2007treacherous +iran -draft
    """
    from sourcebox.services.works import tag_work

    add = [c[1:] if c.startswith("+") else c for c in changes if not c.startswith("-")]
    remove = [c[1:] for c in changes if c.startswith("-")]
    if any(not t.strip() for t in add + remove):
        raise click.UsageError("A tag after + or - cannot be empty.")
    with app.session() as session:
        work = tag_work(session, key, add, remove)
    if as_json:
        echo_json({"key": work.key, "tags": list(work.tags)})
    else:
        click.echo(f"{work.key}: {', '.join(work.tags) if work.tags else '(no tags)'}")


@click.command()
@click.argument("key")
@click.argument("new_key", required=False)
@pass_app
def rekey(app: AppContext, key: str, new_key: str | None) -> None:
    """Change a work's key (the only way a key changes); without NEWKEY, make one.

    \b
    Examples:
      sourcebox rekey parsi2007treacherous parsi2007
      sourcebox rekey parsi2007       # back to the key pattern's choice
    """
    from sourcebox.services.works import rekey_work

    with app.session() as session:
        old, new = rekey_work(session, key, new_key, app.settings.key_pattern)
    click.echo(f"{old} -> {new}")


COMMANDS = [add, list_command, show, set_command, edit, rm, tag, rekey]
