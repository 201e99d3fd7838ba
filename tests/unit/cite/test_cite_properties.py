"""Property tests: any sequence of citation groups renders, numbered, one note per group."""

from __future__ import annotations

import re
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sourcebox.cite import (
    ARCHIVE_MODES,
    CHICAGO_17,
    CHICAGO_18,
    ArchivePolicy,
    AuthorNote,
    Citation,
    Locator,
    Position,
    bibliography,
    format_notes,
    render,
    to_html,
)
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import MAIN_TYPES, Creator, Snapshot, Work

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30
) | st.sampled_from(
    ["<script>alert(1)</script>", "A *b* _c_ [d](e)", "Is it? \"Yes\" 'no'", "a: the b", ""]
)
_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÁé'- <>&", max_size=12)
_creator = st.builds(
    Creator,
    family=_name,
    given=_name,
    particle=st.sampled_from(["", "van", "de"]),
    suffix=st.sampled_from(["", "Jr."]),
    literal=st.sampled_from(["", "", "", "Human Rights Watch", "<script>x</script>"]),
    role=st.sampled_from(["author", "author", "editor", "translator", "container-author"]),
)
_date = st.builds(
    PartialDate,
    year=st.integers(-500, 2100),
    month=st.none() | st.integers(1, 12),
    circa=st.booleans(),
)
_url = st.sampled_from(["", "https://example.org/a_b", "http://x.org/<script>", "not a url"])
_snapshot = st.builds(
    Snapshot,
    url=_url,
    archive_url=st.sampled_from(["", "https://web.archive.org/web/20200101000000/x"]),
    captured_at=st.none() | st.just(datetime(2020, 1, 1)),
    status=st.sampled_from(["confirmed", "requested", "failed"]),
)
_work = st.builds(
    Work,
    type=st.sampled_from([*MAIN_TYPES, "software", "dataset", "entry-encyclopedia"]),
    key=st.sampled_from(["a", "b", "c", "d", "e", ""]),
    title=_text,
    title_short=_text,
    container_title=_text,
    collection_title=_text,
    publisher=_text,
    publisher_place=_text,
    edition=st.sampled_from(["", "2", "Revised", "third"]),
    volume=st.sampled_from(["", "11"]),
    issue=st.sampled_from(["", "2"]),
    page=st.sampled_from(["", "1-34", "xii-xv", "5"]),
    genre=_text,
    number=_text,
    issued=st.none() | _date,
    accessed=st.none() | _date,
    doi=st.sampled_from(["", "10.1/x", "doi:10.2/<y>"]),
    url=_url,
    language=st.sampled_from(["", "en", "fr"]),
    extra=st.sampled_from(
        [{}, {"season": "Spring"}, {"season": 3}, {"revised": "2020-01-02"}, {"revised": "garbage"}]
    ),
    creators=st.lists(_creator, max_size=12).map(tuple),
    snapshots=st.lists(_snapshot, max_size=2).map(tuple),
)
_locator = (
    st.none()
    | _text
    | st.builds(
        Locator, value=_text, label=st.sampled_from(["page", "chapter", "pp.", "sec", "odd"])
    )
)
_citation = st.builds(
    Citation,
    work=_work,
    locator=_locator,
    prefix=st.sampled_from(["", "see", "cf. <b>"]),
    suffix=st.sampled_from(["", ", emphasis added", "and passim"]),
    suppress_author=st.booleans(),
)
_item = st.lists(_citation, min_size=1, max_size=4) | st.builds(AuthorNote, _text)
_TAG = re.compile(r"<(/?)([a-z]+)")


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(_item, max_size=12),
    ibid=st.booleans(),
    style=st.sampled_from([CHICAGO_17, CHICAGO_18]),
    mode=st.sampled_from(ARCHIVE_MODES),
    start=st.integers(1, 5),
)
def test_any_sequence_renders_numbered_one_note_per_group(items, ibid, style, mode, start):
    notes = format_notes(items, style=style, ibid=ibid, archive=ArchivePolicy(mode), start=start)
    assert [n.number for n in notes] == list(range(start, start + len(items)))
    seen = set()
    for note, item in zip(notes, items, strict=True):
        if isinstance(item, AuthorNote):
            assert note.author_text == item.text
            continue
        assert len(note.positions) == len(item)
        assert note.text
        for citation, position in zip(item, note.positions, strict=True):
            ident = citation.work.key or id(citation.work)
            assert (position is Position.FIRST) == (ident not in seen)
            seen.add(ident)
        for fmt in ("text", "markdown", "html"):
            assert render(note.text, fmt).strip()
        html = to_html(note.text)
        assert "<script" not in html.lower()
        assert {tag for _, tag in _TAG.findall(html)} <= {"i", "a"}


@settings(max_examples=80, deadline=None)
@given(works=st.lists(_work, max_size=10), style=st.sampled_from([CHICAGO_17, CHICAGO_18]))
def test_any_bibliography_renders_one_entry_per_work(works, style):
    entries = bibliography(works, style=style)
    assert len(entries) == len({w.key or id(w) for w in works})
    for entry in entries:
        html = to_html(entry)
        assert "<script" not in html.lower()
        assert render(entry, "text").endswith((".", "?", "!", "”", "’")) or render(entry, "text")
