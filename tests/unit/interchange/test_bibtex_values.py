"""Evaluating BibTeX values: delimiters, @string macros, months, ``#``."""

from __future__ import annotations

import pytest

from sourcebox.bibtex.values import evaluate, evaluate_simple

MACROS = {"tub": "TUGboat", "ack": "Nelson {H. F.} Beebe"}


@pytest.mark.parametrize(
    ("expression", "text"),
    [
        ("{The {NASA} report}", "The {NASA} report"),
        ('"quoted {"}text"', 'quoted {"}text'),
        ("1986", "1986"),
        ("tub", "TUGboat"),
        ("TUB", "TUGboat"),
        ("nov", "November"),
        ('"10~" # jan', "10~January"),
        ('ack # " and " # {others}', "Nelson {H. F.} Beebe and others"),
        ("{multi\n      line\tvalue}", "multi line value"),
    ],
)
def test_evaluate(expression, text):
    value = evaluate(expression, MACROS)
    assert (value.text, value.error, value.undefined) == (text, "", ())


def test_simple_values_skip_the_full_evaluator():
    assert evaluate_simple("{plain}") == "plain"
    assert evaluate_simple('"{\\TeX} users"') == "{\\TeX} users"
    assert evaluate_simple("{a {b}}") is None
    assert evaluate_simple("jan") is None
    assert evaluate_simple('"unbalanced {"') is None


def test_undefined_macro_is_reported_and_kept_as_its_name():
    value = evaluate("j-Unknown # { x}", {})
    assert value.text == "j-Unknown x"
    assert value.undefined == ("j-Unknown",)


@pytest.mark.parametrize(
    ("expression", "error"),
    [
        ('"See {"', "never closed"),
        ("{open", "never closed"),
        ('"a" # ', "ends with '#'"),
        ('"a" "b"', "expected '#'"),
    ],
)
def test_malformed_values_are_reported(expression, error):
    assert error in evaluate(expression, {}).error
