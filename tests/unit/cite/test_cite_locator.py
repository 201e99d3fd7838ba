"""Rule 5 (inclusive numbers, CMOS 9.64) and locator labels."""

from __future__ import annotations

import pytest

from sourcebox.cite.locator import Locator, format_locator, format_numbers, inclusive_range


@pytest.mark.parametrize(
    ("first", "second", "printed"),
    [
        (3, 10, "3–10"),
        (45, 47, "45–47"),
        (71, 72, "71–72"),
        (96, 117, "96–117"),
        (100, 104, "100–104"),
        (1100, 1113, "1100–1113"),
        (101, 108, "101–8"),
        (808, 833, "808–33"),
        (1103, 1104, "1103–4"),
        (321, 328, "321–28"),
        (321, 345, "321–45"),
        (498, 532, "498–532"),
        (1087, 1089, "1087–89"),
        (1536, 1538, "1536–38"),
        (1496, 1504, "1496–504"),
        (1500, 1502, "1500–1502"),
        (11564, 11615, "11564–615"),
        (12991, 13001, "12991–3001"),
        (998, 1001, "998–1001"),
    ],
)
def test_inclusive_numbers(first, second, printed):
    assert inclusive_range(first, second) == printed


def test_ranges_inside_text():
    assert format_numbers("45-47, 101--108 and 321–45") == "45–47, 101–8 and 321–45"
    assert format_numbers("xii-xiv") == "xii–xiv"
    assert format_numbers("7") == "7"
    # a "range" running backwards is printed as given, never shortened
    assert format_numbers("50-40") == "50–40"


@pytest.mark.parametrize(
    ("locator", "printed"),
    [
        (Locator("102"), "102"),
        (Locator("45-47", "pp."), "45–47"),
        (Locator("3", "chapter"), "chap. 3"),
        (Locator("3-4", "chap"), "chaps. 3–4"),
        (Locator("14", "note"), "n. 14"),
        (Locator("2", "sec."), "sec. 2"),
        (Locator("5", "paragraph"), "para. 5"),
        (Locator("12", "line"), "line 12"),
        (Locator("1:02:03", "timestamp"), "1:02:03"),
        (Locator("  "), ""),
        (None, ""),
    ],
)
def test_locators(locator, printed):
    assert format_locator(locator) == printed
