"""Title text: headline-style capitals, curly quotes, nested quotes, short titles. Pure: no I/O.

``headline`` follows CMOS 8.159 (17th ed.): capitalise the first and last words of
a title and of a subtitle and every other word except articles, the coordinating
conjunctions *and, but, for, or, nor*, prepositions of any length, *as* and *to*.
Words with capitals inside (acronyms, *iPhone*, *McDonald*) or digits are left
as they are; hyphenated compounds follow 8.161. ``smart_quotes`` turns straight
quotes and apostrophes into curly ones (6.115).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ARTICLES = frozenset({"a", "an", "the"})
CONJUNCTIONS = frozenset({"and", "but", "for", "or", "nor"})
PREPOSITIONS = _words(
    "aboard about above across after against along alongside amid amidst among amongst "
    "around as at atop before behind below beneath beside besides between beyond by "
    "concerning despite down during except excepting following for from in inside into "
    "like minus near of off on onto opposite out outside over past per plus regarding "
    "round since than through throughout till to toward towards under underneath unlike "
    "until unto up upon versus via vs v with within without"
)
#: Words kept in lowercase inside a title (CMOS 8.159, rules 3-7).
SMALL_WORDS = ARTICLES | CONJUNCTIONS | PREPOSITIONS
# Short prepositions that are often adverbs ("Paid Off", "Giving Up"). A title that
# otherwise follows a headline style and capitalises one is trusted (CMOS 8.159, 4).
_PARTICLES = frozenset({"by", "in", "off", "on", "out", "up"})
# Small words that no headline style capitalises mid-title: if a source does, it is
# in "Start Case" and its capitals carry no information.
_START_CASE_EVIDENCE = frozenset({"a", "an", "the", "and", "but", "or", "nor", "of", "to", "as"})
# Name particles lowercased in running text stay lowercase (CMOS 8.159, rule 8).
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "du", "da", "di", "del", "della"})
# Prefixes that cannot stand alone: what follows the hyphen is left as written (8.161).
_PREFIXES = _words(
    "anti co counter de extra infra inter intra macro micro mid mini multi neo non over "
    "post pre pro pseudo re semi sub super trans ultra un under"
)
_ABBREVIATIONS = frozenset({"vs", "v", "st", "dr", "mr", "mrs", "ms", "jr", "sr", "no", "vol"})
_LEADING = "\"'“‘([{«¿¡*_"
_TRAILING = "\"'”’)]}».,;:!?*_…"
_WORD_SPLIT = re.compile(r"(\s+)")
_ELISION = re.compile(r"\d\ds?\b|n'|(?:tis|twas|em|til)\b", re.IGNORECASE)
_DIGIT_RANGE = re.compile(r"(?<=\d)-(?=\d)")
_OPENERS = frozenset(" \t\n([{—–-/“‘\u00a0")


@lru_cache(maxsize=8192)
def smart_quotes(text: str) -> str:
    """Straight quotes and apostrophes made curly: "It's" -> “It’s”, '90s -> ’90s."""
    if '"' not in text and "'" not in text:
        return text
    out: list[str] = []
    for i, char in enumerate(text):
        if char not in "\"'":
            out.append(char)
            continue
        prev = out[-1] if out else ""
        opening = prev == "" or prev in _OPENERS
        if char == '"':
            out.append("“" if opening else "”")
            continue
        if prev.isalnum() or prev in ".,!?)]}’”…":
            out.append("’")
        elif _ELISION.match(text, i + 1):
            out.append("’")  # ’90s, rock ’n’ roll, ’tis
        else:
            out.append("‘" if opening else "’")
    return "".join(out)


def nest_quotes(text: str) -> str:
    """Double quotes become single, for a title set inside double quotes (CMOS 6.11)."""
    return text.replace("“", "‘").replace("”", "’")


def is_english(language: str) -> bool:
    """Whether a work's language field means English (an empty one does)."""
    code = language.strip().lower()
    return not code or code.startswith("en") or code == "english"


@lru_cache(maxsize=8192)
def headline(title: str) -> str:
    """Headline-style capitalisation of an English title (CMOS 8.159 and 8.161)."""
    text = " ".join(title.split())
    if not text:
        return text
    letters = [c for c in text if c.isalpha()]
    if letters and not any(c.islower() for c in letters) and len(letters) > 4:
        text = text.lower()  # an all-capitals title carries no case information
    tokens = _WORD_SPLIT.split(text)
    words = [i for i, token in enumerate(tokens) if token and not token.isspace()]
    trust = not _start_case(tokens, words)
    result = list(tokens)
    boundary = True
    for position, index in enumerate(words):
        token = tokens[index]
        last = position == len(words) - 1 or _ends_title_part(token)
        result[index] = _case_token(token, boundary or last, trust)
        boundary = _opens_subtitle(token)
    return "".join(result)


def title_text(title: str, *, english: bool = True) -> str:
    """A stored title ready to print: curly quotes, en dashes in digit ranges, capitals."""
    text = smart_quotes(" ".join(title.split()))
    text = _DIGIT_RANGE.sub("–", text)
    return headline(text) if english else text


def drop_article(title: str) -> str:
    """The title less a leading English article (CMOS 14.33): "A Curious Mind" -> "Curious Mind"."""
    head, _, rest = title.partition(" ")
    if rest and head.lower() in ARTICLES:
        return rest[:1].upper() + rest[1:]
    return title


def main_title(title: str) -> str:
    """The title before its subtitle: the part before the first colon."""
    head, colon, _ = title.partition(":")
    return head.strip() if colon and head.strip() else title


def sort_text(text: str) -> str:
    """A key that sorts titles and names: no leading article, no accents, no case."""
    folded = unicodedata.normalize("NFKD", drop_article(text.strip(_LEADING + " ")))
    kept = "".join(c for c in folded if c.isalnum() or c.isspace())
    return " ".join(kept.casefold().split())


# -- helpers ---------------------------------------------------------------


def _split_word(token: str) -> tuple[str, str, str]:
    start, end = 0, len(token)
    while start < end and token[start] in _LEADING:
        start += 1
    while end > start and token[end - 1] in _TRAILING:
        end -= 1
    return token[:start], token[start:end], token[end:]


def _start_case(tokens: list[str], words: list[int]) -> bool:
    """Whether the source capitalises a word no headline style capitalises mid-title."""
    boundary = True
    for position, index in enumerate(words):
        token = tokens[index]
        _, core, _ = _split_word(token)
        last = position == len(words) - 1 or _ends_title_part(token)
        evidence = core.lower() in _START_CASE_EVIDENCE and core[1:].islower()
        if not boundary and not last and core[:1].isupper() and evidence:
            return True
        boundary = _opens_subtitle(token)
    return False


def _ends_title_part(token: str) -> bool:
    return token.endswith((":", "?", "!", "—")) or _sentence_end(token)


def _opens_subtitle(token: str) -> bool:
    return token.endswith((":", "?", "!", "—", "?”", "!”", "?’", "!’")) or _sentence_end(token)


def _sentence_end(token: str) -> bool:
    if not token.endswith(".") or token.endswith(".."):
        return False
    core = token.rstrip(".")
    return (
        len(core) >= 2
        and "." not in core
        and core.isalpha()
        and core.lower() not in (_ABBREVIATIONS)
    )


def _case_token(token: str, force: bool, trust: bool) -> str:
    lead, core, trail = _split_word(token)
    if not core:
        return token
    if "/" in core:
        parts = core.split("/")
        return lead + "/".join(_case_word(p, True, trust) for p in parts) + trail
    if "-" in core.strip("-"):
        return lead + _case_compound(core, force, trust) + trail
    return lead + _case_word(core, force, trust) + trail


def _case_compound(core: str, force: bool, trust: bool) -> str:
    parts = core.split("-")
    first = _case_word(parts[0], True, trust)
    if parts[0].lower() in _PREFIXES or len(parts[0]) == 1:
        return "-".join([first, *parts[1:]])
    rest = []
    for i, part in enumerate(parts[1:], start=1):
        last = i == len(parts) - 1
        rest.append(_case_word(part, last and force, trust))
    return "-".join([first, *rest])


def _case_word(word: str, force: bool, trust: bool) -> str:
    if not word or not word[0].isalpha():
        return word
    if any(c.isdigit() for c in word) or "." in word.strip("."):
        return word
    if any(c.isupper() for c in word[1:]):
        return word  # an acronym or a name with inner capitals: as written
    lower = word.lower()
    if not force:
        if lower in _PARTICLES and trust and word[0].isupper():
            return word
        if lower in SMALL_WORDS:
            return lower
        if lower in _NAME_PARTICLES and word[0].islower():
            return word
    return word[0].upper() + word[1:]
