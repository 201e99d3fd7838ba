"""Copying notes, BibTeX and keys; importing, exporting and rendering footnotes from dialogs."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Checkbox, Input, OptionList, Select
from tui_support import notifications, press, settled, shows, stored, wait_for

from sourcebox.services.citing import cite
from sourcebox.services.interchange import export
from sourcebox.tui.screens.dialogs import ReportScreen
from sourcebox.tui.screens.files import ExportDialog, FileDialog, FootnotesDialog, ImportDialog


def test_copy_the_notes_the_bibtex_entry_and_the_key(tui):
    async def scenario(pilot, app):
        with app.backend.reading() as session:
            full = cite(
                session, "parsi2007treacherous", short=False, style="chicago-notes", fmt="text"
            )
            short = cite(
                session, "parsi2007treacherous", short=True, style="chicago-notes", fmt="text"
            )
            entry = export(session, "key:parsi2007treacherous", "bibtex")
        for key, expected, said in (
            ("c", full, "Copied the full note of parsi2007treacherous (chicago-notes)"),
            ("s", short, "Copied the short note of parsi2007treacherous (chicago-notes)"),
            ("b", entry, "Copied the BibTeX entry of parsi2007treacherous"),
            ("k", "parsi2007treacherous", "Copied the key parsi2007treacherous"),
        ):
            await press(pilot, key)
            await wait_for(pilot, lambda e=expected: app.clipboard == e, f"the copy ({key})")
            assert said in notifications(app)[-1]
        assert full.startswith("Trita Parsi, Treacherous Alliance")
        assert entry.startswith("@book{parsi2007treacherous,")

    tui.run(scenario)


async def _fill(pilot, dialog: FileDialog, **values) -> None:
    for field, value in values.items():
        widget = dialog.query_one(f"#{field.replace('_', '-')}")
        if isinstance(widget, Input | Select):
            widget.value = value
        elif isinstance(widget, Checkbox):
            widget.value = bool(value)
    await pilot.pause()


BIB = """@book{orwell1949,
  author = {Orwell, George},
  title = {Nineteen Eighty-Four},
  publisher = {Secker \\& Warburg},
  year = {1949},
}

@article{broken,
  title = {No closing brace},

@book{knuth1984texbook,
  author = {Knuth, Donald E.},
  title = {The TeXbook},
  year = {1984},
  publisher = {Addison-Wesley},
}
"""


def test_import_reports_every_problem_in_a_list_and_keeps_the_good_entries(tui, tmp_path):
    source = tmp_path / "refs.bib"
    source.write_text(BIB)

    async def scenario(pilot, app):
        await press(pilot, "i")
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        await _fill(pilot, dialog, path=str(tmp_path / "missing.bib"))
        assert "missing.bib: no such file" in await shows(pilot, app, "no such file")
        assert dialog.query_one("#go", Button).disabled
        await _fill(pilot, dialog, path=str(source))
        await pilot.click("#go")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen), "the report")
        text = await shows(pilot, app, "Import report", "Imported 1, duplicates 1")
        assert "refs.bib:8" in text and "duplicate knuth1984texbook of knuth1984texbook" in text
        items = app.screen.query_one(OptionList)
        assert items.option_count == 2
        await press(pilot, "escape")
        await settled(pilot, app)
        assert stored(app, "orwell1949").publisher == "Secker & Warburg"
        assert app.main_screen.table.current_key == "orwell1949"

    tui.run(scenario, size=(110, 36))


def test_export_writes_the_result_set(tui, tmp_path):
    target = tmp_path / "out" / "iran.json"
    target.parent.mkdir()

    async def scenario(pilot, app):
        app.main_screen.search_box.value = "tag:iran"
        await settled(pilot, app)
        await press(pilot, "x")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await shows(pilot, app, "The 1 works matching 'tag:iran'")
        await _fill(pilot, dialog, path=str(tmp_path / "nowhere" / "x.bib"))
        await shows(pilot, app, "no such folder")
        await _fill(pilot, dialog, path=str(tmp_path / "out" / "iran.txt"))
        await shows(pilot, app, "the extension does not say; choose the format")
        await _fill(pilot, dialog, path=str(target))
        await pilot.click("#go")
        await wait_for(pilot, target.exists, "the file")
        with app.backend.reading() as session:
            assert target.read_text() == export(session, "tag:iran", "csl-json")
        await wait_for(pilot, lambda: "Exported the results to" in " ".join(notifications(app)), "")

    tui.run(scenario, size=(110, 36))


def test_footnotes_are_rendered_to_a_file_and_unknown_keys_listed(tui, tmp_path):
    essay = tmp_path / "essay.md"
    essay.write_text("A claim.[@parsi2007treacherous, 102] Another.[@hrw2015world]\n")
    out = tmp_path / "essay.html"

    async def scenario(pilot, app):
        await press(pilot, "f")
        dialog = app.screen
        assert isinstance(dialog, FootnotesDialog)
        await _fill(pilot, dialog, path=str(essay), out=str(essay))
        await shows(pilot, app, "would overwrite the manuscript")
        await _fill(pilot, dialog, out=str(out), ibid=True)
        await pilot.click("#go")
        await wait_for(pilot, out.exists, "the file")
        html = out.read_text()
        assert "Trita Parsi, <i>Treacherous Alliance" in html and "102" in html
        assert "data-versionurl" in html  # the archived report is a Robust Link
        await wait_for(pilot, lambda: "Wrote" in " ".join(notifications(app)), "the notice")
        assert f"Wrote {out}: 2 notes, 2 citations of 2 works." in notifications(app)[-1]
        essay.write_text("Oops.[@parsi2007treacherus] And [@nobody2020].\n")
        other = tmp_path / "other.md"
        await press(pilot, "f")
        await _fill(pilot, app.screen, path=str(essay), out=str(other))
        await pilot.click("#go")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen), "the report")
        text = await shows(pilot, app, "cites 2 key(s) not in the library")
        assert "1:7 'parsi2007treacherus' (did you mean 'parsi2007treacherous'?)" in text
        assert "nobody2020" in text
        assert not other.exists()

    tui.run(scenario, size=(110, 36))


def test_the_files_of_a_dialog_are_paths_relative_to_where_sourcebox_runs(
    tui, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    Path("refs.bib").write_text(BIB.split("@article")[0])

    async def scenario(pilot, app):
        await press(pilot, "i")
        await _fill(pilot, app.screen, path="refs.bib", dry_run=True)
        await pilot.click("#go")
        await wait_for(pilot, lambda: "Would import 1" in " ".join(notifications(app)), "notice")
        with app.backend.reading() as session:
            assert export(session, "key:orwell1949", "bibtex") == ""  # a dry run

    tui.run(scenario, size=(110, 36))
