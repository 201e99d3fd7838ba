"""cite, footnotes and bibliography as a user runs them, on the demo library."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

MANUSCRIPT = (
    (
        "# Essay\n\nIran's rhetoric[@parsi2007treacherous, p. 102] was loud."
        "[see @parsi2007treacherous, pp. 145-47; also @humanrightswatch2024world, chap. 3]\n"
    )
    + """Orwell warned[@orwell1946politics] and again[@orwell1946politics, 255].
A note of mine.[^mine] Then `[@not-a-key]`.

[^mine]: Compare [@watson1953molecular, 737], *italic* remark.
    Second line.

Inline^[see [@shannon1948mathematical, 379]] done [@parsi2007treacherous, 12].
"""
)


@pytest.fixture
def demo(sb):
    sb("demo")
    return sb


def test_cite_full_and_short(demo):
    full = demo("cite", "parsi2007treacherous", "102").stdout.strip()
    assert full == (
        "Trita Parsi, Treacherous Alliance: The Secret Dealings of Israel, Iran, and the "
        "United States (Yale University Press, 2007), 102."
    )
    short = demo("cite", "parsi2007treacherous", "pp. 45-47", "--short").stdout.strip()
    assert short == "Parsi, Treacherous Alliance, 45–47."
    md = demo("cite", "parsi2007treacherous", "--format", "markdown").stdout
    assert "*Treacherous Alliance:" in md
    seventeen = demo("cite", "parsi2007treacherous", "--style", "chicago-notes-17").stdout
    assert "(New Haven: Yale University Press, 2007)" in seventeen


def test_cite_errors(demo):
    assert "Did you mean" in demo("cite", "parsi2008", ok=False).stderr
    assert "locator" in demo("cite", "parsi2007treacherous", "zz top", ok=False).stderr
    bad_style = demo("cite", "parsi2007treacherous", "--style", "apa", ok=False)
    assert bad_style.exit_code == 1 and "chicago-notes" in bad_style.stderr


def test_footnotes_markdown_numbers_every_group_and_author_note(demo, tmp_path):
    source = tmp_path / "essay.md"
    source.write_text(MANUSCRIPT)
    out = tmp_path / "essay-final.md"
    result = demo("footnotes", str(source), "-o", str(out), "--ibid")
    assert "7 notes" in result.stderr
    text = out.read_text()
    markers = re.findall(r"\[\^(\d+)\](?!:)", text)
    assert markers == [str(n) for n in range(1, 8)]
    assert "[^1]: Trita Parsi, *Treacherous Alliance:" in text
    assert "[^2]: See Parsi, *Treacherous Alliance*, 145–47; also Human Rights Watch" in text
    assert "[^4]: Ibid., 255." in text
    assert "[^5]: Compare James D. Watson and Francis H. C. Crick," in text
    assert "    Second line." in text
    assert "[^7]: Parsi, *Treacherous Alliance*, 12." in text
    assert "`[@not-a-key]`" in text
    assert "## Bibliography" in text and "Orwell, George." in text


def test_footnotes_html_is_well_formed_and_linked(demo, tmp_path):
    source = tmp_path / "essay.md"
    source.write_text(MANUSCRIPT + "\nA <script>alert(1)</script>-free title test.\n")
    out = tmp_path / "essay.html"
    demo("footnotes", str(source), "-o", str(out))
    page = out.read_text()
    for n in range(1, 8):
        assert f'href="#fn{n}" id="fnref{n}"' in page and f'<li id="fn{n}">' in page
    assert "<i>Treacherous Alliance</i>" in page
    assert '<section class="bibliography">' in page

    class Checker(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack = []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br", "hr", "img"):
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack and self.stack[-1] == tag, (tag, self.stack)
            self.stack.pop()

    checker = Checker()
    checker.feed(page)
    assert checker.stack == []


def test_footnotes_text_and_stdout(demo, tmp_path):
    source = tmp_path / "essay.md"
    source.write_text(MANUSCRIPT)
    text = demo("footnotes", str(source), "--format", "text", "--no-bibliography").stdout
    assert "rhetoric[1]" in text and "\nNotes\n" in text and "Bibliography" not in text


def test_unknown_keys_are_all_listed_and_nothing_is_written(demo, tmp_path):
    source = tmp_path / "bad.md"
    source.write_text("x [@parsi2008, 3] y\n\nand [@orwel1946politics] [@nothing]\n")
    out = tmp_path / "out.md"
    result = demo("footnotes", str(source), "-o", str(out), ok=False)
    assert result.exit_code == 1
    assert "1:4 'parsi2008' (did you mean 'parsi2007treacherous'?)" in result.stderr
    assert "3:6 'orwel1946politics' (did you mean 'orwell1946politics'?)" in result.stderr
    assert "3:27 'nothing'" in result.stderr
    assert not out.exists()


def test_unreadable_manuscripts(demo, tmp_path):
    assert "no such file" in demo("footnotes", str(tmp_path / "nope.md"), ok=False).stderr
    bad = tmp_path / "latin1.md"
    bad.write_bytes(b"caf\xe9 [@parsi2007treacherous]")
    assert "invalid UTF-8 at byte 3" in demo("footnotes", str(bad), ok=False).stderr


def test_bibliography_by_query_and_by_manuscript(demo, tmp_path):
    entries = demo("bibliography", "type:thesis").stdout.strip().split("\n\n")
    assert entries == [
        "Nash, John F., Jr. “Non-Cooperative Games.” PhD diss., Princeton University, 1950.",
        "Shannon, Claude E. “An Algebra for Theoretical Genetics.” PhD diss., "
        "Massachusetts Institute of Technology, 1940.",
    ]
    source = tmp_path / "essay.md"
    source.write_text(MANUSCRIPT)
    cited = demo("bibliography", "--manuscript", str(source)).stdout.strip().split("\n\n")
    assert len(cited) == 5


def test_archive_links_append_dead_and_never(demo, home_db_url, tmp_path):
    from datetime import UTC, datetime

    from sourcebox.db import repository as repo
    from sourcebox.db.engine import open_library
    from sourcebox.domain.model import Snapshot

    nsa = "https://www.theguardian.com/world/2013/jun/06/nsa-phone-records-verizon-court-order"
    lib = open_library(home_db_url, tmp_path / "b")
    try:
        with lib.session() as session:
            assert repo.get_row(session, "greenwald2013nsa").url == nsa
            for key in ("greenwald2013nsa", "kantor2017harvey"):
                url = repo.get_row(session, key).url
                repo.add_snapshot(
                    session,
                    key,
                    Snapshot(
                        url=url,
                        archive_url=f"https://web.archive.org/web/20240101000000/{url}",
                        captured_at=datetime(2024, 1, 1, tzinfo=UTC),
                        status="confirmed",
                    ),
                )
            repo.record_link_check(
                session, nsa, "dead", http_status=404, checked_at=datetime.now(UTC)
            )
    finally:
        lib.close()
    source = tmp_path / "essay.md"
    source.write_text("NSA.[@greenwald2013nsa] Weinstein.[@kantor2017harvey]\n")

    def notes(mode: str) -> list[str]:
        out = demo("footnotes", str(source), "--archive-links", mode, "--no-bibliography").stdout
        return [line for line in out.splitlines() if line.startswith("[^")]

    appended = notes("append")
    expected = "archived January 1, 2024, <https://web.archive.org/web/20240101000000/"
    assert len(appended) == 2 and all(expected in n for n in appended)
    dead_only = notes("dead")
    assert "archived" in dead_only[0] and "archived" not in dead_only[1]
    assert not any("archived" in n for n in notes("never"))
    html = demo("footnotes", str(source), "--format", "html").stdout
    assert f'data-originalurl="{nsa}"' in html and 'data-versiondate="2024-01-01"' in html
