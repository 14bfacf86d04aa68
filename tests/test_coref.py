"""Light coreference: what name repeats and anaphoric phrases resolve to, and what they must not.

The constructions themselves are gold cases in tests/data/mentions/coref.yaml; these tests pin
the rules' limits: resolution only looks back, needs enough antecedents and skips topics.  People are invented (Zulmira Kastelna).
"""
from __future__ import annotations

import pytest

from kronika.doc import Document


@pytest.fixture(scope="module")
def mentions():
    from kronika.pipeline import build
    pipeline = build(until="coreference")
    return lambda text: pipeline(Document("test", text)).mentions


def countries_of(ms, text: str) -> list[list[str]]:
    """For every mention with this exact text, the countries it stands for."""
    return [sorted(e.country for e in m.refers if e.country) for m in ms if m.text == text]


def test_anaphora_only_looks_back(mentions):
    ms = mentions("Ten kraj jest bogaty. Norwegia eksportuje gaz.")
    assert not [m for m in ms if m.rule == "anaphora"]


def test_a_pair_needs_two_countries_before_it(mentions):
    ms = mentions("Norwegia eksportuje gaz. Oba kraje na tym zyskują.")
    assert not [m for m in ms if m.rule == "anaphora"]


def test_a_pair_skips_a_topic_named_by_an_adjective(mentions):
    ms = mentions("Rosja rozmawiała z Chinami w kwestii ukraińskiej. Oba kraje wydały komunikat.")
    assert countries_of(ms, "Oba kraje") == [["CHN", "RUS"]]


def test_a_pair_skips_the_reporting_country_before_it_but_not_countries_after_it(mentions):
    ms = mentions("Polska i Litwa rozmawiały. Niemcy twierdzą, że obie strony są blisko, choć Łotwa wątpi.")
    assert countries_of(ms, "obie strony") == [["LTU", "POL"]]


def test_own_country_is_the_country_of_the_sentence_subject(mentions):
    ms = mentions("Norwegia i Litwa podpisały umowę. Minister spraw zagranicznych Litwy Zulmira Kastelna "
                  "powiedziała, że jej kraj jest zadowolony.")
    assert countries_of(ms, "jej kraj") == [["LTU"]]
    assert [m.entity.name for m in ms if m.text == "jej kraj"] == ["Lithuania"]


def test_this_country_is_the_last_country_named(mentions):
    ms = mentions("Polska kupiła gaz od Norwegii. Ten kraj sprzedaje go od lat.")
    assert countries_of(ms, "Ten kraj") == [["NOR"]]


def test_a_surname_repeat_takes_the_role_country_of_the_full_name(mentions):
    ms = mentions("Kastelna przyjechała wczoraj. Minister spraw zagranicznych Litwy Zulmira Kastelna "
                  "spotkała się z premierem. Kastelna zapowiedziała pomoc.")
    repeats = [m for m in ms if m.text == "Kastelna"]
    assert len(repeats) == 2
    assert repeats[0].entity.country is None  # named before the full name: nothing to link to
    assert (repeats[1].entity.country, repeats[1].entity.sector, repeats[1].rule) == ("LTU", "GOV", "coref:name")


def test_a_spelling_variant_is_the_same_person(mentions):
    ms = mentions("Szojgu przyleciał do Pjongjangu. Szoigu spotkał się z Kim Dzong Unem.")
    ids = {m.entity.id for m in ms if m.text in ("Szojgu", "Szoigu")}
    assert ids == {"person:shoigu-sergei"}


def test_a_role_repeat_without_an_earlier_country_stays_countryless(mentions):
    ms = mentions("Deputowani przyjęli ustawę. Deputowani chcą zmian.")
    assert all(m.entity.country is None for m in ms if m.text == "Deputowani")


def test_a_side_named_by_a_country_adjective(mentions):
    ms = mentions("Rozmowy trwają. Strona rosyjska odrzuciła propozycję, a po stronie ukraińskiej panuje spokój.")
    sides = {m.text: (m.kind, m.base, m.entity.country, m.rule) for m in ms if m.rule == "coref:side"}
    assert sides == {"Strona rosyjska": ("country", "strona rosyjska", "RUS", "coref:side"),
                     "stronie ukraińskiej": ("country", "strona ukraińska", "UKR", "coref:side")}


@pytest.mark.parametrize("text", ["Decyzja zapadła po stronie ukraińskiej", "Polityka ukraińska"])
def test_a_country_adjective_ending_the_text(mentions, text):
    ms = mentions(text)  # no sentence-final punctuation: the side's noun may be missing
    assert [m.entity.country for m in ms if m.rule == "coref:side"] == (["UKR"] if "stronie" in text else [])


def test_an_institution_without_a_country_is_the_focus_countrys(mentions):
    ms = mentions("Chile przeżywa kryzys. Prezydent Chile odwołał wizytę w Peru. Chilijska opozycja protestuje. "
                  "Parlament zbierze się w poniedziałek.")
    assert countries_of(ms, "Parlament") == [["CHL"]]


def test_no_focus_in_a_text_about_several_countries(mentions):
    ms = mentions("Chile i Peru spierają się o granicę. Boliwia popiera Peru. Parlament zbierze się w poniedziałek.")
    assert countries_of(ms, "Parlament") == [[]]


def test_no_focus_before_three_country_mentions(mentions):
    ms = mentions("Prezydent Chile odwołał wizytę. Parlament zbierze się w poniedziałek.")
    assert countries_of(ms, "Parlament") == [[]]


def test_an_undated_text_codes_a_person_by_the_office_of_the_country_it_names():
    # no publication date: Borrell is the EU's man where the text names the EU and not Spain, and
    # Spain's minister where it names Spain
    from kronika.pipeline import build
    pipeline = build(until="coreference")
    eu = pipeline(Document("t1", "Josep Borrell zapowiedział, że Unia Europejska pomoże Mołdawii.")).mentions
    es = pipeline(Document("t2", "Josep Borrell zapowiedział, że Hiszpania pomoże Mołdawii.")).mentions
    assert countries_of(eu, "Josep Borrell") == [["EU"]]
    assert countries_of(es, "Josep Borrell") == [["ESP"]]


def test_an_office_without_country_stays_unknown_when_people_of_two_countries_hold_it(mentions):
    ms = mentions("Lloyd Austin spotkał się w Berlinie z Borisem Pistoriusem. "
                  "Szef resortu obrony zapowiedział nowe dostawy.")
    assert countries_of(ms, "Szef resortu obrony") == [[]]
