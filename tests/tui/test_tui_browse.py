"""Browsing: first results and details, search as you type, paging, sort, style, marks."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tui_support import flat, press, screen_text, settled, type_fast, wait_for

from sourcebox.cite import render
from sourcebox.config import load_settings
from sourcebox.db.engine import open_library
from sourcebox.domain.model import Work
from sourcebox.services.works import add_works
from sourcebox.tui.widgets import results as results_module


def test_start_shows_the_newest_works_and_every_detail_of_the_current_one(tui):
    async def scenario(pilot, app):
        main = app.main_screen
        assert main.table.row_count == 5
        assert main.table.current_key == "parsi2007treacherous"
        text = screen_text(app)
        assert "5 works in the library" in text
        for shown in ("parsi2007treacherous", "hrw2015world", "knuth1984texbook", "1984", "report"):
            assert shown in text
        assert "2024-05-01" in text  # the archive column of hrw2015world
        details = main.details.details
        assert details is not None and details.work.key == "parsi2007treacherous"
        assert "Yale University Press" in text and "Parsi, Trita" in text
        assert "Full note (chicago-notes)" in text
        assert "Trita Parsi, Treacherous Alliance" in text  # the full note, live
        assert "Parsi, Treacherous Alliance." in text  # the short note
        assert "p. 102" in text and "Iran's venomous rhetoric" in text and "key claim" in text
        assert "iran, israel" in text

    tui.run(scenario, size=(100, 60))


def test_the_details_follow_the_cursor_with_snapshots_and_roles(tui):
    async def scenario(pilot, app):
        main = app.main_screen
        await press(pilot, "down")
        await settled(pilot, app)
        assert main.table.current_key == "hrw2015world"
        text = screen_text(app)
        assert "Human Rights Watch" in text and "Snapshots (1)" in text
        assert "confirmed 2024-05-01" in text
        assert "https://web.archive.org/web/20240501120000/" in text

    tui.run(scenario, size=(100, 60))


def test_search_as_you_type_with_fielded_terms_and_a_bad_query(tui):
    async def scenario(pilot, app):
        main = app.main_screen
        await press(pilot, "slash")
        assert main.focused is main.search_box
        type_fast(app, "iran")
        await wait_for(pilot, lambda: main.shown_query == "iran", "the search")
        await settled(pilot, app)
        assert main.shown_query == "iran" and main.table.row_count == 1
        assert main.table.current_key == "parsi2007treacherous"
        assert "1 work match" in screen_text(app)
        main.search_box.value = "tag:surveillance"
        await settled(pilot, app)
        assert main.table.current_key == "greenwald2013nsa"
        await press(pilot, "space", '"', "x")
        await pilot.pause()
        text = screen_text(app)
        assert "Bad query at column" in text
        assert main.shown_query.strip() == "tag:surveillance"  # the results are kept
        assert main.table.row_count == 1
        main.search_box.value = "nothingmatchesthis"
        await settled(pilot, app)
        assert main.table.row_count == 0
        assert "No works match this search." in screen_text(app)
        await press(pilot, "escape")
        assert main.focused is main.table
        await press(pilot, "slash", "down")  # down from the search box: to the results
        assert main.focused is main.table

    tui.run(scenario)


def test_keys_typed_during_a_search_end_in_one_search_for_the_latest_text(tui):
    async def scenario(pilot, app):
        main = app.main_screen
        main.search_box.focus()
        await pilot.pause()
        started = main.generation
        type_fast(app, "surveillance")
        await wait_for(pilot, lambda: main.shown_query == "surveillance", "the last search")
        await settled(pilot, app)
        assert main.table.current_key == "greenwald2013nsa"
        # Twelve keys, fewer searches: the ones typed while a search ran were coalesced.
        assert main.generation - started < 12

    tui.run(scenario)


@pytest.fixture
def big_library(tmp_path: Path, sourcebox_home: Path):
    path = tmp_path / "big.db"
    library = open_library(f"sqlite:///{path}", tmp_path / "backups")
    with library.session() as session:
        add_works(
            session,
            [Work(type="book", key=f"book{i:04d}", title=f"Book number {i}") for i in range(250)],
        )
    library.close()
    return load_settings({"db": str(path)})


def test_pages_load_as_they_come_into_view_and_far_ones_are_dropped(big_library, monkeypatch, tui):
    monkeypatch.setattr(results_module, "KEEP_PAGES", 2)
    tui.settings = big_library

    async def scenario(pilot, app):
        main = app.main_screen
        table = main.table
        await wait_for(pilot, lambda: main.results.total == 250, "the count")
        assert main.results.loaded == 100  # the first page only
        assert table.row_count == 250 and table.current_key == "book0249"
        await press(pilot, "end")
        await wait_for(pilot, lambda: table.current_key == "book0000", "the last page")
        assert set(main.results.pages) == {0, 2}  # the middle was never loaded
        assert "book0000" in screen_text(app)
        await press(pilot, "home")
        seen = set()
        while table.current_key != "book0000":
            table.cursor += 30
            await wait_for(pilot, lambda: not table.wanted, "the pages in view")
            assert table.current_key is not None
            seen.add(table.current_key)
            # Never more than KEEP_PAGES pages (the first, the cursor's) in memory.
            assert len(main.results.pages) <= 2
        assert len(seen) >= 8

    tui.run(scenario, size=(100, 40))


def test_sort_and_style_change_the_results_and_the_notes(tui):
    async def scenario(pilot, app):
        main = app.main_screen
        await press(pilot, "o")  # relevance -> year
        await settled(pilot, app)
        assert main.sort == "year" and main.results.work(0).key == "knuth1984texbook"
        assert main.table.current_key == "parsi2007treacherous"  # the cursor stays on it
        assert "by year" in screen_text(app)
        await press(pilot, "S")
        await wait_for(pilot, lambda: main.details.details.style == "chicago-notes-17", "17th")
        assert "Full note (chicago-notes-17)" in screen_text(app)
        note = render(main.details.details.full_note, "text")
        assert "(New Haven: Yale University Press, 2007)" in note  # the 17th gives the place

    tui.run(scenario, size=(100, 60))


def test_marks_choose_the_works_an_action_applies_to(tui):
    async def scenario(pilot, app):
        main = app.main_screen
        table = main.table
        await press(pilot, "space", "space")
        assert table.marked == {"parsi2007treacherous", "hrw2015world"}
        assert table.selected_keys() == ["parsi2007treacherous", "hrw2015world"]
        assert screen_text(app).count("●") == 2
        await press(pilot, "escape")
        assert not table.marked and table.selected_keys() == [table.current_key]

    tui.run(scenario)


def test_an_empty_library_says_how_to_start(tmp_path, sourcebox_home, tui):
    tui.settings = load_settings({"db": str(tmp_path / "new.db")})

    async def scenario(pilot, app):
        assert app.main_screen.table.row_count == 0
        text = screen_text(app)
        assert "The library is empty. Press a to add a work" in text
        assert "0 works in the library" in text

    tui.run(scenario)


def test_a_library_that_cannot_be_opened_is_reported_not_raised(tmp_path, sourcebox_home, tui):
    bad = tmp_path / "not-a-library.db"
    bad.write_text("this is not SQLite")
    tui.settings = load_settings({"db": str(bad)})
    app = tui.app()

    async def scenario(pilot, _app):
        await wait_for(pilot, lambda: not app.main_screen.searching, "the failure")
        assert "it is not a SQLite database" in flat(screen_text(app))
        assert any("Could not search" in n for n in app.seen)

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await scenario(pilot, app)

    asyncio.run(main())
    app.backend.close()
