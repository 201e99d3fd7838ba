"""LaTeX <-> Unicode: decoding what .bib files say, encoding it back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interchange_helpers import bib_text

from sourcebox.bibtex.latex import (
    ascii_latex,
    decode,
    encode,
    normalize_text,
    squeeze,
    writable_in_braces,
)


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ('{\\"o}', "ö"),
        ('\\"{o}', "ö"),
        ('\\"o', "ö"),
        ("{\\'e}t{\\'e}", "été"),
        ("\\'{\\i}", "í"),
        ("\\v{c}", "č"),
        ("{\\H{o}}", "ő"),
        ("\\c{c}", "ç"),
        ("Stra\\ss e", "Straße"),
        ("{\\o}", "ø"),
        ('{\\AA}ngstr{\\"o}m', "Ångström"),
        ("\\'{\\^a}", "ấ"),
        ("10--20", "10–20"),
        ("yes---no", "yes—no"),
        ("``quoted''", "“quoted”"),
        ("`single'", "‘single'"),
        ("a~b", "a\u00a0b"),
        ("The {NASA} report", "The NASA report"),
        ("{\\TeX} users", "TeX users"),
        ("\\LaTeX\\ and \\BibTeX", "LaTeX and BibTeX"),
        ("\\emph{very} \\textbf{bold}", "very bold"),
        ("AT\\&T 50\\% \\$5 \\#1 a\\_b", "AT&T 50% $5 #1 a_b"),
        ("{\\noopsort{1973b}}1973", "1973"),
        ("$ \\Omega $Times", "ΩTimes"),
        ("\\path|bnb@math.ams.org|", "bnb@math.ams.org"),
        ("\\url{http://x.org/~me}", "http://x.org/~me"),
        ('\\char"00E9t\\char`\\%', "ét%"),
        ("one\\par two", "one\n\ntwo"),
        ("\\uppercase{v}an", "Van"),
        ("\\textbackslash{}x", "\\x"),
        ("plain text", "plain text"),
    ],
)
def test_decode(raw, plain):
    assert decode(raw) == plain


@pytest.mark.parametrize(
    ("plain", "unicode", "ascii"),
    [
        ("Öztürk", "Öztürk", '{\\"O}zt{\\"u}rk'),
        ("Straße", "Straße", "Stra{\\ss}e"),
        ("AT&T 50% {x}", "AT\\&T 50\\% \\{x\\}", "AT\\&T 50\\% \\{x\\}"),
        ("10–20", "10--20", "10--20"),
        ("a--b", "a-{}-b", "a-{}-b"),
        ("“q” ‘s’", "``q'' `s’", "``q'' `s{\\textquoteright}"),
        ("a\u00a0b", "a~b", "a~b"),
        (
            "x~y^z",
            "x\\textasciitilde{}y\\textasciicircum{}z",
            "x\\textasciitilde{}y\\textasciicircum{}z",
        ),
        ("\\", "\\textbackslash{}", "\\textbackslash{}"),
        ("one\n\ntwo", "one\\par two", "one\\par two"),
        ("ấ", "ấ", "{\\'{\\^a}}"),
        ("日本", "日本", '{\\char"65E5}{\\char"672C}'),
    ],
)
def test_encode(plain, unicode, ascii):
    assert encode(plain) == unicode
    assert encode(plain, ascii=True) == ascii
    assert decode(unicode) == plain
    assert decode(ascii) == plain


@settings(max_examples=500)
@given(bib_text, st.booleans())
def test_encode_then_decode_is_identity(text, ascii):
    encoded = encode(text, ascii)
    assert writable_in_braces(encoded)
    if ascii:
        assert encoded.isascii()
    assert decode(encoded) == text


@settings(max_examples=500)
@given(st.text())
def test_decode_never_raises_and_is_normalised(raw):
    assert normalize_text(decode(squeeze(raw))) == decode(squeeze(raw))


def test_deep_nesting_is_decoded_without_recursion_limits():
    raw = "{" * 5000 + "deep" + "}" * 5000
    assert decode(raw) == "deep"
    nested_accents = '\\"{' * 300 + "o" + "}" * 300
    assert decode(nested_accents).startswith("ö")


def test_squeeze_keeps_other_spaces():
    assert squeeze("  a \n\t b\u00a0 c  ") == "a b\u00a0 c"
    assert normalize_text("a \n \n b\n c") == "a\n\nb c"


def test_ascii_latex_escapes_only_non_ascii():
    assert ascii_latex("{\\em Öl} café") == "{\\em {\\\"O}l} caf{\\'e}"


def test_writable_in_braces_follows_the_splitter():
    assert writable_in_braces("a {b} \\{")
    assert not writable_in_braces("a } b {")
    assert not writable_in_braces("ends in \\")
    assert not writable_in_braces("{open")
