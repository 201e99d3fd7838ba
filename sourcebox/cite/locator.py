"""Locators ("102", "45-47", chapter "3") and inclusive numbers with an en dash. Pure: no I/O.

``inclusive_range`` abbreviates the second number of a range as CMOS 9.64 does:
45–47, 100–104, 101–8, 321–45, 1100–1113, 1496–504, 1500–1502, 1536–38.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# label -> (singular, plural) abbreviation, CMOS 14.154-14.157; "" shows the number alone.
_LABELS: dict[str, tuple[str, str]] = {
    "page": ("", ""),
    "chapter": ("chap.", "chaps."),
    "section": ("sec.", "secs."),
    "paragraph": ("para.", "paras."),
    "line": ("line", "lines"),
    "note": ("n.", "nn."),
    "figure": ("fig.", "figs."),
    "column": ("col.", "cols."),
    "folio": ("fol.", "fols."),
    "number": ("no.", "nos."),
    "part": ("pt.", "pts."),
    "verse": ("v.", "vv."),
    "volume": ("vol.", "vols."),
    "book": ("bk.", "bks."),
    "act": ("act", "acts"),
    "appendix": ("app.", "apps."),
    "canon": ("canon", "canons"),
    "equation": ("eq.", "eqs."),
    "opus": ("op.", "opp."),
    "rule": ("rule", "rules"),
    "scene": ("sc.", "scs."),
    "sub-verbo": ("s.v.", "s.vv."),
    "table": ("table", "tables"),
    "timestamp": ("", ""),
    "article-locator": ("art.", "arts."),
    "title-locator": ("", ""),
    "elocation": ("", ""),
}
_ALIASES: dict[str, str] = {
    "p": "page",
    "pp": "page",
    "pages": "page",
    "chap": "chapter",
    "chaps": "chapter",
    "ch": "chapter",
    "sec": "section",
    "secs": "section",
    "para": "paragraph",
    "paras": "paragraph",
    "n": "note",
    "nn": "note",
    "fig": "figure",
    "figs": "figure",
    "col": "column",
    "fol": "folio",
    "no": "number",
    "nos": "number",
    "pt": "part",
    "v": "verse",
    "vv": "verse",
    "vol": "volume",
    "vols": "volume",
    "bk": "book",
    "app": "appendix",
    "eq": "equation",
    "op": "opus",
    "sc": "scene",
    "s.v": "sub-verbo",
    "art": "article-locator",
}
_RANGE = re.compile(r"\b(\d+)\s*(?:--|-|–|—)\s*(\d+)\b")
_ROMAN_RANGE = re.compile(r"\b([ivxlcdm]+)\s*(?:--|-|–)\s*([ivxlcdm]+)\b", re.IGNORECASE)
_PLURAL_HINT = re.compile(r"[–,&]|\band\b")


@dataclass(frozen=True)
class Locator:
    """Where in a work: a label (a CSL locator term such as "page") and a value."""

    value: str
    label: str = "page"

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", normalise_label(self.label))

    def __bool__(self) -> bool:
        return bool(self.value.strip())


def normalise_label(label: str) -> str:
    """A CSL locator term from a term or its abbreviation ("pp." -> "page")."""
    key = label.strip().lower().rstrip(".")
    if key in _LABELS:
        return key
    return _ALIASES.get(key, key or "page")


def inclusive_range(first: int, second: int) -> str:
    """A number range with an en dash, the second number shortened per CMOS 9.64."""
    if second <= first or first < 100 or first % 100 == 0:
        return f"{first}–{second}"
    low, high = str(first), str(second)
    if len(low) != len(high):
        return f"{low}–{high}"
    common = 0
    while common < len(low) and low[common] == high[common]:
        common += 1
    changed = high[common:]
    if first % 100 >= 10 and len(changed) < 2:
        changed = high[-2:]  # 321–28, not 321–8
    return f"{low}–{changed}"


def format_numbers(text: str) -> str:
    """Every number range in ``text`` made inclusive with an en dash ("45-47, 50")."""
    if not text:
        return text
    text = _RANGE.sub(lambda m: inclusive_range(int(m.group(1)), int(m.group(2))), text)
    return _ROMAN_RANGE.sub(lambda m: f"{m.group(1)}–{m.group(2)}", text)


def format_locator(locator: Locator | None) -> str:
    """The locator as printed in a note: "315–16", "chap. 3", "n. 14"."""
    if locator is None or not locator:
        return ""
    value = format_numbers(" ".join(locator.value.split()))
    singular, plural = _LABELS.get(locator.label, (locator.label, locator.label))
    word = plural if _PLURAL_HINT.search(value) else singular
    return f"{word} {value}" if word else value
