"""Rule 9 in the bibliography: order, the 3-em dash, one entry per work."""

from __future__ import annotations

from cite_helpers import book, golden_works, make_work, marked

from sourcebox.cite import CHICAGO_17, bibliography

MORRISON = [{"family": "Morrison", "given": "Toni"}]


def test_sorted_by_author_then_title_with_a_dash_for_repeats():
    works = [
        book(key="s", title="Song of Solomon", publisher="Knopf", issued="1977", creators=MORRISON),
        book(key="b", title="Beloved", publisher="Knopf", issued="1987", creators=MORRISON),
        book(
            key="r",
            title="A reader",
            publisher="Knopf",
            issued="1999",
            creators=[{"family": "Morrison", "given": "Toni", "role": "editor"}],
        ),
        book(key="j", title="The Bluest Eye", publisher="Knopf", issued="1970", creators=MORRISON),
        book(
            key="m",
            title="Jazz",
            publisher="Knopf",
            issued="1992",
            creators=[*MORRISON, {"family": "Roe", "given": "Rita"}],
        ),
        book(
            key="a",
            title="Zebra",
            publisher="Knopf",
            issued="2000",
            creators=[{"family": "Abbott", "given": "Ann"}],
        ),
        make_work(
            {
                "type": "article-newspaper",
                "title": "Unsigned",
                "container_title": "Times",
                "issued": "2000-01-02",
            },
            "n",
        ),
        book(key="u", title="The anonymous book", creators=[]),
        book(key="b", title="Beloved", publisher="Knopf", issued="1987", creators=MORRISON),
    ]
    assert [marked(e) for e in bibliography(works, style=CHICAGO_17)] == [
        "Abbott, Ann. *Zebra*. New York: Knopf, 2000.",
        "*The Anonymous Book*. New York: Penguin Press, 2016.",
        "Morrison, Toni. *Beloved*. New York: Knopf, 1987.",
        "———. *The Bluest Eye*. New York: Knopf, 1970.",
        "———. *Song of Solomon*. New York: Knopf, 1977.",
        "———, ed. *A Reader*. New York: Knopf, 1999.",
        "Morrison, Toni, and Rita Roe. *Jazz*. New York: Knopf, 1992.",
        "*Times*. “Unsigned.” January 2, 2000.",
    ]


def test_the_quick_guide_bibliography_is_alphabetical():
    entries = [marked(e) for e in bibliography(golden_works().values())]
    assert len(entries) == len(golden_works())
    heads = [e.split(".")[0].split(",")[0] for e in entries]
    assert heads[:4] == ["Barnes", "D’Agata", "García Márquez", "Germano"]
    assert heads[-2:] == ["Ward", "Yale University"]
    assert not any(e.startswith("———") for e in entries)


def test_a_style_may_repeat_names_instead_of_dashing():
    from dataclasses import replace

    style = replace(CHICAGO_17, repeat_dash="")
    works = [book(key="x", title="A"), book(key="y", title="B")]
    assert [marked(e) for e in bibliography(works, style=style)] == [
        "Smith, Zadie. *A*. New York: Penguin Press, 2016.",
        "Smith, Zadie. *B*. New York: Penguin Press, 2016.",
    ]
