from datetime import timedelta

import pytest

from sourcebox.domain.durations import parse_duration
from sourcebox.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "expected"),
    [("30d", timedelta(days=30)), ("12h", timedelta(hours=12)), ("90m", timedelta(minutes=90)),
     ("2w", timedelta(weeks=2)), ("1y", timedelta(days=365)), (" 1.5D ", timedelta(hours=36))],
)  # fmt: skip
def test_durations(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "30", "d", "thirty days", "-3d", "3x"])
def test_bad_durations_name_the_field(text):
    with pytest.raises(ValidationError, match="max-age"):
        parse_duration(text)
