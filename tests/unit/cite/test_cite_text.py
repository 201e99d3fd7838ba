"""Rule 3 (headline capitals, curly quotes) and the title helpers."""

from __future__ import annotations

import pytest

from sourcebox.cite.text import (
    drop_article,
    headline,
    main_title,
    nest_quotes,
    smart_quotes,
    sort_text,
    title_text,
)


@pytest.mark.parametrize(
    ("stored", "printed"),
    [
        # first, last and after-colon words capitalised; articles lowercase
        (
            "a curious mind: the secret to a bigger life",
            "A Curious Mind: The Secret to a Bigger Life",
        ),
        # prepositions of any length lowercase, even when the source capitalised them
        ("But Enough About Me", "But Enough about Me"),
        ("Israel's Apartheid Against Palestinians", "Israel’s Apartheid against Palestinians"),
        ("The Book Of Life Through The Ages", "The Book of Life through the Ages"),
        # coordinating conjunctions lowercase; "as" and "to" too
        ("war and peace or nothing but the truth", "War and Peace or Nothing but the Truth"),
        ("history as a way to think", "History as a Way to Think"),
        # but a preposition ending a title, or a subtitle, is capitalised
        ("what it is about: a study", "What It Is About: A Study"),
        ("the things we look up", "The Things We Look Up"),
        # acronyms and inner capitals untouched
        (
            "NSA collecting phone records of Verizon customers",
            "NSA Collecting Phone Records of Verizon Customers",
        ),
        ("how the iPhone changed eBay", "How the iPhone Changed eBay"),
        (
            "Web Content Accessibility Guidelines (WCAG) 2.1",
            "Web Content Accessibility Guidelines (WCAG) 2.1",
        ),
        # subordinating conjunctions are capitalised
        ("Do Things that Don't Scale", "Do Things That Don’t Scale"),
        # hyphenated compounds (CMOS 8.161)
        (
            "up-to-date advice for self-sustaining gardens",
            "Up-to-Date Advice for Self-Sustaining Gardens",
        ),
        ("anti-intellectualism in american life", "Anti-intellectualism in American Life"),
        ("Non-Cooperative Games", "Non-Cooperative Games"),
        ("encoding/decoding", "Encoding/Decoding"),
        # a particle the source capitalised in a headline-style title is an adverb
        (
            "Harvey Weinstein Paid Off Sexual Harassment Accusers for Decades",
            "Harvey Weinstein Paid Off Sexual Harassment Accusers for Decades",
        ),
        # ... but not when the source is in Start Case
        ("The Spread Of True And False News Online", "The Spread of True and False News Online"),
        # a sentence inside a title starts a new part
        (
            "climate change 2021: the physical science basis. contribution of working group i",
            "Climate Change 2021: The Physical Science Basis. Contribution of Working Group I",
        ),
        # an all-capitals title carries no case information
        ("THE WAR: AN INTIMATE HISTORY", "The War: An Intimate History"),
        # name particles stay lowercase
        ("letters of ludwig van beethoven", "Letters of Ludwig van Beethoven"),
        ("Brown v. Board of Education", "Brown v. Board of Education"),
        ("Is Google Making Us Stupid?", "Is Google Making Us Stupid?"),
    ],
)
def test_headline_style(stored, printed):
    assert title_text(stored) == printed


def test_quotes_are_curled_and_nested():
    assert smart_quotes("\"Crossing Brooklyn Ferry\": Whitman's 'Poetry'") == (
        "“Crossing Brooklyn Ferry”: Whitman’s ‘Poetry’"
    )
    assert smart_quotes("the '90s and rock 'n' roll") == "the ’90s and rock ’n’ roll"
    assert smart_quotes("no quotes") == "no quotes"
    assert nest_quotes("“Passage to India”") == "‘Passage to India’"
    assert title_text('whitman\'s "passage to india"') == "Whitman’s “Passage to India”"


def test_titles_get_en_dashes_in_number_ranges_and_english_only_capitals():
    assert title_text("Expanding College Access in Taiwan, 1978-2014") == (
        "Expanding College Access in Taiwan, 1978–2014"
    )
    assert title_text("la guerre de troie n'aura pas lieu", english=False) == (
        "la guerre de troie n’aura pas lieu"
    )
    assert headline("") == ""


def test_short_title_helpers():
    assert main_title("The War: An Intimate History") == "The War"
    assert main_title("Swing Time") == "Swing Time"
    assert main_title(": Odd") == ": Odd"
    assert drop_article("A Curious Mind") == "Curious Mind"
    assert drop_article("The") == "The"
    assert drop_article("Theory of Games") == "Theory of Games"
    assert sort_text("“The Ávila Reader”") == "avila reader"
