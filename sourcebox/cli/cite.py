"""Commands that cite: cite (one note), footnotes (a manuscript), bibliography."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sourcebox.cli.context import AppContext, CommandError, pass_app
from sourcebox.files import write_atomically

_FORMATS = click.Choice(["markdown", "html", "text"])
_ARCHIVE = click.Choice(["append", "dead", "never"])


def _style_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--style",
        default=None,
        metavar="STYLE",
        help="chicago-notes (18th ed., default) or chicago-notes-17; else config [cite] style.",
    )(function)


def read_manuscript(path: str) -> tuple[str, str]:
    """The manuscript's text and a name for messages; '-' reads standard input."""
    if path == "-":
        return sys.stdin.read(), "standard input"
    try:
        return Path(path).read_text(encoding="utf-8"), path
    except FileNotFoundError as error:
        raise CommandError(f"Cannot read {path}: no such file.") from error
    except UnicodeDecodeError as error:
        raise CommandError(
            f"Cannot read {path}: invalid UTF-8 at byte {error.start}. Save it as UTF-8."
        ) from error
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from error


@click.command()
@click.argument("key")
@click.argument("locator", required=False, default="")
@click.option("--short", is_flag=True, help="The short note (author, short title, locator).")
@_style_option
@click.option("--format", "fmt", type=_FORMATS, default="text", show_default=True)
@pass_app
def cite(app: AppContext, key: str, locator: str, short: bool, style: str | None, fmt: str) -> None:
    """Print the Chicago note for one work, at an optional locator.

    \b
    Examples:
      sourcebox cite parsi2007treacherous 102
      sourcebox cite parsi2007treacherous "pp. 45-47" --short
    """
    from sourcebox.services.citing import cite as cite_note

    with app.session(readonly=True) as session:
        click.echo(
            cite_note(
                session, key, locator, short=short, style=style or app.settings.style, fmt=fmt
            )
        )


@click.command()
@click.argument("manuscript")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here, not stdout.")
@_style_option
@click.option(
    "--format", "fmt", type=_FORMATS, default=None,
    help="markdown, html or text (default: from the -o extension, else markdown).",
)  # fmt: skip
@click.option("--ibid", is_flag=True, help="Use Ibid. for consecutive citations of one work.")
@click.option("--bibliography/--no-bibliography", default=True, help="Append a bibliography.")
@click.option(
    "--archive-links", type=_ARCHIVE, default="append", show_default=True,
    help="Add archived copies of web sources: always, only for dead links, or never.",
)  # fmt: skip
@pass_app
def footnotes(
    app: AppContext,
    manuscript: str,
    output: Path | None,
    style: str | None,
    fmt: str | None,
    ibid: bool,
    bibliography: bool,
    archive_links: str,
) -> None:
    """Turn a Markdown manuscript's [@key, p. 12] citations into numbered Chicago footnotes.

    Each citation group becomes one footnote, numbered with your own footnotes
    in reading order; a bibliography follows. Unknown keys are all listed with
    their line:column, and nothing is written.

    \b
    Examples:
      sourcebox footnotes essay.md -o essay-final.md
      sourcebox footnotes essay.md -o essay.html --ibid
    """
    from sourcebox.services.citing import footnotes as make_footnotes

    if fmt is None:
        suffix = output.suffix.lower() if output else ""
        fmt = {".html": "html", ".htm": "html", ".txt": "text"}.get(suffix, "markdown")
    text, source = read_manuscript(manuscript)
    with app.session(readonly=True) as session:
        result = make_footnotes(
            session,
            text,
            source=source,
            style=style or app.settings.style,
            fmt=fmt,
            ibid=ibid,
            with_bibliography=bibliography,
            archive_links=archive_links,
        )
    if output is None:
        click.echo(result.text, nl=False)
        return
    write_atomically(output, result.text)
    click.echo(
        f"Wrote {output}: {result.notes} notes, {result.citations} citations "
        f"of {len(result.works)} works.",
        err=True,
    )


@click.command(name="bibliography")
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option("--manuscript", default=None, help="The works cited in this manuscript instead.")
@_style_option
@click.option("--format", "fmt", type=_FORMATS, default="text", show_default=True)
@pass_app
def bibliography_command(
    app: AppContext, query: tuple[str, ...], manuscript: str | None, style: str | None, fmt: str
) -> None:
    """Print a Chicago bibliography of the works matching QUERY, or cited in a manuscript.

    \b
    Examples:
      sourcebox bibliography tag:iran
      sourcebox bibliography --manuscript essay.md --format markdown
    """
    from sourcebox.services.citing import bibliography_of

    if manuscript is not None and query:
        raise click.UsageError("Give a QUERY or --manuscript, not both.")
    text, source = read_manuscript(manuscript) if manuscript is not None else (None, "")
    with app.session(readonly=True) as session:
        entries = bibliography_of(
            session,
            query=" ".join(query),
            manuscript=text,
            source=source,
            style=style or app.settings.style,
            fmt=fmt,
        )
    separator = "\n" if fmt == "html" else "\n\n"
    if fmt == "html":
        entries = [f'<p class="entry">{e}</p>' for e in entries]
    click.echo(separator.join(entries))


COMMANDS = [cite, footnotes, bibliography_command]
