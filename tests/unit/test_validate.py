import pytest

from sourcebox.domain.model import Work
from sourcebox.domain.validate import check, check_doi, check_isbn, check_issn, check_url, problems
from sourcebox.errors import ValidationError


def test_required_fields_per_type():
    assert [p.field for p in problems(Work(type="book"))] == ["title"]
    chapter = problems(Work(type="chapter", title="Ch"))
    assert [p.field for p in chapter] == ["container_title"]
    assert problems(Work(type="dataset")) == []


def test_unknown_type():
    assert problems(Work(type="boook", title="x"))[0].field == "type"


@pytest.mark.parametrize(
    "value", ["9780300120578", "978-0-300-12057-8", "0-306-40615-2", "0306406152 9780300120578"]
)
def test_isbn_ok(value):
    assert check_isbn(value) is None


@pytest.mark.parametrize("value", ["9780300120579", "12345", "0-306-40615-3"])
def test_isbn_bad(value):
    assert check_isbn(value)


def test_issn_doi_url():
    assert check_issn("0028-0836") is None and check_issn("0028-0837")
    assert check_doi("10.1038/171737a0") is None and check_doi("https://doi.org/10.1038/x") is None
    assert check_doi("11.1/x")
    assert check_url("https://www.hrw.org/x?y=1#z") is None
    for bad in (
        "ftp://x.org",
        "https://",
        "http://nohost",
        "https://a b.org",
        "https://x.org:99999",
    ):
        assert check_url(bad), bad


def test_check_reports_every_problem_at_once():
    with pytest.raises(ValidationError) as caught:
        check(Work(type="article-journal", doi="nope", url="x"))
    fields = {p.field for p in caught.value.problems}
    assert fields == {"title", "container_title", "doi", "url"}
    assert "doi 'nope'" in str(caught.value)
