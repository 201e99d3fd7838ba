"""Commands on cited links: links check, snapshots."""

from __future__ import annotations

import click

from sourcebox.cli.context import AppContext, CommandError, echo_json, json_option, pass_app


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
    with app.session() as session:  # read, then let go of the library while fetching
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

    with app.session() as session:
        works = [get_work(session, key)] if key else list(iter_works(session, "has:snapshot"))
    rows = [(w.key, s) for w in works for s in w.snapshots]
    if as_json:
        echo_json([{"key": k, **s.to_json()} for k, s in rows])
        return
    for work_key, snap in rows:
        when = snap.captured_at.strftime("%Y-%m-%d") if snap.captured_at else "-"
        click.echo(f"{work_key}  {snap.status:<9} {when}  {snap.archive_url or snap.url}")


COMMANDS = [links, snapshots]
