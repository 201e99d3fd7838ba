"""Finding pandoc citations and footnotes in Markdown manuscripts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcebox.cite.locator import Locator
from sourcebox.cite.manuscript import line_column, parse_manuscript

TEXT = """# Title

Iran's rhetoric[@parsi2007, p. 102] was loud.[see @parsi2007, pp. 45-47; also @hrw2015, chap. 3]
Parsi says [-@parsi2007, 7]. Mail foo@bar.com, see [a link](http://x) and ![img](y.png).
Code `[@notacite]` and ``[@also `not`]`` and a note[^n1]. Braced [@{odd.key}]. Escaped \\[@nope].

```python
x = "[@fenced]"
```

[^n1]: My note, citing [@hrw2015, 12].
    Continued here.

Inline^[see [@other, 4]] done.
"""


def refs(text):
    return [
        (r.key, r.locator, r.prefix, r.suffix, r.suppress_author)
        for g in parse_manuscript(text).groups
        for r in g.refs
    ]


def test_groups_items_locators_prefixes_and_suppression():
    found = refs(TEXT)
    assert found[:4] == [
        ("parsi2007", Locator("102", "page"), "", "", False),
        ("parsi2007", Locator("45-47", "page"), "see", "", False),
        ("hrw2015", Locator("3", "chapter"), "also", "", False),
        ("parsi2007", Locator("7", "page"), "", "", True),
    ]
    assert [k for k, *_ in found] == [
        "parsi2007", "parsi2007", "hrw2015", "parsi2007", "odd.key", "hrw2015", "other",
    ]  # fmt: skip


def test_code_links_emails_and_escapes_are_left_alone():
    keys = parse_manuscript(TEXT).keys
    assert "notacite" not in keys and "fenced" not in keys and "nope" not in keys
    assert "bar.com" not in keys and "also" not in keys


def test_positions_point_at_the_key():
    manuscript = parse_manuscript(TEXT)
    first = manuscript.groups[0].refs[0]
    assert (first.line, first.column) == (3, 17)
    lines = TEXT.splitlines()
    for group in manuscript.groups:
        for ref in group.refs:
            line = lines[ref.line - 1]
            assert line[ref.column - 1] in "@-", (ref, line)


def test_author_notes_definitions_and_inline_notes():
    manuscript = parse_manuscript(TEXT)
    assert [r.label for r in manuscript.note_refs] == ["n1", "^1"]
    n1 = next(d for d in manuscript.note_defs if d.label == "n1")
    assert n1.text == "My note, citing [@hrw2015, 12].\nContinued here."
    in_notes = {g.in_note for g in manuscript.groups if g.in_note}
    assert in_notes == {"n1", "^1"}


@pytest.mark.parametrize(
    ("text", "locator", "suffix"),
    [
        ("[@k, 12 and more]", Locator("12"), "and more"),
        ("[@k, pp. 45-47, 50]", Locator("45-47, 50"), ""),
        ("[@k, xii-xiv]", Locator("xii-xiv"), ""),
        ("[@k, para. 4]", Locator("4", "paragraph"), ""),
        ("[@k, ¶ 4]", Locator("4", "paragraph"), ""),
        ("[@k, § 3]", Locator("3", "section"), ""),
        ("[@k, p. {iv, 33}]", Locator("iv, 33"), ""),
        ("[@k, 33, my emphasis]", Locator("33"), ", my emphasis"),
        ("[@k, c. 1850]", None, ", c. 1850"),
        ("[@k]", None, ""),
    ],
)
def test_locators(text, locator, suffix):
    (ref,) = parse_manuscript(text).groups[0].refs
    assert (ref.locator, ref.suffix) == (locator, suffix)


def test_fences_of_both_kinds_and_unclosed_fences():
    assert parse_manuscript("~~~\n[@a]\n~~~\n[@b]").keys == ("b",)
    assert parse_manuscript("```\n[@a]\n").keys == ()


def test_brackets_do_not_cross_paragraphs():
    assert parse_manuscript("[see\n\n@k]").keys == ()


def test_line_column():
    assert line_column("ab\ncd", 3) == (2, 1)


@given(st.text(alphabet=st.sampled_from(list("ab @[]^;-,.`~{}\\\n:p0123456789xiv")), max_size=120))
def test_any_text_parses_and_positions_are_keys(text):
    manuscript = parse_manuscript(text)
    lines = text.split("\n")
    for group in manuscript.groups:
        assert text[group.start] == "[" and text[group.end - 1] == "]"
        for ref in group.refs:
            assert ref.key
            assert lines[ref.line - 1][ref.column - 1] in "@-"


def test_inline_links_a_reader_can_click():
    from sourcebox.cite.manuscript import inline_links

    text = (
        "See [x](https://a.org/p?q=1) and <https://b.org/x>, also https://c.org/y. "
        "Code `https://d.org` ![i](http://e.org/i.png) (https://f.org/z)\n"
        "```\nhttps://fenced.org\n```\nAgain https://c.org/y!\n"
    )
    assert inline_links(text) == (
        "https://a.org/p?q=1", "https://b.org/x", "https://c.org/y", "http://e.org/i.png",
        "https://f.org/z",
    )  # fmt: skip
