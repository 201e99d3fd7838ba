"""Output safety: hostile titles, names and notes come out escaped in every format.

HTML must show ``<script>`` as text and links only to http(s); Markdown must
render (through markdown-it) to exactly the text the plain-text output shows;
BibTeX must leave LaTeX nothing to interpret; CSL-JSON must stay JSON; RIS must
keep one record per work whatever the line breaks inside a field.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from robust_helpers import (
    HOSTILE,
    SCRIPT_URL,
    bibtex_fields,
    hostile_works,
    latex_problems,
    squeezed,
    visible,
)

from sourcebox.bibtex import read_bibtex, write_bibtex
from sourcebox.bibtex.latex import normalize_text
from sourcebox.cite.bibliography import bibliography_entry
from sourcebox.cite.document import render_document
from sourcebox.cite.manuscript import parse_manuscript
from sourcebox.cite.markup import render
from sourcebox.cite.notes import full_note, short_note
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import MAIN_TYPES, Creator, Work
from sourcebox.interchange.csljson import read_csl_json, write_csl_json
from sourcebox.interchange.ris import read_ris, write_ris

WORKS = hostile_works()
BY_KEY = {w.key: w for w in WORKS}
#: Fields written as LaTeX text (URLs and DOIs are verbatim fields).
LATEX_FIELDS = {"author", "title", "journal", "journaltitle", "booktitle", "publisher",
                "address", "location", "note"}  # fmt: skip
_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|#x27|#\d+);)")
_SAFE_HREF = re.compile(r"^(?:https?://|#fn)")


def _fold(text: str) -> str:
    """Case and spacing folded: Chicago sets titles in headline case."""
    return " ".join(text.casefold().split())


# --- exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
@pytest.mark.parametrize("ascii", [False, True])
def test_bibtex_leaves_latex_nothing_to_interpret(dialect, ascii):
    text = write_bibtex(WORKS, dialect=dialect, ascii=ascii)
    fields = bibtex_fields(text)
    checked = [(name, value) for name, value in fields if name in LATEX_FIELDS]
    assert {name for name, _ in checked} >= {"author", "title", "publisher", "note"}
    for name, value in checked:
        assert latex_problems(value) == [], (name, value)
    for _, value in fields:  # verbatim fields too must keep their braces paired
        assert not [p for p in latex_problems(value, tilde_ok=True) if "'{'" in p or "'}'" in p]
    assert text.count("@") == len(WORKS)  # no field opened an entry of its own
    back = read_bibtex(text)
    assert back.problems == ()
    assert back.works == tuple(WORKS)
    assert back.works[0].title == HOSTILE


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_pandoc_reads_our_bibtex_titles_as_written(dialect):
    """An independent LaTeX reader (pandoc's citeproc) sees the same text."""
    text = write_bibtex(WORKS, dialect=dialect)
    done = subprocess.run(
        ["pandoc", "-f", dialect, "-t", "csljson"],
        input=text, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    items = {item["id"]: item for item in json.loads(done.stdout)}
    assert set(items) == set(BY_KEY)
    for key, work in BY_KEY.items():
        # pandoc changes case and curls apostrophes; the characters must all be there.
        assert _fold(items[key]["title"]) == _fold(work.title), key
        assert _fold(items[key].get("publisher", "")) == _fold(work.publisher), key


def test_csl_json_is_json_and_round_trips():
    text = write_csl_json(WORKS)
    items = json.loads(text)
    assert [item["title"] for item in items] == [w.title for w in WORKS]
    back = read_csl_json(text)
    assert back.problems == ()
    assert back.works == tuple(WORKS)


def test_ris_keeps_one_record_per_work_and_one_line_per_title():
    injected = Work(
        type="book",
        key="injected",
        title="First line\nER  - \nTY  - JOUR\nTI  - Injected title\nAU  - Mallory, M.",
        note="A note\r\nKW  - injected\u2028N1  - more",
        creators=(Creator(family="Smith\nAU  - Mallory"),),
        extra={"M2": "x\nER  - \nTY  - BOOK"},
    )
    works = [*WORKS, injected]
    text = write_ris(works)
    lines = text.splitlines()
    assert sum(line.startswith("TY  - ") for line in lines) == len(works)
    assert sum(line.startswith("ER  - ") for line in lines) == len(works)
    assert not any("Injected title" in line and line.startswith("TI") for line in lines)
    records = text.split("ER  - \n")
    for record, work in zip(records, works, strict=False):
        titles = [line for line in record.splitlines() if line.startswith("TI  - ")]
        assert titles == [f"TI  - {work.title.splitlines()[0]}"]
    back = read_ris(text)
    assert back.problems == ()
    assert back.works == tuple(works)


# --- footnotes and bibliographies ------------------------------------------------------------

MANUSCRIPT = "".join(f"Claim {i} [@{w.key}, p. {i}].\n\n" for i, w in enumerate(WORKS, 1))


def _document(fmt: str) -> str:
    return render_document(parse_manuscript(MANUSCRIPT), BY_KEY, fmt=fmt).text


def test_html_shows_hostile_text_as_text():
    page = _document("html")
    seen = visible(page)
    assert "script" not in seen.tags
    assert set(seen.tags) <= {"html", "head", "meta", "body", "p", "sup", "a", "section",
                              "ol", "li", "h2", "i"}  # fmt: skip
    assert _ENTITY.search(page) is None  # every & is an entity
    assert all(_SAFE_HREF.match(href) for href in seen.hrefs), seen.hrefs
    assert SCRIPT_URL not in seen.hrefs
    text = "".join(seen.parts)
    # Each hostile title once in its note and once in its entry, as text.
    assert text.count("<script>alert(1)") == 2 * (len(WORKS) - 1)
    assert _fold(HOSTILE) in _fold(text)


def test_markdown_renders_to_the_text_the_plain_output_shows():
    from mdit_py_plugins.footnote import footnote_plugin

    markdown = _document("markdown")
    html = MarkdownIt("commonmark", {"html": True}).use(footnote_plugin).render(markdown)
    seen = visible(html)
    assert "script" not in seen.tags  # raw HTML is allowed, so escaping is what stopped it
    assert seen.tags.count("h2") == 1  # the bibliography heading, no heading from a title
    assert {"pre", "code", "ul", "blockquote", "img", "h1"}.isdisjoint(seen.tags)
    assert not any(href.startswith("javascript") for href in seen.hrefs)
    notes = [full_note(w, str(i)) for i, w in enumerate(WORKS, 1)]
    for note in notes:
        plain = squeezed(render(note, "text"))
        assert plain in squeezed("".join(seen.parts)), plain


def test_plain_text_is_verbatim():
    text = _document("text")
    assert _fold(HOSTILE) in _fold(text)
    assert "&amp;" not in text and "\\#" not in text and "&lt;" not in text


def test_cite_command_escapes_for_html(sb, tmp_path):
    bib = tmp_path / "hostile.bib"
    bib.write_text(write_bibtex(WORKS))
    sb("--db", str(tmp_path / "lib.db"), "import", str(bib), "--on-duplicate", "new")
    out = sb("--db", str(tmp_path / "lib.db"), "cite", "hostileweb", "3", "--format", "html")
    assert "<script>" not in out.stdout and "&lt;script&gt;" in out.stdout
    link = sb("--db", str(tmp_path / "lib.db"), "cite", "scripturl", "--format", "html")
    assert "href" not in link.stdout and SCRIPT_URL in link.stdout


# --- properties over generated text ----------------------------------------------------------

_PIECES = st.sampled_from(
    [*"<>&*_[]()#%$\\{}~^`!|\"'=-+.:;@\n“”‘’?", "<script>", "&amp;", "&#65;", "1.", "- ", "# ",
     "```", "    ", "\t", "[x](y)", "![i](j)", "<http://a>", "**", "__", "a", "B", " ", "é"]
)  # fmt: skip
_HOSTILE_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=12).map("".join)
_MD = MarkdownIt("commonmark", {"html": True})


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(MAIN_TYPES),
    _HOSTILE_TEXT,
    _HOSTILE_TEXT,
    _HOSTILE_TEXT,
    _HOSTILE_TEXT,
    st.booleans(),
    st.one_of(_HOSTILE_TEXT, st.sampled_from(["javascript:alert(1)", "data:text/html,<b>"])),
)
def test_markdown_and_html_show_exactly_the_plain_text(
    kind, title, name, publisher, container, literal, url_tail
):
    creator = Creator(literal=name) if literal else Creator(family=name, given="Ann")
    url = url_tail if ":" in url_tail[:12] else "https://e.org/" + url_tail.strip()
    work = Work(type=kind, key="k", title=title, creators=(creator,), publisher=publisher,
                container_title=container, url=url, issued=PartialDate(2000))  # fmt: skip
    for rich in (full_note(work, "3"), short_note(work, "4"), bibliography_entry(work)):
        plain = render(rich, "text")
        # markdown-it replaces NUL as CommonMark says; nothing else may differ.
        expected = squeezed(plain.replace("\x00", "\ufffd"))
        shown = visible(_MD.render(render(rich, "markdown")))
        assert squeezed("".join(shown.parts)) == expected, render(rich, "markdown")
        assert set(shown.tags) <= {"p", "em", "a"}, shown.tags
        page = visible(render(rich, "html"))
        assert "".join(page.parts) == plain
        assert set(page.tags) <= {"i", "a"}
        assert all(_SAFE_HREF.match(href) for href in page.hrefs + shown.hrefs)


_LATEX_TEXT = st.lists(
    st.sampled_from([*"<>&*_[]()#%$\\{}~^!|=+.:;@", "<script>alert(1)</script>", "&amp;",
                     "[link](x)", "*emph*", "_x_", " ", "a", "Word", "é", "\n\n"]),
    min_size=1, max_size=12,
).map(lambda parts: normalize_text("".join(parts)))  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(_LATEX_TEXT, _LATEX_TEXT, st.sampled_from(["bibtex", "biblatex"]), st.booleans())
def test_bibtex_escapes_every_generated_title(title, publisher, dialect, ascii):
    work = Work(type="book", key="k", title=title, publisher=publisher)
    text = write_bibtex([work], dialect=dialect, ascii=ascii)
    for name, value in bibtex_fields(text):
        assert latex_problems(value) == [], (name, value)
    assert read_bibtex(text).works == (work,)
