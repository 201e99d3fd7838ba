"""Rules 1, 2 and 10: positions in a sequence of notes (first, short, repeat, ibid)."""

from __future__ import annotations

import pytest
from cite_helpers import book, make_work, marked

from sourcebox.cite import CHICAGO_17, AuthorNote, Citation, Locator, Position, format_notes

MORRISON = [{"family": "Morrison", "given": "Toni"}]
BELOVED = book(key="beloved", title="Beloved", publisher="Knopf", issued="1987", creators=MORRISON)
SOLOMON = book(
    key="solomon", title="Song of Solomon", publisher="Knopf", issued="1977", creators=MORRISON
)
WAO = book(
    key="wao",
    title="The Brief Wondrous Life of Oscar Wao",
    title_short="Oscar Wao",
    publisher="Riverhead",
    issued="2007",
    creators=[{"family": "Díaz", "given": "Junot"}],
)


def _texts(groups, **options):
    return [marked(note.text) for note in format_notes(groups, style=CHICAGO_17, **options)]


def _one(work, locator=None, **fields):
    return [Citation(work, locator, **fields)]


# CMOS 18th ed. 13.37 (17th ed. 14.34): shortened notes versus ibid., after the
# three works have been cited in full once.
GUIDE = [
    _one(BELOVED, "3"),
    _one(BELOVED, "18"),
    _one(BELOVED, "18"),
    _one(BELOVED, "24-26"),
    _one(SOLOMON, "401-2"),
    _one(SOLOMON, "433"),
    _one(WAO, "37-38"),
    _one(SOLOMON, "403"),
    _one(WAO, "152"),
    _one(WAO, "201-2"),
]
FIRST = [_one(BELOVED), _one(SOLOMON), _one(WAO)]


def test_the_guide_sequence_with_short_notes():
    assert _texts(FIRST + GUIDE)[3:] == [
        "Morrison, *Beloved*, 3.",
        "Morrison, 18.",
        "Morrison, 18.",
        "Morrison, 24–26.",
        "Morrison, *Song of Solomon*, 401–2.",
        "Morrison, 433.",
        "Díaz, *Oscar Wao*, 37–38.",
        "Morrison, *Song of Solomon*, 403.",
        "Díaz, *Oscar Wao*, 152.",
        "Díaz, 201–2.",
    ]


def test_the_guide_sequence_with_ibid():
    assert _texts(FIRST + GUIDE, ibid=True)[3:] == [
        "Morrison, *Beloved*, 3.",
        "Ibid., 18.",
        "Ibid.",
        "Ibid., 24–26.",
        "Morrison, *Song of Solomon*, 401–2.",
        "Ibid., 433.",
        "Díaz, *Oscar Wao*, 37–38.",
        "Morrison, *Song of Solomon*, 403.",
        "Díaz, *Oscar Wao*, 152.",
        "Ibid., 201–2.",
    ]


def test_rule_1_full_then_short_and_positions():
    notes = format_notes([_one(BELOVED, "3"), _one(WAO), _one(BELOVED, "5")], style=CHICAGO_17)
    assert [marked(n.text) for n in notes] == [
        "Toni Morrison, *Beloved* (New York: Knopf, 1987), 3.",
        "Junot Díaz, *The Brief Wondrous Life of Oscar Wao* (New York: Riverhead, 2007).",
        "Morrison, *Beloved*, 5.",
    ]
    assert [n.positions for n in notes] == [
        (Position.FIRST,),
        (Position.FIRST,),
        (Position.SUBSEQUENT,),
    ]
    assert [n.number for n in notes] == [1, 2, 3]


@pytest.mark.parametrize("ibid", [False, True])
def test_rule_2_never_after_a_note_citing_several_works(ibid):
    groups = [
        [Citation(BELOVED, "3"), Citation(WAO, "4")],
        _one(WAO, "4"),
        _one(WAO, "9"),
    ]
    texts = _texts(groups, ibid=ibid)
    assert texts[1] == "Díaz, *Oscar Wao*, 4."
    assert texts[2] == ("Ibid., 9." if ibid else "Díaz, 9.")


@pytest.mark.parametrize("ibid", [False, True])
def test_rule_2_never_when_the_previous_citation_had_a_locator_and_this_has_none(ibid):
    texts = _texts([_one(BELOVED, "3"), _one(BELOVED), _one(BELOVED)], ibid=ibid)
    assert texts[1] == "Morrison, *Beloved*."
    # no locator after no locator: the whole work both times, so ibid is safe
    assert texts[2] == ("Ibid." if ibid else "Morrison, *Beloved*.")


def test_rule_2_an_authors_own_note_interrupts_and_takes_a_number():
    notes = format_notes(
        [_one(BELOVED, "3"), AuthorNote("My *own* note."), _one(BELOVED, "4")], ibid=True
    )
    assert [n.number for n in notes] == [1, 2, 3]
    assert notes[1].author_text == "My *own* note."
    assert notes[1].positions == ()
    assert marked(notes[2].text) == "Morrison, *Beloved*, 4."


def test_several_citations_prefixes_suffixes_and_suppressed_authors():
    groups = [
        [
            Citation(BELOVED, "12", prefix="see"),
            Citation(WAO, Locator("3", "chapter"), prefix="also", suffix="emphasis added"),
        ],
        [Citation(SOLOMON, "7", suffix=", for a contrast")],
        [Citation(SOLOMON, "8", suppress_author=True)],
        [Citation(SOLOMON, "9", prefix="see", suppress_author=True)],
    ]
    assert _texts(groups, ibid=True) == [
        "See Toni Morrison, *Beloved* (New York: Knopf, 1987), 12; also Junot Díaz, "
        "*The Brief Wondrous Life of Oscar Wao* (New York: Riverhead, 2007), chap. 3 "
        "emphasis added.",
        "Toni Morrison, *Song of Solomon* (New York: Knopf, 1977), 7, for a contrast.",
        "Ibid., 8.",
        "See ibid., 9.",
    ]
    assert _texts(groups)[2:] == ["*Song of Solomon*, 8.", "See *Song of Solomon*, 9."]


def test_a_citation_of_a_title_ending_in_a_question_mark_inside_a_group():
    carr = make_work(
        {
            "type": "article-magazine",
            "title": "Is Google making us stupid?",
            "container_title": "The Atlantic",
            "issued": "2008-07",
            "creators": [{"family": "Carr", "given": "Nicholas"}],
        },
        "carr",
    )
    texts = _texts([_one(carr), [Citation(carr), Citation(BELOVED)], _one(carr, "2")])
    assert texts[0] == "Nicholas Carr, “Is Google Making Us Stupid?,” *Atlantic*, July 2008."
    assert texts[1] == (
        "Carr, “Is Google Making Us Stupid?”; Toni Morrison, *Beloved* (New York: Knopf, 1987)."
    )
    assert texts[2] == "Carr, “Is Google Making Us Stupid?,” 2."


def test_rule_10_people_sharing_a_surname_get_initials_or_given_names():
    zadie = book(key="z")
    ali = book(key="a", title="On Beauty", creators=[{"family": "Smith", "given": "Ali"}])
    adam = book(key="d", title="Wealth", creators=[{"family": "Smith", "given": "Adam"}])
    texts = _texts(
        [
            _one(zadie),
            _one(ali),
            _one(adam),
            _one(zadie, "2"),
            _one(ali, "3"),
            _one(adam, "4"),
            _one(adam, "5"),
        ]
    )
    assert texts[3:] == [
        "Z. Smith, *Swing Time*, 2.",
        "Ali Smith, *On Beauty*, 3.",
        "Adam Smith, *Wealth*, 4.",
        "Adam Smith, 5.",
    ]
    # the same person twice is not ambiguous
    again = book(key="y", title="White Teeth")
    assert _texts([_one(zadie), _one(again), _one(zadie, "1")])[2] == "Smith, *Swing Time*, 1."


def test_numbering_can_start_later_and_empty_groups_still_count():
    notes = format_notes([[], _one(BELOVED)], start=5)
    assert [n.number for n in notes] == [5, 6]
    assert notes[0].text == ()
