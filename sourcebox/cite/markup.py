"""Output-neutral rich text (plain, italic and linked spans) and its three renderings. Pure: no I/O.

The formatter builds a ``Rich`` value once and renders it as plain text, Markdown
(``*italics*``, special characters escaped, URLs as autolinks) or HTML (``<i>``,
everything escaped, URLs as links with Robust Links attributes when an archived
copy is known). ``Builder.punct`` applies the punctuation rules of CMOS 6.9-6.10
and 6.119: commas and periods go inside closing quotation marks, semicolons and
colons outside, and a title ending in ? or ! swallows a period but keeps a comma.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sourcebox.cite.errors import UnknownOptionError

#: The output formats every renderer understands.
FORMATS: tuple[str, ...] = ("text", "markdown", "html")

Format = Literal["text", "markdown", "html"]

_CLOSING_QUOTES = "”’"
_TERMINAL = "?!"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#~^$@|])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")
# A line break inside a span: Markdown shows it as a space, but the next line could
# start a block (a list, a code block) and two spaces before it make a hard break.
_MD_BREAK = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")
# Only these schemes become links: a "javascript:" or "data:" URL read from a file
# must not run in a reader's browser. Others are shown as text. The rest of the
# pattern is what CommonMark allows inside an <autolink>.
_URL_SAFE = re.compile(r"^(?:https?|ftps?|mailto):[^\s<>\x00-\x1f\x7f]*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style; ``href`` makes it a link.

    ``version_url`` and ``version_date`` (ISO ``YYYY-MM-DD``) name an archived copy
    of ``href``; the HTML rendering turns them into Robust Links attributes.
    """

    text: str
    italic: bool = False
    href: str = ""
    version_url: str = ""
    version_date: str = ""


#: Rich text: a tuple of spans, adjacent spans of one style already merged.
Rich = tuple[Span, ...]


class Builder:
    """Accumulates spans; ``punct`` places punctuation the way CMOS 6.9 wants."""

    __slots__ = ("_spans",)

    def __init__(self) -> None:
        self._spans: list[Span] = []

    @property
    def empty(self) -> bool:
        """True when nothing visible has been added yet."""
        return not any(span.text for span in self._spans)

    def text(self, value: str, *, italic: bool = False) -> Builder:
        """Append text in roman (or italic) type."""
        if value:
            last = self._spans[-1] if self._spans else None
            if last is not None and not last.href and last.italic == italic:
                self._spans[-1] = Span(last.text + value, italic)
            else:
                self._spans.append(Span(value, italic))
        return self

    def italic(self, value: str) -> Builder:
        """Append italic text; surrounding spaces stay roman so Markdown can mark it."""
        core = value.strip()
        if not core:
            return self.text(value)
        start = value.index(core[0])
        self.text(value[:start])
        self.text(core, italic=True)
        return self.text(value[start + len(core) :])

    def link(self, url: str, *, version_url: str = "", version_date: str = "") -> Builder:
        """Append a URL shown as itself and linked to itself."""
        if url:
            self._spans.append(Span(url, False, url, version_url, version_date))
        return self

    def extend(self, rich: Iterable[Span]) -> Builder:
        """Append another rich text."""
        for span in rich:
            if span.href:
                self._spans.append(span)
            else:
                self.text(span.text, italic=span.italic)
        return self

    def punct(self, mark: str) -> Builder:
        """Append a punctuation mark after what is there, following CMOS 6.9-6.10 and 6.119.

        Commas and periods move inside closing quotation marks (nested ones too);
        a period after ? or ! (or after an abbreviation's period) is dropped;
        a comma after ? or ! is kept. Semicolons and colons stay outside.
        """
        if not self._spans:
            return self
        index, offset = len(self._spans) - 1, len(self._spans[-1].text)
        if mark in ",.":
            index, offset = self._before_closing_quotes(index, offset)
        before = self._char_before(index, offset)
        if before is not None and not before[1]:
            char = before[0]
            if mark == "." and (char in _TERMINAL or char == "."):
                return self
        self._insert(index, offset, mark)
        return self

    def sep(self, mark: str, following: str = " ") -> Builder:
        """Append ``mark`` (via ``punct``) and then a space, unless nothing precedes."""
        if not self.empty:
            self.punct(mark)
            self.text(following)
        return self

    def build(self) -> Rich:
        """The finished rich text."""
        return tuple(span for span in self._spans if span.text)

    # -- helpers -----------------------------------------------------------

    def _char_before(self, index: int, offset: int) -> tuple[str, bool] | None:
        """The character before a position and whether it belongs to a link."""
        while index >= 0:
            span = self._spans[index]
            if offset > 0:
                return span.text[offset - 1], bool(span.href)
            index -= 1
            if index >= 0:
                offset = len(self._spans[index].text)
        return None

    def _before_closing_quotes(self, index: int, offset: int) -> tuple[int, int]:
        """Walk back over a run of closing quotation marks at the end."""
        full: str | None = None
        while index >= 0:
            span = self._spans[index]
            if span.href:
                break
            if offset == 0:
                if index == 0:
                    break
                index -= 1
                offset = len(self._spans[index].text)
                continue
            char = span.text[offset - 1]
            if char == "”":
                offset -= 1
                continue
            if char == "’":
                if full is None:
                    full = "".join(s.text for s in self._spans)
                if _closes_single_quote(full, self._global(index, offset) - 1):
                    offset -= 1
                    continue
            break
        return index, offset

    def _global(self, index: int, offset: int) -> int:
        return sum(len(s.text) for s in self._spans[:index]) + offset

    def _insert(self, index: int, offset: int, mark: str) -> None:
        span = self._spans[index]
        if offset == len(span.text) and (span.italic or span.href):
            # Punctuation after an italic title or a link is roman and outside it.
            if index == len(self._spans) - 1:
                self._spans.append(Span(mark))
            else:
                nxt = self._spans[index + 1]
                if not nxt.href and not nxt.italic:
                    self._spans[index + 1] = Span(mark + nxt.text)
                else:
                    self._spans.insert(index + 1, Span(mark))
            return
        text = span.text[:offset] + mark + span.text[offset:]
        self._spans[index] = Span(text, span.italic, span.href, span.version_url, span.version_date)


def _closes_single_quote(text: str, position: int) -> bool:
    """Whether the ’ at ``position`` closes a quotation rather than being an apostrophe.

    It does when more opening ‘ than quote-like ’ precede it; a ’ between two
    letters (don’t) is an apostrophe and does not count.
    """
    opened = 0
    for i in range(position):
        char = text[i]
        if char == "‘":
            opened += 1
        elif char == "’":
            inner = i > 0 and text[i - 1].isalnum() and i + 1 < len(text) and text[i + 1].isalnum()
            if not inner and opened:
                opened -= 1
    return opened > 0


def rich(*parts: str | Span) -> Rich:
    """Rich text from plain strings and spans (a convenience for tests and callers)."""
    builder = Builder()
    for part in parts:
        if isinstance(part, Span):
            builder.extend((part,))
        else:
            builder.text(part)
    return builder.build()


def to_text(value: Rich) -> str:
    """Plain text: the spans joined, styles dropped."""
    return "".join(span.text for span in value)


def to_markdown(value: Rich) -> str:
    """Markdown: ``*italics*``, special characters escaped, URLs as ``<autolinks>``."""
    out: list[str] = []
    for span in value:
        linked = bool(span.href) and _URL_SAFE.match(span.href) is not None
        if linked and span.text == span.href:
            out.append(f"<{span.href}>")
            continue
        text = _MD_BREAK.sub(" ", span.text)
        text = _MD_ENTITY.sub("\\\\&", _MD_SPECIAL.sub(r"\\\1", text))
        text = f"*{text}*" if span.italic else text
        out.append(f"[{text}](<{span.href}>)" if linked else text)
    # A note or entry must not turn into a code block, a list item or a heading.
    result = "".join(out).lstrip(" \t")
    return _MD_LINE_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], result, 1)


def to_html(value: Rich) -> str:
    """HTML: everything escaped, italics as ``<i>``, http(s) links as ``<a>`` with Robust Links."""
    out: list[str] = []
    for span in value:
        text = html.escape(span.text, quote=True)
        if span.italic:
            text = f"<i>{text}</i>"
        if span.href and _URL_SAFE.match(span.href):
            attrs = f'href="{html.escape(span.href, quote=True)}"'
            if span.version_url:
                attrs += (
                    f' data-originalurl="{html.escape(span.href, quote=True)}"'
                    f' data-versionurl="{html.escape(span.version_url, quote=True)}"'
                )
                if span.version_date:
                    attrs += f' data-versiondate="{html.escape(span.version_date, quote=True)}"'
            text = f"<a {attrs}>{text}</a>"
        out.append(text)
    return "".join(out)


def render(value: Rich, fmt: str = "text") -> str:
    """Render rich text as ``text``, ``markdown`` or ``html``."""
    if fmt == "markdown":
        return to_markdown(value)
    if fmt == "html":
        return to_html(value)
    if fmt == "text":
        return to_text(value)
    raise UnknownOptionError("output format", fmt, FORMATS)
