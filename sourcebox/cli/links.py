"""Commands on cited links: links check, snapshots."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import click

from sourcebox.cli.context import AppContext, CommandError, echo_json, json_option, pass_app

if TYPE_CHECKING:
    from sourcebox.archive.client import Archiver
    from sourcebox.db.engine import Library
    from sourcebox.services.archiving import Summary, Target
    from sourcebox.services.publishing import Readiness


@click.group()
def links() -> None:
    """Check that cited links still work.

    \b
    Example:
      sourcebox links check --all
    """


@links.command(name="check")
@click.argument("keys", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Every work with a URL.")
@click.option("--query", default=None, help="The works matching a query.")
@click.option("--manuscript", default=None, help="The works a manuscript cites, and its links.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=15.0, show_default=True)
@json_option
@pass_app
def check(
    app: AppContext,
    keys: tuple[str, ...],
    everything: bool,
    query: str | None,
    manuscript: str | None,
    timeout: float,
    as_json: bool,
) -> None:
    """Fetch each URL (HEAD, then GET if refused) and record ok, redirected, dead or unreachable.

    A few URLs are checked at a time, one at a time per host. Exit status 1 when
    a link is dead or unreachable.

    \b
    Examples:
      sourcebox links check parsi2007treacherous
      sourcebox links check --manuscript essay.md --json
    """
    from sourcebox.archive.linkcheck import LinkChecker
    from sourcebox.cli.cite import read_manuscript
    from sourcebox.services import links as service

    if not (keys or everything or query or manuscript):
        raise click.UsageError("Name KEYs, or give --all, --query or --manuscript.")
    text, source = read_manuscript(manuscript) if manuscript else (None, "")
    with app.session(readonly=True) as session:  # read, then let go of the library while fetching
        found = service.targets(
            session,
            keys=keys,
            query="" if everything else query,
            manuscript=text,
            source=source,
        )
    cited_by = {t.url: t.keys for t in found}
    if not found:
        click.echo("No links to check.", err=True)
        return

    def show(result: object) -> None:
        from sourcebox.archive.linkcheck import LinkResult

        assert isinstance(result, LinkResult)
        if as_json:
            return
        code = str(result.http_status or "-")
        extra = f" -> {result.final_url}" if result.final_url else ""
        extra += f" ({result.error})" if result.error else ""
        who = ", ".join(cited_by.get(result.url, ())) or "manuscript"
        click.echo(f"{result.status:<11} {code:>3}  {result.url}{extra}  [{who}]")

    with LinkChecker(timeout=timeout) as checker:
        results = checker.check_all([t.url for t in found], progress=show)
    with app.session() as session:
        service.record(session, results)
    if as_json:
        echo_json([service.result_json(r, cited_by) for r in results])
    broken = [r for r in results if r.status in ("dead", "unreachable")]
    if broken:
        raise CommandError(
            f"{len(broken)} of {len(results)} links are dead or unreachable. "
            "Archive them with 'sourcebox archive' or replace them."
        )


@click.command()
@click.argument("key", required=False)
@json_option
@pass_app
def snapshots(app: AppContext, key: str | None, as_json: bool) -> None:
    """List archived snapshots of one work, or of the whole library.

    \b
    Examples:
      sourcebox snapshots parsi2007treacherous
      sourcebox snapshots --json
    """
    from sourcebox.services.works import get_work, iter_works

    with app.session(readonly=True) as session:
        works = [get_work(session, key)] if key else list(iter_works(session, "has:snapshot"))
    rows = [(w.key, s) for w in works for s in w.snapshots]
    if as_json:
        echo_json([{"key": k, **s.to_json()} for k, s in rows])
        return
    for work_key, snap in rows:
        when = snap.captured_at.strftime("%Y-%m-%d") if snap.captured_at else "-"
        click.echo(f"{work_key}  {snap.status:<9} {when}  {snap.archive_url or snap.url}")


COMMANDS = [links, snapshots]


@click.command()
@click.argument("keys", nargs=-1)
@click.option("--all", "everything", is_flag=True, help="Every work with a URL.")
@click.option("--query", default=None, help="The works matching a query.")
@click.option("--manuscript", default=None, help="The works a manuscript cites, and its links.")
@click.option("--url", "urls", multiple=True, help="A URL of no work (repeat for several).")
@click.option("--max-age", default=None, help="Reuse captures younger than this (30d, 12h, ...).")
@click.option("--rate", default=None, help="Saves per minute (4/min with keys, 2/min without).")
@click.option("--dry-run", is_flag=True, help="Say what would be archived; change nothing.")
@json_option
@pass_app
def archive(
    app: AppContext,
    keys: tuple[str, ...],
    everything: bool,
    query: str | None,
    manuscript: str | None,
    urls: tuple[str, ...],
    max_age: str | None,
    rate: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Archive cited links in the Wayback Machine and store each snapshot in the library.

    A capture younger than --max-age is reused; otherwise the page is saved
    (SPN2 with Internet Archive keys from SOURCEBOX_IA_ACCESS_KEY and
    SOURCEBOX_IA_SECRET_KEY or ia.ini, else anonymously). Progress is stored
    before every step: after Ctrl-C, run the same command again to resume.

    \b
    Examples:
      sourcebox archive --all
      sourcebox archive --manuscript essay.md --max-age 7d
    """
    from sourcebox.archive.client import WaybackArchiver
    from sourcebox.archive.ratelimit import parse_rate
    from sourcebox.cli.cite import read_manuscript
    from sourcebox.domain.durations import parse_duration
    from sourcebox.services import archiving
    from sourcebox.services import links as link_service

    if not (keys or everything or query or manuscript or urls):
        raise click.UsageError("Name KEYs, or give --all, --query, --manuscript or --url.")
    age = parse_duration(max_age or app.settings.max_age)
    text, source = read_manuscript(manuscript) if manuscript else (None, "")
    with app.session() as session:
        found = link_service.targets(
            session, keys=keys, query="" if everything else query, manuscript=text, source=source
        )
    targets = [archiving.Target(t.url, t.keys) for t in found]
    targets += [archiving.Target(url) for url in urls]
    library = app.library
    archiver = WaybackArchiver.from_settings(app.settings, rate=parse_rate(rate) if rate else None)
    try:
        summary = _run_with_progress(library, archiver, targets, age, dry_run, as_json)
    finally:
        archiver.close()
    if as_json:
        echo_json(summary.to_json())
    else:
        verb = "would be looked up or saved" if dry_run else "saved"
        click.echo(
            f"{len(summary.reused)} reused, {len(summary.saved)} {verb}, "
            f"{len(summary.failed)} failed, {len(summary.permanent)} refused for good, "
            f"{len(summary.skipped)} skipped."
        )
        for url, reason in summary.failed + summary.permanent + summary.skipped:
            click.echo(f"  {url}: {reason}", err=True)
    if summary.stopped:
        raise CommandError(f"Archiving stopped: {summary.stopped}")
    if summary.failed or summary.permanent:
        raise CommandError(
            f"{len(summary.failed) + len(summary.permanent)} URL(s) could not be archived. "
            "Nothing was lost; run the same command again later for the failed ones."
        )


def _run_with_progress(
    library: Library,
    archiver: Archiver,
    targets: list[Target],
    age: timedelta,
    dry_run: bool,
    quiet: bool,
) -> Summary:
    """Run the queue; on a terminal, with a progress bar that shows rate-limit waits."""
    from sourcebox.cli.context import is_terminal
    from sourcebox.services.archiving import run

    if quiet or not is_terminal():
        return run(library, archiver, targets, max_age=age, dry_run=dry_run)
    tally = dict.fromkeys(("reused", "saved", "failed", "permanent", "skipped"), 0)
    with click.progressbar(length=len(targets), label="Archiving", show_pos=True) as bar:

        def tell(event: str, detail: str) -> None:
            counts = ", ".join(f"{n} {name}" for name, n in tally.items() if n)
            if event in tally:
                tally[event] += 1
                counts = ", ".join(f"{n} {name}" for name, n in tally.items() if n)
                bar.label = counts
                bar.update(1)
            elif event == "wait":
                bar.label = f"{counts}; waiting {detail}".lstrip("; ")
            elif event == "save":
                bar.label = f"{counts}; saving".lstrip("; ")

        return run(library, archiver, targets, max_age=age, progress=tell, dry_run=dry_run)


COMMANDS.append(archive)


@click.command(name="publish-check")
@click.argument("manuscript")
@click.option("--max-age", default=None, help="Snapshots older than this count as missing.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=15.0, show_default=True)
@json_option
@pass_app
def publish_check(
    app: AppContext, manuscript: str, max_age: str | None, timeout: float, as_json: bool
) -> None:
    """Check a manuscript before publishing: keys, fields, snapshots, live links.

    Prints one report: unknown keys, works missing fields their type needs, web
    sources with no snapshot (or one older than --max-age), and dead links with
    the archived copy that replaces them. Exit status 0 only when it is ready.

    \b
    Example:
      sourcebox publish-check essay.md --max-age 30d
    """
    from sourcebox.archive.linkcheck import LinkChecker
    from sourcebox.cli.cite import read_manuscript
    from sourcebox.domain.durations import parse_duration
    from sourcebox.services import links as link_service
    from sourcebox.services import publishing

    text, _ = read_manuscript(manuscript)
    age = parse_duration(max_age or app.settings.max_age)
    with app.session(readonly=True) as session:
        plan = publishing.inspect(session, text, max_age=age)
    with LinkChecker(timeout=timeout) as checker:
        results = checker.check_all(plan.urls)
    with app.session() as session:
        link_service.record(session, results)
        report = publishing.add_link_results(session, plan, results)
    if as_json:
        echo_json(report.to_json())
    else:
        for line in _report_lines(report):
            click.echo(line)
    if not report.ready:
        raise CommandError(f"{manuscript} is not ready to publish; see the report above.")


def _report_lines(report: Readiness) -> list[str]:
    lines = [f"{report.works} cited works, {report.checked_urls} links checked."]
    not_archived = [f"{k}: {u} ({w}); run 'sourcebox archive {k}'" for k, u, w in report.unarchived]
    dead = [
        f"{u}: {s}" + (f"; archived copy {r}" if r else "; no archived copy")
        for u, s, r in report.dead
    ]
    sections = [
        ("Unknown keys", [str(u) for u in report.unknown_keys]),
        ("Missing fields", [f"{k}: {p}" for k, p in report.incomplete]),
        ("Not archived", not_archived),
        ("Dead links", dead),
    ]
    for title, items in sections:
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"  {item}" for item in items)
    if report.ready:
        lines.append("Ready to publish.")
    return lines


COMMANDS.append(publish_check)
