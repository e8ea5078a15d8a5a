"""The client code: the formula and the normalisation of names."""

from __future__ import annotations

import pytest

from fairs.errors import Invalid
from fairs.services.clients.code import client_code, normalise_code, normalise_name


def code(mother: str = "Анна", father: str = "Иван", sex: str = "M", year: int = 1985) -> str:
    return client_code(mother_name=mother, father_name=father, sex=sex, birth_year=year)


def test_formula():
    assert code() == "АНИВ185"
    assert code(sex="F", year=2001) == "АНИВ201"
    assert code(year=2000) == "АНИВ100"
    assert code(mother="Ольга", father="Пётр", year=1979) == "ОЛПЕ179"


@pytest.mark.parametrize(
    ("mother", "father"),
    [
        ("анна", "иван"),
        ("АННА", "ИВАН"),
        (" Анна ", "Иван\t"),
        ("-Анна", "Ив-ан"),
        ("А нна", "И'ван"),
        ("Анна-Мария", "Иван"),
    ],
)
def test_same_person_same_code(mother, father):
    assert code(mother, father) == "АНИВ185"


def test_yo_and_latin_lookalikes():
    assert code("Алёна", "Фёдор") == code("Алена", "Федор") == "АЛФЕ185"
    # "Анна" typed with a Latin A and "Иван" in Cyrillic: read as Cyrillic.
    assert normalise_name("Aнна") == "АННА"
    assert code("Aнна", "Иван") == "АНИВ185"


@pytest.mark.parametrize(
    ("sex", "digit"), [("M", "1"), ("m", "1"), ("М", "1"), ("F", "2"), ("f", "2"), ("Ж", "2")]
)
def test_sex_digit(sex, digit):
    assert code(sex=sex)[4] == digit


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"mother": "А"}, "name_too_short"),
        ({"father": "-"}, "name_too_short"),
        ({"sex": "X"}, "bad_sex"),
        ({"year": 1850}, "bad_birth_year"),
    ],
)
def test_refusals(kwargs, error):
    with pytest.raises(Invalid) as exc:
        code(**kwargs)
    assert exc.value.code == error and exc.value.status == 400


@pytest.mark.parametrize(
    ("mother", "father"),
    [
        ("А\u0301нна", "Ива\u0301н"),  # stress accents, as copied from a dictionary
        ("Ан\u200bна", "Ив\u200dан\ufeff"),  # zero-width space, joiner, byte-order mark
        ("\uff21нна", "Иван"),  # a full-width Latin A, folded by NFKC, then read as Cyrillic
        ("AHHA", "Иван"),  # all look-alikes: typed on the Latin layout by mistake
        ("ahha", "Иван"),
    ],
)
def test_odd_unicode_gives_the_same_code(mother, father):
    assert code(mother, father) == "АНИВ185"


def test_combining_marks_compose_into_their_letter():
    # Й typed as И + combining breve is the letter Й, not И.
    assert code("Анна", "И\u0306осиф") == code("Анна", "Йосиф") == "АНЙО185"
    assert code("Анна", "Е\u0308гор") == code("Анна", "Егор")  # Ё decomposed, then read as Е


def test_latin_names_stay_latin_and_belarusian_i_is_cyrillic():
    assert normalise_name("Anna") == "ANNA"  # N is no look-alike: a Latin name
    assert normalise_name("Iрына") == normalise_name("Ірына") == "ІРЫНА"


@pytest.mark.parametrize("typed", ["анив185", " АНИВ 185 ", "АНИВ\u200b185", "AHИB185", "АНИВ１８５"])
def test_typed_codes_normalise(typed):
    assert normalise_code(typed) == "АНИВ185"


def test_a_code_of_look_alikes_only_is_read_as_cyrillic():
    assert normalise_code("ahko185") == normalise_code("АНКО185") == "АНКО185"
