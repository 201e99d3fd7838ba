"""Commands that move works in and out: import and export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from sourcebox.cli.context import AppContext, CommandError, echo_json, json_option, pass_app
from sourcebox.gcpause import paused_gc

if TYPE_CHECKING:
    pass

_FORMATS = click.Choice(["bibtex", "biblatex", "csl-json", "ris"])


def read_bytes(path: str) -> bytes:
    """A file's bytes ('-' reads standard input), with a one-line error when unreadable."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as error:
        raise CommandError(f"Cannot read {path}: no such file.") from error
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from error


@click.command(name="import")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=_FORMATS, default=None, help="Else by extension.")
@click.option(
    "--on-duplicate", type=click.Choice(["skip", "merge", "new"]), default="skip",
    show_default=True, help="Skip duplicates, fill their empty fields, or add them anyway.",
)  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Report what would happen; change nothing.")
@click.option("--strict", is_flag=True, help="Import nothing if any entry fails.")
@json_option
@pass_app
def import_command(
    app: AppContext,
    files: tuple[str, ...],
    fmt: str | None,
    on_duplicate: str,
    dry_run: bool,
    strict: bool,
    as_json: bool,
) -> None:
    """Import BibTeX/BibLaTeX (.bib), CSL-JSON (.json) or RIS (.ris) files, or '-' for stdin.

    Keys are kept as they are; a key already in the library gets a suffix and
    the report says old -> new. The whole import is one transaction. Exit
    status 1 when any entry failed.

    \b
    Examples:
      sourcebox import refs.bib
      sourcebox import zotero.json --on-duplicate merge --dry-run
      cat refs.ris | sourcebox import - --format ris
    """
    from sourcebox.interchange.formats import Format, format_for_path, read, sniff_format
    from sourcebox.services.interchange import import_results

    with paused_gc():  # through the commit: see sourcebox.gcpause
        results = []
        for path in files:
            data = read_bytes(path)
            kind = fmt or (format_for_path(path) if path != "-" else None) or sniff_format(data)
            if kind is None:
                raise click.UsageError(f"Cannot tell the format of {path}; give --format.")
            results.append(read(data, cast(Format, kind), file="<stdin>" if path == "-" else path))
        with app.session() as session:
            report = import_results(
                session,
                results,
                on_duplicate=on_duplicate,
                dry_run=dry_run,
                strict=strict,
                pattern=app.settings.key_pattern,
            )
        if as_json:
            echo_json(report.to_json())
        else:
            for problem in report.problems:
                click.echo(str(problem), err=True)
            for old, new in report.renamed:
                click.echo(f"renamed {old} -> {new}")
            for key, filled in report.merged:
                click.echo(f"merged into {key}: {', '.join(filled) or 'nothing new'}")
            for key, existing in report.skipped:
                click.echo(f"duplicate {key} of {existing}: skipped")
            click.echo(report.summary())
        if report.errors or report.strict_abort:
            failed = len(report.failed)
            what = (
                f"{failed} entr{'y' if failed == 1 else 'ies'} could not be imported"
                if failed
                else f"the input had {len(report.errors)} error(s)"
            )
            raise CommandError(
                f"{what} (listed above with file, line and key)."
                + (" Nothing was imported." if report.strict_abort else "")
            )


@click.command()
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@click.option("--format", "fmt", type=_FORMATS, default=None, help="Else by -o extension.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here, not stdout.")
@click.option("--ascii", "ascii_only", is_flag=True, help="BibTeX with LaTeX escapes.")
@pass_app
def export(
    app: AppContext, query: tuple[str, ...], fmt: str | None, output: Path | None, ascii_only: bool
) -> None:
    """Export the works matching QUERY (all without one) as BibTeX, BibLaTeX, CSL-JSON or RIS.

    \b
    Examples:
      sourcebox export -o library.bib
      sourcebox export tag:iran --format csl-json -o iran.json
    """
    from sourcebox.files import write_atomically
    from sourcebox.interchange.formats import Format, format_for_path
    from sourcebox.services.interchange import export as export_works

    kind = fmt or (format_for_path(str(output)) if output else None) or "bibtex"
    with app.session(readonly=True) as session:
        text = export_works(session, " ".join(query), cast(Format, kind), ascii=ascii_only)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)


COMMANDS = [import_command, export]
