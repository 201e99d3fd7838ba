"""Every action of the main screen, once: its key, footer label, palette title and help.

The main screen's bindings, the command palette and the help screen are all made
from this table, so a key shown in one place is the key everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    """One action: ``key`` runs ``action`` (a method ``action_<name>`` of the screen)."""

    key: str
    action: str
    label: str
    title: str
    help: str
    group: str = ""
    show: bool = True


_GROUPS = {
    "History": Binding.Group("Undo/Log", compact=True),
    "Copy": Binding.Group("Copy", compact=True),
    "Archive/Links": Binding.Group("Links", compact=True),
    "Files": Binding.Group("Files", compact=True),
    "View": Binding.Group("Mark/Sort/Style", compact=True),
}

ACTIONS: tuple[Action, ...] = (
    Action("question_mark", "help", "Help", "Help", "Every key and the query language."),
    Action("slash", "search", "Find", "Search", "Type a query; results follow as you type."),
    Action("a", "add", "Add", "Add a work", "A form that changes with the work type."),
    Action("e", "edit", "Edit", "Edit the work", "Edit every field, creators and tags."),
    Action("q", "quote", "Quote", "Add a quote", "A passage with its page or other locator."),
    Action("t", "tag", "Tag", "Tag or untag", "Add (+tag) and remove (-tag) tags."),
    Action("d", "delete", "Delete", "Delete", "Remove the marked works, or this one."),
    Action("r", "rekey", "Rekey", "Change the key", "The only way a key changes."),
    Action("u", "undo", "", "Undo the last change", "Any change, after a confirmation.", "History"),
    Action("h", "history", "", "History of the work", "Its changes, newest first.", "History"),
    Action("c", "copy_full", "", "Copy the full note", "The full footnote.", "Copy"),
    Action("s", "copy_short", "", "Copy the short note", "The short footnote.", "Copy"),
    Action("b", "copy_bibtex", "", "Copy the BibTeX entry", "As export writes it.", "Copy"),
    Action("k", "copy_key", "", "Copy the key", "The citation key.", "Copy"),
    Action(
        "A",
        "archive",
        "",
        "Archive links",
        "Save the marked works' (or all results') links in the Wayback Machine.",
        "Archive/Links",
    ),
    Action(
        "L",
        "check_links",
        "",
        "Check links",
        "Are the marked works' (or all results') links alive?",
        "Archive/Links",
    ),
    Action("i", "import", "", "Import a file", "BibTeX, CSL-JSON or RIS.", "Files"),
    Action("x", "export", "", "Export the results", "The result set to a file.", "Files"),
    Action(
        "f",
        "footnotes",
        "",
        "Render footnotes",
        "A manuscript's citations as numbered footnotes.",
        "Files",
    ),
    Action("space", "mark", "", "Mark or unmark", "Mark works for delete, tag, archive.", "View"),
    Action("o", "sort", "", "Change the order", "Relevance, year, title, newest added.", "View"),
    Action("S", "style", "", "Change the citation style", "The style of the notes.", "View"),
    Action("escape", "unmark", "Unmark", "Unmark all", "Clear the marks.", show=False),
)


_FOOTER_KEYS = {"space": "␣"}


def bindings() -> list[Binding]:
    """The main screen's key bindings, grouped in the footer as the table says."""
    return [
        Binding(
            a.key,
            a.action,
            a.label or a.title,
            show=a.show,
            key_display=_FOOTER_KEYS.get(a.key),
            tooltip=a.help,
            group=_GROUPS.get(a.group),
        )
        for a in ACTIONS
    ]


def display_key(key: str) -> str:
    """How a key is written on the help screen."""
    return {"question_mark": "?", "slash": "/", "space": "Space", "escape": "Esc"}.get(key, key)
