"""The numbers stage: gold sentences as data, the seed article, time spans, and the data files."""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from kronika import numbers
from kronika.doc import Document, TimeExpr
from kronika.lang import Language, LexiconError, load
from kronika.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "tests" / "data" / "numbers.yaml").read_text(encoding="utf-8"))
FIELDS = ("value", "approximate", "kind", "head", "unit", "currency")
DATA_FILES = ("numerals.tsv", "quantifiers.tsv", "currencies.tsv", "units.tsv")


@pytest.fixture(scope="module")
def lang():
    return load("pl")


@pytest.fixture(scope="module")
def analysed(lang):
    """Sentences, tokens and Morfeusz readings, without the numbers stage."""
    pipeline = build(lang, until="morphology")
    return lambda text: pipeline(Document("t", text))


@pytest.fixture(scope="module")
def run(lang):
    pipeline = build(lang, until="numbers")
    return lambda text: pipeline(Document("t", text))


def test_enough_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c["sentence"][:40] for c in CASES])
def test_sentence(run, case):
    doc = run(case["sentence"])
    got = [{f: getattr(q, f) for f in FIELDS} | {"text": q.text} for q in doc.quantities]
    want = case["expect"]
    assert all(set(FIELDS) <= w.keys() for w in want), "every expected quantity states all fields"
    assert len(got) == len(want), got
    for g, w in zip(got, want, strict=True):
        for field in FIELDS + ("text",):
            if field in w:
                assert g[field] == w[field], (field, g)


def test_seed_article(run):
    text = (ROOT / "examples" / "north-korea-troops.pl.txt").read_text(encoding="utf-8")
    doc = run(text)
    found = [(q.value, q.approximate, q.unit) for q in doc.quantities]
    assert found == [(3000, False, "troops"), (11000, False, "troops"), (4000, True, "troops")]
    assert all(q.text in ("3 000", "11 000", "około 4 000") for q in doc.quantities)
    assert [doc.sentences[q.sentence].start <= q.start for q in doc.quantities] == [True] * 3


def test_numbers_inside_a_time_expression_are_skipped(lang, analysed):
    text = "W ciągu 5 dni zginęło 40 osób."
    stage = numbers.finder(lang)
    plain = stage(analysed(text))
    assert [q.value for q in plain.quantities] == [5, 40]
    span = (text.index("W ciągu"), text.index("dni") + 3)
    timed = replace(analysed(text), times=(TimeExpr(span[0], span[1], text[span[0]:span[1]], 0),))
    assert [q.value for q in stage(timed).quantities] == [40]


def test_offsets_point_at_the_text(run):
    text = "Rząd ogłosił, że ponad 40 cywilów zginęło, a 2,3 mld dolarów pomocy utknęło."
    for q in run(text).quantities:
        assert text[q.start:q.end] == q.text


def test_stage_is_in_the_pipeline_after_morphology_and_dates(lang):
    names = build(lang).names
    assert names.index("numbers") > names.index("morphology")
    if "dates" in names:
        assert names.index("numbers") > names.index("dates")


# --- data files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_loads(lang, name):
    assert numbers.lexicon(lang) is numbers.lexicon(lang)  # compiled once per Language
    assert lang.table(name)


def test_number_words_are_morfeusz_lemmas(analysed, lang):
    """Each spelled-out numeral in numerals.tsv is a lemma Morfeusz gives for that word."""
    words = [r["word"] for r in lang.table("numerals.tsv", ("word",))
             if not r["word"].endswith(".") and r["word"] not in ("mln", "mld", "bln")]
    doc = analysed(" ".join(words))
    tokens = [t for t in doc.tokens if t.kind == "word"]
    assert [w for w, t in zip(words, tokens, strict=True) if w not in t.lemmas()] == []


def test_unit_lemmas_are_known_to_morfeusz(analysed, lang):
    words = sorted({w for r in lang.table("units.tsv", ("lemma",)) for w in r["lemma"].split()})
    doc = analysed(" ".join(words))
    tokens = [t for t in doc.tokens if t.kind == "word"]
    assert len(tokens) == len(words)
    assert [w for w, t in zip(words, tokens, strict=True) if w not in t.lemmas()] == []


def _broken(tmp_path: Path, name: str, line: str) -> Language:
    for f in DATA_FILES:
        shutil.copy(ROOT / "kronika" / "lang" / "pl" / f, tmp_path / f)
    with (tmp_path / name).open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return Language("pl", tmp_path)


@pytest.mark.parametrize("name, line, reason", [
    ("numerals.tsv", "dwa\t2\tcardinal", "listed twice"),
    ("numerals.tsv", "sporo\tdużo\tvague", "is not a number"),
    ("numerals.tsv", "sporo\t5\tsometimes", "kind 'sometimes' is not one of"),
    ("quantifiers.tsv", "circa\tbefore\tguess", "effect 'guess' is not one of"),
    ("quantifiers.tsv", "circa\tbetween\tapproximate", "stands only"),
    ("quantifiers.tsv", "około\tbefore\tapproximate", "listed twice"),
    ("currencies.tsv", "talar\tthaler\tno", "ISO 4217"),
    ("currencies.tsv", "talar\tXTH\tmaybe", "yes or no"),
    ("units.tsv", "żołnierz\ttroops", "listed twice"),
    ("units.tsv", "pancernik\tWeapons", "lowercase"),
])
def test_bad_data_is_reported_with_file_line_and_reason(tmp_path, name, line, reason):
    lang = _broken(tmp_path, name, line)
    with pytest.raises(LexiconError) as err:
        numbers.lexicon(lang)
    message = str(err.value)
    assert message.startswith(f"{name}:") and reason in message
    assert f"{name}:{len((tmp_path / name).read_text(encoding='utf-8').splitlines())}:" in message
