"""The sample library loaded by `sourcebox demo`. Pure data: no I/O.

Every work here is real and its details were checked: where a detail (an ISBN,
a page range, a URL) could not be confirmed it is left out rather than guessed.
Quotes are verbatim; a page locator is given only where the page is known.

Field names follow ``sourcebox.domain.model`` (CSL-JSON shaped). Creator names
are ``Family, Given`` (or ``Family, Jr., Given``) for persons and ``{Name}`` in
braces for organisations; dates are ISO partial dates. Keys follow the default
pattern ``{author}{year}{title}``.
"""

from __future__ import annotations

_ACCESSED = "2026-11-02"

DEMO_WORKS: tuple[dict[str, object], ...] = (
    # --- Books ---------------------------------------------------------------
    {
        "key": "parsi2007treacherous",
        "type": "book",
        "title": (
            "Treacherous Alliance: The Secret Dealings of Israel, Iran, and the United States"
        ),
        "title_short": "Treacherous Alliance",
        "authors": ("Parsi, Trita",),
        "publisher": "Yale University Press",
        "publisher_place": "New Haven",
        "issued": "2007",
        "isbn": "9780300120578",
        "tags": ("iran", "foreign-policy", "middle-east"),
    },
    {
        "key": "kahneman2011thinking",
        "type": "book",
        "title": "Thinking, Fast and Slow",
        "authors": ("Kahneman, Daniel",),
        "publisher": "Farrar, Straus and Giroux",
        "publisher_place": "New York",
        "issued": "2011",
        "isbn": "9780374275631",
        "tags": ("psychology", "decision-making"),
    },
    {
        "key": "foucault1977discipline",
        "type": "book",
        "title": "Discipline and Punish: The Birth of the Prison",
        "title_short": "Discipline and Punish",
        "authors": ("Foucault, Michel",),
        "translators": ("Sheridan, Alan",),
        "publisher": "Allen Lane",
        "publisher_place": "London",
        "issued": "1977",
        "language": "en",
        "note": "Originally published as Surveiller et punir (Paris: Gallimard, 1975).",
        "tags": ("power", "surveillance", "theory"),
    },
    {
        "key": "meadows1972limits",
        "type": "book",
        "title": (
            "The Limits to Growth: A Report for the Club of Rome's Project on the "
            "Predicament of Mankind"
        ),
        "title_short": "The Limits to Growth",
        "authors": (
            "Meadows, Donella H.",
            "Meadows, Dennis L.",
            "Randers, Jørgen",
            "Behrens, III, William W.",
        ),
        "publisher": "Universe Books",
        "publisher_place": "New York",
        "issued": "1972",
        "tags": ("climate", "economics", "environment"),
    },
    # --- Chapters in edited books --------------------------------------------
    {
        "key": "hall1980encoding",
        "type": "chapter",
        "title": "Encoding/Decoding",
        "authors": ("Hall, Stuart",),
        "container_title": "Culture, Media, Language: Working Papers in Cultural Studies, 1972–79",
        "editors": ("Hall, Stuart", "Hobson, Dorothy", "Lowe, Andrew", "Willis, Paul"),
        "publisher": "Hutchinson",
        "publisher_place": "London",
        "issued": "1980",
        "page": "128-138",
        "tags": ("media", "theory"),
    },
    {
        "key": "benjamin1969work",
        "type": "chapter",
        "title": "The Work of Art in the Age of Mechanical Reproduction",
        "authors": ("Benjamin, Walter",),
        "container_title": "Illuminations",
        "editors": ("Arendt, Hannah",),
        "translators": ("Zohn, Harry",),
        "publisher": "Schocken Books",
        "publisher_place": "New York",
        "issued": "1969",
        "page": "217-251",
        "tags": ("media", "art", "theory"),
    },
    # --- Reports ---------------------------------------------------------------
    {
        "key": "humanrightswatch2024world",
        "type": "report",
        "title": "World Report 2024: Events of 2023",
        "title_short": "World Report 2024",
        "authors": ("{Human Rights Watch}",),
        "publisher": "Human Rights Watch",
        "publisher_place": "New York",
        "issued": "2024",
        "url": "https://www.hrw.org/world-report/2024",
        "tags": ("human-rights",),
    },
    {
        "key": "amnestyinternational2022israels",
        "type": "report",
        "title": (
            "Israel's Apartheid against Palestinians: Cruel System of Domination and "
            "Crime against Humanity"
        ),
        "title_short": "Israel's Apartheid against Palestinians",
        "authors": ("{Amnesty International}",),
        "publisher": "Amnesty International",
        "publisher_place": "London",
        "number": "MDE 15/5141/2022",
        "issued": "2022-02-01",
        "url": "https://www.amnesty.org/en/documents/mde15/5141/2022/en/",
        "tags": ("human-rights", "middle-east"),
    },
    {
        "key": "intergovernmentalpanelclimatechange2021climate",
        "type": "report",
        "title": (
            "Climate Change 2021: The Physical Science Basis. Contribution of Working "
            "Group I to the Sixth Assessment Report of the Intergovernmental Panel on "
            "Climate Change"
        ),
        "title_short": "Climate Change 2021",
        "authors": ("{Intergovernmental Panel on Climate Change}",),
        "publisher": "Cambridge University Press",
        "publisher_place": "Cambridge",
        "issued": "2021",
        "doi": "10.1017/9781009157896",
        "url": "https://www.ipcc.ch/report/ar6/wg1/",
        "tags": ("climate", "science", "environment"),
    },
    # --- Journal articles --------------------------------------------------------
    {
        "key": "shannon1948mathematical",
        "type": "article-journal",
        "title": "A Mathematical Theory of Communication",
        "authors": ("Shannon, Claude E.",),
        "container_title": "Bell System Technical Journal",
        "volume": "27",
        "issue": "3",
        "page": "379-423",
        "issued": "1948-07",
        "doi": "10.1002/j.1538-7305.1948.tb01338.x",
        "tags": ("information-theory", "mathematics", "science"),
        "quotes": (
            {
                "locator": "379",
                "label": "page",
                "text": (
                    "The fundamental problem of communication is that of reproducing at one "
                    "point either exactly or approximately a message selected at another point."
                ),
                "comment": "The opening statement of the problem.",
            },
        ),
    },
    {
        "key": "watson1953molecular",
        "type": "article-journal",
        "title": "Molecular Structure of Nucleic Acids: A Structure for Deoxyribose Nucleic Acid",
        "title_short": "Molecular Structure of Nucleic Acids",
        "authors": ("Watson, James D.", "Crick, Francis H. C."),
        "container_title": "Nature",
        "volume": "171",
        "issue": "4356",
        "page": "737-738",
        "issued": "1953-04-25",
        "doi": "10.1038/171737a0",
        "tags": ("science", "genetics"),
        "quotes": (
            {
                "locator": "737",
                "label": "page",
                "text": (
                    "We wish to suggest a structure for the salt of deoxyribose nucleic acid "
                    "(D.N.A.). This structure has novel features which are of considerable "
                    "biological interest."
                ),
                "comment": "The opening sentences.",
            },
            {
                "locator": "737",
                "label": "page",
                "text": (
                    "It has not escaped our notice that the specific pairing we have postulated "
                    "immediately suggests a possible copying mechanism for the genetic material."
                ),
                "comment": "A famous understatement.",
            },
        ),
    },
    {
        "key": "vosoughi2018spread",
        "type": "article-journal",
        "title": "The spread of true and false news online",
        "authors": ("Vosoughi, Soroush", "Roy, Deb", "Aral, Sinan"),
        "container_title": "Science",
        "volume": "359",
        "issue": "6380",
        "page": "1146-1151",
        "issued": "2018-03-09",
        "doi": "10.1126/science.aap9559",
        "tags": ("misinformation", "media", "science"),
        "quotes": (
            {
                "locator": "1146",
                "label": "page",
                "text": (
                    "Falsehood diffused significantly farther, faster, deeper, and more broadly "
                    "than the truth in all categories of information, and the effects were more "
                    "pronounced for false political news than for false news about terrorism, "
                    "natural disasters, science, urban legends, or financial information."
                ),
                "comment": "From the abstract.",
            },
        ),
    },
    # --- Magazine articles -------------------------------------------------------
    {
        "key": "orwell1946politics",
        "type": "article-magazine",
        "title": "Politics and the English Language",
        "authors": ("Orwell, George",),
        "container_title": "Horizon",
        "volume": "13",
        "issue": "76",
        "page": "252-265",
        "issued": "1946-04",
        "tags": ("language", "writing", "politics"),
        "quotes": (
            {
                "locator": "",
                "label": "paragraph",
                "text": (
                    "Political language — and with variations this is true of all political "
                    "parties, from Conservatives to Anarchists — is designed to make lies sound "
                    "truthful and murder respectable, and to give an appearance of solidity to "
                    "pure wind."
                ),
                "comment": "From the closing paragraphs.",
            },
            {
                "locator": "",
                "label": "paragraph",
                "text": "The great enemy of clear language is insincerity.",
                "comment": "",
            },
        ),
    },
    {
        "key": "carr2008is",
        "type": "article-magazine",
        "title": "Is Google Making Us Stupid?",
        "authors": ("Carr, Nicholas",),
        "container_title": "The Atlantic",
        "issued": "2008-07",
        "url": "https://www.theatlantic.com/magazine/archive/2008/07/is-google-making-us-stupid/306868/",
        "tags": ("media", "internet", "attention"),
        "quotes": (
            {
                "locator": "",
                "label": "paragraph",
                "text": (
                    "Once I was a scuba diver in the sea of words. Now I zip along the surface "
                    "like a guy on a Jet Ski."
                ),
                "comment": "",
            },
        ),
    },
    {
        "key": "coates2014case",
        "type": "article-magazine",
        "title": "The Case for Reparations",
        "authors": ("Coates, Ta-Nehisi",),
        "container_title": "The Atlantic",
        "issued": "2014-06",
        "url": "https://www.theatlantic.com/magazine/archive/2014/06/the-case-for-reparations/361631/",
        "tags": ("race", "economics", "human-rights"),
        "quotes": (
            {
                "locator": "",
                "label": "paragraph",
                "text": (
                    "Two hundred fifty years of slavery. Ninety years of Jim Crow. Sixty years of "
                    "separate but equal. Thirty-five years of racist housing policy. Until we "
                    "reckon with our compounding moral debts, America will never be whole."
                ),
                "comment": "The subheading under the headline.",
            },
        ),
    },
    # --- Newspaper articles ------------------------------------------------------
    {
        "key": "greenwald2013nsa",
        "type": "article-newspaper",
        "title": "NSA collecting phone records of millions of Verizon customers daily",
        "authors": ("Greenwald, Glenn",),
        "container_title": "The Guardian",
        "issued": "2013-06-06",
        "url": "https://www.theguardian.com/world/2013/jun/06/nsa-phone-records-verizon-court-order",
        "tags": ("surveillance", "journalism", "privacy"),
        "quotes": (
            {
                "locator": "1",
                "label": "paragraph",
                "text": (
                    "The National Security Agency is currently collecting the telephone records "
                    "of millions of US customers of Verizon, one of America's largest telecoms "
                    "providers, under a top secret court order issued in April."
                ),
                "comment": "The lede of the first Snowden story.",
            },
        ),
    },
    {
        "key": "kantor2017harvey",
        "type": "article-newspaper",
        "title": "Harvey Weinstein Paid Off Sexual Harassment Accusers for Decades",
        "authors": ("Kantor, Jodi", "Twohey, Megan"),
        "container_title": "The New York Times",
        "issued": "2017-10-05",
        "url": "https://www.nytimes.com/2017/10/05/us/harvey-weinstein-harassment-allegations.html",
        "tags": ("journalism", "investigation"),
    },
    # --- Web pages ---------------------------------------------------------------
    {
        "key": "unitednations1948universal",
        "type": "webpage",
        "title": "Universal Declaration of Human Rights",
        "authors": ("{United Nations}",),
        "issued": "1948-12-10",
        "accessed": _ACCESSED,
        "url": "https://www.un.org/en/about-us/universal-declaration-of-human-rights",
        "tags": ("human-rights", "law"),
        "quotes": (
            {
                "locator": "1",
                "label": "section",
                "text": "All human beings are born free and equal in dignity and rights.",
                "comment": "Article 1.",
            },
        ),
    },
    {
        "key": "worldwidewebconsortium2018web",
        "type": "webpage",
        "title": "Web Content Accessibility Guidelines (WCAG) 2.1",
        "title_short": "WCAG 2.1",
        "authors": ("{World Wide Web Consortium}",),
        "genre": "W3C Recommendation",
        "issued": "2018-06-05",
        "accessed": _ACCESSED,
        "url": "https://www.w3.org/TR/2018/REC-WCAG21-20180605/",
        "tags": ("web", "accessibility", "standards"),
    },
    # --- Blog posts --------------------------------------------------------------
    {
        "key": "graham2013do",
        "type": "post-weblog",
        "title": "Do Things that Don't Scale",
        "authors": ("Graham, Paul",),
        "issued": "2013-07",
        "accessed": _ACCESSED,
        "url": "https://paulgraham.com/ds.html",
        "tags": ("startups", "essays"),
    },
    {
        "key": "spolsky2000joel",
        "type": "post-weblog",
        "title": "The Joel Test: 12 Steps to Better Code",
        "authors": ("Spolsky, Joel",),
        "container_title": "Joel on Software",
        "issued": "2000-08-09",
        "accessed": _ACCESSED,
        "url": "https://www.joelonsoftware.com/2000/08/09/the-joel-test-12-steps-to-better-code/",
        "tags": ("software", "essays"),
    },
    # --- Theses ------------------------------------------------------------------
    {
        "key": "shannon1940algebra",
        "type": "thesis",
        "title": "An Algebra for Theoretical Genetics",
        "authors": ("Shannon, Claude E.",),
        "genre": "PhD diss.",
        "publisher": "Massachusetts Institute of Technology",
        "publisher_place": "Cambridge, MA",
        "issued": "1940",
        "tags": ("genetics", "mathematics"),
    },
    {
        "key": "nash1950non",
        "type": "thesis",
        "title": "Non-Cooperative Games",
        "authors": ("Nash, Jr., John F.",),
        "genre": "PhD diss.",
        "publisher": "Princeton University",
        "publisher_place": "Princeton, NJ",
        "issued": "1950",
        "tags": ("game-theory", "mathematics", "economics"),
    },
)
