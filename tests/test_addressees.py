"""Addressees: whom "wy", "wam", "wasz" and vocatives in quoted speech stand for.

The constructions are gold cases in tests/data/events/discourse.yaml; these tests pin the data
file's validation and the limits of the search (how far back, which addressee wins).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kronika.addressees import addressing
from kronika.doc import Document
from kronika.lang import Language, LexiconError, load


@pytest.fixture(scope="module")
def coder():
    from kronika.pipeline import build
    pipeline = build(until="coreference")
    events = build().stage("events").run
    return lambda text: events.coder(pipeline(Document("test", text)))


def _copy(tmp_path: Path) -> Path:
    source = load("pl").directory
    for name in ("addressing.tsv", "function_words.tsv"):
        shutil.copy(source / name, tmp_path / name)
    return tmp_path


def test_the_table_knows_verbs_nouns_and_words_of_address():
    table = addressing(load("pl"))
    assert table.verbs["przemawiać"][0] == "do+gen" and "przed+inst" in table.nouns["przemówienie"]
    assert {"wy", "wasz"} <= table.second_person and "szanowny" in table.address


@pytest.mark.parametrize("row, message", [
    ("przemawiać\tverb\tdo-gen\t\n", r"addressing\.tsv:\d+: 'przemawiać': not a role rule: do-gen"),
    ("orędzie\tnon\tdo+gen\t\n", r"pos must be verb or noun"),
])
def test_a_bad_row_is_reported_with_what_is_wrong(tmp_path, row, message):
    d = _copy(tmp_path)
    p = d / "addressing.tsv"
    p.write_text(p.read_text(encoding="utf-8") + row, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        addressing(Language("pl", d))


def _addressee(c, sentence: int) -> list[str]:
    m = c.st.addressees.of_sentence(sentence)
    return sorted(e.country for e in m.refers) if m is not None else []


def test_the_addressee_is_named_at_most_three_sentences_before(coder):
    text = ("Premier Kanady przemawiał przed parlamentem Ukrainy. Było zimno. Sala była pełna. "
            "Padał śnieg. „Apeluję do was o spokój” – mówił.")
    c = coder(text)
    assert _addressee(c, 3) == ["UKR"]
    assert _addressee(c, 4) == []


def test_a_vocative_wins_over_the_audience_named_before(coder):
    c = coder("Prezydent Gruzji przemawiał przed parlamentem Ukrainy. "
              "„Szanowny narodzie Litwy, dziękuję wam” – powiedział.")
    assert _addressee(c, 1) == ["LTU"]


def test_the_nearest_addressing_wins(coder):
    c = coder("Prezydent Gruzji przemawiał przed parlamentem Ukrainy. "
              "Potem zwrócił się do posłów Litwy. „Dziękuję wam” – powiedział.")
    assert _addressee(c, 2) == ["LTU"]


def test_a_second_person_word_is_the_addressee_only_in_speech(coder):
    c = coder("Premier Kanady przemawiał przed parlamentem Ukrainy. Rosja grozi wam sankcjami.")
    st = c.st
    was = next(p for p in st.phrases if st.doc.tokens[p.head].text == "wam")
    assert st.mention_of(was) is None


def test_every_lemma_is_known_to_morfeusz():
    from kronika.morphology import Analyzer

    engine, table = Analyzer(), addressing(load("pl"))
    lemmas = [*table.verbs, *table.nouns, *table.second_person, *table.address]
    assert [w for w in lemmas if w not in {i.lemma for i in engine.analyse(w)}] == []
