"""Archived links: append, dead and never; Robust Links in HTML."""

from __future__ import annotations

import pytest
from cite_helpers import make_work

from sourcebox.cite import (
    ArchivePolicy,
    UnknownOptionError,
    bibliography_entry,
    format_notes,
    full_note,
    to_html,
    to_text,
)
from sourcebox.cite.sequence import Citation

URL = "https://www.example.org/page"
ARCHIVE = "https://web.archive.org/web/20240305120000/https://www.example.org/page"


def _page(snapshots):
    return make_work(
        {
            "type": "webpage",
            "title": "Page",
            "container_title": "Example",
            "issued": "2024-01-02",
            "url": URL,
            "snapshots": snapshots,
        },
        "p",
    )


CONFIRMED = {
    "url": URL,
    "archive_url": ARCHIVE,
    "captured_at": "2024-03-05T12:00:00",
    "status": "confirmed",
}
PLAIN = "“Page,” Example, January 2, 2024, https://www.example.org/page"


def test_append_is_the_default():
    work = _page([CONFIRMED])
    assert to_text(full_note(work)) == f"{PLAIN}, archived March 5, 2024, {ARCHIVE}."
    assert to_text(bibliography_entry(work)).endswith(
        f"January 2, 2024. {URL}, archived March 5, 2024, {ARCHIVE}."
    )


def test_dead_only_for_links_marked_dead_and_never_means_never():
    work = _page([CONFIRMED])
    dead = ArchivePolicy("dead", frozenset({URL + "/"}))
    assert to_text(full_note(work, archive=dead)).endswith(f"archived March 5, 2024, {ARCHIVE}.")
    assert to_text(full_note(work, archive=ArchivePolicy("dead"))) == PLAIN + "."
    assert to_text(full_note(work, archive=ArchivePolicy("never"))) == PLAIN + "."


def test_only_confirmed_snapshots_of_this_url_count_and_the_latest_wins():
    older = {
        **CONFIRMED,
        "archive_url": "https://web.archive.org/web/2023/x",
        "captured_at": "2023-01-01T00:00:00",
    }
    pending = {**CONFIRMED, "status": "requested", "captured_at": "2025-01-01T00:00:00"}
    other = {**CONFIRMED, "url": "https://other.org", "captured_at": "2025-01-01T00:00:00"}
    work = _page([older, pending, other, CONFIRMED])
    assert to_text(full_note(work)).endswith(f"archived March 5, 2024, {ARCHIVE}.")
    assert to_text(full_note(_page([pending]))) == PLAIN + "."


def test_capture_date_from_the_wayback_url_when_not_recorded():
    snap = {"url": URL, "archive_url": ARCHIVE, "status": "confirmed"}
    assert "archived March 5, 2024," in to_text(full_note(_page([snap])))
    odd = {"url": URL, "archive_url": "https://archive.ph/abc", "status": "confirmed"}
    assert to_text(full_note(_page([odd]))).endswith(", archived at https://archive.ph/abc.")


def test_html_marks_linked_sources_with_robust_links():
    work = _page([CONFIRMED])
    for policy in (ArchivePolicy(), ArchivePolicy("dead")):
        html = to_html(full_note(work, archive=policy))
        assert (
            f'<a href="{URL}" data-originalurl="{URL}" data-versionurl="{ARCHIVE}" '
            f'data-versiondate="2024-03-05">{URL}</a>'
        ) in html
    assert "data-versionurl" not in to_html(full_note(work, archive=ArchivePolicy("never")))
    notes = format_notes([[Citation(work)]], archive=ArchivePolicy("dead"))
    assert "data-versiondate" in to_html(notes[0].text)


def test_doi_links_take_precedence_and_carry_no_archive():
    work = make_work(
        {
            "type": "article-journal",
            "title": "T",
            "container_title": "J",
            "doi": "10.1/x",
            "url": URL,
            "snapshots": [CONFIRMED],
        },
        "j",
    )
    assert to_text(full_note(work)) == "“T,” *J*, https://doi.org/10.1/x.".replace("*", "")


def test_unknown_mode():
    with pytest.raises(UnknownOptionError) as error:
        ArchivePolicy("sometimes")
    assert "append, dead, never" in str(error.value)
