"""A manuscript with its citations made numbered footnotes, plus a bibliography. Pure: no I/O.

Every citation group of the main text and every author's note takes a number,
in reading order. Citations inside an author's note do not take a number of
their own: they are formatted in sequence and set inline in that note (a
discursive note, CMOS 14.31). Output is Markdown (``[^N]`` footnotes), HTML
(``<sup>`` links and a notes section; the prose through markdown-it) or plain
text (``[N]`` markers and notes at the end).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sourcebox.cite.bibliography import bibliography as make_bibliography
from sourcebox.cite.manuscript import CitationGroup, Manuscript, NoteDef, NoteRef
from sourcebox.cite.markup import Rich, Span, render
from sourcebox.cite.parts import ArchivePolicy
from sourcebox.cite.sequence import AuthorNote, Citation, format_notes
from sourcebox.cite.style import CHICAGO_18, Style
from sourcebox.domain.model import Work

_PLACEHOLDER = "SBXNOTEREF{:06d}X"
# Citation groups inside authors' notes: group start -> (group end, formatted text).
Inline = Mapping[int, tuple[int, Rich]]
_PLACEHOLDER_RE = re.compile(r"SBXNOTEREF(\d{6})X")


@dataclass(frozen=True)
class Rendered:
    """The output document and what went into it."""

    text: str
    notes: int
    citations: int
    works: tuple[str, ...]


@dataclass(frozen=True)
class _Slot:
    """One numbered note of the output: a citation group or an author's note."""

    start: int
    end: int
    group: CitationGroup | None = None
    ref: NoteRef | None = None


def render_document(
    manuscript: Manuscript,
    works: Mapping[str, Work],
    *,
    fmt: str = "markdown",
    style: Style = CHICAGO_18,
    ibid: bool = False,
    archive: ArchivePolicy | None = None,
    bibliography: bool = True,
    bibliography_title: str = "Bibliography",
) -> Rendered:
    """Render ``manuscript`` with every cited key looked up in ``works`` (all must be there)."""
    defs = {d.label: d for d in manuscript.note_defs}
    slots = _slots(manuscript)
    items: list[Sequence[Citation] | AuthorNote] = []
    # Where each formatted item goes: ("slot", index) or ("inline", group).
    places: list[tuple[str, int | CitationGroup]] = []
    for index, slot in enumerate(slots):
        if slot.group is not None:
            items.append(_citations(slot.group, works))
            places.append(("slot", index))
            continue
        assert slot.ref is not None
        items.append(AuthorNote(defs[slot.ref.label].text if slot.ref.label in defs else ""))
        places.append(("slot", index))
        for group in _groups_in(manuscript, slot.ref.label):
            items.append(_citations(group, works))
            places.append(("inline", group))
    formatted = format_notes(items, style=style, ibid=ibid, archive=archive)
    inline: dict[int, tuple[int, Rich]] = {}
    texts: dict[int, Rich] = {}
    for (kind, where), note in zip(places, formatted, strict=True):
        if kind == "inline":
            assert isinstance(where, CitationGroup)
            inline[where.start] = (where.end, _without_final_period(note.text))
        else:
            assert isinstance(where, int)
            texts[where] = note.text
    cited = [works[k] for k in manuscript.keys]
    entries = make_bibliography(cited, style=style, archive=archive) if bibliography else []
    writer = _WRITERS[fmt]
    body = writer.body(manuscript, slots)
    notes = [
        writer.note(slot, texts.get(index, ()), defs, manuscript, inline)
        for index, slot in enumerate(slots)
    ]
    text = writer.document(body, notes, [render(e, fmt) for e in entries], bibliography_title)
    citations = sum(len(g.refs) for g in manuscript.groups)
    return Rendered(text, len(slots), citations, manuscript.keys)


def _slots(manuscript: Manuscript) -> list[_Slot]:
    slots = [_Slot(g.start, g.end, group=g) for g in manuscript.groups if g.in_note is None] + [
        _Slot(r.start, r.end, ref=r) for r in manuscript.note_refs if not _nested(manuscript, r)
    ]
    return sorted(slots, key=lambda s: s.start)


def _nested(manuscript: Manuscript, ref: NoteRef) -> bool:
    """True for a note reference inside another note (left as written)."""
    return any(d.start <= ref.start < d.end and d.label != ref.label for d in manuscript.note_defs)


def _groups_in(manuscript: Manuscript, label: str) -> list[CitationGroup]:
    return [g for g in manuscript.groups if g.in_note == label]


def _citations(group: CitationGroup, works: Mapping[str, Work]) -> list[Citation]:
    return [
        Citation(works[r.key], r.locator, r.prefix, r.suffix, r.suppress_author) for r in group.refs
    ]


def _without_final_period(text: Rich) -> Rich:
    if text and text[-1].text.endswith("."):
        last = text[-1]
        return (*text[:-1], replace(last, text=last.text[:-1]))
    return text


def _replace_spans(text: str, offset: int, replacements: Mapping[int, tuple[int, str]]) -> str:
    """``text`` (which starts at ``offset`` in the manuscript) with spans replaced."""
    out: list[str] = []
    position = 0
    for start in sorted(replacements):
        end, new = replacements[start]
        if start - offset < position or end - offset > len(text):
            continue
        out.append(text[position : start - offset])
        out.append(new)
        position = end - offset
    out.append(text[position:])
    return "".join(out)


def _body_text(
    manuscript: Manuscript, slots: Sequence[_Slot], marker: str, defs: Sequence[NoteDef]
) -> str:
    """The main text: each slot replaced by its marker, author's note definitions removed."""
    replacements = {s.start: (s.end, marker.format(n)) for n, s in enumerate(slots, start=1)}
    for definition in defs:
        if not definition.label.startswith("^"):
            replacements[definition.start] = (definition.end, "")
    text = _replace_spans(manuscript.text, 0, replacements)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"


def _note_source(
    manuscript: Manuscript, ref: NoteRef, defs: Mapping[str, NoteDef], inline: Inline, fmt: str
) -> str:
    """An author's note as written, with the citations inside it set inline."""
    definition = defs.get(ref.label)
    if definition is None:
        return ref.inline_text or ""
    replacements = {
        start: (end, render(rich, fmt))
        for start, (end, rich) in inline.items()
        if definition.start <= start < definition.end
    }
    source = _replace_spans(
        manuscript.text[definition.start : definition.end], definition.start, replacements
    )
    if ref.label.startswith("^"):
        return source[2:-1]  # ^[ ... ]
    first, _, rest = source.partition("\n")
    lines = [first.split("]:", 1)[1].strip()]
    lines += [
        line[4:] if line.startswith("    ") else line.lstrip("\t") for line in rest.split("\n")
    ]
    return "\n".join(lines).strip()


class _Writer:
    marker = "[^{}]"
    fmt = "markdown"

    def body(self, manuscript: Manuscript, slots: Sequence[_Slot]) -> str:
        return _body_text(manuscript, slots, self.marker, manuscript.note_defs)

    def note(
        self,
        slot: _Slot,
        text: Rich,
        defs: Mapping[str, NoteDef],
        manuscript: Manuscript,
        inline: Inline,
    ) -> str:
        if slot.ref is None:
            return render(text, self.fmt)
        return _note_source(manuscript, slot.ref, defs, inline, self.fmt)

    def document(self, body: str, notes: list[str], entries: list[str], title: str) -> str:
        parts = [body]
        if notes:
            parts.append("\n".join(f"[^{n}]: {_indent(t)}" for n, t in enumerate(notes, 1)))
        if entries:
            parts.append(f"## {title}\n\n" + "\n\n".join(entries))
        return "\n\n".join(p.rstrip() for p in parts) + "\n"


def _indent(text: str) -> str:
    return text.replace("\n", "\n    ")


class _TextWriter(_Writer):
    marker = "[{}]"
    fmt = "text"

    def document(self, body: str, notes: list[str], entries: list[str], title: str) -> str:
        parts = [body]
        if notes:
            parts.append("Notes\n\n" + "\n".join(f"{n}. {t}" for n, t in enumerate(notes, 1)))
        if entries:
            parts.append(f"{title}\n\n" + "\n\n".join(entries))
        return "\n\n".join(p.rstrip() for p in parts) + "\n"


def _mark(start: int) -> Span:
    return Span(f"SBXINLINE{start:09d}X")


class _HtmlWriter(_Writer):
    marker = _PLACEHOLDER
    fmt = "html"

    def body(self, manuscript: Manuscript, slots: Sequence[_Slot]) -> str:
        from markdown_it import MarkdownIt

        text = _body_text(manuscript, slots, self.marker, manuscript.note_defs)
        rendered = str(MarkdownIt("commonmark", {"html": True}).render(text))
        return _PLACEHOLDER_RE.sub(
            lambda m: (
                f'<sup class="footnote-ref"><a href="#fn{int(m[1])}" id="fnref{int(m[1])}">'
                f"{int(m[1])}</a></sup>"
            ),
            rendered,
        )

    def note(
        self,
        slot: _Slot,
        text: Rich,
        defs: Mapping[str, NoteDef],
        manuscript: Manuscript,
        inline: Inline,
    ) -> str:
        if slot.ref is None:
            return render(text, "html")
        from markdown_it import MarkdownIt

        # Render the author's Markdown with placeholders, then put the citations in.
        marks = {start: (end, (_mark(start),)) for start, (end, _) in inline.items()}
        source = _note_source(manuscript, slot.ref, defs, marks, "text")
        rendered = str(MarkdownIt("commonmark", {"html": True}).renderInline(source))
        for start, (_, rich) in inline.items():
            rendered = rendered.replace(_mark(start).text, render(rich, "html"))
        return rendered

    def document(self, body: str, notes: list[str], entries: list[str], title: str) -> str:
        parts = ['<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n</head>\n<body>', body]
        if notes:
            items = "\n".join(
                f'<li id="fn{n}">{t} <a href="#fnref{n}" class="footnote-back">↩</a></li>'
                for n, t in enumerate(notes, 1)
            )
            parts.append(f'<section class="footnotes">\n<ol>\n{items}\n</ol>\n</section>')
        if entries:
            body_entries = "\n".join(f'<p class="entry">{e}</p>' for e in entries)
            parts.append(
                f'<section class="bibliography">\n<h2>{html.escape(title)}</h2>\n'
                f"{body_entries}\n</section>"
            )
        parts.append("</body>\n</html>")
        return "\n".join(parts) + "\n"


_WRITERS: dict[str, _Writer] = {
    "markdown": _Writer(),
    "text": _TextWriter(),
    "html": _HtmlWriter(),
}
FORMATS = tuple(_WRITERS)
