"""The tokenizer: token shapes and kinds, sentence bookkeeping, the seed article, properties."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kronika import sentences, tokens
from kronika.doc import Document
from kronika.lang import load

SEED = Path(__file__).parent.parent / "examples" / "north-korea-troops.pl.txt"


@functools.cache
def _stages():
    lang = load("pl")
    return sentences.splitter(lang), tokens.tokenizer(lang)


def split_and_tokenize(doc: Document) -> Document:
    """The two stages as the pipeline runs them (built directly: no other stage's data needed)."""
    split, tokenize = _stages()
    return tokenize(split(doc))


@pytest.fixture(scope="module")
def pattern():
    return tokens.compile_pattern(load("pl"))


def texts(text: str, pattern) -> list[str]:
    return [text[a:b] for a, b, _ in tokens.tokenize(text, pattern)]


CASES = [
    # numbers
    ("Wysłano 3 000 żołnierzy.", ["Wysłano", "3 000", "żołnierzy", "."]),
    ("Pjongjang wysłał 11\u00a0000 ludzi", ["Pjongjang", "wysłał", "11\u00a0000", "ludzi"]),
    ("Koszt: 1\u202f500\u202f000,50 zł", ["Koszt", ":", "1\u202f500\u202f000,50", "zł"]),
    ("Zginęło 1 200 osób", ["Zginęło", "1 200", "osób"]),
    ("w 2024 300 osób", ["w", "2024", "300", "osób"]),
    ("od 2022 000", ["od", "2022", "000"]),
    ("1,5 mln i 3.000 sztuk", ["1,5", "mln", "i", "3.000", "sztuk"]),
    ("dnia 27.03.2025 o 14:30", ["dnia", "27.03.2025", "o", "14:30"]),
    ("raport z 2025-03-27 i 27/03/2025", ["raport", "z", "2025-03-27", "i", "27/03/2025"]),
    ("Trwa 79. dzień", ["Trwa", "79", ".", "dzień"]),
    ("w latach 2014-2022", ["w", "latach", "2014", "-", "2022"]),
    ("wzrost o 5%", ["wzrost", "o", "5", "%"]),
    # words
    ("północno-wschodni front", ["północno-wschodni", "front"]),
    ("F-16, Su-34 i MiG-29", ["F-16", ",", "Su-34", "i", "MiG-29"]),
    ("Michael O’Leary i Kennedy'ego", ["Michael", "O’Leary", "i", "Kennedy'ego"]),
    ("30-latek i 2-letni plan", ["30-latek", "i", "2-letni", "plan"]),
    ("szczyt G20 i EU261", ["szczyt", "G20", "i", "EU261"]),
    ("Зеленський сказав", ["Зеленський", "сказав"]),
    # abbreviations and initials
    ("m.in. Niemcy, m. in. Francja", ["m.in.", "Niemcy", ",", "m. in.", "Francja"]),
    ("gen. Gierasimow i płk. Kowal", ["gen.", "Gierasimow", "i", "płk.", "Kowal"]),
    ("Ok. 3 tys. osób", ["Ok.", "3", "tys.", "osób"]),
    ("w 2024 r. i w ub. r.", ["w", "2024", "r.", "i", "w", "ub. r."]),
    ("sp. z o.o. i S.A.", ["sp.", "z", "o.o.", "i", "S.A."]),
    ("J. Biden i W.W. Putin", ["J.", "Biden", "i", "W.W.", "Putin"]),
    ("w W. Brytanii", ["w", "W.", "Brytanii"]),
    ("broń, paliwo itd.", ["broń", ",", "paliwo", "itd."]),
    ("Pomogliśmy im.", ["Pomogliśmy", "im", "."]),
    ("Wybrano plan B.", ["Wybrano", "plan", "B", "."]),
    # punctuation, quotes, dashes, symbols
    ("– Nie – powiedział.", ["–", "Nie", "–", "powiedział", "."]),
    ("„Koniec.” «Tak» \"nie\"", ["„", "Koniec", ".", "”", "«", "Tak", "»", '"', "nie", '"']),
    ("Naprawdę?! Tak... (…)", ["Naprawdę", "?!", "Tak", "...", "(", "…", ")"]),
    # URLs, e-mails, domains
    ("Zobacz https://www.gov.pl/web/obrona?id=7. Potem",
     ["Zobacz", "https://www.gov.pl/web/obrona?id=7", ".", "Potem"]),
    ("Pisz na biuro.prasowe@mon.gov.pl.", ["Pisz", "na", "biuro.prasowe@mon.gov.pl", "."]),
    ("portal Kapitalni.org i tvn24.pl.", ["portal", "Kapitalni.org", "i", "tvn24.pl", "."]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:30] for c in CASES])
def test_token_texts(text, expected, pattern):
    assert texts(text, pattern) == expected


@pytest.mark.parametrize("text, kinds", [
    ("3 000 żołnierzy , F-16", ["number", "word", "punct", "word"]),
    ("m.in. 50 % $ § + °", ["word", "number", "symbol", "symbol", "symbol", "symbol", "symbol"]),
    ("https://x.pl/a jan@x.pl x.pl", ["symbol", "symbol", "word"]),
    ("„Tak” – … ?! 30-latek", ["punct", "word", "punct", "punct", "punct", "punct", "word"]),
])
def test_token_kinds(text, kinds, pattern):
    assert [k for _, _, k in tokens.tokenize(text, pattern)] == kinds


def test_tokenize_sees_nothing_past_end(pattern):
    """A sentence ending in "ok." keeps the dot apart; inside the sentence it stays whole."""
    text = "Było ok. Potem"
    assert [text[a:b] for a, b, _ in tokens.tokenize(text, pattern, 0, 8)] == ["Było", "ok", "."]
    assert [text[a:b] for a, b, _ in tokens.tokenize(text, pattern)][:2] == ["Było", "ok."]


def test_seed_article_tokens():
    text = SEED.read_text(encoding="utf-8")
    doc = split_and_tokenize(Document("seed", text))
    numbers = [t.text for t in doc.tokens if t.kind == "number"]
    assert numbers == ["3 000", "11 000", "4 000", "2024"]
    assert [t.i for t in doc.tokens] == list(range(len(doc.tokens)))
    for s in doc.sentences:
        toks = doc.sentence_tokens(s.index)
        assert toks and all(t.sentence == s.index and s.start <= t.start < t.end <= s.end for t in toks)
        assert toks[0].start == s.start and toks[-1].end == s.end
        assert "".join(text[s.start:s.end].split()) == "".join(t.text for t in toks).replace(" ", "")
    assert doc.sentences[-1].end_token == len(doc.tokens)


def test_tokens_of_a_document_without_sentences_are_empty():
    doc = split_and_tokenize(Document("empty", "  \n "))
    assert doc.tokens == () and doc.sentences == ()


_PIECES = st.sampled_from(list("aZ ż1.,-–'’\"„”%()\n") + ["3 000", "m.in.", "ok.", "r.", "F-16", "J.", " ", "…"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=50).map("".join))
def test_tokens_cover_every_character_once(text):
    doc = split_and_tokenize(Document("x", text))
    last = 0
    covered = set()
    for t in doc.tokens:
        assert last <= t.start < t.end and t.text == text[t.start:t.end]
        assert not t.text[0].isspace() and not t.text[-1].isspace()
        assert t.kind in {"word", "number", "punct", "symbol"}
        covered.update(range(t.start, t.end))
        last = t.end
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)
