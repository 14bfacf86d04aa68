"""The Polish sentence splitter: gold cases from tests/data/sentences.yaml, the seed article,
the data files it reads, and properties that must hold for any text."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kronika import sentences
from kronika.doc import Document
from kronika.lang import Language, LexiconError, load

DATA = Path(__file__).parent / "data" / "sentences.yaml"
SEED = Path(__file__).parent.parent / "examples" / "north-korea-troops.pl.txt"
CASES = yaml.safe_load(DATA.read_text(encoding="utf-8"))
_RULES = sentences.load_rules(load("pl"))


@pytest.fixture(scope="module")
def rules():
    return _RULES


def expected_spans(text: str, expected: list[str]) -> list[tuple[int, int]]:
    """Spans of the expected sentences, found left to right in the text."""
    spans, pos = [], 0
    for sentence in expected:
        start = text.index(sentence, pos)
        spans.append((start, start + len(sentence)))
        pos = start + len(sentence)
    return spans


def test_gold_file_is_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) >= 40
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in CASES:
        assert set(case) <= {"id", "text", "sentences", "note"}, case["id"]
        expected_spans(case["text"], case["sentences"])  # every sentence is in its text, in order


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_gold_case(case, rules):
    text = case["text"]
    got = sentences.split(text, rules)
    assert [text[a:b] for a, b in got] == case["sentences"]
    assert got == expected_spans(text, case["sentences"])


def test_seed_article_has_fifteen_sentences_one_per_line():
    text = SEED.read_text(encoding="utf-8")
    doc = sentences.splitter(load("pl"))(Document("seed", text))
    lines, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line.rstrip())))
        pos += len(line) + 1
    assert len(doc.sentences) == 15
    assert [(s.start, s.end) for s in doc.sentences] == lines
    assert [s.index for s in doc.sentences] == list(range(15))
    assert text[doc.sentences[1].start:doc.sentences[1].end].startswith("Korea Północna wysłała 3 000")


def test_empty_and_blank_text_have_no_sentences(rules):
    assert sentences.split("", rules) == []
    assert sentences.split(" \n\n\t ", rules) == []


def test_punctuation_only_text_is_one_sentence(rules):
    assert sentences.split("— * —", rules) == [(0, 5)]


_ALPHABET = st.sampled_from(list("ab AZ.?!…\n\n„”\"–-()12 r.ok.tys.W.") + ["gen.", "m.in.", " ", "\n\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_spans_are_ordered_trimmed_and_cover_all_text(text):
    spans = sentences.split(text, _RULES)
    covered = set()
    last_end = 0
    for a, b in spans:
        assert last_end <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        covered.update(range(a, b))
        last_end = b
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


# --- the data files ---------------------------------------------------------------------

def test_abbreviation_table_loads_with_the_required_entries():
    table = {a.text: a for a in sentences.load_abbreviations(load("pl"))}
    required = ["gen.", "płk.", "ok.", "tys.", "mln.", "mld.", "np.", "m.in.", "tzw.", "ws.",
                "ul.", "godz.", "proc.", "prof.", "dr.", "ks.", "św.", "r.", "itd.", "itp."]
    assert [a for a in required if a not in table] == []
    assert not table["gen."].final and table["r."].final and table["r."].kind == "time"
    assert table["tys."].kind == "quantity"


def test_rules_know_both_capitalisations(rules):
    assert rules.abbreviations["Gen."] is rules.abbreviations["gen."]
    assert "Brygad" in rules.ordinal_heads and "ów" in rules.genitive_endings


def _language_with(tmp_path, abbreviations: str, cues: str = "cue\tform\n") -> Language:
    (tmp_path / "abbreviations.tsv").write_text(abbreviations, encoding="utf-8")
    (tmp_path / "sentence_cues.tsv").write_text(cues, encoding="utf-8")
    return Language("xx", tmp_path)


@pytest.mark.parametrize("row, reason", [
    ("gen.\tgenerał\tmaybe\ttitle", "final must be yes or no"),
    ("gen.\tgenerał\tno\trank", "kind must be one of"),
    ("gen\tgenerał\tno\ttitle", "ends with a dot"),
    ("m. in.\tmiędzy innymi\tno\tother", "holds no spaces"),
])
def test_bad_abbreviation_rows_are_reported_with_file_line_and_reason(tmp_path, row, reason):
    lang = _language_with(tmp_path, f"# comment\nabbr\texpansion\tfinal\tkind\n{row}\n")
    with pytest.raises(LexiconError, match=rf"abbreviations\.tsv:3: .*{reason}"):
        sentences.load_rules(lang)


def test_duplicate_abbreviation_is_reported(tmp_path):
    lang = _language_with(tmp_path, "abbr\texpansion\tfinal\tkind\nok.\tokoło\tno\tother\n"
                                    "ok.\tokoło\tyes\tother\n")
    with pytest.raises(LexiconError, match=r"abbreviations\.tsv:3: 'ok\.': listed twice"):
        sentences.load_rules(lang)


def test_bad_cue_is_reported(tmp_path):
    lang = _language_with(tmp_path, "abbr\texpansion\tfinal\tkind\n",
                          "cue\tform\nordinal\tBrygad\n")
    with pytest.raises(LexiconError, match=r"sentence_cues\.tsv:2: 'Brygad': cue must be one of"):
        sentences.load_rules(lang)


def test_cues_steer_the_splitter(tmp_path):
    """Without the ordinal-head cue the same text splits: the rule comes from the data file."""
    text = "Walczy tam 47. Samodzielna Brygada. Atak odparto."
    plain = sentences.load_rules(_language_with(tmp_path, "abbr\texpansion\tfinal\tkind\n"))
    assert len(sentences.split(text, plain)) == 3
    assert len(sentences.split(text, sentences.load_rules(load("pl")))) == 2
