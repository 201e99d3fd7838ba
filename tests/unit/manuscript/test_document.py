"""Rendering whole manuscripts: any text renders, notes are numbered 1..N, one per slot."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sourcebox.cite.document import render_document
from sourcebox.cite.manuscript import parse_manuscript
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator, Work

WORKS = {
    key: Work(
        type="book",
        key=key,
        title=f"Book {key.upper()}: A <script>Study</script> & More",
        creators=(Creator(family=key.capitalize(), given="Ann"),),
        publisher="Press",
        issued=PartialDate(2000 + i),
    )
    for i, key in enumerate(["alpha", "beta", "gamma"])
}

pieces = st.sampled_from(
    [
        "Some prose. ", "\n\n", "[@alpha]", "[@beta, p. 12]", "[see @gamma, 3-9; also @alpha]",
        "[-@beta, chap. 2]", "`[@alpha]`", "\n```\n[@beta]\n```\n", "[^n]", "^[inline [@gamma]]",
        "[link](http://x)", "[", "]", "@alpha", "*em*", "\\[@alpha]",
    ]
)  # fmt: skip


@settings(max_examples=200)
@given(st.lists(pieces, max_size=25), st.sampled_from(["markdown", "html", "text"]), st.booleans())
def test_any_manuscript_renders_with_consecutive_notes(parts, fmt, ibid):
    text = "".join(parts)
    if "[^n]" in text:
        text += "\n\n[^n]: My own note citing [@beta, 4].\n"
    manuscript = parse_manuscript(text)
    rendered = render_document(manuscript, WORKS, fmt=fmt, ibid=ibid)
    slots = [g for g in manuscript.groups if g.in_note is None]
    expected_notes = len(slots) + len(manuscript.note_refs)
    assert rendered.notes == expected_notes
    if fmt == "markdown":
        markers = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", rendered.text)]
        definitions = [int(n) for n in re.findall(r"^\[\^(\d+)\]:", rendered.text, re.M)]
        assert markers == list(range(1, expected_notes + 1))
        assert definitions == list(range(1, expected_notes + 1))
    if fmt == "html":
        assert "<script>" not in rendered.text
        ids = re.findall(r'<li id="fn(\d+)">', rendered.text)
        assert [int(n) for n in ids] == list(range(1, expected_notes + 1))
