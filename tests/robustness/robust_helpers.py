"""Shared by the robustness tests: hostile text, checkers for LaTeX and HTML, a figures log."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

from hypothesis import strategies as st

from sourcebox.bibtex.latex_tables import ACCENTS, LETTERS, TEXT_SYMBOLS
from sourcebox.domain.dates import PartialDate
from sourcebox.domain.model import Creator, Work

#: Every character the issue names: HTML, Markdown and LaTeX specials.
HOSTILE = r"<script>alert(1)</script> & *emph* _x_ [link](x) # % $ { } \ ~ ^"
SCRIPT_URL = "javascript:alert(1)"


def hostile_works() -> list[Work]:
    """One work of each main shape, with hostile text in every field a reader sees."""
    people = (
        Creator(family="O'<b>Brien</b> & *Co*", given="_A_ #1 $2"),
        Creator(literal="{Evil} & Sons 100% ~ ^ \\ <i>Ltd</i>"),
    )
    common = {
        "title": HOSTILE,
        "creators": people,
        "publisher": "P & <i>Q</i> [x](y) #1 %2 $3",
        "publisher_place": "New <Haven> & _Elsewhere_",
        "note": "A note <script>x</script> $\\alpha$ {braces} 50% ~tilde^",
        "issued": PartialDate(2020, 5, 17),
    }
    return [
        Work(type="book", key="hostilebook", **common),
        Work(
            type="article-journal",
            key="hostilearticle",
            container_title="Journal of *Bold* & <em>Things</em> # 1",
            volume="3",
            page="1-9",
            **common,
        ),
        Work(
            type="webpage",
            key="hostileweb",
            container_title="Site [x](javascript:alert(1)) <script>",
            url="https://example.org/a?b=1&c=%3Cscript%3E#frag",
            **common,
        ),
        Work(type="webpage", key="scripturl", title="Click me", url=SCRIPT_URL),
        Work(
            type="chapter",
            key="hostilechapter",
            container_title="Book of `code` & \\LaTeX{} {x}",
            **common,
        ),
    ]


class VisibleText(HTMLParser):
    """What a browser shows: text (links shown as their targets), and every tag and href."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            href = dict(attrs).get("href")
            if href is not None:
                self.hrefs.append(href)
                # markdown-it %-encodes hrefs and decodes link text: compare the target.
                self.parts.append(href)
                self._in_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if not self._in_link:
            self.parts.append(data)


def visible(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser


def squeezed(text: str) -> str:
    """Text as a reader sees it: %-escapes decoded, blanks squeezed."""
    return " ".join(unquote(text).split())


# --- LaTeX ---------------------------------------------------------------------------------

_KNOWN_WORDS = frozenset(
    {*LETTERS, *TEXT_SYMBOLS, *(a for a in ACCENTS if a.isalpha()), "par", "char"}
)
_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|[{}#$%&_^~]")
#: Characters that TeX does not print as themselves.
_ACTIVE = "#$%&_^"


def latex_problems(value: str, *, tilde_ok: bool = False) -> list[str]:
    """Why LaTeX would not print ``value`` literally (``[]`` when it would).

    Checks what TeX does with a field: every ``# $ % & _ ^`` escaped, braces
    balanced, every command one that LaTeX (and our reader) knows; a bare ``~``
    is a no-break space, allowed only when ``tilde_ok``.
    """
    problems = []
    depth = 0
    for match in _TOKEN.finditer(value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                problems.append(f"unbalanced '}}' at {match.start()}")
                depth = 0
        elif token in _ACTIVE:
            problems.append(f"unescaped {token!r} at {match.start()}")
        elif token == "~" and not tilde_ok:
            problems.append(f"bare '~' at {match.start()}")
        elif token[0] == "\\" and token[1:].isalpha() and token[1:] not in _KNOWN_WORDS:
            problems.append(f"unknown command {token} at {match.start()}")
    if depth:
        problems.append(f"{depth} unclosed '{{'")
    return problems


_FIELD = re.compile(r"^  ([A-Za-z][\w:.+-]*) = \{(.*)\},$", re.MULTILINE)


def bibtex_fields(text: str) -> list[tuple[str, str]]:
    """The ``name = {value}`` fields of the writer's output, in order."""
    return _FIELD.findall(text)


# --- generated works that every format carries exactly ------------------------------------

_WORD = st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=8)
_PHRASE = st.lists(st.one_of(_WORD, st.sampled_from(["&", "%", "$", "#", "{x}", "é", "—"])),
                   min_size=1, max_size=5).map(" ".join)  # fmt: skip


@st.composite
def plain_works(draw: st.DrawFn, count: int = 4) -> list[Work]:
    """Up to ``count`` works with distinct keys, in text BibTeX, CSL-JSON and RIS all keep."""
    size = draw(st.integers(1, count))
    works = []
    for index in range(size):
        people = draw(
            st.lists(st.builds(Creator, family=_WORD, given=_WORD), min_size=0, max_size=3)
        )
        works.append(
            Work(
                type=draw(st.sampled_from(["book", "report", "webpage", "article-journal"])),
                key=f"k{index}{draw(st.from_regex(r'[a-z0-9]{0,6}', fullmatch=True))}",
                title=draw(_PHRASE),
                publisher=draw(st.just("") | _PHRASE),
                creators=tuple(people),
                issued=draw(st.none() | st.integers(1000, 2999).map(PartialDate)),
            )
        )
    return works
