"""The trigger lexicon as data: every entry loads, every lemma is one Morfeusz gives, no dead senses."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kronika.lang import read_entries
from kronika.triggers import TYPES, TriggerLexicon

ROOT = Path(__file__).resolve().parent.parent
LANG_DIR = ROOT / "kronika" / "lang" / "pl"
FILES = sorted((LANG_DIR / "triggers").glob("*.yaml"))
ENTRIES = [(f.name, n, e) for f in FILES for n, e in enumerate(read_entries(f))]
CLASSES = read_entries(LANG_DIR / "object_classes.yaml")
CONDITIONS = ("needs", "with", "without", "negated", "reflexive", "clause")

# Words Morfeusz does not know as one word (weapon systems, Latin): the tokenizer keeps "F-16" whole
# and the morphology stage keys an unknown token by its own lowercased form, so the entry must be
# that form.  Listed one by one so that a misspelt Polish word cannot slip through.
UNKNOWN_TO_MORFEUSZ = frozenset({
    "javelin", "stinger", "himars", "abrams", "bayraktar", "atacms", "f-16", "f-35", "bwp", "marines",
    "pancerfaust", "shadow", "nasams", "ddos", "swift", "javelina",
})

# Pairs of aspect partners the lexicon must hold both of (the verbs news use every day).
ASPECT_PAIRS = [
    ("wysłać", "wysyłać"), ("dostarczyć", "dostarczać"), ("rozmieścić", "rozmieszczać"),
    ("wycofać", "wycofywać"), ("zająć", "zajmować"), ("ostrzelać", "ostrzeliwać"),
    ("zaatakować", "atakować"), ("nałożyć", "nakładać"), ("spotkać", "spotykać"),
    ("przekazać", "przekazywać"), ("zbombardować", "bombardować"), ("zabić", "zabijać"),
    ("aresztować", "aresztować"), ("zatrzymać", "zatrzymywać"), ("uwolnić", "uwalniać"),
    ("potępić", "potępiać"), ("oskarżyć", "oskarżać"), ("odrzucić", "odrzucać"), ("odmówić", "odmawiać"),
    ("wezwać", "wzywać"), ("zażądać", "żądać"), ("zagrozić", "grozić"), ("ostrzec", "ostrzegać"),
    ("poprzeć", "popierać"), ("wesprzeć", "wspierać"), ("podpisać", "podpisywać"),
    ("zawrzeć", "zawierać"), ("uzgodnić", "uzgadniać"), ("wprowadzić", "wprowadzać"),
    ("wydalić", "wydalać"), ("znieść", "znosić"), ("złagodzić", "łagodzić"), ("przeprosić", "przepraszać"),
    ("odwiedzić", "odwiedzać"), ("zaprotestować", "protestować"), ("zmobilizować", "mobilizować"),
    ("skonfiskować", "konfiskować"), ("zamrozić", "zamrażać"), ("uprowadzić", "uprowadzać"),
    ("zestrzelić", "zestrzeliwać"), ("zniszczyć", "niszczyć"), ("wkroczyć", "wkraczać"),
    ("przejąć", "przejmować"), ("skrytykować", "krytykować"), ("zaapelować", "apelować"),
    ("zaprosić", "zapraszać"), ("udzielić", "udzielać"), ("zapewnić", "zapewniać"),
    ("zaproponować", "proponować"), ("przyjąć", "przyjmować"), ("współpracować", "współpracować"),
]


def _clean(lemma: str) -> str:
    """Morfeusz marks homonyms after a colon ("wysłać:Vp~ślę"); the morphology stage drops that."""
    return lemma.split(":", 1)[0] if ":" in lemma[1:] else lemma


@pytest.fixture(scope="module")
def morfeusz():
    morfeusz2 = pytest.importorskip("morfeusz2")
    return morfeusz2.Morfeusz()


@pytest.fixture(scope="module")
def readings(morfeusz):
    """(lemma, part of speech) pairs Morfeusz gives for a word, memoised."""
    memo: dict[str, frozenset[tuple[str, str]]] = {}

    def get(word: str) -> frozenset[tuple[str, str]]:
        if word not in memo:
            memo[word] = frozenset((_clean(a[2][1]), a[2][2].split(":")[0]) for a in morfeusz.analyse(word))
        return memo[word]
    return get


@pytest.fixture(scope="module")
def has_gerund(morfeusz):
    def check(lemma: str) -> bool:
        try:
            return any(g[2].startswith("ger:") for g in morfeusz.generate(lemma))
        except (RuntimeError, KeyError):
            return False
    return check


def _known_as(readings, word: str, pos: set[str]) -> bool:
    return any(lemma == word and p in pos for lemma, p in readings(word))


def test_every_entry_loads():
    from kronika.lang import load
    lex = TriggerLexicon(load("pl"))
    assert lex.size == len(ENTRIES)


def test_every_type_is_covered():
    counts = Counter(e["type"] for _, _, e in ENTRIES)
    thin = {t: counts[t] for t in TYPES if counts[t] < 20}
    assert not thin, f"types with fewer than 20 trigger entries: {thin}"


@pytest.mark.parametrize("where,entry", [(f"{f}:{n}", e) for f, n, e in ENTRIES if e.get("lemma")
                                         and e.get("pos", "verb") == "verb"], ids=str)
def test_verb_lemma_is_an_infinitive(readings, where, entry):
    assert _known_as(readings, entry["lemma"], {"inf"}), \
        f"{where}: {entry['lemma']!r} is not an infinitive lemma in Morfeusz: {sorted(readings(entry['lemma']))}"


@pytest.mark.parametrize("where,entry", [(f"{f}:{n}", e) for f, n, e in ENTRIES if e.get("pos") == "noun"],
                         ids=str)
def test_noun_lemma_is_a_noun_lemma(readings, has_gerund, where, entry):
    """A noun, a predicative adjective ("wdzięczny"), or a verb read as its gerund: Morfeusz gives
    "nałożenie", "ostrzelanie" only the gerund reading, whose lemma is the verb's."""
    lemma = entry["lemma"]
    noun = _known_as(readings, lemma, {"subst", "depr", "adj"})
    gerund = _known_as(readings, lemma, {"inf"}) and has_gerund(lemma)
    assert noun or gerund, f"{where}: {lemma!r} is neither a noun lemma nor a verb with a gerund: " \
                           f"{sorted(readings(lemma))}"


@pytest.mark.parametrize("where,entry", [(f"{f}:{n}", e) for f, n, e in ENTRIES if e.get("phrase")], ids=str)
def test_phrase_words_are_lemmas(readings, where, entry):
    bad = [w for w in entry["phrase"].split()
           if not any(lemma.lower() == w.lower() for lemma, _ in readings(w))
           and w.lower() not in UNKNOWN_TO_MORFEUSZ]
    assert not bad, f"{where}: phrase words that are not lemmas Morfeusz gives: {bad}"


def test_condition_lemmas_are_lemmas(readings):
    """`with`/`without` lemmas are compared with every reading's lemma, so each must be one."""
    bad = []
    for f, n, e in ENTRIES:
        for w in [*(e.get("with") or ()), *(e.get("without") or ())]:
            if not any(lemma.lower() == w.lower() for lemma, _ in readings(w)) and w not in UNKNOWN_TO_MORFEUSZ:
                bad.append(f"{f}:{n} {w!r}")
    assert not bad, f"with/without words that are not Morfeusz lemmas: {bad}"


def test_needs_name_existing_classes():
    names = {c["class"] for c in CLASSES}
    bad = [f"{f}:{n} {x}" for f, n, e in ENTRIES for x in e.get("needs") or () if x not in names]
    assert not bad


def test_object_class_lemmas_are_known(readings):
    bad = []
    for c in CLASSES:
        for w in c["lemmas"]:
            known = any(lemma.lower() == w for lemma, _ in readings(w))
            if not known and w not in UNKNOWN_TO_MORFEUSZ:
                bad.append(f"{c['class']}: {w!r} {sorted(readings(w))[:3]}")
    assert not bad, f"object-class words that are not lemmas Morfeusz gives: {bad}"


def test_object_classes_have_no_duplicates():
    for c in CLASSES:
        dup = [w for w, k in Counter(c["lemmas"]).items() if k > 1]
        assert not dup, f"{c['class']}: listed twice: {dup}"


def _key(e: dict) -> tuple:
    return (e.get("lemma") or e.get("phrase"), e.get("pos", "phrase" if e.get("phrase") else "verb"))


def _conditions(e: dict) -> tuple:
    return tuple((c, tuple(e[c]) if isinstance(e.get(c), list) else e.get(c)) for c in CONDITIONS)


def test_no_duplicate_entries():
    seen = Counter((_key(e), e["type"], _conditions(e)) for _, _, e in ENTRIES)
    dup = [k for k, n in seen.items() if n > 1]
    assert not dup, f"entries repeated with the same type and conditions: {dup}"


def test_no_sense_is_shadowed():
    """The first sense whose conditions hold wins, so a sense after an unconditional one of the same
    word (files in alphabetical order) can never fire."""
    open_word: dict[tuple, str] = {}
    dead = []
    for f, n, e in ENTRIES:
        k = _key(e)
        if k in open_word:
            dead.append(f"{f}:{n} {k} (after {open_word[k]})")
        elif all(v in (None, ()) for _, v in _conditions(e)):
            open_word[k] = f"{f}:{n}"
    assert not dead, f"senses that can never fire: {dead}"


@pytest.mark.parametrize("perf,imperf", ASPECT_PAIRS)
def test_both_aspects_are_listed(perf, imperf):
    verbs = {e["lemma"] for _, _, e in ENTRIES if e.get("lemma") and e.get("pos", "verb") == "verb"}
    assert {perf, imperf} <= verbs, f"missing: {sorted({perf, imperf} - verbs)}"


def test_light_verbs_reach_their_noun():
    """A verb sense whose companion noun is a trigger of the same type with a subject actor hands
    the event to that noun ("wyrazić wdzięczność": events.py, _defers_to_noun), so the noun's own
    `with` must accept the verb, or the event is lost."""
    from kronika.lang import load
    lex = TriggerLexicon(load("pl"))
    lost = []
    for lemma, senses in lex.verbs.items():
        for t in senses:
            for w in t.with_lemmas:
                nouns = [n for n in lex.nouns.get(w.lower(), ()) if n.type == t.type and "subj" in n.actor]
                if nouns and not any(not n.with_lemmas or lemma in n.with_lemmas for n in nouns):
                    lost.append(f"{lemma} -> {w} ({t.type})")
    assert not lost, f"light verbs their noun does not accept: {lost}"


def test_a_clause_condition_must_name_a_clause_kind():
    from kronika.triggers import LexiconError, parse_entry
    ok = parse_entry({"lemma": "chcieć", "type": "REQUEST", "clause": "purpose", "recipient": ["purpose-subj"]},
                     "test", frozenset())
    assert ok.clause == "purpose" and ok.recipient == ("purpose-subj",)
    with pytest.raises(LexiconError, match="clause must be one of"):
        parse_entry({"lemma": "chcieć", "type": "REQUEST", "clause": "relative"}, "test", frozenset())
