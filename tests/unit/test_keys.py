import pytest

from sourcebox.domain.dates import PartialDate
from sourcebox.domain.keys import base_key, check_key, check_pattern, fold, make_key, suffix
from sourcebox.domain.model import Creator, Work
from sourcebox.errors import ConfigError, ValidationError

PARSI = Work(
    type="book",
    title="Treacherous Alliance: The Secret Dealings",
    creators=(Creator(family="Parsi", given="Trita"),),
    issued=PartialDate(2007),
)


def test_default_pattern():
    assert base_key(PARSI) == "parsi2007treacherous"


def test_folding():
    assert fold("Müller-Lüdenscheidt") == "mullerludenscheidt"
    assert fold("Łódź Straße Ærø") == "lodzstrasseaero"


def test_particles_stop_words_organisations_and_no_date():
    work = Work(
        type="book", title="The Starry Night", creators=(Creator(family="Gogh", particle="van"),)
    )
    assert base_key(work) == "vangoghndstarry"
    report = Work(
        type="report", title="On the World", creators=(Creator(literal="Human Rights Watch"),)
    )
    assert base_key(report, "{author}{title}") == "humanrightswatchworld"
    assert base_key(Work(type="book", title="Anonymous"), "{author}{title}") == "anonanonymous"


def test_suffixes_run_a_to_z_then_aa():
    assert [suffix(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "a",
        "b",
        "z",
        "aa",
        "ab",
        "az",
        "ba",
    ]


def test_make_key_is_unique_against_existing():
    existing = {"parsi2007treacherous"} | {f"parsi2007treacherous{suffix(i)}" for i in range(26)}
    assert make_key(PARSI, existing) == "parsi2007treacherousaa"


def test_patterns():
    assert base_key(PARSI, "{authors}:{year}") == "parsi:2007"
    assert base_key(PARSI, "{author}_{shorttitle}") == "parsi_treacherousalliancesecret"
    with pytest.raises(ConfigError):
        check_pattern("{autor}{year}")
    with pytest.raises(ConfigError):
        check_pattern("fixed")


@pytest.mark.parametrize("key", ["parsi2007", "a", "_x", "doe:2001", "smith-jones.2001"])
def test_valid_keys(key):
    assert check_key(key) == key


@pytest.mark.parametrize("key", ["", "has space", "a,b", "{x}", "trailing-", "-lead"])
def test_invalid_keys(key):
    with pytest.raises(ValidationError):
        check_key(key)
