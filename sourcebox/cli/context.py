"""What every command shares: settings, the open library, JSON output, error mapping.

Heavy modules (SQLAlchemy, Alembic) are imported only when a command opens the
library, so that ``sourcebox --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sourcebox.errors import SourceboxError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sourcebox.config import Settings
    from sourcebox.db.engine import Library

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class AppContext:
    """Per-invocation state: global flags, then settings and library on first use."""

    db: str | None = None
    debug: bool = False
    _settings: Settings | None = None
    _library: Library | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        """The resolved settings (flag > env > config.toml > default)."""
        if self._settings is None:
            from sourcebox.config import load_settings

            self._settings = load_settings({"db": self.db}, debug=self.debug)
        return self._settings

    @property
    def library(self) -> Library:
        """The library, opened (and migrated) on first use."""
        if self._library is None:
            from sourcebox.services.library import open_from

            self._library = open_from(self.settings)
            if self._library.migrated_from:
                backup = self._library.backup_path
                click.echo(
                    f"Upgraded the library schema from {self._library.migrated_from}"
                    + (f"; backup at {backup}." if backup else "."),
                    err=True,
                )
        return self._library

    @contextmanager
    def session(self, command: str | None = None, *, readonly: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on error.

        Its changes are recorded in the library's history under ``command``
        (by default the running command's name, such as ``tag`` or ``db reindex``).
        ``readonly`` sessions never wait for a writer and refuse to write.
        """
        info = {"command": command or _command_name()}
        with self.library.session(readonly=readonly, info=info) as session:
            yield session

    def close(self) -> None:
        """Release the library."""
        if self._library is not None:
            self._library.close()


pass_app = click.make_pass_decorator(AppContext)


class CommandError(click.ClickException):
    """A failure shown as one line on stderr, exit status 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        """Print ``Error: message`` to stderr."""
        click.echo(f"Error: {self.message}", err=True)


class SourceboxGroup(click.Group):
    """The command group: maps our errors to one line and exit 1, tracebacks only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn our errors and unexpected ones into a one-line message."""
        try:
            return super().invoke(ctx)
        except SourceboxError as error:
            if _debug(ctx):
                raise
            raise CommandError(str(error)) from error
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away ('sourcebox list --json | head'): stop quietly,
            # with what is left unwritten sent nowhere, as Python's docs advise.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise click.exceptions.Exit(1) from None
        except KeyboardInterrupt:
            if _debug(ctx):
                raise
            raise CommandError("Interrupted; the current change was not saved.") from None
        except Exception as error:
            if _debug(ctx):
                raise
            raise CommandError(
                f"Unexpected {type(error).__name__}: {error}. Nothing was saved. "
                "Run again with --debug for the traceback, and please report it."
            ) from error


def _command_name() -> str:
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return "sourcebox"
    return " ".join(ctx.command_path.split()[1:]) or ctx.command_path


def _debug(ctx: click.Context) -> bool:
    app = ctx.find_object(AppContext)
    return bool(app and app.debug)


def json_option(function: F) -> F:
    """``--json``: print machine-readable output instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(
        function
    )


def echo_json(data: Any) -> None:
    """Print data as indented JSON (UTF-8, not ASCII-escaped)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def is_terminal() -> bool:
    """True when standard input and output are a terminal (a person is there to answer)."""
    return sys.stdin.isatty() and sys.stdout.isatty()
