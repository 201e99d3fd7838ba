"""Styles: the registry, the unknown-style error, and a third style as plain data."""

from __future__ import annotations

from dataclasses import replace

import pytest
from cite_helpers import book, marked

from sourcebox.cite import (
    CHICAGO_17,
    CHICAGO_18,
    DEFAULT_STYLE,
    UnknownStyleError,
    full_note,
    get_style,
    style_names,
)
from sourcebox.errors import SourceboxError


def test_known_styles_and_the_default():
    assert style_names() == ("chicago-notes", "chicago-notes-17")
    assert DEFAULT_STYLE == "chicago-notes"
    assert get_style() is CHICAGO_18
    assert get_style("Chicago-Notes-17 ") is CHICAGO_17


def test_an_unknown_style_lists_the_known_ones():
    with pytest.raises(UnknownStyleError) as error:
        get_style("apa")
    assert isinstance(error.value, SourceboxError)
    assert "'apa'" in str(error.value)
    assert "chicago-notes, chicago-notes-17" in error.value.hint


def test_a_third_style_is_a_value_the_formatter_accepts():
    turabian = replace(CHICAGO_17, name="turabian-9", note_et_al_min=4, publisher_place=True)
    three = book(creators=[{"family": f"A{i}", "given": "B."} for i in range(3)])
    assert marked(full_note(three, style=turabian)).startswith("B. A0, B. A1, and B. A2, *Swing")
