"""Places found in text: where a capital is a place and where a government, what a place mention
carries (coordinates, precision, country) and how ``kronika mentions`` prints it.

The constructions are gold cases in tests/data/mentions/places.yaml; these tests pin the
distinction between a capital as a government and as a place, and the printed record.
"""
from __future__ import annotations

import pytest

from kronika.doc import Document
from kronika.records import mention_record


@pytest.fixture(scope="module")
def mentions():
    from kronika.pipeline import build
    pipeline = build(until="coreference")
    return lambda text: pipeline(Document("test", text)).mentions


def one(ms, text: str):
    found = [m for m in ms if m.text == text]
    assert len(found) == 1, [(m.text, m.rule) for m in ms]
    return found[0]


@pytest.mark.parametrize("text,where", [
    ("Szczyt odbył się w Kijowie.", "Kijowie"),
    ("Delegacja przebywa we Wiedniu.", "Wiedniu"),
    ("Flagę wywieszono na Kremlu w Moskwie.", "Moskwie"),
])
def test_a_capital_after_a_locative_preposition_is_a_place(mentions, text, where):
    m = one(mentions(text), where)
    assert m.kind == "location" and not m.refers
    assert m.place is not None and m.place.precision == "city" and m.place.lat is not None


@pytest.mark.parametrize("text,who,country", [
    ("Kijów odrzucił ultimatum.", "Kijów", "UKR"),
    ("Pekin zaprotestował przeciw sankcjom.", "Pekin", "CHN"),
    ("Porozumienie między Moskwą a Kijowem nie istnieje.", "Moskwą", "RUS"),
])
def test_a_capital_as_an_actor_is_its_government(mentions, text, who, country):
    m = one(mentions(text), who)
    assert (m.kind, m.entity.country, m.entity.sector) == ("organization", country, "GOV")


def test_a_city_that_is_no_capital_is_a_place_in_its_country(mentions):
    m = one(mentions("Rakiety spadły na Charków i w Odessie."), "Charków")
    assert (m.kind, m.place.name, m.place.country, m.place.precision) == ("location", "Kharkiv", "UKR", "city")


def test_a_region_named_by_its_centre_city_spans_the_region_noun(mentions):
    ms = mentions("Walki toczą się w rejonie Charkowa i w okolicach Kurska.")
    assert one(ms, "rejonie Charkowa").place.name == "Kharkiv Oblast"
    assert one(ms, "okolicach Kurska").place.name == "Kursk Oblast"


def test_an_unknown_place_is_kept_with_its_base_form_and_no_coordinates(mentions):
    m = one(mentions("Protest odbył się w Kastelnie."), "Kastelnie")
    assert (m.kind, m.place, m.rule) == ("location", None, "unknown-name")


def test_the_printed_record_of_a_place_has_its_coordinates(mentions):
    ms = mentions("Okręty wpłynęły na Morze Czarne i zawinęły do portu w Sewastopolu.")
    sea = mention_record("d", one(ms, "Morze Czarne"))
    assert (sea["kind"], sea["base"], sea["country"], sea["place"]["precision"]) == \
        ("location", "Morze Czarne", None, "sea")
    city = mention_record("d", one(ms, "Sewastopolu"))
    assert city["base"] == "Sewastopol" and city["place"]["lat"] == pytest.approx(44.6, abs=0.2)
