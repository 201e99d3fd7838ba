"""Every main type, and rules 6 (reports), 7 (unsigned), 8 (access dates), 9 and 10 (names)."""

from __future__ import annotations

from cite_helpers import book, make_work, marked

from sourcebox.cite import (
    CHICAGO_17,
    CHICAGO_18,
    Locator,
    bibliography_entry,
    full_note,
    short_note,
)


def _all(work, locator=None, style=CHICAGO_18):
    return (
        marked(full_note(work, locator, style=style)),
        marked(short_note(work, locator, style=style)),
        marked(bibliography_entry(work, style=style)),
    )


def _people(count):
    return [{"family": f"Author{i}", "given": f"Given{i}"} for i in range(1, count + 1)]


# -- books ----------------------------------------------------------------------


def test_book_edition_and_editor_beside_the_author():
    work = book(
        edition="2",
        creators=[
            {"family": "Smith", "given": "Zadie"},
            {"family": "Doe", "given": "Jane", "role": "editor"},
        ],
    )
    assert _all(work, "5") == (
        "Zadie Smith, *Swing Time*, ed. Jane Doe, 2nd ed. (Penguin Press, 2016), 5.",
        "Smith, *Swing Time*, 5.",
        "Smith, Zadie. *Swing Time*. Edited by Jane Doe. 2nd ed. Penguin Press, 2016.",
    )
    assert marked(full_note(book(edition="Revised edition"))).startswith(
        "Zadie Smith, *Swing Time*, rev. ed. ("
    )
    assert marked(full_note(book(edition="3rd"))).startswith("Zadie Smith, *Swing Time*, 3rd ed. (")


def test_book_with_two_editors_no_date_and_a_series():
    work = book(
        issued="",
        collection_title="studies in the novel",
        creators=[
            {"family": "Doe", "given": "Jane", "role": "editor"},
            {"family": "Roe", "given": "Rita", "role": "editor"},
        ],
    )
    assert _all(work, style=CHICAGO_17) == (
        "Jane Doe and Rita Roe, eds., *Swing Time*, Studies in the Novel "
        "(New York: Penguin Press, n.d.).",
        "Doe and Roe, *Swing Time*.",
        "Doe, Jane, and Rita Roe, eds. *Swing Time*. Studies in the Novel. "
        "New York: Penguin Press, n.d.",
    )


def test_rule_9_et_al_in_notes_depends_on_the_edition():
    three = book(creators=_people(3))
    four = book(creators=_people(4))
    assert marked(full_note(three, style=CHICAGO_17)).startswith(
        "Given1 Author1, Given2 Author2, and Given3 Author3, *Swing Time*"
    )
    assert marked(full_note(three, style=CHICAGO_18)).startswith("Given1 Author1 et al., *Swing")
    assert marked(short_note(three, "4", style=CHICAGO_18)) == "Author1 et al., *Swing Time*, 4."
    assert marked(short_note(three, "4", style=CHICAGO_17)) == (
        "Author1, Author2, and Author3, *Swing Time*, 4."
    )
    assert marked(full_note(four, style=CHICAGO_17)).startswith("Given1 Author1 et al., *Swing")


def test_rule_9_bibliography_author_limits():
    ten, eleven = book(creators=_people(10)), book(creators=_people(11))
    six, seven = book(creators=_people(6)), book(creators=_people(7))
    assert marked(bibliography_entry(ten, style=CHICAGO_17)).startswith(
        "Author1, Given1, Given2 Author2, "
        + "".join(f"Given{i} Author{i}, " for i in range(3, 10))
        + "and Given10 Author10. *Swing"
    )
    assert marked(bibliography_entry(eleven, style=CHICAGO_17)).startswith(
        "Author1, Given1, " + ", ".join(f"Given{i} Author{i}" for i in range(2, 8)) + ", et al. *"
    )
    assert "and Given6 Author6. *Swing" in marked(bibliography_entry(six, style=CHICAGO_18))
    assert marked(bibliography_entry(seven, style=CHICAGO_18)).startswith(
        "Author1, Given1, Given2 Author2, Given3 Author3, et al. *Swing Time*."
    )


def test_names_with_suffixes_particles_and_organisations():
    nash = make_work(
        {
            "type": "thesis",
            "title": "Non-Cooperative Games",
            "genre": "PhD dissertation",
            "publisher": "Princeton University",
            "issued": "1950",
            "creators": [{"family": "Nash", "given": "John F.", "suffix": "Jr."}],
        },
        "nash",
    )
    assert _all(nash, "4") == (
        "John F. Nash Jr., “Non-Cooperative Games” (PhD diss., Princeton University, 1950), 4.",
        "Nash, “Non-Cooperative Games,” 4.",
        "Nash, John F., Jr. “Non-Cooperative Games.” PhD diss., Princeton University, 1950.",
    )
    gogh = book(creators=[{"family": "Gogh", "given": "Vincent", "particle": "van"}])
    assert marked(short_note(gogh)) == "van Gogh, *Swing Time*."
    assert marked(bibliography_entry(gogh)).startswith("van Gogh, Vincent. *Swing Time*.")


def test_book_suppressing_the_author_and_a_non_english_title():
    assert marked(full_note(book(), Locator("3", "chapter"), suppress_author=True)) == (
        "*Swing Time* (Penguin Press, 2016), chap. 3."
    )
    assert marked(short_note(book(), "3", suppress_author=True)) == "*Swing Time*, 3."
    french = book(title="la guerre de Troie n'aura pas lieu", language="fr")
    assert marked(short_note(french)) == "Smith, *la guerre de Troie n’aura pas lieu*."


# -- rule 6: reports like books ------------------------------------------------------


def test_rule_6_report_by_an_organisation():
    report = make_work(
        {
            "type": "report",
            "title": "World report 2024: events of 2023",
            "publisher": "Human Rights Watch",
            "publisher_place": "New York",
            "issued": "2024-01-11",
            "number": "HRW-2024",
            "genre": "Annual report",
            "creators": [{"literal": "Human Rights Watch"}],
        },
        "hrw",
    )
    assert _all(report, "12", CHICAGO_17) == (
        "Human Rights Watch, *World Report 2024: Events of 2023*, Annual report HRW-2024 "
        "(New York: Human Rights Watch, 2024), 12.",
        "Human Rights Watch, *World Report 2024*, 12.",
        "Human Rights Watch. *World Report 2024: Events of 2023*. Annual report HRW-2024. "
        "New York: Human Rights Watch, 2024.",
    )


# -- chapters ---------------------------------------------------------------------


def test_chapter_with_translator_and_book_author():
    work = make_work(
        {
            "type": "chapter",
            "title": "The work of art in the age of mechanical reproduction",
            "title_short": "Work of Art",
            "container_title": "Illuminations",
            "publisher": "Schocken Books",
            "publisher_place": "New York",
            "issued": "1969",
            "page": "217-251",
            "creators": [
                {"family": "Benjamin", "given": "Walter"},
                {"family": "Arendt", "given": "Hannah", "role": "editor"},
                {"family": "Zohn", "given": "Harry", "role": "translator"},
            ],
        },
        "b",
    )
    assert _all(work, "220", CHICAGO_17) == (
        "Walter Benjamin, “The Work of Art in the Age of Mechanical Reproduction,” in "
        "*Illuminations*, ed. Hannah Arendt, trans. Harry Zohn (New York: Schocken Books, "
        "1969), 220.",
        "Benjamin, “Work of Art,” 220.",
        "Benjamin, Walter. “The Work of Art in the Age of Mechanical Reproduction.” In "
        "*Illuminations*, edited by Hannah Arendt, translated by Harry Zohn, 217–51. New York: "
        "Schocken Books, 1969.",
    )
    by = make_work(
        {
            "type": "chapter",
            "title": "Foreword",
            "container_title": "Swing Time",
            "issued": "2016",
            "creators": [
                {"family": "Roe", "given": "Rita"},
                {"family": "Smith", "given": "Zadie", "role": "container-author"},
            ],
        },
        "f",
    )
    assert marked(full_note(by)) == "Rita Roe, “Foreword,” in *Swing Time*, by Zadie Smith (2016)."
    assert marked(bibliography_entry(by)) == (
        "Roe, Rita. “Foreword.” In *Swing Time*, by Zadie Smith. 2016."
    )


# -- periodicals -------------------------------------------------------------------


def test_journal_article_variants():
    base = {
        "type": "article-journal",
        "title": "A study",
        "container_title": "The Review",
        "issued": "2019-05-04",
        "creators": [{"family": "Roe", "given": "Rita"}],
    }
    only_volume = make_work({**base, "volume": "9", "doi": "doi:10.1/x"}, "a")
    assert marked(full_note(only_volume, "5")) == (
        "Rita Roe, “A Study,” *Review* 9 (May 2019): 5, https://doi.org/10.1/x."
    )
    only_issue = make_work({**base, "issue": "3", "url": "https://j.org/a"}, "b")
    assert marked(bibliography_entry(only_issue)) == (
        "Roe, Rita. “A Study.” *Review*, no. 3 (May 2019). https://j.org/a."
    )
    neither = make_work({**base, "doi": "https://doi.org/10.1/y"}, "c")
    assert marked(full_note(neither)) == (
        "Rita Roe, “A Study,” *Review*, May 2019, https://doi.org/10.1/y."
    )


def test_rule_7_unsigned_magazine_and_newspaper_articles():
    mag = make_work(
        {
            "type": "article-magazine",
            "title": "the talk of the town",
            "container_title": "The New Yorker",
            "issued": "2017-04-17",
        },
        "m",
    )
    assert _all(mag, "22") == (
        "“The Talk of the Town,” *New Yorker*, April 17, 2017, 22.",
        "“Talk of the Town,” 22.",
        "“The Talk of the Town.” *New Yorker*, April 17, 2017.",
    )
    news = make_work(
        {
            "type": "article-newspaper",
            "title": "In Texas, ample ammunition for plot theories",
            "title_short": "In Texas",
            "container_title": "The New York Times",
            "issued": "2004-11-14",
            "url": "https://nyt.com/t",
        },
        "n",
    )
    assert _all(news) == (
        "“In Texas, Ample Ammunition for Plot Theories,” *New York Times*, November 14, 2004, "
        "https://nyt.com/t.",
        "“In Texas.”",
        # CMOS 14.197: in a bibliography the paper stands in for the author
        "*New York Times*. “In Texas, Ample Ammunition for Plot Theories.” November 14, 2004. "
        "https://nyt.com/t.",
    )


# -- rule 8: access dates only for undated online sources -----------------------------------


def _page(**fields):
    data = {
        "type": "webpage",
        "title": "Facts",
        "container_title": "Example Site",
        "accessed": "2024-01-02",
        "url": "https://e.org/f",
        "creators": [{"family": "Roe", "given": "Rita"}],
    }
    data.update(fields)
    return make_work(data, "p")


def test_rule_8_access_dates():
    assert _all(_page()) == (
        "Rita Roe, “Facts,” Example Site, accessed January 2, 2024, https://e.org/f.",
        "Roe, “Facts.”",
        "Roe, Rita. “Facts.” Example Site. Accessed January 2, 2024. https://e.org/f.",
    )
    dated = _page(issued="2023-06-05")
    assert (
        marked(full_note(dated))
        == "Rita Roe, “Facts,” Example Site, June 5, 2023, https://e.org/f."
    )
    assert marked(bibliography_entry(dated)) == (
        "Roe, Rita. “Facts.” Example Site. June 5, 2023. https://e.org/f."
    )
    revised = _page(extra={"revised": "2023-07-01"})
    assert "last modified July 1, 2023, https" in marked(full_note(revised))
    assert "accessed" not in marked(full_note(revised)).lower()
    offline = book(accessed="2024-01-02")
    assert "accessed" not in marked(full_note(offline)).lower()


def test_web_page_without_author_or_owner():
    page = _page(creators=[], container_title="")
    assert _all(page) == (
        "“Facts,” accessed January 2, 2024, https://e.org/f.",
        "“Facts.”",
        "“Facts.” Accessed January 2, 2024. https://e.org/f.",
    )


def test_blog_posts():
    post = make_work(
        {
            "type": "post-weblog",
            "title": "the joel test: 12 steps to better code",
            "container_title": "Joel on Software",
            "accessed": "2024-01-02",
            "url": "https://joel.example/test",
            "creators": [{"family": "Spolsky", "given": "Joel"}],
        },
        "j",
    )
    assert _all(post) == (
        "Joel Spolsky, “The Joel Test: 12 Steps to Better Code,” *Joel on Software* (blog), "
        "accessed January 2, 2024, https://joel.example/test.",
        "Spolsky, “Joel Test.”",
        "Spolsky, Joel. “The Joel Test: 12 Steps to Better Code.” *Joel on Software* (blog). "
        "Accessed January 2, 2024. https://joel.example/test.",
    )
    named = make_work(
        {
            "type": "post-weblog",
            "title": "Hello",
            "container_title": "The Daily Blog",
            "issued": "2020-01-01",
            "creators": [{"family": "Roe", "given": "Rita"}],
        },
        "x",
    )
    assert marked(full_note(named)) == "Rita Roe, “Hello,” *The Daily Blog*, January 1, 2020."
    bare = make_work(
        {
            "type": "post-weblog",
            "title": "Do things that don't scale",
            "issued": "2013-07",
            "url": "https://paulgraham.com/ds.html",
            "creators": [{"family": "Graham", "given": "Paul"}],
        },
        "g",
    )
    assert _all(bare) == (
        "Paul Graham, “Do Things That Don’t Scale,” July 2013, https://paulgraham.com/ds.html.",
        "Graham, “Do Things That Don’t Scale.”",
        "Graham, Paul. “Do Things That Don’t Scale.” July 2013. https://paulgraham.com/ds.html.",
    )


def test_theses():
    ma = make_work(
        {
            "type": "thesis",
            "title": "A thesis",
            "genre": "master's thesis",
            "publisher": "Example University",
            "issued": "2001",
            "creators": [{"family": "Roe", "given": "Rita"}],
        },
        "t",
    )
    assert (
        marked(full_note(ma)) == "Rita Roe, “A Thesis” (master’s thesis, Example University, 2001)."
    )
    assert marked(bibliography_entry(ma)) == (
        "Roe, Rita. “A Thesis.” Master’s thesis, Example University, 2001."
    )
    plain = make_work({"type": "thesis", "title": "B", "creators": [{"family": "Roe"}]}, "u")
    assert marked(full_note(plain)) == "Roe, “B” (thesis)."


def test_other_types_fall_back_on_a_book_or_an_article():
    software = make_work(
        {
            "type": "software",
            "title": "sourcebox",
            "publisher": "GitHub",
            "issued": "2024",
            "creators": [{"literal": "sourcebox developers"}],
        },
        "s",
    )
    assert marked(full_note(software)) == "sourcebox developers, *Sourcebox* (GitHub, 2024)."
    dataset = make_work(
        {
            "type": "dataset",
            "title": "counts",
            "container_title": "Data Hub",
            "issued": "2024-02-03",
        },
        "d",
    )
    assert marked(full_note(dataset)) == "“Counts,” *Data Hub*, February 3, 2024."
    untitled = make_work({"type": "book"}, "e")
    assert marked(full_note(untitled)) == "*Untitled*."
