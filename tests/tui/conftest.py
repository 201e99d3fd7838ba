"""TUI tests: a fixed temporary library, the app driven by Pilot, and what the screen shows.

The archive and link tests use the loopback Wayback Machine and cited web site of
tests/wayback_fixtures.py, imported as top-level modules (waybackpy ships its own
top-level ``tests`` package; see tests/integration/archive/conftest.py).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

TESTS = str(Path(__file__).resolve().parents[1])
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)

import wayback_fixtures  # noqa: E402
from tui_support import ready  # noqa: E402

from sourcebox.config import Settings, load_settings  # noqa: E402
from sourcebox.db.engine import Library, open_library  # noqa: E402
from sourcebox.domain.dates import PartialDate  # noqa: E402
from sourcebox.domain.model import Creator, Quote, Snapshot, Work  # noqa: E402
from sourcebox.services.quotes import add_quote  # noqa: E402
from sourcebox.services.works import add_works  # noqa: E402
from sourcebox.tui.app import SourceboxApp, make_app  # noqa: E402

clock = wayback_fixtures.clock
wayback = wayback_fixtures.wayback
website = wayback_fixtures.website

CAPTURED = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
HRW_URL = "https://www.hrw.org/world-report/2015"


def library_works() -> list[Work]:
    """Five works of mixed types; the last one added is shown first."""
    return [
        Work(
            type="book",
            key="knuth1984texbook",
            title="The TeXbook",
            publisher="Addison-Wesley",
            publisher_place="Reading, MA",
            issued=PartialDate(1984),
            creators=(Creator(family="Knuth", given="Donald E."),),
            tags=("tex",),
        ),
        Work(
            type="webpage",
            key="smith2020web",
            title="Archiving the Web",
            container_title="Example Site",
            url="https://example.org/archiving",
            issued=PartialDate(2020, 2, 3),
            creators=(Creator(family="Smith", given="Jane"),),
        ),
        Work(
            type="article-newspaper",
            key="greenwald2013nsa",
            title="NSA collecting phone records of millions of Verizon customers daily",
            container_title="The Guardian",
            url="https://www.theguardian.com/world/2013/jun/06/nsa-phone-records-verizon",
            issued=PartialDate(2013, 6, 6),
            creators=(Creator(family="Greenwald", given="Glenn"),),
            tags=("surveillance",),
        ),
        Work(
            type="report",
            key="hrw2015world",
            title="World Report 2015",
            publisher="Human Rights Watch",
            url=HRW_URL,
            issued=PartialDate(2015, 3, 18),
            creators=(Creator(literal="Human Rights Watch"),),
            tags=("human-rights",),
            snapshots=(
                Snapshot(
                    url=HRW_URL,
                    archive_url=f"https://web.archive.org/web/20240501120000/{HRW_URL}",
                    captured_at=CAPTURED,
                    status="confirmed",
                ),
            ),
        ),
        Work(
            type="book",
            key="parsi2007treacherous",
            title="Treacherous Alliance: The Secret Dealings of Israel, Iran, "
            "and the United States",
            title_short="Treacherous Alliance",
            publisher="Yale University Press",
            publisher_place="New Haven",
            issued=PartialDate(2007),
            creators=(Creator(family="Parsi", given="Trita"),),
            tags=("iran", "israel"),
        ),
    ]


def fill(library: Library) -> None:
    """Add the five works and a quote."""
    with library.session() as session:
        add_works(session, library_works())
        add_quote(
            session,
            "parsi2007treacherous",
            Quote(text="Iran's venomous rhetoric", locator="102", comment="key claim"),
        )


@pytest.fixture
def lib_path(tmp_path: Path) -> Path:
    """A library file holding the five works."""
    path = tmp_path / "lib.db"
    library = open_library(f"sqlite:///{path}", tmp_path / "backups")
    try:
        fill(library)
    finally:
        library.close()
    return path


@pytest.fixture
def settings(lib_path: Path, sourcebox_home: Path) -> Settings:
    return load_settings({"db": str(lib_path)})


@dataclass
class Tui:
    """Runs the app on the test's library and offers ways to look at it."""

    settings: Settings
    options: dict[str, Any] = field(default_factory=dict)

    def app(self, **options: Any) -> SourceboxApp:
        app = make_app(self.settings, **{**self.options, **options})
        app.seen = []  # type: ignore[attr-defined]
        notify = app.notify

        def recorded(message: str, **kwargs: Any) -> None:
            app.seen.append(f"{kwargs.get('title', '')}: {message}")  # type: ignore[attr-defined]
            notify(message, **kwargs)

        app.notify = recorded  # type: ignore[method-assign]
        return app

    def run(
        self,
        scenario: Callable[[Any, SourceboxApp], Awaitable[None]],
        size: tuple[int, int] = (100, 32),
        **options: Any,
    ) -> SourceboxApp:
        app = self.app(**options)

        async def main() -> None:
            async with app.run_test(size=size) as pilot:
                await ready(pilot, app)
                await scenario(pilot, app)

        try:
            asyncio.run(main())
        finally:
            app.backend.close()
        return app


@pytest.fixture
def tui(settings: Settings) -> Tui:
    return Tui(settings)
