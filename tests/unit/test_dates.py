import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcebox.domain.dates import PartialDate, parse_date
from sourcebox.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2007", PartialDate(2007)),
        ("2007-09", PartialDate(2007, 9)),
        ("2007-09-14", PartialDate(2007, 9, 14)),
        ("2007/9/14", PartialDate(2007, 9, 14)),
        ("circa 2007", PartialDate(2007, circa=True)),
        ("c. 1850", PartialDate(1850, circa=True)),
        ("ca. 1850", PartialDate(1850, circa=True)),
        ("1850~", PartialDate(1850, circa=True)),
        ("September 2007", PartialDate(2007, 9)),
        ("14 Sep 2007", PartialDate(2007, 9, 14)),
        ("Sept. 14, 2007", PartialDate(2007, 9, 14)),
        ("2024-02-29", PartialDate(2024, 2, 29)),
        ("-0044", PartialDate(-44)),
    ],
)
def test_accepted_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2007-13", "month 13"),
        ("2023-02-29", "day 29"),
        ("07", "four digits"),
        ("Smarch 2007", "not a month"),
        ("yesterday", "expected a date"),
        ("", "expected a date"),
    ],
)
def test_errors_name_the_field_value_and_reason(text, reason):
    with pytest.raises(ValidationError) as caught:
        parse_date(text, "issued")
    problem = caught.value.problems[0]
    assert problem.field == "issued" and problem.value == text and reason in problem.reason


def test_canonical_text_and_csl():
    assert str(PartialDate(2007, 9, circa=True)) == "2007-09~"
    assert PartialDate(2007, 9, 4).to_csl() == {"date-parts": [[2007, 9, 4]]}
    assert PartialDate(1850, circa=True).to_csl() == {"date-parts": [[1850]], "circa": True}


@given(st.dates(), st.integers(0, 2), st.booleans())
def test_canonical_text_parses_back(day, precision, circa):
    value = PartialDate(
        day.year, day.month if precision else None, day.day if precision == 2 else None, circa
    )
    assert parse_date(str(value)) == value


@given(st.text(max_size=30))
def test_any_text_parses_or_raises_our_error(text):
    with contextlib.suppress(ValidationError):
        parse_date(text)
