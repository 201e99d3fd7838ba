"""Changing the library from the TUI: add, edit, quote, tag, delete, rekey."""

from __future__ import annotations

from textual.widgets import Button, Input, Select, TextArea
from tui_support import flat, notifications, press, screen_text, settled, shows, stored, wait_for

from sourcebox.errors import NotFoundError
from sourcebox.tui.screens.dialogs import ConfirmDialog, PromptDialog, ReportScreen
from sourcebox.tui.screens.quote_form import QuoteForm
from sourcebox.tui.screens.work_form import FieldRow, WorkForm
from sourcebox.tui.widgets.creators import CreatorRow, CreatorsEditor


def _form(app) -> WorkForm:
    assert isinstance(app.screen, WorkForm)
    return app.screen


def _row(form: WorkForm, field: str) -> FieldRow:
    return form.query_one(f"#row-{field}", FieldRow)


def _error(form: WorkForm, field: str) -> str:
    return _row(form, field).error_text


async def _type(pilot, form: WorkForm, field: str, text: str) -> None:
    widget = form.query_one(f"#field-{field}", Input)
    widget.value = text
    await pilot.pause()


def test_add_form_follows_the_type_checks_as_you_type_and_saves(tui):
    async def scenario(pilot, app):
        await press(pilot, "a")
        form = _form(app)
        assert _row(form, "publisher") and not form.query("#row-container_title")
        assert "Title *" in flat(screen_text(app))  # a book needs a title
        assert "Fix 1 field(s) before saving: Title." in flat(screen_text(app))  # none yet
        assert not _error(form, "title")  # not under a field the user has not touched yet
        form.query_one("#field-type", Select).value = "article-journal"
        await pilot.pause()
        assert _row(form, "container_title") and not form.query("#row-publisher")
        assert "Journal *" in flat(screen_text(app))
        await _type(pilot, form, "title", "The spread of true and false news online")
        await _type(pilot, form, "container_title", "Science")
        await _type(pilot, form, "issued", "March 2018")
        await _type(pilot, form, "doi", "10.1126/science.aap9559")
        await _type(pilot, form, "url", "ftp://example.org/x")
        assert "expected a URL starting with http:// or https://" in _error(form, "url")
        assert "URL" in flat(screen_text(app)).split("Fix 1 field(s) before saving:")[1]
        await _type(pilot, form, "url", "https://www.science.org/doi/10.1126/science.aap9559")
        await _type(pilot, form, "issued", "the year 2018")
        assert _error(form, "issued")
        await _type(pilot, form, "issued", "2018-03-09")
        # Creators: fill the first row, add two, move the last up, remove one.
        rows = form.query(CreatorRow)
        rows.first().query_one(Input).value = "Vosoughi, Soroush"
        editor = form.query_one(CreatorsEditor)
        await editor.add_row()
        await editor.add_row()
        await pilot.pause()
        _, second, third = editor.rows
        second.query_one(Input).value = "Deb Roy"
        third.query_one(Input).value = "Aral, Sinan"
        third.query_one(Select).value = "author"
        await pilot.pause()
        third.query_one(".creator-up", Button).press()
        await pilot.pause()
        assert [r.name_text for r in editor.rows] == ["Vosoughi, Soroush", "Aral, Sinan", "Deb Roy"]
        editor.rows[2].query_one(".creator-remove", Button).press()
        await pilot.pause()
        await editor.add_row()
        await pilot.pause()
        editor.rows[-1].query_one(Input).value = "Roy, Deb, Jr., Extra"
        await pilot.pause()
        assert editor.rows[-1].query_one(".field-error").display  # a malformed name
        assert "before saving: Creators." in flat(screen_text(app))
        form.action_save()  # refused: nothing is stored, the form stays
        await pilot.pause()
        assert isinstance(app.screen, WorkForm)
        editor.rows[-1].query_one(Input).value = "Roy, Deb"
        await _type(pilot, form, "tags", "news, misinformation")
        assert "Ready to save." in flat(screen_text(app))
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, WorkForm), "the form to close")
        await settled(pilot, app)
        work = stored(app, "vosoughi2018spread")
        assert work.type == "article-journal" and work.container_title == "Science"
        assert str(work.issued) == "2018-03-09" and work.doi == "10.1126/science.aap9559"
        assert [c.family for c in work.creators] == ["Vosoughi", "Aral", "Roy"]
        assert work.tags == ("misinformation", "news")
        assert app.main_screen.table.current_key == "vosoughi2018spread"
        assert "Added vosoughi2018spread." in " ".join(notifications(app))

    tui.run(scenario, size=(100, 40))


def test_a_taken_key_is_refused_beside_the_key_and_the_form_stays(tui):
    async def scenario(pilot, app):
        await press(pilot, "a")
        form = _form(app)
        form.action_save()  # nothing typed: every problem is shown under its field
        await pilot.pause()
        assert _error(form, "title") == "a book needs a title"
        assert form.focused is form.query_one("#field-title")
        await _type(pilot, form, "title", "Another book")
        await _type(pilot, form, "key", "has space")
        assert "a key starts with a letter" in _error(form, "key")
        await _type(pilot, form, "key", "knuth1984texbook")
        form.action_save()
        await wait_for(pilot, lambda: _error(form, "key"), "the refusal")
        assert "is taken by the book 'The TeXbook'" in _error(form, "key")
        assert isinstance(app.screen, WorkForm)
        await press(pilot, "escape")
        assert not isinstance(app.screen, WorkForm)

    tui.run(scenario, size=(100, 40))


def test_edit_changes_fields_and_creators_but_never_the_key(tui):
    async def scenario(pilot, app):
        await press(pilot, "e")
        form = _form(app)
        assert form.query_one("#field-title", Input).value.startswith("Treacherous Alliance")
        assert "#field-key" not in [f"#{w.id}" for w in form.query(Input)]
        await _type(pilot, form, "title", "")
        assert "a book needs a title" in _error(form, "title")
        await _type(pilot, form, "title", "Treacherous Alliance")
        form.query_one("#field-note", TextArea).text = "Read in 2009.\nSecond line kept."
        editor = form.query_one(CreatorsEditor)
        await editor.add_row()
        await pilot.pause()
        editor.rows[-1].query_one(Select).value = "editor"
        editor.rows[-1].query_one(Input).value = "{Council on Foreign Relations}"
        await pilot.pause()
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, WorkForm), "the form to close")
        work = stored(app, "parsi2007treacherous")
        assert work.title == "Treacherous Alliance"
        assert work.note == "Read in 2009.\nSecond line kept."
        assert [(c.role, c.literal or c.family) for c in work.creators] == [
            ("author", "Parsi"),
            ("editor", "Council on Foreign Relations"),
        ]
        assert len(work.quotes) == 1  # untouched by the form

    tui.run(scenario, size=(100, 40))


def test_enter_edits_and_escape_leaves_the_work_as_it_was(tui):
    async def scenario(pilot, app):
        await press(pilot, "enter")
        form = _form(app)
        await _type(pilot, form, "title", "Changed but not saved")
        await press(pilot, "escape")
        assert stored(app, "parsi2007treacherous").title.startswith("Treacherous Alliance:")

    tui.run(scenario)


def test_quote_with_a_locator_and_label(tui):
    async def scenario(pilot, app):
        await press(pilot, "q")
        assert isinstance(app.screen, QuoteForm)
        form = app.screen
        assert form.query_one("#save", Button).disabled  # no text yet
        form.query_one("#quote-text", TextArea).text = "A passage worth keeping."
        form.query_one("#quote-locator", Input).value = "3"
        form.query_one("#quote-label", Select).value = "chapter"
        form.query_one("#quote-comment", Input).value = "the thesis"
        await pilot.pause()
        await press(pilot, "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, QuoteForm), "the form to close")
        await settled(pilot, app)
        quotes = stored(app, "parsi2007treacherous").quotes
        assert [(q.text, q.locator, q.label, q.comment) for q in quotes][-1] == (
            "A passage worth keeping.",
            "3",
            "chapter",
            "the thesis",
        )
        await wait_for(pilot, lambda: "chap. 3" in screen_text(app), "the quote in the details")
        assert "Added a quote to parsi2007treacherous (chapter 3)." in notifications(app)[-1]

    tui.run(scenario, size=(100, 60))


def test_delete_asks_first_and_removes_the_marked_works(tui):
    async def scenario(pilot, app):
        await press(pilot, "space", "space", "d")
        assert isinstance(app.screen, ConfirmDialog)
        await shows(pilot, app, "Remove 2 work(s)?", "hrw2015world: World Report 2015 [report]")
        await press(pilot, "n")
        assert stored(app, "hrw2015world").title == "World Report 2015"
        await press(pilot, "d", "y")
        await wait_for(pilot, lambda: app.main_screen.table.row_count == 3, "the removal")
        for key in ("parsi2007treacherous", "hrw2015world"):
            try:
                stored(app, key)
            except NotFoundError:
                continue
            raise AssertionError(f"{key} is still there")
        assert not app.main_screen.table.marked
        assert "Removed 2 work(s): parsi2007treacherous, hrw2015world." in notifications(app)[-1]

    tui.run(scenario)


def test_tag_and_untag_with_quoted_names(tui):
    async def scenario(pilot, app):
        await press(pilot, "t")
        assert isinstance(app.screen, PromptDialog)
        prompt = app.screen.query_one(Input)
        prompt.value = "+"
        await pilot.pause()
        assert "a tag after + or - cannot be empty" in flat(screen_text(app))
        prompt.value = '+"foreign policy" -israel'
        await press(pilot, "enter")
        await wait_for(pilot, lambda: "Tagged" in " ".join(notifications(app)), "the tags")
        assert stored(app, "parsi2007treacherous").tags == ("foreign policy", "iran")

    tui.run(scenario)


def test_rekey_checks_the_key_and_follows_the_work(tui):
    async def scenario(pilot, app):
        app.main_screen.table.marked.add("parsi2007treacherous")
        await press(pilot, "r")
        prompt = app.screen.query_one(Input)
        assert prompt.value == "parsi2007treacherous"
        prompt.value = "bad key"
        await pilot.pause()
        assert app.screen.query_one("#ok", Button).disabled
        prompt.value = "parsi2007"
        await press(pilot, "enter")
        main = app.main_screen
        await wait_for(pilot, lambda: main.table.current_key == "parsi2007", "the new key")
        assert stored(app, "parsi2007").title.startswith("Treacherous Alliance")
        assert "parsi2007treacherous -> parsi2007" in notifications(app)[-1]
        assert main.table.marked == {"parsi2007"}  # the mark follows the key
        await press(pilot, "r")
        app.screen.query_one(Input).value = ""  # back to the key pattern's choice
        await press(pilot, "enter")
        await wait_for(pilot, lambda: main.table.current_key == "parsi2007treacherous", "rekey")

    tui.run(scenario)


def test_actions_on_nothing_say_so(tmp_path, sourcebox_home, tui):
    from sourcebox.config import load_settings

    tui.settings = load_settings({"db": str(tmp_path / "empty.db")})

    async def scenario(pilot, app):
        await press(pilot, "e", "d", "t", "c")
        assert not isinstance(app.screen, WorkForm | ConfirmDialog | PromptDialog)
        assert (
            notifications(app).count(": No work here. Search for one, or press a to add one.") == 4
        )

    tui.run(scenario)


def test_a_type_and_a_role_read_from_a_file_are_kept_by_the_form(tui):
    from sourcebox.domain.model import Creator, Work
    from sourcebox.services.works import add_works

    async def scenario(pilot, app):
        with app.backend.writing("import") as session:
            odd = Work(
                type="musical-work",
                key="odd2020",
                title="An odd one",
                creators=(Creator(family="Doe", given="Jo", role="lyricist"),),
            )
            add_works(session, [odd], check_fields=False)
        app.main_screen.start_search(select="odd2020")
        await settled(pilot, app)
        await press(pilot, "e")
        form = _form(app)
        assert form.query_one("#field-type", Select).value == "musical-work"
        assert form.query_one(CreatorRow).role == "lyricist"
        await _type(pilot, form, "title", "An odd one, edited")
        await press(pilot, "escape")

    tui.run(scenario)


def test_undo_asks_then_reverts_and_the_history_lists_the_changes(tui):
    async def scenario(pilot, app):
        main = app.main_screen
        await press(pilot, "u")
        await wait_for(pilot, lambda: "Nothing to undo" in " ".join(notifications(app)), "")
        await press(pilot, "d", "y")
        await wait_for(pilot, lambda: main.table.row_count == 4, "the removal")
        await press(pilot, "u")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await shows(pilot, app, "Undo this change?", "rm: removed parsi2007treacherous")
        await press(pilot, "y")
        await wait_for(pilot, lambda: main.table.current_key == "parsi2007treacherous", "undo")
        assert stored(app, "parsi2007treacherous").quotes[0].locator == "102"  # all of it
        await press(pilot, "h")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen), "the history")
        text = await shows(pilot, app, "History of parsi2007treacherous", "2 change(s)")
        assert "undo: undo of change 1 (rm: removed parsi2007treacherous)" in text
        assert "rm: removed parsi2007treacherous [undone by 2]" in text

    tui.run(scenario, size=(110, 32))
