"""Rule 4 (punctuation and quotation marks, CMOS 6.9-6.10, 6.119) and the three renderings."""

from __future__ import annotations

import pytest
from cite_helpers import marked

from sourcebox.cite.errors import UnknownOptionError
from sourcebox.cite.markup import Builder, Span, render, rich, to_html, to_markdown, to_text


def _after(parts: list[tuple[str, bool]], mark: str) -> str:
    builder = Builder()
    for text, italic in parts:
        builder.text(text, italic=italic)
    return marked(builder.punct(mark).build())


@pytest.mark.parametrize(
    ("parts", "mark", "result"),
    [
        ([("“Walking”", False)], ",", "“Walking,”"),
        ([("“Walking”", False)], ".", "“Walking.”"),
        ([("“Walking”", False)], ";", "“Walking”;"),
        ([("“Walking”", False)], ":", "“Walking”:"),
        # nested quotes: inside both
        ([("“Whitman’s ‘Passage to India’”", False)], ",", "“Whitman’s ‘Passage to India,’”"),
        # an apostrophe at the end of a word is not a closing quote
        ([("“African Peoples’”", False)], ",", "“African Peoples’,”"),
        ([("Peoples’", False)], ".", "Peoples’."),
        # a question or exclamation mark swallows a period and keeps a comma
        ([("“Is Google Making Us Stupid?”", False)], ".", "“Is Google Making Us Stupid?”"),
        ([("“Is Google Making Us Stupid?”", False)], ",", "“Is Google Making Us Stupid?,”"),
        ([("Who Moved My Cheese?", True)], ".", "*Who Moved My Cheese?*"),
        ([("Who Moved My Cheese?", True)], ",", "*Who Moved My Cheese?*,"),
        ([("Help!", True)], ".", "*Help!*"),
        # an abbreviation's period ends the sentence too
        ([("Barnes et al.", False)], ".", "Barnes et al."),
        ([("Barnes et al.", False)], ",", "Barnes et al.,"),
        # punctuation after italics is roman
        ([("Swing Time", True)], ",", "*Swing Time*,"),
    ],
)
def test_punctuation(parts, mark, result):
    assert _after(parts, mark) == result


def test_punctuation_after_links_is_never_swallowed_or_moved():
    builder = Builder().text("see ").link("https://example.org/?")
    assert to_text(builder.punct(".").build()) == "see https://example.org/?."
    assert to_text(Builder().punct(".").build()) == ""


def test_text_rendering_and_merging():
    value = rich("a", "b", Span("c", italic=True))
    assert value == (Span("ab"), Span("c", italic=True))
    assert render(value) == "abc"


def test_markdown_escapes_and_marks_italics():
    value = rich("A *b* [c](d) _e_ <f> #g `h` ", Span("Title", italic=True), " &amp; & @key")
    md = to_markdown(value)
    assert md == r"A \*b\* \[c\](d) \_e\_ \<f\> \#g \`h\` *Title* \&amp; & \@key"
    url = "https://a.org/x_y"
    assert to_markdown(rich(Span(url, href=url))) == "<https://a.org/x_y>"
    assert to_markdown(rich(Span("x_1", href=url))) == r"[x\_1](<https://a.org/x_y>)"
    assert to_markdown(rich(Span("bad url", href="bad url"))) == "bad url"
    # an entry must not start a list or a heading
    assert to_markdown(rich("1984. A novel")) == r"1984\. A novel"
    assert to_markdown(rich("- dash")) == r"\- dash"


def test_html_escapes_everything_and_marks_links():
    value = rich(
        '<script>alert("x")</script> & ',
        Span("T<i>", italic=True),
        " ",
        Span("https://a.org/?q=1&r=2", href="https://a.org/?q=1&r=2"),
    )
    html = to_html(value)
    assert "<script>" not in html
    assert html == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <i>T&lt;i&gt;</i> "
        '<a href="https://a.org/?q=1&amp;r=2">https://a.org/?q=1&amp;r=2</a>'
    )


def test_html_robust_links():
    span = Span(
        "https://a.org",
        href="https://a.org",
        version_url="https://w.org/a",
        version_date="2020-01-02",
    )
    assert to_html((span,)) == (
        '<a href="https://a.org" data-originalurl="https://a.org" '
        'data-versionurl="https://w.org/a" data-versiondate="2020-01-02">https://a.org</a>'
    )


def test_unknown_format():
    with pytest.raises(UnknownOptionError) as error:
        render((), "docx")
    assert "text, markdown, html" in str(error.value)
